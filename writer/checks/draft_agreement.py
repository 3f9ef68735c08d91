"""With --data: every figure, date and name the data states is where the drafter put it.

The drafter is the reference: it turns the data file into a report, so the checked draft is
compared with what jixiao drafts from the same data. Both are cut into units (paragraphs and
table cells), the units are aligned in order (difflib on their normalised text: prose a person
rewrote, added or deleted simply does not align), and where aligned units differ, each fact of
the drafted side — a number (amount, rate, score, count, date part), a quoted or level word
(“优”, 部分达成), a name the data gives (单位, 项目, 公开方式 …) — must still be in the checked side.
A changed figure in a sentence, a table cell, the grade cell, the cover date: one finding each.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Iterator

from ..findings import Hit
from ..read.document import Block, Document
from ..read.normalise import normal_text, normalise
from .engine import Ctx, Rule, register
from .params import Param as P

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"“([^”]{1,12})”")


@dataclass
class _Unit:
    block: Block
    cell: tuple[int, int] | None
    raw: str
    text: str  # normalised, for alignment and facts


def _units(doc: Document) -> list[_Unit]:
    """Paragraph lines (a cover written with line breaks is one line each) and whole tables."""
    out = []
    for b in doc.blocks:
        if b.kind == "table":
            out.append(_Unit(b, None, b.text, normal_text(b.text).strip()))
            continue
        if doc.title and b.text.strip() == doc.title:  # a long title broken into lines is one title
            joined = b.text.replace("\n", "")
            out.append(_Unit(b, None, joined, normal_text(joined).strip()))
            continue
        for line in b.text.split("\n"):
            if line.strip():
                out.append(_Unit(b, None, line, normal_text(line).strip()))
    return out


def _names(data: Any) -> list[str]:
    """Short text values of the data file (单位、项目、公开方式、指标名称 …), longest first."""
    found: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            t = normal_text(v).strip()
            if 2 <= len(t) <= 40 and not re.search(r"[。；\n【]", t):
                found.add(t)

    walk(data)
    return sorted(found, key=len, reverse=True)


def _facts(text: str, names: list[str], words: frozenset[str]) -> Counter[str]:
    facts: Counter[str] = Counter(m.group(0) for m in _NUMBER.finditer(text))
    facts.update("“" + m.group(1) + "”" for m in _QUOTED.finditer(text))
    rest = text
    for n in names:  # longest first, each occurrence counted once
        k = rest.count(n)
        if k:
            facts[n] += k
            rest = rest.replace(n, "\x00")
    if text in words:  # a grade or 定性 level alone in a table cell
        facts[text] += 1
    tail = re.search(r"等级[：:为]\s*(\S{1,4})$", text)
    if tail:
        facts["等级" + tail.group(1)] += 1
    return facts


def _where_changed(drafted: str, checked: _Unit) -> tuple[int, int, str]:
    """The first span of the checked unit that differs from the drafted text (raw positions)."""
    sm = SequenceMatcher(None, drafted, checked.text, autojunk=False)
    for op, _, _, j1, j2 in sm.get_opcodes():
        if op != "equal":
            j1, j2 = max(0, j1), max(j2, j1 + 1)
            # widen to the whole number the change sits in (445.00 → 440.00, not 5 → 0)
            while j1 > 0 and (checked.text[j1 - 1].isdigit() or checked.text[j1 - 1] in ".,"):
                j1 -= 1
            while j2 < len(checked.text) and (checked.text[j2].isdigit() or checked.text[j2] in ".,"):
                j2 += 1
            shown = checked.text[j1:j2]
            view = normalise(checked.raw)  # positions back on the raw text (full-width digits, breaks)
            lead = len(view.text) - len(view.text.lstrip())
            start, end = view.raw_span(j1 + lead, j2 + lead)
            return start, end, shown
    return 0, 0, ""


def _pairs(range_d: list[_Unit], range_c: list[_Unit], floor: float) -> Iterator[tuple[_Unit, int]]:
    """Each drafted unit of a changed stretch with the checked unit it became (index in range_c).
    Same count: in order (a cell 20 → 25 is alike in nothing but its place); otherwise the most
    alike unit, when alike enough (a person's rewrite pairs with nothing)."""
    if len(range_d) == len(range_c):
        for k, d in enumerate(range_d):
            c = range_c[k]
            if len(d.text) <= 12 or SequenceMatcher(None, d.text, c.text, autojunk=False).ratio() >= floor:
                yield d, k
        return
    # the most alike pairs first, each unit in one pair: a checked paragraph is what one drafted
    # paragraph became, not what every similar sentence of the draft became
    candidates = []
    for i, d in enumerate(range_d):
        for k, c in enumerate(range_c):
            sm = SequenceMatcher(None, d.text, c.text, autojunk=False)
            if sm.real_quick_ratio() >= floor and sm.quick_ratio() >= floor:
                r = sm.ratio()
                if r >= floor:
                    candidates.append((-r, i, k))
    used_d: set[int] = set()
    used_c: set[int] = set()
    for _, i, k in sorted(candidates):
        if i not in used_d and k not in used_c:
            used_d.add(i)
            used_c.add(k)
            yield range_d[i], k


def _report(range_d: list[_Unit], range_c: list[_Unit], names: list[str], words: frozenset[str],
            floor: float) -> Iterator[Hit]:
    for d, k in _pairs(range_d, range_c, floor):
        if d.block.kind == "table" or range_c[k].block.kind == "table":
            if d.block.kind == range_c[k].block.kind:
                yield from _table(d.block, range_c[k].block, names, words)
            continue
        near = range_c[max(0, k - 1):k + 2]  # a paragraph split in two, a title broken over lines
        have: Counter[str] = Counter()
        for u in near:
            have += _facts(u.text, names, words)
        joined = "".join(u.text for u in near)
        want = _facts(d.text, names, words)
        missing = [f for f, n in want.items() if have[f] < n and not (f in names and f in joined)]
        if missing:
            start, end, shown = _where_changed(d.text, range_c[k])
            yield Hit(range_c[k].block, start, end,
                      {"expected": "、".join(missing), "stated": shown or "（已删去）", "drafted": d.raw.strip()[:60]},
                      cell=range_c[k].cell)


def _table(drafted: Block, checked: Block, names: list[str], words: frozenset[str]) -> Iterator[Hit]:
    """Rows aligned by their text (a row added or removed by a person shifts nothing), then cell by
    cell; a blank checked cell is a merged one (DOCX) or left open, not a contradiction."""
    d_rows = [[normal_text(c).strip() for c in r] for r in drafted.rows]
    c_rows = [[normal_text(c).strip() for c in r] for r in checked.rows]
    sm = SequenceMatcher(None, ["|".join(r) for r in d_rows], ["|".join(r) for r in c_rows], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            if len(d_rows[i]) != len(c_rows[j]):
                continue
            for col, (want_text, got_text) in enumerate(zip(d_rows[i], c_rows[j])):
                if not got_text or want_text == got_text:
                    continue
                have = _facts(got_text, names, words)
                want = _facts(want_text, names, words)
                missing = [f for f, n in want.items() if have[f] < n]
                if missing:
                    got = checked.rows[j][col]
                    yield Hit(checked, 0, 0, {"expected": "、".join(missing), "stated": got.strip(),
                                              "drafted": drafted.rows[i][col].strip()[:60]}, cell=(j, col))


@register("draft_agreement", P("min_ratio", "number", "0.5", "aligned units less alike than this are a rewrite"),
          P("words", "list[str]", [], "grade and level words that are facts when alone in a table cell"))
def draft_agreement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks (with --data): each number, date, quoted word and data name of the report
    jixiao drafts from the data file is still there in the draft being checked.

    Parameters: min_ratio, words.
    Example: 数据文件执行数为445.00万元，起草稿写“执行数为445.00万元”，被改成“440.00万元”。
    """
    if ctx.data is None:
        return
    from ..read.text_reader import read_markdown

    # cover lines end in a Markdown hard break; as paragraphs they align with a DOCX cover
    text = ctx.data.doc.markdown().replace("  \n", "\n\n")
    reference = read_markdown(Path(str(ctx.doc.path) + ".drafted.md"), text)
    drafted, checked = _units(reference), _units(ctx.doc)
    names = _names(ctx.data.loaded.data)
    words = frozenset(rule.param("words", []))
    floor = float(rule.param("min_ratio", "0.5"))
    sm = SequenceMatcher(None, [u.text for u in drafted], [u.text for u in checked], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "replace":
            yield from _report(drafted[i1:i2], checked[j1:j2], names, words, floor)
