"""Figures of the department report beyond 收支 and of the evaluation report's 问题与建议.

编制使用率, “三公”经费 totals, 控制率 and change on last year, 政府采购执行率 and 中小企业占比,
固定资产占比; 收入/支出构成 shares that add up to exactly 100 %. Everything printed is computed
here from the amounts the data states, never typed. An optional group the data leaves out (the rubric's
`optional_groups`) is listed as Missing, so the draft marks it 【待填】 and `draft` lists it on the command line.
"""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .figures import Figures, Missing
from .money import HUNDRED, q2, rate
from .rubric import Rubric
from .schema import Field, Loaded

ZERO = Decimal(0)
CENT = Decimal("0.01")
THREE_PUBLIC = ("abroad", "vehicles", "reception")  # 因公出国（境）费, 公务用车购置及运行费, 公务接待费


def _fields(rubric: Rubric, name: str) -> dict[str, Field]:
    """A group's sub-fields by internal name, from the report type's schema (Chinese names are data)."""
    group = next((f for f in rubric.schema if f.name == name), None)
    return {f.name: f for f in group.fields} if group else {}


def shares_to_100(parts: list[Decimal | None], total: Decimal | None) -> list[Decimal | None]:
    """part ÷ total in percent, two decimals, adding up to exactly 100 % (largest remainder):
    rounding each share alone can leave 99.99 % or 100.01 %, which a reader takes for an error."""
    if total is None or total == 0 or any(p is None for p in parts):
        return [None] * len(parts)
    exact = [p / total * HUNDRED for p in parts]  # type: ignore[operator]
    if sum(parts, ZERO) != total:  # parts that do not add up are reported elsewhere; plain rounding
        return [q2(x) for x in exact]
    floors = [x.quantize(CENT, rounding=ROUND_FLOOR) for x in exact]
    short = int((HUNDRED - sum(floors, ZERO)) / CENT)
    order = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))  # largest remainder first
    for i in order[:short]:
        floors[i] += CENT
    return floors


def _change(now: Decimal | None, last: Decimal | None) -> Decimal | None:
    if now is None or last is None or last == 0:
        return None
    return q2((now - last) / last * HUNDRED)


def _three_public(group: dict[str, Any], labels: dict[str, Field]) -> dict[str, Any]:
    rows = []
    for name in THREE_PUBLIC:
        label = labels[name].key if name in labels else name
        item = group.get(name) or {}
        budget, spent, last = item.get("budget"), item.get("spent"), item.get("last")
        rows.append({"key": name, "name": label, "budget": budget, "spent": spent, "last": last,
                     "rate": rate(spent, budget) if None not in (spent, budget) else None,
                     "change": _change(spent, last),
                     "diff": q2(spent - last) if None not in (spent, last) else None})

    def total(key: str) -> Decimal | None:
        values = [r[key] for r in rows]
        return None if any(v is None for v in values) else q2(sum(values, ZERO))

    t = {"budget": total("budget"), "spent": total("spent"), "last": total("last")}
    t["rate"] = rate(t["spent"], t["budget"]) if None not in (t["spent"], t["budget"]) else None
    t["change"] = _change(t["spent"], t["last"])
    t["diff"] = q2(t["spent"] - t["last"]) if None not in (t["spent"], t["last"]) else None
    t["saved"] = q2(t["budget"] - t["spent"]) if None not in (t["spent"], t["budget"]) else None
    return {"rows": rows, "total": t}


def _given(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_given(v) for k, v in value.items() if k != "unit")
    return value not in (None, "", [])


def department(loaded: Loaded, rubric: Rubric, f: Figures) -> None:
    """Fill f.detail for the department report and list the optional groups it leaves out."""
    data = loaded.data
    acc = data.get("accounts") or {}
    for parts_key, total_key in (("income_parts", "income"), ("spending_parts", "spending")):
        parts = acc.get(parts_key) or []
        if parts:
            shares = shares_to_100([p["amount"] for p in parts], acc.get(total_key))
            f.shares[parts_key] = {p["name"]: s for p, s in zip(parts, shares)}
    out, budget = acc.get("carried_out"), acc.get("budget")
    f.detail["carryover_rate"] = rate(out, budget) if out is not None and budget else None  # 结转结余率
    org = data.get("organisation") or {}
    staff, authorised = org.get("staff"), org.get("authorised")
    f.detail["staff_rate"] = rate(staff, authorised) if None not in (staff, authorised) and authorised else None
    f.detail["vacancy"] = q2(authorised - staff) if None not in (staff, authorised) else None
    f.detail["three_public"] = _three_public(data.get("three_public") or {}, _fields(rubric, "three_public"))
    pro = data.get("procurement") or {}
    f.detail["procurement_rate"] = rate(pro["amount"], pro["budget"]) if pro.get("amount") is not None \
        and pro.get("budget") is not None else None
    f.detail["sme_share"] = rate(pro["sme"], pro["amount"]) if pro.get("sme") is not None \
        and pro.get("amount") else None
    assets = data.get("assets") or {}
    f.detail["fixed_share"] = rate(assets["fixed"], assets["total"]) if assets.get("fixed") is not None \
        and assets.get("total") else None
    keys = {f.name: f.key for f in rubric.schema}
    for name, ask in (rubric.raw.get("optional_groups") or {}).items():  # left out: 【待补充】 and listed
        if name in data and not _given(data[name]) and (name,) not in loaded.pending:
            f.missing.append(Missing((name,), keys.get(name, name), f"数据文件没有「{keys.get(name, name)}」", str(ask)))


def evaluation(loaded: Loaded, f: Figures) -> None:
    """Each 问题 needs its 建议: a problem left without one is listed (and marked in the draft)."""
    for i, issue in enumerate(loaded.data.get("issues") or []):
        if not issue.get("advice") and ("issues", i, "advice") not in loaded.pending:
            f.missing.append(Missing(("issues", i, "advice"), f"问题与建议 → 第{i + 1}条 → 建议",
                                     f"问题“{issue.get('title')}”没有对应的建议",
                                     f"针对“{issue.get('title')}”的建议"))
