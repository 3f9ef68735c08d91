"""Jinja filters that only format: money in 万元, percentages, dates, numbers."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from .. import money
from ..numbering import chinese_numeral
from ..words import placeholder


PENDING = f"【{placeholder('fill')}】"  # a figure whose inputs are still 待填: shown, highlighted, never computed


def wan(x: Decimal | None) -> str:
    if isinstance(x, str):  # already a placeholder (【待核实】)
        return x
    return f"{money.fmt_amount(x)}万元" if x is not None else PENDING


def amount(x: Decimal | None) -> str:
    if isinstance(x, str):
        return x
    return money.fmt_amount(x) if x is not None else PENDING


def pct(x: Decimal | None) -> str:
    if isinstance(x, str):
        return x
    return money.fmt_percent(x) if x is not None else PENDING


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
    return f"{d.year}年{d.month}月{d.day}日" if d else PENDING


def cn_month_day(d: date | None) -> str:
    return f"{d.month}月{d.day}日" if d else ""


def cn_num(n: int) -> str:
    return chinese_numeral(n)


def target_text(row: dict[str, Any]) -> str:
    """指标值 as printed in the table: ≥5000人次, ≤3天, =100%, or the qualitative text."""
    unit = row.get("measure_unit") or ""
    value = row["target"]
    if value is None or value == "":
        return PENDING
    if row["direction"] == "定性" or not row["direction"]:
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


def title_name(name: Any, year: Any = None, suffix: str = "项目") -> str:
    """A project's name as it sits in a title before “项目支出…报告”: no second year
    (“2025年度2025年农村公路…”), no 项目项目."""
    t = str(name).strip()
    if year is not None and not isinstance(year, str):
        t = re.sub(rf"^{year}\s*年度?", "", t)
    for tail in (f"{suffix}支出", suffix) if suffix else ():  # “…项目支出” + “项目支出绩效自评报告”
        if t.endswith(tail) and len(t) > len(tail):
            return t[: -len(tail)]
    return t


def cell(text: Any) -> str:
    """Keep a table cell on its row ("|" is escaped with all printed text, see mdtext)."""
    return str(text).replace("\r", " ").replace("\n", " ")


from .reasons import as_reason  # noqa: E402  (a filter too: notes printed as reasons)

FILTERS: dict[str, Callable[..., str]] = {
    "wan": wan, "amount": amount, "pct": pct, "num": num, "cn_date": cn_date,
    "cn_month_day": cn_month_day, "cn_num": cn_num, "target_text": target_text,
    "actual_text": actual_text, "cell": cell, "title_name": title_name,
    "as_reason": lambda note, lead, words: as_reason(note, str(lead), words),
}
