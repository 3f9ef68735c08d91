"""Figures in real Word tables: merged cells (read once), 小计/合计 groups, text against table for
counts; a correct table raises nothing, a wrong total is reported at the cell."""
from __future__ import annotations

from pathlib import Path

import docx

from writer.check_pipeline import check_document


def _docx(path: Path, rows: list[list[str]], merge_first_col: tuple[int, int] | None, text: str = "") -> Path:
    d = docx.Document()
    d.add_paragraph("某单位2024年度培训项目支出绩效自评报告")
    if text:
        d.add_paragraph(text)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    if merge_first_col:
        a, b = merge_first_col
        keep = t.cell(a, 0).text
        t.cell(a, 0).merge(t.cell(b, 0)).text = keep
    d.save(str(path))
    return path


def _rules(path: Path, *ids: str) -> list[tuple[str, str]]:
    return [(f.rule, f.excerpt) for f in check_document(path).findings if f.rule in ids]


GROUPED = [["类别", "项目", "金额（万元）"],
           ["一、基本支出", "人员经费", "80"],
           ["", "公用经费", "20"],
           ["小计", "", "100"],
           ["二、项目支出", "培训", "50"],
           ["小计", "", "50"],
           ["合计", "", "150"]]


def test_merged_groups_that_add_up_raise_nothing(tmp_path: Path) -> None:
    path = _docx(tmp_path / "ok.docx", GROUPED, (1, 2))
    assert _rules(path, "FIG09", "FIG10") == []


def test_wrong_subtotal_in_a_merged_group_is_reported(tmp_path: Path) -> None:
    rows = [list(r) for r in GROUPED]
    rows[3][2] = "90"
    path = _docx(tmp_path / "bad.docx", rows, (1, 2))
    assert _rules(path, "FIG09", "FIG10") == [("FIG10", "90")]


def test_flat_table_wrong_total_is_an_error(tmp_path: Path) -> None:
    rows = [["项目", "预算数（万元）", "执行数（万元）"], ["设备购置", "300", "280"], ["人员培训", "200", "190"],
            ["合计", "500", "480"]]
    path = _docx(tmp_path / "flat.docx", rows, None)
    found = [f for f in check_document(path).findings if f.rule == "FIG09"]
    assert [(f.level, f.excerpt) for f in found] == [("error", "480")]
    assert "470" in found[0].message


def test_count_in_text_against_table(tmp_path: Path) -> None:
    rows = [["一级指标", "三级指标", "指标值", "完成值", "分值", "得分"],
            ["产出指标", "举办培训期数", "≥10期", "12期", "20", "20"]]
    wrong = _docx(tmp_path / "count.docx", rows, None, "本年举办培训期数达到11期。")
    assert _rules(wrong, "FIG04") == [("FIG04", "11")]
    target = _docx(tmp_path / "target.docx", rows, None, "举办培训期数目标为10期，实际完成12期。")
    assert _rules(target, "FIG04") == []
