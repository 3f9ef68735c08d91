"""One normaliser for every rule: match on a normalised view, report the raw text and place.

Real drafts mix full- and half-width forms (`其中:40万元;`, `６个，即`), put spaces inside
numbers and words (`36.00 万元`, `进 一步` from PDF extraction), break lines inside a
paragraph and carry Markdown escapes (`\\%`). Rules are written once, for the canonical form:

- full-width digits, Latin letters and `％` become half-width; `．` between digits becomes `.`;
- half-width `, ; : ? ! ( )` next to Chinese become full-width `， ； ： ？ ！ （ ）`
  (`1,234.5` and `12:30` keep theirs: a comma or colon between digits belongs to the number);
- whitespace (spaces, U+3000, NBSP, tabs, line breaks) is removed, except one space between ASCII
  words (`PPP 项目` loses it, `Wi Fi`, `and, or` and `2023 1` keep one; a line break
  inside a number is dropped);
- a Markdown escape `\\*` becomes `*` (a LaTeX command `\\geq` is not an escape and stays).

`normalise(raw)` returns a `Normalised` whose `raw_span(start, end)` maps a match in the
normalised text back to the raw characters, so a finding quotes what the drafter typed.
Linear in the text's length; texts that need no change share an identity map.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

_FULL_ASCII = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULL_ASCII.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULL_ASCII.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULL_ASCII["％"] = "%"
_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_SPACE = " \u3000\u00a0\t\r\n\u2002\u2003\u2009\u200b\ufeff"
_MD_ESCAPABLE = string.punctuation  # CommonMark: any ASCII punctuation can be escaped

# every spot that may change; anything else is copied as is
_SPOT = re.compile(
    "[" + re.escape(_SPACE) + "]+"
    "|[０-９Ａ-Ｚａ-ｚ％．]"
    "|[,;:?!()]"
    "|\\\\[" + re.escape(_MD_ESCAPABLE) + "]"
)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "０" <= ch <= "９"


@dataclass(frozen=True)
class Normalised:
    raw: str
    text: str
    offsets: tuple[int, ...] | None  # raw index of each normalised char (+ one past the end); None = identity

    def raw_pos(self, i: int) -> int:
        """Raw index of normalised index i (i == len(text) maps past the raw end)."""
        if self.offsets is None:
            return i
        return self.offsets[i]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) covering normalised text[start:end]."""
        if self.offsets is None:
            return start, end
        if end <= start:
            p = self.offsets[start]
            return p, p
        return self.offsets[start], self.offsets[end - 1] + 1

    def raw_excerpt(self, start: int, end: int) -> str:
        s, e = self.raw_span(start, end)
        return self.raw[s:e]


def _replacement(raw: str, m: re.Match[str]) -> str:
    """What one spot becomes in the normalised text ('' to drop it)."""
    g = m.group(0)
    s, e = m.start(), m.end()
    before = raw[s - 1] if s > 0 else ""
    after = raw[e] if e < len(raw) else ""
    first = g[0]
    if first in _SPACE:
        keep = _ascii_word(after) and (_ascii_word(before) or before in ",;:!?")  # not "71. 4"
        if "\n" in g and _digit(before) and _digit(after):
            keep = False  # a number broken by a line break ("6\n2万元") is one number
        return " " if before and after and keep else ""
    if first == "\\":
        return g[1]
    if first in _FULL_ASCII:
        return _FULL_ASCII[first]
    if first == "．":
        return "." if _digit(before) and _digit(after) else g
    if first in ",:" and _digit(before) and _digit(after):
        return g  # 1,234 and 12:30
    if first in ",;:?!" and _ascii_word(before) and (not after or after.isascii()):
        return g  # English text keeps its punctuation
    if first in "()" and before.isascii() and after.isascii():
        return g  # "(3.0m×3.0m)", a URL: only a bracket touching Chinese becomes full-width
    return _TO_FULL[first]


def _build(raw: str) -> Normalised:
    parts: list[str] = []
    offsets: list[int] = []
    last = 0
    changed = False
    for m in _SPOT.finditer(raw):
        rep = _replacement(raw, m)
        if rep == m.group(0):
            continue
        changed = True
        s, e = m.start(), m.end()
        parts.append(raw[last:s])
        offsets.extend(range(last, s))
        if rep:
            parts.append(rep)
            offsets.extend([s] * len(rep) if len(rep) != e - s else range(s, e))
        last = e
    if not changed:
        return Normalised(raw, raw, None)
    parts.append(raw[last:])
    offsets.extend(range(last, len(raw)))
    offsets.append(len(raw))
    return Normalised(raw, "".join(parts), tuple(offsets))


@lru_cache(maxsize=32768)  # one entry per paragraph or cell of the drafts being checked
def normalise(raw: str) -> Normalised:
    """The normalised view of a text with its offset map (cached: rules share one view per text)."""
    return _build(raw)


def normal_text(raw: str) -> str:
    """Just the normalised text, for comparing two strings."""
    return normalise(raw).text
