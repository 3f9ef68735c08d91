"""Reference kinds: one 文号 per cited document, years consistent with the evaluation year,
one wording per cited title."""
from __future__ import annotations

import re
from typing import Iterator

from .. import regex_gate, words
from ..findings import Hit
from ..read.document import Block
from ..read.normalise import normalise
from ..read.quantities import DOC_NUMBER
from .engine import Ctx, Rule

_TITLE_BEFORE = re.compile(r"《([^《》]{4,80})》?\s*[（(]?\s*$")


def _norm_title(t: str) -> str:
    return re.sub(r"[\s《》“”\"（）()]", "", t)


def doc_number_conflict(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the same cited document carries the same 文号 everywhere.

    Example: 《……自评工作的通知》（湛财绩〔2021〕5号）与同一通知（湛财绩〔2020〕5号）。
    """
    seen: dict[str, tuple[Block, int, int, str]] = {}
    could_match = regex_gate.could_match(DOC_NUMBER)
    for b in ctx.body():
        view = normalise(b.text)
        text = view.text
        if not could_match(text):
            continue
        for m in DOC_NUMBER.finditer(text):
            before = text[max(0, m.start() - 90):m.start()]
            t = _TITLE_BEFORE.search(before)
            if not t:
                continue
            shown = t.group(1).rstrip("（( 》")
            title = _norm_title(shown)
            number = _DOC_NUMBER.format(agency=m.group(1), year=m.group(3), number=m.group(5))  # without bracket style
            start, end = view.raw_span(m.start(), m.end())
            if title in seen and seen[title][3] != number:
                fb, fs, fe, _ = seen[title]
                yield Hit(b, start, end, {"title": shown, "number": b.text[start:end], "other": fb.text[fs:fe]},
                          related=[(fb, fs, fe)])
            else:
                seen.setdefault(title, (b, start, end, number))


# rubrics/_words.yaml years
_DOC_NUMBER = words.word("years", "doc_number")
_YEAR_WORD = words.rx("years", "year_word")
_EVALUATION_YEAR = words.rx("years", "evaluation_year")
_TITLE_YEAR = words.rx("years", "title_year")
_TITLE_NOISE = words.rx("years", "title_noise")


def _evaluation_year(ctx: Ctx) -> int | None:
    for b in ctx.doc.blocks[:12]:
        m = _EVALUATION_YEAR.search(normalise(b.text).text)
        if m:
            return int(m.group(1))
    m = _TITLE_YEAR.search(normalise(ctx.doc.title).text)
    return int(m.group(1)) if m else None


def year_consistency(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the title's year equals the stated 评价年度, and no “YYYY年度” in the body
    is later than the year after the evaluation year (a leftover from another year's report).

    Example: 评价年度2023年，正文写“2021年度部门整体支出……”。
    """
    year = _evaluation_year(ctx)
    if year is None:
        return
    tb = next((b for b in ctx.doc.blocks if b.text.strip() == ctx.doc.title), None) if ctx.doc.title else None
    if tb is not None:
        tv = normalise(tb.text)
        tm = _TITLE_YEAR.search(tv.text)
        if tm and int(tm.group(1)) != year:
            yield Hit(tb, *tv.raw_span(tm.start(1), tm.end(1)), {"year": tm.group(1), "expected": str(year)})
    allowed = {year, year + 1, year - 1}
    could_match = regex_gate.could_match(_YEAR_WORD)
    for b in ctx.body():
        view = normalise(b.text)
        text = view.text
        if not could_match(text):
            continue
        for m in _YEAR_WORD.finditer(text):
            y = int(m.group(1))
            inside_title = text.rfind("《", 0, m.start()) > text.rfind("》", 0, m.start())
            if y not in allowed and not inside_title and y > year:
                yield Hit(b, *view.raw_span(m.start(1), m.end(1)), {"year": m.group(1), "expected": str(year)})


_QUOTED = re.compile(r"[《》]([^《》]{4,60})》")


def title_variants(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a cited title is written one way (not once with and once without a year
    word, or with different dashes and digits).

    Example: 《湛江市2019-2023干部教育培训实施意见》与《2019－2023年湛江市干部教育培训实施意见》。
    """
    seen: dict[str, tuple[Block, int, int, str]] = {}
    reported: set[str] = set()
    for b in ctx.body():
        view = normalise(b.text)
        for m in _QUOTED.finditer(view.text):
            raw = view.raw_excerpt(m.start(1), m.end(1))
            key = "".join(sorted(_TITLE_NOISE.sub("", raw)))
            if key in seen and seen[key][3] != raw and raw not in reported:
                reported.add(raw)
                fb, fs, fe, first = seen[key]
                yield Hit(b, *view.raw_span(m.start(1), m.end(1)), {"title": raw, "other": first},
                          related=[(fb, fs, fe)])
            else:
                seen.setdefault(key, (b, *view.raw_span(m.start(1), m.end(1)), raw))
