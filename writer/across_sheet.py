"""The 跨单位一致性 sheet of 汇总.xlsx: one row per drift a supervisor can act on — what it is
about, the majority form, the form that differs and the units that wrote it, and whether
`jixiao harmonise` can bring them back to the majority form."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from . import words
from .ui_text import ui

WIDTHS = [14, 8, 40, 36, 36, 30, 8, 30]


def drift_rows(across: dict[str, list[Any]], names: dict[str, str] | None = None) -> list[list[Any]]:
    """Findings per unit -> rows grouped by (rule, topic, majority form, differing form)."""
    groups: dict[tuple[str, str, str, str, str], list[str]] = defaultdict(list)
    can: dict[tuple[str, str, str, str, str], bool] = {}
    for key, findings in across.items():
        unit = (names or {}).get(key, key)
        for f in findings:
            g = (f.name, f.rule, getattr(f, "topic", ""), getattr(f, "agreed", "") or f.suggestion, f.excerpt)
            if unit not in groups[g]:
                groups[g].append(unit)
            can[g] = can.get(g, True) and getattr(f, "fixable", False)
    kinds = words.batch_summary("kinds")  # 问题类型: what each cross-unit rule is about
    rows = []
    for g in sorted(groups, key=lambda g: (g[1], g[2], g[4])):
        name, rule, topic, agreed, found = g
        rows.append([kinds.get(name, name), rule, topic, agreed, found, "、".join(groups[g]), len(groups[g]),
                     ui("能（jixiao harmonise）") if can[g] else ui("不能，需人工改写（句中数字与标准用语对不上）")])
    return rows


def add_consistency_sheet(wb: Any, across: dict[str, list[Any]], names: dict[str, str] | None = None) -> None:
    """Put the per-drift sheet second in the workbook (after 汇总, before the per-finding sheet)."""
    from openpyxl.styles import Font

    from .xlsx_text import write_rows

    ws = wb.create_sheet(words.batch_summary("drift_sheet"), 1)
    write_rows(ws, [list(words.batch_summary("drift_header")), *drift_rows(across, names)])  # text typed by users never becomes a formula
    for c in ws[1]:
        c.font = Font(bold=True)
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[chr(65 + i)].width = w
