"""Everything a template may print, decided here: data, figures, facts for phrase choice."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from ..figures import Figures
from .. import words
from ..money import HUNDRED, q2
from ..rubric import Rubric
from ..schema import Loaded
from . import filters, pending as pending_mod, reasons, report_detail


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


def _rates(figures: Figures, levels: list[dict[str, Any]]) -> list[Decimal | None]:
    """Every percentage the drafter computes and prints (one precision for all of them)."""
    out = [figures.receipt_rate, figures.execution_rate, figures.budget_change]
    out += [r.completion for r in figures.indicators]
    out += [v for parts in figures.shares.values() for v in parts.values()]
    out += [lv["rate"] for lv in levels]
    out.append(figures.total)  # the evaluation report prints the total as its 得分率
    d = figures.detail  # the department's own rates (department_figures.py)
    out += [d.get(k) for k in ("staff_rate", "carryover_rate", "procurement_rate", "sme_share", "fixed_share")]
    tp = d.get("three_public") or {}
    out += [r.get(k) for r in [*tp.get("rows", []), tp.get("total") or {}] for k in ("rate", "change")]
    return out


def form_sources(funds: dict[str, Any]) -> list[dict[str, Any]]:
    """其中：当年财政拨款 / 上年结转资金 / 其他资金, always all three (财预〔2020〕10号 附1): a source
    the data names goes to its row (unknown names to 其他资金); a row with none is 0; an execution the
    data does not split is “—”; without any source the amounts are still 待填 (None)."""
    sources = funds.get("sources") or []
    form = words.get("form_sources")  # rubrics/_words.yaml: the three rows and the names each takes
    rows: list[dict[str, Any]] = [{"name": f["row"], "budget": None, "spent": None} for f in form]
    if not sources:
        return rows
    for r in rows:
        r["budget"], r["spent"] = Decimal(0), Decimal(0)
    for s in sources:
        name = str(s.get("name") or "")
        k = next((i for i, f in enumerate(form) if any(w in name for w in f["words"])), len(form) - 1)
        row = rows[k]
        row["budget"] = None if s.get("budget") is None or row["budget"] is None else row["budget"] + s["budget"]
        row["spent"] = "—" if s.get("spent") is None or row["spent"] == "—" else row["spent"] + s["spent"]
    return rows


def level_groups(levels: list[dict[str, Any]], figures: Figures, narrative: Any) -> dict[str, list[dict[str, Any]]]:
    """Per 一级指标, the parts its analysis is told in: 效益 by 二级 (a narrative of what changed,
    then the indicators of that kind), others as indicators then the level's narrative."""
    notes = narrative if isinstance(narrative, dict) else {}
    out: dict[str, list[dict[str, Any]]] = {}
    for lv in levels:
        rows = [r for r in figures.indicators if r.row.get("level1") == lv["name"]]
        if lv["name"].startswith(words.get("benefit_level")):
            groups, rest = [], list(rows)
            for b in words.get("benefit_kinds"):  # rubrics/_words.yaml
                kind, key = b["kind"], b["field"]
                mine = [r for r in rest if kind in str(r.row.get("level2") or "")]
                rest = [r for r in rest if r not in mine]
                if mine or notes.get(key):
                    groups.append({"kind": kind, "note": list(notes.get(key) or []), "rows": mine})
            if rest:
                groups.append({"kind": "", "note": [], "rows": rest})
            out[lv["name"]] = groups
            continue
        key = next((n["field"] for n in words.get("level_notes") if lv["name"].startswith(n["level"])), None)
        out[lv["name"]] = [{"kind": "", "note": list(notes.get(key) or []) if key else [], "rows": rows}]
    return out


def unplaced_notes(levels: list[dict[str, Any]], narrative: Any) -> list[str]:
    """Analysis text for a 一级指标 the indicators do not have (an imported report without its
    indicator table): printed after the levels, never dropped."""
    notes = narrative if isinstance(narrative, dict) else {}
    names = [lv["name"] for lv in levels]
    placed = set()
    if any(n.startswith(words.get("benefit_level")) for n in names):
        placed |= {b["field"] for b in words.get("benefit_kinds")}
    placed |= {n["field"] for n in words.get("level_notes") if any(x.startswith(n["level"]) for x in names)}
    fields = [b["field"] for b in words.get("benefit_kinds")]
    order = [n["field"] for n in words.get("level_notes")]
    out: list[str] = []
    for key in order[:1] + fields + order[1:]:  # 产出, 效益 by kind, 满意度: the order of the levels
        if key not in placed:
            out += list(notes.get(key) or [])
    return out


def facts(figures: Figures, pending: bool = False, budgets_known: bool = True) -> dict[str, Any]:
    """The values phrase-bank conditions may test (documented in phrasebank/*.yaml)."""
    missed = [r for r in figures.indicators if not r.met]
    answer = words.get("answer")  # 是 / 否, as the conditions spell them

    def said(yes: bool) -> str:
        return str(answer["affirmative" if yes else "negative"])

    return {  # documented at the top of phrasebank/standard.yaml
        "execution_rate": figures.execution_rate,
        "receipt_rate": figures.receipt_rate,
        "total": figures.total,
        "grade": figures.grade,
        "all_met": said(not missed),
        "missed_count": len(missed),
        "over_count": sum(1 for r in figures.indicators if r.over),
        "adjusted": said(figures.adjusted) if budgets_known else None,
        "pending": said(pending),
        "pending_indicators": said(any(r.score is None for r in figures.indicators)),
        "indicator_count": len(figures.indicators),
        "over_budget": said(figures.execution_rate is not None and figures.execution_rate > HUNDRED),
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
    weights = [lv["weight"] for lv in ctx["levels"]]
    ctx["levels_weight"] = None if None in weights else sum(weights, Decimal(0))  # 合计 of the 一级 weights
    ctx["level_groups"] = level_groups(ctx["levels"], figures, ctx.get("narrative"))
    ctx["unplaced_notes"] = unplaced_notes(ctx["levels"], ctx.get("narrative"))
    ctx["missed"] = [r for r in figures.indicators if not r.met]
    ctx["over"] = [r for r in figures.indicators if r.over]
    ctx["execution_placeholder"] = next((m.placeholder() for m in figures.missing
                                         if m.path[-1] == "execution_note"), "")
    ctx["receipt_placeholder"] = next((m.placeholder() for m in figures.missing
                                       if m.path[-1] == "receipt_note"), "")
    ctx["adjustment_placeholder"] = next((m.placeholder() for m in figures.missing
                                          if m.path[-1] == "adjustment_note"), "")
    money = loaded.data.get("funds") or loaded.data.get("accounts") or {}  # groups: dicts (schema)
    known = money.get("initial_budget") is not None and money.get("budget") is not None
    ctx["form_sources"] = form_sources(money)
    ctx["pct_places"] = filters.pct_places(_rates(figures, ctx["levels"]))
    ctx["execution_formula"] = (figures.execution_base_label
                                if str(rubric.raw.get("scoring", {}).get("formula_note", "")).lower() == "true" else "")
    ctx["facts"] = facts(figures, bool(loaded.pending), known)
    ctx["grade_bands"] = [{"name": b.name, "min": b.min} for b in rubric.grades]
    ctx["self_ref"] = ctx.get("self_ref")
    fields = rubric.raw.get("analysis_fields", {})
    ctx["level_text"] = {lvl: ctx["analysis"][name] for lvl, name in fields.items()} if fields else {}
    ctx.update(report_detail.extra(ctx, rubric, figures, loaded.pending))  # department / evaluation parts
    return ctx
