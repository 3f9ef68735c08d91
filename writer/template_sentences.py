"""The phrase bank's sentences as regexes: import drops the sentences a jixiao draft printed.

A {{ value }} matches a bounded run of text (a name, an amount, a rate: at most FILL_MAX
characters), {% if %}…{% endif %} is optional, and a {% for %}…{% endfor %} loop is one bounded
run of LOOP_MAX characters (a repeated group of fills, `(?:.{0,80}?分.{0,80}?)*`, backtracks
exponentially when the match fails: 22 “分” took 56 s). Each pattern
carries the longest piece of wording it cannot match without, and is not run on a text that lacks
it: a long paragraph of other text (a 100,000-character line, a pasted table) costs one substring
search per pattern instead of a regex scan, and a scan that does run is linear (bounded fills).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from . import phrasebank

FILL_MAX = 80
LOOP_MAX = FILL_MAX * 4
_TAG = re.compile(r"\{\{.*?\}\}|\{%-?\s*(\w+).*?-?%\}")
_OPEN = {"if": "(?:"}
_CLOSE = {"endif": ")?"}
_SENTENCE_END = r"[^。！？]*[。！？]?"


@dataclass(frozen=True)
class Sentence:
    """A compiled phrase-bank sentence; `need` is wording every match contains."""
    rx: re.Pattern[str]
    need: str

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text) if self.need in text else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text) if self.need in text else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.rx.sub(repl, text) if self.need in text else text


def template_regex(text: str) -> Sentence | None:
    """A phrase variant as a Sentence; None when its pattern does not compile (the sentence then
    stays narrative). Adjacent values make one fill (two bounded fills in a row are quadratic)."""
    out: list[str] = []
    needed: list[str] = []  # literal wording outside every condition and loop
    depth, pos = 0, 0
    loops = 0  # open {% for %} blocks: their text is one bounded run, not a repeated group
    fill = None  # the least characters of the values since the last literal (None: no value)
    span = FILL_MAX  # the most characters of that run (a loop widens it)

    def flush() -> None:
        nonlocal fill, span
        if fill is not None:
            out.append(f".{{{fill},{span}}}?")
            fill, span = None, FILL_MAX

    def literal(piece: str) -> None:
        if piece and not loops:
            flush()
            out.append(re.escape(piece))
            if depth == 0:
                needed.append(piece)

    for m in _TAG.finditer(text):
        literal(text[pos:m.start()])
        pos = m.end()
        tag = m.group(1)
        if tag == "for" or (loops and tag == "endfor"):
            loops += 1 if tag == "for" else -1
            if not loops:  # the whole loop: any text, bounded, beside the values around it
                fill, span = fill or 0, max(span, LOOP_MAX)
            continue
        if loops:
            continue
        if tag is None:  # inside a condition a value may print nothing
            fill = max(fill or 0, 0 if depth else 1)
            continue
        flush()
        if tag in _OPEN:
            depth += 1
            out.append(_OPEN[tag])
        elif tag in _CLOSE:
            depth -= 1
            out.append(_CLOSE[tag])
        elif tag in ("elif", "else"):
            out.append("|")
    literal(text[pos:])
    flush()
    if pos == len(text):  # ends with a value or a tag: the sentence runs on to its full stop
        out.append(_SENTENCE_END)
    if depth != 0 or loops:
        return None
    try:
        return Sentence(re.compile("".join(out)), max(needed, key=len, default=""))
    except re.error:
        return None


@lru_cache(maxsize=4)
def group_patterns() -> dict[str, list[Sentence]]:
    """Every standard sentence by phrase group."""
    out: dict[str, list[Sentence]] = {}
    for gid, variants in phrasebank.load().groups.items():
        if gid.startswith("reason."):
            continue  # a lead before the author's note (主要原因是…), not a sentence of its own
        for v in variants:
            if not v.text.strip():
                continue
            rx = template_regex(v.text.strip())
            if rx is not None:
                out.setdefault(gid, []).append(rx)
    return out


def phrase_patterns() -> list[Sentence]:
    return [rx for group in group_patterns().values() for rx in group]
