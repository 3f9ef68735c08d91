"""A note the data gives as a reason is printed as one: joined with a transition unless it already
reads as a reason. The words that make it one are the checker's own (DEV01/DEV03 params in
rubrics/_checks.yaml), so what the drafter writes is what the checker accepts."""
from __future__ import annotations

import re
from functools import lru_cache

from ..rubric import Rubric

_RULES = {"execution": ("DEV01", ("reason_words",)), "adjustment": ("DEV03", ("reason_words", "adjust_words"))}


@lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def reason_words(rubric: Rubric) -> dict[str, str]:
    """kind → the regex a note must match to count as a reason (empty: no such rule, print as is)."""
    by_id = {c.get("id"): c.get("params", {}) for c in rubric.checks if isinstance(c, dict)}
    out = {}
    for kind, (rule, keys) in _RULES.items():
        params = by_id.get(rule, {})
        out[kind] = "|".join(f"(?:{params[k]})" for k in keys if params.get(k))
    return out


def as_reason(note: object, lead: str, words: str) -> str:
    """`note` as printed after the figures: led by `lead` (主要原因是) when it names no reason yet.
    Placeholders (【待补充：…】) and empty notes are returned unchanged."""
    text = str(note or "").strip()
    if not text or text.startswith("【") or not words or _compiled(words).search(text):
        return text
    return lead + text
