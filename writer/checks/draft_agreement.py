"""With --data: every figure, date and name the data states is what the document says after its label.

No reference draft: data_labels.py reads the templates and phrase sentences as data (the literal
text before each `{{ variable }}` is that figure's label, a looped line's first name says whose
figure it is, a table line says what each cell under its header is) and evaluates each variable
against the figures the pipeline computed. Here the document is read once: each paragraph line is
searched with one pattern of all labels, and the text after a label is compared with the data's
value of that label (a number with its figures, a date, a quoted level word, a name up to the
literal text that follows it in the template); each table is matched to the template table whose
header line it opens with, its rows found by their name, its cells compared column by column.
A figure that differs is a finding on that line or cell; a label followed by words a person wrote
is not compared, and a label the document does not use is not looked for.

Linear in the document: one pattern pass per line; the row name a label must follow is looked
for in a bounded window before it; tables are indexed once by their cells.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterator

from .. import words
from ..findings import Hit
from ..read.document import Block
from ..read.normalise import normal_text, normalise
from . import data_labels
from .data_labels import Expect, TableExpect
from .engine import Ctx, Rule, register

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LEAD = re.compile(r"[≥≤<>=]?\d+(?:[.,]\d+)*")  # a figure a person wrote in another form
_UNIT = re.compile(r"[^\d\s]{1,4}")  # what follows a value's first figure (万元, 人次, %, 年)
_SENTENCE_END = "\u3002\uff1b"  # 。； a row name or sentence head is looked for after the last of these
_KEY_WINDOW = 200  # how far before a label its row's name may stand (培训人次：年度指标值…，得分)
_NAME_SLACK = 24  # how much longer than the data's name a changed name may be before its end is found
_NOT_A_NAME = re.compile(r"[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201f,.;:!?()<>\[\]]")
_CELL_FIGURE = 24  # table cells longer than this are prose, not compared (偏差原因分析)


def _numbers(text: str) -> list[Decimal]:
    out = []
    for m in _NUMBER.finditer(text):
        try:
            out.append(Decimal(m.group(0).replace(",", "")))
        except InvalidOperation:
            continue
    return out


@lru_cache(maxsize=4096)
def _shape(value: str) -> re.Pattern[str]:
    """A pattern for any value written like this one (the digits free, the rest as is)."""
    pieces = re.split(r"(\d+(?:[.,]\d+)*)", value)
    return re.compile("".join(r"\d+(?:[.,]\d+)*" if n % 2 else re.escape(x) for n, x in enumerate(pieces)))


def _stated(text: str, p: int, e: Expect) -> str | None:
    """What the line states at p, where the data's value of `e` belongs (None: nothing
    comparable there — a person wrote words after the label)."""
    v = e.value
    first = _NUMBER.search(v)
    if first:
        m = _shape(v).match(text, p)
        if m:
            return m.group(0)
        # written in another form (no ≥, fewer parts of a date): its first figure, in the same unit
        m = _LEAD.match(text, p)
        unit = _UNIT.match(v, first.end())
        if m and unit and text.startswith(unit.group(0), m.end()):
            return m.group(0) + unit.group(0)
        return None
    if text.startswith(v, p):
        return v
    if e.after:  # a name up to the template's text after it (由{{ implementer }}组织实施)
        end = text.find(e.after[:4], p, p + len(v) + _NAME_SLACK)
        stated = text[p:end] if end > p else ""
    elif e.label.endswith("\uff1a") and len(text) - p <= len(v) + _NAME_SLACK:  # 单位（公章）：… to the line's end
        stated = text[p:]
    else:
        return None
    # another name is written without punctuation; anything else is a person's own sentence
    return stated if stated and not _NOT_A_NAME.search(stated) else None


def _same(value: str, stated: str) -> bool:
    """Equal, or the same figures as far as the document writes them (2021年6月 of 2021年6月28日)."""
    if value == stated:
        return True
    said = _numbers(stated)
    return bool(said) and said == _numbers(value)[:len(said)]


@lru_cache(maxsize=256)
def _alternation(texts: frozenset[str]) -> re.Pattern[str]:
    """One pattern of these literal texts, longest first; compiled once per set of labels."""
    return re.compile("|".join(map(re.escape, sorted(texts, key=lambda t: (-len(t), t)))))


class _Labels:
    """The prose expectations by label: one pattern of every label, and per label one pattern of
    the row names it may follow."""

    def __init__(self, expected: list[Expect]) -> None:
        self.by_label: dict[str, list[Expect]] = {}
        pending = words.pending_prefixes()
        for e in expected:
            if not any(p in e.value for p in pending):  # 【待填】: nothing to compare yet
                self.by_label.setdefault(e.label, []).append(e)
        self.pattern = _alternation(frozenset(self.by_label)) if self.by_label else None
        self.keys = {label: _alternation(frozenset(e.key for e in es if e.key))
                     for label, es in self.by_label.items() if any(e.key for e in es)}

    def _row(self, label: str, text: str, at: int) -> str | None:
        """The last row name (or sentence head) of this label before `at` in its sentence."""
        start = max(0, at - _KEY_WINDOW)
        start = max([start] + [text.rfind(c, start, at) + 1 for c in _SENTENCE_END])
        found = None
        for m in self.keys[label].finditer(text, start, at):
            found = m.group(0)
        return found

    def differing(self, text: str) -> Iterator[tuple[int, int, Expect, str]]:
        """(start, end, expectation, stated) for each figure of the line that differs from the data."""
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text):
            label = m.group(0)
            cands = [e for e in self.by_label[label] if not e.glued or text.endswith(e.glued, 0, m.start())]
            row = self._row(label, text, m.start()) if label in self.keys else None
            chosen = [e for e in cands if e.key == row] if row else [e for e in cands if not e.key]
            stated = [(e, s) for e in chosen for s in [_stated(text, m.end(), e)] if s is not None]
            if stated and not any(_same(e.value, s) for e, s in stated):
                e, s = stated[0]
                yield m.end(), m.end() + len(s), e, s


def _cells_differ(want: str, got: str) -> bool:
    if not got or want == got:
        return False
    if _NUMBER.search(want):
        return len(want) <= _CELL_FIGURE and _numbers(want) != _numbers(got)
    return len(want) <= _CELL_FIGURE and want != got  # a level word, 等级：优, a short name


def _table(block: Block, tables: list[TableExpect]) -> Iterator[tuple[int, int, str, str, str]]:
    """(row, col, expected, stated) for the cells of a table that differ from the data. The
    template table is the one whose header line the table opens with (one without a header line:
    any table with its row names); a row is found by its name (the first cell of the template row
    whose text is not a number and unique in its column), a cell by its column."""
    norm = [[normal_text(c).strip() for c in r] for r in block.rows]
    where: dict[tuple[int, str], int] = {}
    for i, r in enumerate(norm):
        for c, v in enumerate(r):
            where.setdefault((c, v), i)
    for t in tables:
        if t.header and (not norm or tuple(norm[0]) != tuple(normal_text(h).strip() for h in t.header)):
            continue
        counts: dict[tuple[int, str], int] = {}
        for r in t.rows:
            for c, v in enumerate(r):
                if v is not None:
                    counts[(c, v)] = counts.get((c, v), 0) + 1
        found, differ = 0, []
        for r in t.rows:
            key = next(((c, v) for c, v in enumerate(r) if v and not _NUMBER.search(v) and counts[(c, v)] == 1), None)
            i = where.get((key[0], normal_text(key[1]).strip())) if key else None
            if i is None or len(norm[i]) != len(r) or (t.header and i == 0):
                continue  # not in this table, another shape, or the header line itself
            found += 1
            for c, want in enumerate(r):
                if want is not None and _cells_differ(normal_text(want).strip(), norm[i][c]):
                    label = norm[0][c] if t.header else (block.rows[i][c - 1].strip() if c else "")
                    differ.append((i, c, want, block.rows[i][c].strip(), label))
        # a template table without a header line is this one only if two or more of its rows are here
        # (a person's own table that merely starts with 项目名称 is not the 附1 header table)
        if t.header or found >= 2:
            yield from differ


@register("draft_agreement")
def draft_agreement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks (with --data): after each label the templates give a figure (年初预算数为,
    实际完成, 得分 …, a cell under its column header), the document states the data's value.

    Parameters: none.
    Example: 数据文件执行数为445.00万元，草稿写“本项目全年执行数为440.00万元”。
    """
    if ctx.data is None:
        return
    expected, tables = data_labels.for_data(ctx.data)
    labels = _Labels(expected)
    for b in ctx.doc.blocks:
        if b.kind == "table":
            for i, c, want, got, label in _table(b, tables):
                yield Hit(b, 0, 0, {"expected": want, "stated": got, "drafted": f"{label}｜{want}" if label else want},
                          cell=(i, c))
            continue
        at = 0
        for line in b.text.split("\n"):
            view = normalise(line)
            for start, end, e, stated in labels.differing(view.text):
                s, t = view.raw_span(start, end)
                shown = (e.key + "\u2026" if e.key and e.key not in e.label else "") + e.label + e.value  # 学员结业率…实际完成98%
                yield Hit(b, at + s, at + t, {"expected": e.value, "stated": stated, "drafted": shown})
            at += len(line) + 1
