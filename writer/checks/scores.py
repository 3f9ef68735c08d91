"""Score kinds: weights add up, one weight per indicator across tables, score ≤ weight,
scores add up to the total, grade matches the total, total and grade stated."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import money, words
from ..findings import Hit
from ..read.document import Block
from ..read.normalise import normalise
from ..read.quantities import cell_number, table_column
from .engine import Ctx, Rule

_TOTAL_ROW = words.total_rows()  # rubrics/_words.yaml


def _score_tables(ctx: Ctx, rule: Rule) -> Iterator[tuple[Block, int | None, int, int | None, int | None]]:
    """(table, name column, weight column, score column, level-1 column) for tables with 分值."""
    for t in ctx.doc.tables():
        wi = table_column(t, rule.param("weight_columns", words.columns("weight")))
        if wi is None:
            continue
        yield (t, table_column(t, rule.param("name_columns", words.columns("name"))), wi,
               table_column(t, rule.param("score_columns", words.columns("score"))), table_column(t, words.columns("level1")))


def _rows(t: Block, wi: int) -> tuple[list[tuple[int, list[str]]], tuple[int, list[str]] | None]:
    rows, total = [], None
    for r, row in enumerate(t.rows[1:], 1):
        first = next((c for c in row if c.strip()), "")
        if any(first.startswith(w) for w in _TOTAL_ROW):
            total = (r, row)
        elif wi < len(row) and cell_number(row[wi]) is not None:
            rows.append((r, row))
    return rows, total


def weights_sum(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the 分值 of a score table add up to its 合计/总分 row, or to 100.

    Example: 各指标分值合计95分，总分行写100分。
    """
    for t, _, wi, _, _ in _score_tables(ctx, rule):
        rows, total = _rows(t, wi)
        if len(rows) < 2:
            continue
        if any(wi < len(row) and words.is_placeholder(row[wi]) for row in t.rows[1:]):
            continue  # a 分值 still 【待填】: no sum to compare yet; the placeholder rule reports it
        s = sum((cell_number(row[wi]) or Decimal(0) for _, row in rows), Decimal(0))
        want = cell_number(total[1][wi]) if total and wi < len(total[1]) else None
        want = want if want is not None else Decimal(100)
        if s != want:
            r = total[0] if total else rows[-1][0]
            yield Hit(t, 0, 0, {"sum": money.fmt_number(s), "expected": money.fmt_number(want)}, cell=(r, wi))


def weight_conflict(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the same indicator carries the same 分值 in every table (正文 vs 附件).

    Example: 正文评分表“产出指标 50分”，附件评分表“产出指标 40分”。
    """
    seen: dict[str, tuple[Block, int, int, Decimal]] = {}
    for t, ni, wi, _, li in _score_tables(ctx, rule):
        col = ni if ni is not None else (0 if li is None else li)
        rows, _ = _rows(t, wi)
        for r, row in rows:
            name = row[col].strip() if col < len(row) else ""
            w = cell_number(row[wi])
            if not name or w is None:
                continue
            if name in seen and seen[name][0] is not t and seen[name][3] != w:
                ft, fr, fc, fw = seen[name]
                yield Hit(t, 0, 0, {"name": name, "weight": money.fmt_number(w), "other": money.fmt_number(fw)},
                          cell=(r, wi), related=[(ft, 0, 0)])
            seen.setdefault(name, (t, r, wi, w))


def score_cap(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: no indicator scores more than its 分值.

    Example: 分值10分的指标得分12分。
    """
    for t, ni, wi, si, _ in _score_tables(ctx, rule):
        if si is None:
            continue
        for r, row in enumerate(t.rows[1:], 1):
            if max(wi, si) >= len(row):
                continue
            w, s = cell_number(row[wi]), cell_number(row[si])
            if w is not None and s is not None and s > w:
                yield Hit(t, 0, 0, {"score": money.fmt_number(s), "weight": money.fmt_number(w)}, cell=(r, si))


STATED_TOTAL = words.rx("score_text", "stated_total")  # rubrics/_words.yaml


def score_total(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: indicator scores add up to the table's total row, and to the total in the text.

    Example: 各项得分合计92.5分，结论写“自评得分95分”。
    """
    stated_in_text: list[tuple[Block, tuple[int, int], str]] | None = None
    compared: set[tuple[Decimal, str]] = set()
    for t, _, wi, si, _ in _score_tables(ctx, rule):
        if si is None:
            continue
        rows, total = _rows(t, wi)
        if len(rows) < 2:
            continue
        if any(si < len(row) and words.is_placeholder(row[si]) for row in t.rows[1:]):
            continue  # a score still 【待填】: no sum to compare yet; the placeholder rule reports it
        s = sum((cell_number(row[si]) or Decimal(0) for _, row in rows if si < len(row)), Decimal(0))
        if total and si < len(total[1]) and cell_number(total[1][si]) is not None:
            stated = cell_number(total[1][si])
            if stated != s:
                yield Hit(t, 0, 0, {"sum": money.fmt_number(s), "stated": money.fmt_number(stated)},  # type: ignore[arg-type]
                          cell=(total[0], si))
                continue
            if (s, money.fmt_number(s)) in compared:
                continue  # another table with the same sum: the same hits, which run_rules would drop
            compared.add((s, money.fmt_number(s)))
            if stated_in_text is None:
                stated_in_text = list(_stated_totals(ctx))
            for b, span, value in stated_in_text:
                if Decimal(value) != s:
                    yield Hit(b, *span, {"sum": money.fmt_number(s), "stated": value})


def _stated_totals(ctx: Ctx) -> Iterator[tuple[Block, tuple[int, int], str]]:
    """(block, raw span, figure) of each total stated in the conclusion, read once per document
    rather than once per score table."""
    for b in ctx.body():
        if b.section != "conclusion":
            continue
        view = normalise(b.text)
        for m in STATED_TOTAL.finditer(view.text):
            yield b, view.raw_span(m.start(1), m.end(1)), m.group(1)


def grade_band(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the grade stated next to a total is the rubric's grade for that total.

    Parameters: aliases (grade words that mean a grade: 优秀 → 优).
    Example: “自评得分85分，等级为优”（85分应为良）。
    """
    aliases: dict[str, str] = rule.param("aliases", {})
    names = [g.name for g in ctx.rubric.grades] + list(aliases)
    # (?<!\d): a figure starts where its digits start (later starts in a digit run meet the same end)
    rx = words.rx("score_text", "grade_after_score", grades="|".join(sorted(names, key=len, reverse=True)))
    for b in ctx.body():
        view = normalise(b.text)
        for m in rx.finditer(view.text):
            total = Decimal(m.group(1))
            stated = aliases.get(m.group(2), m.group(2))
            want = ctx.rubric.grade(total)
            if stated != want:
                yield Hit(b, *view.raw_span(m.start(2), m.end(2)),
                          {"total": m.group(1), "stated": m.group(2), "expected": want})


def result_present(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the report states its total score and grade (in the conclusion section,
    or anywhere when the draft has no recognisable conclusion section).

    Example: “自评结论”一节只写“得分较高”，没有分数和等级。
    """
    blocks = [b for b in ctx.body() if b.section == "conclusion"] or list(ctx.body())
    text = "".join(normalise(b.text).text for b in blocks)
    if re.search(rule.params["pending"], text):
        return  # the total is still a placeholder, which the placeholder rule reports
    missing = []
    if not STATED_TOTAL.search(text):
        missing.append(words.word("score_text", "total"))
    grades = "|".join(g.name for g in ctx.rubric.grades)
    if not words.rx("score_text", "grade_stated", grades=grades).search(text):
        missing.append(words.word("score_text", "grade"))
    if missing:
        # on the conclusion's heading; with no conclusion section the finding is about the whole draft
        head = next((b for b in blocks if b.kind == "heading" and b.section == "conclusion"), None)
        yield Hit(head, 0, len(head.text) if head else 0, {"missing": "和".join(missing)})
