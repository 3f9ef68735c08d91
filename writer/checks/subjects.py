"""What each labelled figure is about: its subject.

A real report states 预算数 600万元 for one sub-project, 240万元 for another and 1100万元 for the
whole, per year and per item of an inline list (1、…2、…3、). A figure is only comparable with
another figure of the same subject, so every quantity gets one, computed once per document:

- item: the list item it sits in (the paragraph's own number, or the last inline marker
  `1、` `（2）` `(三)` before it inside the paragraph), plus the enclosing headings;
- year: a four-digit year written in the same clause or sentence before it;
- scope: the words of its clause before the label (`A项目`, `中央财政资金`), minus generic words
  (本项目, 全年, 实际 …) — two different scopes are two different subjects;
- whole: the sentence names the whole report's subject (本项目, 本单位, 项目总 …).

`same_subject` answers "sure", "unsure" or None (different subjects, never compared).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .. import words
from ..read.document import Block
from ..read.normalise import normal_text, normalise
from ..read.quantities import Quantity
from ..ui_text import ui
from .engine import Ctx

# an inline list marker: at a paragraph start or after a sentence/clause break, not a decimal
_INLINE_MARKER = words.rx("subject_text", "inline_marker")  # rubrics/_words.yaml
_REACH = 120
_YEAR = words.rx("subject_text", "year")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:\n、（）()]|\.(?!\d)")  # "万元.本项目" ends a sentence
_SENTENCE_BREAK = re.compile(r"[。；;！？\n]")

# words that name the report's own subject, and generic words dropped before comparing two
# subjects: rubrics/_words.yaml (subject_words)
WHOLE_WORDS = tuple(words.get("subject_words")["whole"])
GENERIC_WORDS = tuple(words.get("subject_words")["generic"])


@dataclass(frozen=True)
class Subject:
    crumb: str  # enclosing headings
    item: str  # the list item inside the paragraph (its own number or an inline marker)
    year: str
    scope: str
    whole: bool

    def where(self) -> str:
        parts = [p for p in (self.year and ui(f"{self.year}年"), self.crumb + self.item, self.scope) if p]
        return "、".join(parts) or ui("全文")


def _markers(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0).strip()) for m in _INLINE_MARKER.finditer(text)]


def _generic_rx(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(alternatives, key=len, reverse=True)))


_GENERIC = _generic_rx(GENERIC_WORDS)
_WHOLE = _generic_rx(WHOLE_WORDS)
_NOT_WORD = re.compile(r"[^\w]")
_DIGITS_UNITS = words.rx("subject_text", "digits_units")


class Index:
    """The subject of a quantity, worked out when a rule first asks for it and kept (each block's
    list markers are found once, on first use): most quantities (counts, scores, unlabelled
    percentages) are never compared, so their subjects are never needed. Linear."""

    def __init__(self, ctx: Ctx) -> None:
        labeller, _ = ctx.labeller_units
        self.labeller = labeller
        self._marks: dict[int, tuple[list[tuple[int, str]], list[int], str]] = {}  # block → markers
        self._subjects: dict[int, Subject] = {}  # id(quantity) → its subject

    def subject(self, b: Block, q: Quantity) -> Subject:
        """The subject of quantity q of block b."""
        found = self._subjects.get(id(q))
        if found is None:
            found = self._subjects[id(q)] = self._subject(b, q, *self._block_marks(b))
        return found

    def year_of(self, q: Quantity) -> str:
        """The year of a quantity whose subject has been asked for ("" otherwise)."""
        found = self._subjects.get(id(q))
        return found.year if found is not None else ""

    def _block_marks(self, b: Block) -> tuple[list[tuple[int, str]], list[int], str]:
        found = self._marks.get(b.index)
        if found is None:
            view = normalise(b.text)  # markers found on the normalised view, kept at raw positions
            marks = [(view.raw_pos(p), mk) for p, mk in _markers(view.text)]
            own = b.number.text if (b.number is not None and b.kind != "heading") else ""
            found = self._marks[b.index] = (marks, [p for p, _ in marks], own)
        return found

    def _subject(self, b: Block, q: Quantity, marks: list[tuple[int, str]], starts: list[int],
                 own: str) -> Subject:
        text = b.text
        inline, at = "", 0
        k = bisect.bisect_left(starts, q.start) - 1  # the last marker before q wins
        if k >= 0 and (marks[k][0] > 0 or not own):  # the paragraph's own number is not inline too
            at, inline = marks[k]
        item = own + inline
        # 本项目共3个子项目，1、A子项目：预算… is about A; at most _REACH characters back (linear)
        s0 = max(q.sentence[0], at, q.start - _REACH)
        before = normal_text(text[s0:q.start])
        years = _YEAR.findall(before)
        label_at = self._label_start(before)
        cut = 0
        for m in _CLAUSE_BREAK.finditer(before, 0, label_at):
            cut = m.end()
        scope = before[cut:label_at]
        scope = _DIGITS_UNITS.sub("", _YEAR.sub("", scope))
        scope = _NOT_WORD.sub("", _GENERIC.sub("", scope))
        return Subject(b.crumb, item, years[-1] if years else "", scope, bool(_WHOLE.search(before)))

    def _label_start(self, before: str) -> int:
        """Where the label keyword starts in the text before the number (end when none)."""
        if self.labeller.rx is None:
            return len(before)
        last = None
        for last in self.labeller.rx.finditer(before, max(0, len(before) - 24)):
            pass
        return last.start() if last else len(before)


def index(ctx: Ctx) -> Index:
    """The document's subject index, built on first use and kept on the context."""
    store: dict[str, Any] = ctx.__dict__
    if "_subject_index" not in store:
        store["_subject_index"] = Index(ctx)
    return store["_subject_index"]  # type: ignore[no-any-return]


def same_subject(a: Subject, b: Subject) -> str | None:
    """"sure" when both clearly describe the same thing, "unsure" when nothing tells them
    apart but nothing ties them either, None when they describe different things."""
    if a.year and b.year and a.year != b.year:
        return None
    if a.scope != b.scope:
        return None
    if a.whole and b.whole and not a.scope:
        return "sure" if a.year == b.year or not (a.year and b.year) else None
    if (a.item or b.item) and (a.item, a.crumb) != (b.item, b.crumb):
        return None  # 1、A项目…预算20万元 and 2、B项目…预算35万元
    return "unsure"
