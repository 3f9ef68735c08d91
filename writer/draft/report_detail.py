"""What the department and evaluation templates need beyond the common context (dept).

Department: the 一级指标 split into 履职效能 (by 重点工作) and 管理效率 (its own section, levels
named in the rubric's `efficiency_levels`), and a placeholder for each optional group the data
leaves out. Evaluation: each 问题 with its 建议 or the placeholder asking for one.
"""
from __future__ import annotations

from typing import Any

from ..figures import Figures
from ..rubric import Rubric
from .pending import placeholder


def _absent(rubric: Rubric, figures: Figures, pending: dict[Any, str]) -> dict[str, str]:
    """group → the placeholder its section prints (empty when the data gives it)."""
    keys = {f.name: f.key for f in rubric.schema}
    out = {name: "" for name in rubric.raw.get("optional_groups") or {}}
    for m in figures.missing:
        if len(m.path) == 1 and m.path[0] in out:
            out[m.path[0]] = m.placeholder()
    for name in out:
        if (name,) in pending:
            out[name] = placeholder(pending[(name,)], keys.get(name, name))
    return out


def department(ctx: dict[str, Any], rubric: Rubric, figures: Figures, pending: dict[Any, str]) -> dict[str, Any]:
    efficiency = set(rubric.raw.get("efficiency_levels") or [])
    effect_levels = [lv for lv in ctx["levels"] if lv["name"] not in efficiency]
    effect_names = {lv["name"] for lv in effect_levels}
    effect = [r for r in figures.indicators if r.row.get("level1") in effect_names]
    tasks = [t for t in ctx.get("task_results") or [] if isinstance(t, dict)]
    names = {t.get("name") for t in tasks}
    groups = [{"name": t.get("name"), "text": t.get("text") or [],
               "indicators": [r for r in effect if r.row.get("task") == t.get("name")]} for t in tasks]
    return {"effect_levels": effect_levels,
            "efficiency_levels": [lv for lv in ctx["levels"] if lv["name"] in efficiency],
            "efficiency_indicators": [r for r in figures.indicators if r.row.get("level1") in efficiency],
            "task_groups": groups,
            "untasked": [r for r in effect if r.row.get("task") not in names],
            "absent": _absent(rubric, figures, pending)}


def evaluation(ctx: dict[str, Any], figures: Figures) -> dict[str, Any]:
    asks = {m.path[1]: m.placeholder() for m in figures.missing if len(m.path) == 3 and m.path[0] == "issues"}
    # a 问题 without 建议 always has its Missing (department_figures.evaluation) or a 待填 placeholder
    issues = [{**i, "advice_or_ask": i.get("advice") or [asks.get(n, "")]}
              for n, i in enumerate(ctx.get("issues") or []) if isinstance(i, dict)]
    return {"issue_list": issues}


def extra(ctx: dict[str, Any], rubric: Rubric, figures: Figures, pending: dict[Any, str]) -> dict[str, Any]:
    if "accounts" in ctx:
        return department(ctx, rubric, figures, pending)
    if "issues" in ctx:
        return evaluation(ctx, figures)
    return {}
