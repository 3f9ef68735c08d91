"""Figures of the department report beyond 收支 and of the evaluation report's 问题与建议.

编制使用率, “三公”经费 totals, 控制率 and change on last year, 政府采购执行率 and 中小企业占比,
固定资产占比; 收入/支出构成 shares that add up to exactly 100 %. Everything printed is computed
here from the amounts the data states, never typed. An optional group the data leaves out (the rubric's
`optional_groups`) is listed as Missing, so the draft marks it 【待填】 and `draft` lists it on the command line.
"""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .figures import Figures, Missing, change
from .money import HUNDRED, q2, rate
from .rubric import Rubric
from .schema import Field, Loaded

ZERO = Decimal(0)
CENT = Decimal("0.01")


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


def _rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in percent; None without both figures or when whole is 0."""
    return None if part is None or whole is None else rate(part, whole)


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else q2(a - b)


def _three_public(group: dict[str, Any], labels: dict[str, Field]) -> dict[str, Any]:
    """One row per kind of “三公”经费 the schema lists (rubrics/fields.yaml three_public), and their total."""
    rows = []
    for name in (n for n, fl in labels.items() if fl.kind == "group"):
        item = group.get(name) or {}
        budget, spent, last = item.get("budget"), item.get("spent"), item.get("last")
        rows.append({"key": name, "name": labels[name].key, "budget": budget, "spent": spent, "last": last,
                     "rate": _rate(spent, budget), "change": change(spent, last), "diff": _diff(spent, last)})

    def total(key: str) -> Decimal | None:
        values = [r[key] for r in rows]
        return None if not values or any(v is None for v in values) else q2(sum(values, ZERO))  # no kinds: unknown, not 0

    t = {"budget": total("budget"), "spent": total("spent"), "last": total("last")}
    t["rate"] = _rate(t["spent"], t["budget"])
    t["change"] = change(t["spent"], t["last"])
    t["diff"] = _diff(t["spent"], t["last"])
    t["saved"] = _diff(t["budget"], t["spent"])
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
    f.detail["carryover_rate"] = _rate(acc.get("carried_out"), acc.get("budget"))  # 结转结余率
    org = data.get("organisation") or {}
    f.detail["staff_rate"] = _rate(org.get("staff"), org.get("authorised"))
    f.detail["vacancy"] = _diff(org.get("authorised"), org.get("staff"))
    f.detail["three_public"] = _three_public(data.get("three_public") or {}, _fields(rubric, "three_public"))
    pro = data.get("procurement") or {}
    f.detail["procurement_rate"] = _rate(pro.get("amount"), pro.get("budget"))
    f.detail["sme_share"] = _rate(pro.get("sme"), pro.get("amount"))
    assets = data.get("assets") or {}
    f.detail["fixed_share"] = _rate(assets.get("fixed"), assets.get("total"))
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
