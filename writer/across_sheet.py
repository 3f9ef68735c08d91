"""The 跨单位一致性 sheet of 汇总.xlsx: one row per drift a supervisor can act on — what it is
about, the majority form, the form that differs and the units that wrote it, and whether
`jixiao harmonise` can bring them back to the majority form."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

SHEET = "跨单位一致性"
DETAIL = "跨单位问题明细"
HEADER = ["问题类型", "规则", "涉及内容", "多数写法（或标准用语）", "不同写法", "写法不同的单位", "单位数",
          "能否用 harmonise 统一"]
_KIND = {"across.indicator_name": "指标名称", "across.term_variant": "用语", "across.phrase_deviation": "标准用语改写",
         "across.grade_word": "等级用语", "across.self_reference": "自称"}
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
    rows = []
    for g in sorted(groups, key=lambda g: (g[1], g[2], g[4])):
        name, rule, topic, agreed, found = g
        rows.append([_KIND.get(name, name), rule, topic, agreed, found, "、".join(groups[g]), len(groups[g]),
                     "能（jixiao harmonise）" if can[g] else "不能，需人工改写（句中数字与标准用语对不上）"])
    return rows


def add_consistency_sheet(wb: Any, across: dict[str, list[Any]], names: dict[str, str] | None = None) -> None:
    """Put the per-drift sheet second in the workbook; a per-finding sheet already there is kept as 明细."""
    from openpyxl.styles import Font

    from .xlsx_text import write_rows

    if SHEET in wb.sheetnames:
        wb[SHEET].title = DETAIL
    ws = wb.create_sheet(SHEET, 1)
    write_rows(ws, [HEADER, *drift_rows(across, names)])  # text typed by users never becomes a formula
    for c in ws[1]:
        c.font = Font(bold=True)
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[chr(65 + i)].width = w
