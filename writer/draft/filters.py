"""Jinja filters that only format: money in 万元, percentages, dates, numbers."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable

from jinja2 import pass_context

from .. import money, words
from ..numbering import chinese_numeral
from ..words import placeholder


PENDING = f"【{placeholder('fill')}】"  # a figure whose inputs are still 待填: shown, highlighted, never computed
_FORMATS = words.get("draft_formats")  # 万元, 年月日, the words a title name drops: rubrics/_words.yaml
_QUALITATIVE = words.get("qualitative")  # 定性


def wan(x: Decimal | None) -> str:
    if isinstance(x, str):  # already a placeholder (【待核实】)
        return x
    return _FORMATS["amount"].format(amount=money.fmt_amount(x)) if x is not None else PENDING


def amount(x: Decimal | None) -> str:
    if isinstance(x, str):
        return x
    return money.fmt_amount(x) if x is not None else PENDING


def pct_places(rates: Iterable[Decimal | None]) -> int:
    """One precision for every computed percentage of a report: the fewest decimal places (0, 1
    or 2) that print each rate exactly at two places — never 100% beside 103.16%."""
    places = 0
    for x in rates:
        if x is None or isinstance(x, str):
            continue
        v = money.q2(x)
        places = max(places, 0 if v == v.to_integral_value() else 1 if (v * 10) == (v * 10).to_integral_value() else 2)
    return places


def pct(x: Decimal | None, places: int | None = None) -> str:
    """A percentage; `places` (the report's precision, see pct_places) or 100% / 96.50% by value."""
    if isinstance(x, str):
        return x
    if x is None:
        return PENDING
    if places is None:
        return money.fmt_percent(x)
    return f"{money.q2(x):.{places}f}%"  # exact: the report's places fit every rate it has


@pass_context
def _pct_in_report(ctx: Any, x: Decimal | None) -> str:
    """The template filter: the precision the report context decided (context.build)."""
    return pct(x, ctx.get("pct_places"))


def num(x: Decimal | int | None) -> str:
    if x is None:
        return PENDING
    if isinstance(x, str):
        return x
    return money.fmt_number(Decimal(x))


def cn_date(d: date | None) -> str:
    """GB/T 9704: no zero padding (2021年6月8日, not 2021年06月08日)."""
    if isinstance(d, str):
        return d
    return _FORMATS["date"].format(year=d.year, month=d.month, day=d.day) if d else PENDING


def cn_month_day(d: date | None) -> str:
    return _FORMATS["month_day"].format(month=d.month, day=d.day) if d else ""


def cn_num(n: int) -> str:
    return chinese_numeral(n)


def target_text(row: dict[str, Any]) -> str:
    """指标值 as printed in the table: ≥5000人次, ≤3天, =100%, or the qualitative text."""
    unit = row.get("measure_unit") or ""
    value = row["target"]
    if value is None or value == "":
        return PENDING
    if row["direction"] == _QUALITATIVE or not row["direction"]:
        return str(value)
    shown = money.fmt_number(value) if isinstance(value, Decimal) else str(value)
    return f"{row['direction']}{shown}{unit}"


def actual_text(row: dict[str, Any]) -> str:
    unit = row.get("measure_unit") or ""
    value = row["actual"]
    if value is None:
        return PENDING
    if isinstance(value, Decimal):
        return f"{money.fmt_number(value)}{unit}"
    return str(value)


def title_name(name: Any, year: Any = None, suffix: str | None = None) -> str:
    """A project's name as it sits in a title before “项目支出…报告”: no second year
    (“2025年度2025年农村公路…”), no 项目项目."""
    t = str(name).strip()
    suffix = _FORMATS["project_suffix"] if suffix is None else suffix  # None: 项目
    if year is not None and not isinstance(year, str):
        t = re.sub(_FORMATS["year_prefix"].replace("{year}", str(year)), "", t)
    for tail in (suffix + _FORMATS["spending_suffix"], suffix) if suffix else ():  # “…项目支出” + “项目支出绩效自评报告”
        if t.endswith(tail) and len(t) > len(tail):
            return t[: -len(tail)]
    return t


def cell(text: Any) -> str:
    """Keep a table cell on its row ("|" is escaped with all printed text, see mdtext)."""
    return str(text).replace("\r", " ").replace("\n", " ")


from .reasons import as_reason  # noqa: E402  (a filter too: notes printed as reasons)

FILTERS: dict[str, Callable[..., str]] = {
    "wan": wan, "amount": amount, "pct": _pct_in_report, "num": num, "cn_date": cn_date,
    "cn_month_day": cn_month_day, "cn_num": cn_num, "target_text": target_text,
    "actual_text": actual_text, "cell": cell, "title_name": title_name,
    "as_reason": lambda note, lead, words: as_reason(note, str(lead), words),
}
