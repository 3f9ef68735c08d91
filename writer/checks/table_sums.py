"""Tables with 小计/合计/总计 rows, checked group by group: rows → 小计 → 总计, shares → 100 %.

A table is read once. Each amount column is summed per group (the rows since the last 小计);
a 小计 must equal its group, a 合计/总计 the 小计s (or, with none, the rows above it). Real tables
nest without saying so (一、基本支出 with its own rows, 其中 rows, merged cells), so a total is
accepted when any plausible reading of the rows above adds up to it; only a flat table (no
markers, no 其中, no 小计) that does not add up is "sure".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from .. import money, regex_gate, words
from ..findings import Hit
from ..read.document import Block
from ..read.quantities import cell_number
from .engine import Ctx, Rule

# rubrics/_words.yaml table_rows
_TOTAL = words.rx("table_rows", "total")
_SUBTOTAL = words.rx("table_rows", "subtotal")
_QIZHONG = words.rx("table_rows", "qizhong")
_MARKER = words.rx("table_rows", "marker")
_NOT_SUMMED = words.rx("table_rows", "not_summed")
_SHARE = words.rx("table_rows", "share")


@dataclass
class _Row:
    index: int
    label: str
    kind: str  # detail | subtotal | total | qizhong
    top: bool  # label starts with 一、 / （一）
    values: dict[int, Decimal] = field(default_factory=dict)


def _rows(t: Block, cols: list[int]) -> list[_Row]:
    out = []
    for r, row in enumerate(t.rows[1:], 1):
        words = [c for c in row if c.strip() and cell_number(c) is None]
        label = words[0].strip() if words else ""
        if any(_TOTAL.match(w) for w in words):
            kind = "total"
        elif any(_SUBTOTAL.search(w) for w in words):
            kind = "subtotal"
        elif _QIZHONG.match(label):
            kind = "qizhong"
        else:
            kind = "detail"
        values = {c: v for c in cols if c < len(row) and (v := cell_number(row[c])) is not None}
        if values or kind != "detail":
            out.append(_Row(r, label, kind, bool(_MARKER.match(label)), values))
    return out


def _has_total_row(t: Block) -> bool:
    """Whether some row below the header is a 合计/总计 or 小计 row as _rows reads it (a word, not
    a number, matching either label), found without reading every cell's number: the table text
    is tested for a character every label needs first, then only matching cells are read."""
    could_total, could_subtotal = regex_gate.could_match(_TOTAL), regex_gate.could_match(_SUBTOTAL)
    if not (could_total(t.text) or could_subtotal(t.text)):
        return False
    return any((_TOTAL.match(c) or _SUBTOTAL.search(c)) and c.strip() and cell_number(c) is None
               for row in t.rows[1:] for c in row)


def _read(ctx: Ctx, t: Block) -> tuple[list[int], list[int], list[_Row]]:
    """(amount columns, share columns, rows) of a table, read once for the rules of both certainties."""
    store = ctx.__dict__.setdefault("_table_groups", {})
    if t.index not in store:
        amounts, shares = _columns(t)
        store[t.index] = (amounts, shares, _rows(t, amounts + shares))
    return store[t.index]  # type: ignore[no-any-return]


def _columns(t: Block) -> tuple[list[int], list[int]]:
    """(amount columns, share columns) by their headers."""
    amounts, shares = [], []
    for i, h in enumerate(t.rows[0]):
        if _SHARE.search(h):
            shares.append(i)
        elif h.strip() and not _NOT_SUMMED.search(h):
            amounts.append(i)
    return amounts, shares


def _close(stated: Decimal, computed: Decimal, n: int) -> bool:
    """Equal at the precision written; n rounded parts may drift by half a unit each."""
    exp = stated.as_tuple().exponent
    unit = Decimal(1).scaleb(exp) if isinstance(exp, int) and exp < 0 else Decimal(1)
    return abs(stated - computed) <= unit * max(1, n) / 2


def _readings(details: list[_Row], subtotals: list[_Row], col: int) -> list[tuple[Decimal, int]]:
    """Sums of the rows above a total under each plausible nesting (value, number of parts)."""
    def total(rows: list[_Row]) -> tuple[Decimal, int]:
        vals = [r.values[col] for r in rows if col in r.values]
        return sum(vals, Decimal(0)), len(vals)

    out = [total(details)]
    if subtotals:
        out.append(total(subtotals))
        after = [r for r in details if r.index > subtotals[-1].index]
        s, n = total(subtotals + after)
        out.append((s, n))
    tops = [r for r in details if r.top]
    if tops:
        out += [total(tops), total([r for r in details if not r.top])]
    return [(s, n) for s, n in out if n]


def table_groups(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: in a table with 小计/合计/总计 rows, each 小计 equals its group's rows, each
    合计/总计 the 小计s (or the rows above), and a 占比 column adds up to 100 %. certainty "sure":
    a flat table (no nesting markers, no 其中, no 小计) whose total differs; "unsure": a nested
    table where no reading of the rows adds up.

    Parameters: certainty.
    Example: | 设备购置 | 300 | / | 人员培训 | 200 | / | 合计 | 600 |（应为500）。
    """
    want = str(rule.param("certainty", "sure"))
    for t in ctx.doc.tables():
        if len(t.rows) < 3 or not _has_total_row(t):
            continue
        amounts, shares, rows = _read(ctx, t)
        if not any(r.kind in ("total", "subtotal") for r in rows):
            continue
        flat = not any(r.kind in ("subtotal", "qizhong") or r.top for r in rows)
        group: list[_Row] = []
        details: list[_Row] = []
        subtotals: list[_Row] = []
        for r in rows:
            if r.kind == "detail":
                group.append(r)
                details.append(r)
            elif r.kind == "subtotal":
                if (not any(g.top for g in group)) == (want == "sure"):
                    yield from _check(t, r, [_sum_rows(group, c) for c in amounts], amounts)
                subtotals.append(r)
                group = []
            elif r.kind == "total":
                for c in amounts:
                    if c not in r.values:
                        continue
                    readings = _readings(details, subtotals, c)
                    if not readings or any(_close(r.values[c], s, n) for s, n in readings):
                        continue
                    if flat == (want == "sure"):
                        s, _ = readings[0]
                        yield Hit(t, 0, 0, {"row": r.label, "stated": money.fmt_number(r.values[c]),
                                            "sum": money.fmt_number(s), "column": t.rows[0][c].strip()},
                                  cell=(r.index, c))
                if want == "sure":
                    yield from _shares(t, details, subtotals, shares, r)
                details, subtotals, group = [], [], []


def _sum_rows(rows: list[_Row], col: int) -> tuple[Decimal, int]:
    vals = [r.values[col] for r in rows if col in r.values]
    return sum(vals, Decimal(0)), len(vals)


def _check(t: Block, r: _Row, sums: list[tuple[Decimal, int]], cols: list[int]) -> Iterator[Hit]:
    for c, (s, n) in zip(cols, sums):
        if c in r.values and n >= 1 and not _close(r.values[c], s, n):
            yield Hit(t, 0, 0, {"row": r.label, "stated": money.fmt_number(r.values[c]), "sum": money.fmt_number(s),
                                "column": t.rows[0][c].strip()}, cell=(r.index, c))


def _shares(t: Block, details: list[_Row], subtotals: list[_Row], cols: list[int], total: _Row) -> Iterator[Hit]:
    hundred = Decimal(100)
    for c in cols:
        readings = _readings(details, subtotals, c)
        if not readings or any(_close(hundred, s, n) for s, n in readings):
            continue
        s, _ = readings[0]
        yield Hit(t, 0, 0, {"row": total.label, "stated": "100%", "sum": money.fmt_number(s) + "%",
                            "column": t.rows[0][c].strip()}, cell=(total.index, c))
