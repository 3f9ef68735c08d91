"""Spent money under any of its names (执行, 支出, 实际支出, 列支, 决算, 使用, 支付) against the budget
of the same subject, when the report claims the targets were fully met and gives no reason."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import money
from ..findings import Hit
from . import subjects
from .engine import Ctx, Rule


def spent_vs_claim(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the execution rate computed from a spent amount and a budget of the same
    subject (same paragraph, list item, year and scope) is below the threshold, the report
    says the targets were fully met (全面完成, 全部完成 …), and no reason is given in that
    paragraph, the next one or the problems section. A rate the report states itself is
    DEV01's business.

    Parameters: threshold (default: the rubric's deviation.execution_rate_below), claim_words,
    reason_words, sections.
    Example: “预算数120.00万元……决算数36.00万元……各项目标全面完成。”
    """
    threshold = Decimal(str(rule.param("threshold", ctx.rubric.raw["deviation"]["execution_rate_below"])))
    claim = re.compile(rule.params["claim_words"])
    reason = re.compile(rule.params["reason_words"])
    whole = "".join(b.text for b in ctx.body())
    if not claim.search(whole):
        return
    problems = "".join(b.text for b in ctx.body() if b.section in rule.param("sections", ["problems"]))
    if reason.search(problems):
        return
    blocks = ctx.doc.blocks
    idx = subjects.index(ctx)
    for b in ctx.body():
        qs = ctx.quantities.get(b.index, [])
        if any(q.kind == "percent" and q.label == "execution_rate" for q in qs):
            continue
        budgets: dict[tuple[str, str, str], object] = {}
        for q in qs:
            if q.kind != "amount" or q.after_qizhong or q.label not in ("budget", "spent"):
                continue  # only a budget and a spent amount of one subject are compared
            s = idx.subject(b, q)
            key = (s.item, s.year, s.scope)
            if q.label == "budget":
                budgets.setdefault(key, q)
            elif q.label == "spent" and key in budgets:
                bq = budgets[key]
                if not bq.value:  # type: ignore[attr-defined]
                    continue
                rate = q.value / bq.value * 100  # type: ignore[attr-defined]
                if rate >= threshold:
                    continue
                nxt = blocks[b.index + 1].text if b.index + 1 < len(blocks) else ""
                if reason.search(b.text) or reason.search(nxt):
                    continue
                yield Hit(b, q.start, q.end, {"spent": q.raw, "budget": bq.raw,  # type: ignore[attr-defined]
                                              "rate": money.fmt_percent(rate),
                                              "threshold": money.fmt_number(threshold)},
                          related=[(b, bq.start, bq.end)])  # type: ignore[attr-defined]
