"""How people write a target: >=95%, ≧90%, 不低于95%, 不少于100人, 不高于5天, 达到100%, 正向/反向.

Everything is brought to the three signs the data file and the figures use (≥ ≤ =) before the
number is read, so no notation silently turns an indicator into 定性.
"""
from __future__ import annotations

import re

from . import words
from .read.quantities import Target, parse_target

# the notations, longest first (“不低于” before “低于”), and the 指标性质 words: rubrics/_words.yaml
SIGNS = [(str(w), str(s)) for w, s in words.get("target_signs")]
DIRECTION_WORDS = {str(k): str(v) for k, v in words.get("direction_words").items()}


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
