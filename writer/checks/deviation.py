"""Deviation kinds: a low execution rate, a missed target or a mid-year budget change needs a
reason nearby or in the 问题 section; targets exceeded by far need one too."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import money, words
from ..findings import Hit
from ..read.document import Block
from ..read.quantities import Target, cell_number, parse_target, table_column
from ..words import target_met
from .engine import Ctx, Rule



def _section_text(ctx: Ctx, sections: list[str]) -> str:
    """The text of the given sections (built once per rule, not once per finding: stays linear)."""
    return "".join(x.text for x in ctx.doc.blocks if x.section in sections)


def _explained(ctx: Ctx, rule: Rule, b: Block, words: str, problems: str) -> bool:
    """A reason word in this paragraph, the next one, or the problems section."""
    rx = re.compile(rule.params["reason_words"])
    nxt = ctx.doc.blocks[b.index + 1] if b.index + 1 < len(ctx.doc.blocks) else None
    if rx.search(b.text) or (nxt is not None and nxt.kind != "heading" and rx.search(nxt.text)):
        return True
    return bool(words and re.search(words, problems))


def deviation_explained(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a stated execution rate below the rubric threshold, or a budget adjusted
    during the year, comes with a reason.

    Parameters: trigger (execution_rate | budget_change), threshold (default from the rubric),
    reason_words, sections, problem_words.
    Example: “预算执行率为77.5%。”前后和问题部分都没有说明原因。
    """
    trigger = rule.param("trigger", "execution_rate")
    problems = _section_text(ctx, rule.params["sections"])
    if trigger == "execution_rate":
        threshold = Decimal(str(rule.param("threshold", ctx.rubric.raw["deviation"]["execution_rate_below"])))
        for b in ctx.body():
            for q in ctx.quantities.get(b.index, []):
                if q.kind == "percent" and q.label == "execution_rate" and q.value < threshold:
                    if not _explained(ctx, rule, b, rule.params["problem_words"], problems):
                        yield Hit(b, q.start, q.end, {"rate": q.raw, "threshold": money.fmt_number(threshold)})
        return
    for b in ctx.body():
        qs = ctx.quantities.get(b.index, [])
        initial = [q for q in qs if q.kind == "amount" and q.label == "initial_budget"]
        adjusted = [q for q in qs if q.kind == "amount" and q.label in ("budget", "adjusted_budget")]
        if initial and adjusted and abs(initial[0].value - adjusted[0].value) > Decimal("0.01"):
            if not _explained(ctx, rule, b, rule.params["problem_words"], problems) and \
                    not re.search(rule.params["adjust_words"], b.text):
                yield Hit(b, adjusted[0].start, adjusted[0].end,
                          {"initial": initial[0].raw, "adjusted": adjusted[0].raw})


def _target_rows(ctx: Ctx, rule: Rule) -> Iterator[tuple[Block, int, list[str], int, int, int | None, str, Target, Decimal]]:
    for t in ctx.doc.tables():
        ti = table_column(t, words.columns("target"))
        ai = table_column(t, words.columns("actual"))
        ri = table_column(t, words.columns("reason"))
        ni = table_column(t, words.columns("name"))
        if ti is None or ai is None or ti == ai:
            continue
        for r, row in enumerate(t.rows[1:], 1):
            if max(ti, ai) >= len(row):
                continue
            target = parse_target(row[ti])
            actual = cell_number(row[ai])
            if target is None or actual is None:
                continue
            name = row[ni] if ni is not None and ni < len(row) else row[ti]
            yield t, r, row, ti, ai, ri, name, target, actual


def missed_target(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: an indicator whose 完成值 misses its 指标值 has a reason in the table's reason
    column or in the 问题 section.

    Example: 指标值“≥2万亩”，完成值“1.8万亩”，偏差原因栏空白。
    """
    problems = _section_text(ctx, ["problems"])
    for t, r, row, ti, ai, ri, name, target, actual in _target_rows(ctx, rule):
        if target_met(target.direction, target.value, actual):
            continue
        reason = row[ri].strip() if ri is not None and ri < len(row) else ""
        if not reason and name.strip() not in problems:
            yield Hit(t, 0, 0, {"name": name.strip(), "target": row[ti].strip(), "actual": row[ai].strip()},
                      cell=(r, ai))


def over_achievement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: an indicator completed at or beyond the rubric's over-completion ratio
    (default 150%) has a reason: the target may have been set too low.

    Example: 指标值“≥10场”，完成值“45场”，没有说明原因。
    """
    ratio = Decimal(str(rule.param("ratio", ctx.rubric.raw["deviation"]["over_completion_at"])))
    for t, r, row, ti, ai, ri, name, target, actual in _target_rows(ctx, rule):
        if target.direction != "≥" or target.value <= 0:
            continue
        if actual / target.value * 100 >= ratio:
            reason = row[ri].strip() if ri is not None and ri < len(row) else ""
            if not reason:
                yield Hit(t, 0, 0, {"name": name.strip(), "target": row[ti].strip(), "actual": row[ai].strip(),
                                    "ratio": money.fmt_percent(actual / target.value * 100)}, cell=(r, ai))
