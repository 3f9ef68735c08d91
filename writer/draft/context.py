"""Everything a template may print, decided here: data, figures, facts for phrase choice."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from ..figures import Figures
from ..money import HUNDRED, q2
from ..rubric import Rubric
from ..schema import Loaded
from . import pending as pending_mod, reasons, report_detail


def _levels(rubric: Rubric, figures: Figures) -> list[dict[str, Any]]:
    """一级指标 rows in the rubric's order, then any the data adds."""
    scheme = next((s for s in rubric.schemes if s.name == figures.scheme), None)
    order = list(scheme.levels) if scheme else list(rubric.raw.get("weights", {}).get("levels", []))
    order += [k for k in figures.level_weights if k not in order]
    rows = []
    for name in order:
        if name not in figures.level_weights:
            continue
        weight = figures.level_weights[name]
        raw = figures.level_scores.get(name, Decimal(0))
        score = q2(raw) if raw is not None else None
        rows.append({"name": name, "weight": weight, "score": score,
                     "rate": q2(score / weight * HUNDRED) if weight and score is not None else None})
    return rows


def facts(figures: Figures, pending: bool = False, budgets_known: bool = True) -> dict[str, Any]:
    """The values phrase-bank conditions may test (documented in phrasebank/*.yaml)."""
    missed = [r for r in figures.indicators if not r.met]
    return {  # documented at the top of phrasebank/standard.yaml
        "execution_rate": figures.execution_rate,
        "receipt_rate": figures.receipt_rate,
        "total": figures.total,
        "grade": figures.grade,
        "all_met": "是" if not missed else "否",
        "missed_count": len(missed),
        "over_count": sum(1 for r in figures.indicators if r.over),
        "adjusted": ("是" if figures.adjusted else "否") if budgets_known else None,
        "pending": "是" if pending else "否",
        "pending_indicators": "是" if any(r.score is None for r in figures.indicators) else "否",
        "indicator_count": len(figures.indicators),
        "over_budget": "是" if figures.execution_rate is not None and figures.execution_rate > HUNDRED else "否",
        "budget_change": figures.budget_change,
    }


def build(loaded: Loaded, rubric: Rubric, figures: Figures) -> dict[str, Any]:
    ctx: dict[str, Any] = pending_mod.fill(loaded, rubric.schema)
    rows = ctx.get("indicators") or []
    if figures.indicators and isinstance(rows, list):  # the table shows the placeholder-filled rows
        figures = dataclasses.replace(figures, indicators=[
            dataclasses.replace(r, row=rows[r.index]) if r.index < len(rows) else r for r in figures.indicators])
    if figures.total is None and loaded.data.get("stated_total") is not None and not loaded.pending.get(("stated_total",)):
        # the figures cannot be computed yet, but the report states its result (自评得分100分，等级为优)
        st = loaded.data["stated_total"]
        figures = dataclasses.replace(figures, total=st, grade=loaded.data.get("stated_grade") or rubric.grade(st))
    ctx["fig"] = figures
    ctx["reason_words"] = reasons.reason_words(rubric)  # notes printed as reasons the checker accepts
    ctx["has_criteria"] = any(r.row.get("criteria") for r in figures.indicators)
    ctx["report_name"] = rubric.name
    ctx["levels"] = _levels(rubric, figures)
    ctx["missed"] = [r for r in figures.indicators if not r.met]
    ctx["over"] = [r for r in figures.indicators if r.over]
    ctx["execution_placeholder"] = next((m.placeholder() for m in figures.missing
                                         if m.path[-1] == "execution_note"), "")
    ctx["receipt_placeholder"] = next((m.placeholder() for m in figures.missing
                                       if m.path[-1] == "receipt_note"), "")
    ctx["adjustment_placeholder"] = next((m.placeholder() for m in figures.missing
                                          if m.path[-1] == "adjustment_note"), "")
    money = loaded.data.get("funds") or loaded.data.get("accounts") or {}
    known = money.get("initial_budget") is not None and money.get("budget") is not None
    ctx["facts"] = facts(figures, bool(loaded.pending), known)
    ctx["grade_bands"] = [{"name": b.name, "min": b.min} for b in rubric.grades]
    ctx["self_ref"] = ctx.get("self_ref")
    fields = rubric.raw.get("analysis_fields", {})
    ctx["level_text"] = {lvl: ctx["analysis"][name] for lvl, name in fields.items()} if fields else {}
    ctx.update(report_detail.extra(ctx, rubric, figures, loaded.pending))  # department / evaluation parts
    return ctx
