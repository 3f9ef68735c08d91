"""With --data: every figure, date and name the data states is where the drafter put it.

The drafter is the reference: it turns the data file into a report, so the checked draft is
compared with what jixiao drafts from the same data. Both are cut into units (paragraphs and
table cells), the units are aligned in order (units equal and unique on both sides anchor the
alignment, the longest run of anchors in order is kept, and the stretches between anchors are
compared: prose a person rewrote, added or deleted simply does not pair), and where aligned units
differ, each fact of
the drafted side — a number (amount, rate, score, count, date part), a quoted or level word
(“优”, 部分达成), a name the data gives (单位, 项目, 公开方式 …) — must still be in the checked side.
A changed figure in a sentence, a table cell, the grade cell, the cover date: one finding each.

Linear in the document: the alignment is O(n log n) in the number of units, and two units are
compared by their character pairs they share (one pass), never by an n×m edit script. The data's figures
come from the pipeline's figures stage; the reference is rendered here, only when this rule runs,
because the rendered text is what says where, and how many times, each figure is written.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

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
    at: int = 0  # where raw starts in the block's text (a line after a soft break)
    breaks: tuple[int, ...] = ()  # block positions of line breaks taken out of raw (a title over lines)

    def block_pos(self, i: int) -> int:
        """Position i of raw as a position in the block's text."""
        pos = self.at + i
        for b in self.breaks:  # in order: each break before the spot shifts it by one
            if b <= pos:
                pos += 1
        return pos


def _changed(a: Sequence[str], b: Sequence[str]) -> Iterator[tuple[int, int, int, int]]:
    """Stretches (i1, i2, j1, j2) where a[i1:i2] became b[j1:j2], both non-empty (a stretch only
    deleted or only added has nothing to compare). Anchors: items equal and unique on both sides,
    the longest increasing run of them (patience diff); equal items at a stretch's ends are peeled."""
    where_a: dict[str, int] = {}
    for i, x in enumerate(a):
        where_a[x] = -1 if x in where_a else i
    count_b = Counter(b)
    pairs = [(where_a[x], j) for j, x in enumerate(b) if count_b[x] == 1 and where_a.get(x, -1) >= 0]
    anchors = _increasing(pairs)
    prev_i = prev_j = 0
    for i, j in anchors + [(len(a), len(b))]:
        i1, i2, j1, j2 = prev_i, i, prev_j, j
        while i1 < i2 and j1 < j2 and a[i1] == b[j1]:
            i1, j1 = i1 + 1, j1 + 1
        while i1 < i2 and j1 < j2 and a[i2 - 1] == b[j2 - 1]:
            i2, j2 = i2 - 1, j2 - 1
        if i1 < i2 and j1 < j2:
            yield i1, i2, j1, j2
        prev_i, prev_j = i + 1, j + 1


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both indices (pairs come sorted by j)."""
    tails: list[int] = []  # tails[k]: smallest i ending a run of length k + 1
    at: list[int] = []  # index in pairs of that run's end
    back: list[int] = []
    for n, (i, _j) in enumerate(pairs):
        k = bisect.bisect_left(tails, i)
        if k == len(tails):
            tails.append(i)
            at.append(n)
        else:
            tails[k], at[k] = i, n
        back.append(at[k - 1] if k else -1)
    out = []
    n = at[-1] if at else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def _ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common head and the common tail (not overlapping)."""
    m = min(len(a), len(b))
    head = 0
    while head < m and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < m - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _alike(a: str, b: str) -> float:
    """Share of character pairs two texts have in common (Dice on bigram counts, 1.0: equal): an
    edited figure or a cell keeps most of them, a person's rewrite few. One pass over each text."""
    if a == b:
        return 1.0
    x, y = Counter(zip(a, a[1:])), Counter(zip(b, b[1:]))
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 0.0


def _units(doc: Document) -> list[_Unit]:
    """Paragraph lines (a cover written with line breaks is one line each) and whole tables."""
    out = []
    for b in doc.blocks:
        if b.kind == "table":
            out.append(_Unit(b, None, b.text, normal_text(b.text).strip()))
            continue
        if doc.title and b.text.strip() == doc.title:  # a long title broken into lines is one title
            joined = b.text.replace("\n", "")
            breaks = tuple(i for i, ch in enumerate(b.text) if ch == "\n")
            out.append(_Unit(b, None, joined, normal_text(joined).strip(), 0, breaks))
            continue
        at = 0
        for line in b.text.split("\n"):
            if line.strip():
                out.append(_Unit(b, None, line, normal_text(line).strip(), at))
            at += len(line) + 1
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


@dataclass(frozen=True)
class _Facts:
    """What counts as a fact of a unit: numbers, quoted words, the data's names, a level word alone
    in a cell (words), a grade after its label at the end of a cell (grade: rule parameter)."""

    names: list[str]
    words: frozenset[str]
    grade: re.Pattern[str] | None

    def of(self, text: str) -> Counter[str]:
        facts: Counter[str] = Counter(m.group(0) for m in _NUMBER.finditer(text))
        facts.update("“" + m.group(1) + "”" for m in _QUOTED.finditer(text))
        rest = text
        for n in self.names:  # longest first, each occurrence counted once
            k = rest.count(n)
            if k:
                facts[n] += k
                rest = rest.replace(n, "\x00")
        if text in self.words:  # a grade or 定性 level alone in a table cell
            facts[text] += 1
        tail = self.grade.search(text) if self.grade is not None else None
        if tail:  # 等级：良
            facts[tail.group("label") + tail.group("grade")] += 1
        return facts


def _where_changed(drafted: str, checked: _Unit) -> tuple[int, int, str]:
    """The span of the checked unit between the head and tail it shares with the drafted text (raw positions)."""
    if drafted == checked.text:
        return 0, 0, ""
    head, tail = _ends(drafted, checked.text)
    j1, j2 = head, max(len(checked.text) - tail, head + 1)
    # widen to the whole number the change sits in (445.00 → 440.00, not 5 → 0)
    while j1 > 0 and (checked.text[j1 - 1].isdigit() or checked.text[j1 - 1] in ".,"):
        j1 -= 1
    while j2 < len(checked.text) and (checked.text[j2].isdigit() or checked.text[j2] in ".,"):
        j2 += 1
    shown = checked.text[j1:j2]
    view = normalise(checked.raw)  # positions back on the raw text (full-width digits, breaks)
    lead = len(view.text) - len(view.text.lstrip())
    start, end = view.raw_span(j1 + lead, j2 + lead)
    first = checked.block_pos(start)
    return first, (checked.block_pos(end - 1) + 1 if end > start else first), shown


_NEAR = 8  # how far from its place in proportion a drafted unit looks for the unit it became
_KEY = 6  # characters of a unit's head or tail that find it again anywhere in the stretch


def _pairs(range_d: list[_Unit], range_c: list[_Unit], floor: float) -> Iterator[tuple[_Unit, int]]:
    """Each drafted unit of a changed stretch with the checked unit it became (index in range_c).
    Same count: in order (a cell 20 → 25 is alike in nothing but its place); otherwise the most
    alike unit, when alike enough (a person's rewrite pairs with nothing)."""
    if len(range_d) == len(range_c):
        for k, d in enumerate(range_d):
            if len(d.text) <= 12 or _alike(d.text, range_c[k].text) >= floor:
                yield d, k
        return
    # candidates: units near its place in proportion, and units that begin or end as it does (an
    # edited figure keeps a paragraph's head or tail), a bounded number each: linear in the stretch
    by_head: dict[str, list[int]] = {}
    by_tail: dict[str, list[int]] = {}
    for k, c in enumerate(range_c):
        by_head.setdefault(c.text[:_KEY], []).append(k)
        by_tail.setdefault(c.text[-_KEY:], []).append(k)
    for n, d in enumerate(range_d):
        mid = n * len(range_c) // len(range_d)
        near = set(range(max(0, mid - _NEAR), min(len(range_c), mid + _NEAR + 1)))
        near.update(by_head.get(d.text[:_KEY], [])[:_NEAR * 2])
        near.update(by_tail.get(d.text[-_KEY:], [])[:_NEAR * 2])
        best, score = -1, floor
        for k in sorted(near):
            r = _alike(d.text, range_c[k].text)
            if r >= score and (best < 0 or r > score):
                best, score = k, r
        if best >= 0:
            yield d, best


def _report(range_d: list[_Unit], range_c: list[_Unit], facts: _Facts, floor: float) -> Iterator[Hit]:
    for d, k in _pairs(range_d, range_c, floor):
        if d.block.kind == "table" or range_c[k].block.kind == "table":
            if d.block.kind == range_c[k].block.kind:
                yield from _table(d.block, range_c[k].block, facts)
            continue
        near = range_c[max(0, k - 1):k + 2]  # a paragraph split in two, a title broken over lines
        have: Counter[str] = Counter()
        for u in near:
            have += facts.of(u.text)
        joined = "".join(u.text for u in near)
        want = facts.of(d.text)
        missing = [f for f, n in want.items() if have[f] < n and not (f in facts.names and f in joined)]
        if missing:
            start, end, shown = _where_changed(d.text, range_c[k])
            yield Hit(range_c[k].block, start, end,
                      {"expected": "、".join(missing), "stated": shown or "（已删去）", "drafted": d.raw.strip()[:60]},
                      cell=range_c[k].cell)


def _table(drafted: Block, checked: Block, facts: _Facts) -> Iterator[Hit]:
    """Rows aligned by their text (a row added or removed by a person shifts nothing), then cell by
    cell; a blank checked cell is a merged one (DOCX) or left open, not a contradiction."""
    d_rows = [[normal_text(c).strip() for c in r] for r in drafted.rows]
    c_rows = [[normal_text(c).strip() for c in r] for r in checked.rows]
    for i1, i2, j1, j2 in _changed(["|".join(r) for r in d_rows], ["|".join(r) for r in c_rows]):
        if i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2)):
            if len(d_rows[i]) != len(c_rows[j]):
                continue
            for col, (want_text, got_text) in enumerate(zip(d_rows[i], c_rows[j])):
                if not got_text or want_text == got_text:
                    continue
                have = facts.of(got_text)
                want = facts.of(want_text)
                missing = [f for f, n in want.items() if have[f] < n]
                if missing:
                    got = checked.rows[j][col]
                    yield Hit(checked, 0, 0, {"expected": "、".join(missing), "stated": got.strip(),
                                              "drafted": drafted.rows[i][col].strip()[:60]}, cell=(j, col))


@register("draft_agreement", P("min_ratio", "number", "0.5", "aligned units less alike than this are a rewrite"),
          P("words", "list[str]", [], "grade and level words that are facts when alone in a table cell"),
          P("grade", "regex", "", "a grade after its label at the end of a cell (groups: label, grade)"))
def draft_agreement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks (with --data): each number, date, quoted word and data name of the report
    jixiao drafts from the data file is still there in the draft being checked.

    Parameters: min_ratio, words, grade.
    Example: 数据文件执行数为445.00万元，起草稿写“执行数为445.00万元”，被改成“440.00万元”。
    """
    if ctx.data is None:
        return
    from ..read.text_reader import read_markdown

    # cover lines end in a Markdown hard break; as paragraphs they align with a DOCX cover
    text = ctx.data.draft_doc().markdown().replace("  \n", "\n\n")
    reference = read_markdown(Path(str(ctx.doc.path) + ".drafted.md"), text)
    drafted, checked = _units(reference), _units(ctx.doc)
    grade = rule.regex("grade")
    facts = _Facts(_names(ctx.data.loaded.data), frozenset(rule.param("words", [])), grade if grade.pattern else None)
    floor = float(rule.param("min_ratio", "0.5"))
    for i1, i2, j1, j2 in _changed([u.text for u in drafted], [u.text for u in checked]):
        yield from _report(drafted[i1:i2], checked[j1:j2], facts, floor)
