"""How people write a target: >=95%, ≧90%, 不低于95%, 不少于100人, 不高于5天, 达到100%, 正向/反向.

Everything is brought to the three signs the data file and the figures use (≥ ≤ =) before the
number is read, so no notation silently turns an indicator into 定性.
"""
from __future__ import annotations

import re

from .read.quantities import Target, parse_target

# longest first: “不低于” before “低于”
SIGNS = [(">=", "≥"), ("≧", "≥"), ("＞＝", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("大于等于", "≥"),
         ("达到", "≥"), ("至少", "≥"), ("<=", "≤"), ("≦", "≤"), ("＜＝", "≤"), ("不高于", "≤"), ("不超过", "≤"),
         ("不多于", "≤"), ("不大于", "≤"), ("小于等于", "≤"), ("控制在", "≤"), ("==", "="), ("＝", "="), ("等于", "=")]
DIRECTION_WORDS = {"≥": "≥", "≤": "≤", "=": "=", "定性": "定性", ">=": "≥", "≧": "≥", "正向": "≥", "正向指标": "≥",
                   "<=": "≤", "≦": "≤", "反向": "≤", "反向指标": "≤", "＝": "=", "等于": "=", "定量": "≥",
                   "定性指标": "定性"}


def normalise(text: str) -> str:
    t = str(text).strip()
    for word, sign in SIGNS:
        if t.startswith(word):
            return sign + t[len(word):].strip()
    return t


def parse(text: str) -> Target | None:
    """A target or actual value in any common notation; None when it is qualitative."""
    t = normalise(text)
    if re.match(r"^[≥≤=]?\s*\d", t) is None:
        return None
    return parse_target(t)
