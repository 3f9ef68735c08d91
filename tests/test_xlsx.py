"""The national 自评表 in Excel: blank workbook, reading merged cells and text-typed numbers,
located errors, and a data file taking its indicator table from a workbook."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from conftest import EXAMPLES
from writer.cli import main
from writer.pipeline import draft_report, load_data


def _filled(tmp_path: Path, **overrides: str) -> Path:
    blank = tmp_path / "blank.xlsx"
    assert main(["new", "项目支出绩效自评报告", "--xlsx", "-o", str(blank)]) == 0
    wb = load_workbook(blank)
    ws = wb.active
    cells = {"A1": "项目支出绩效自评表（2024年度）", "B2": "某市养老服务补贴项目", "B3": "某市民政局",
             "D5": "300.00", "E5": "320", "F5": "288.5", "D6": "300", "E6": "320", "F6": "288.5",
             # numbers typed as text, 一级指标 merged over four rows, blank rows between
             "D12": "补贴发放人数", "E12": "≥1200人", "F12": "1180人", "G12": "50", "H12": "49.17",
             "D13": "发放准确率", "E13": "＝100%", "F13": "100%", "G13": "10",
             "D17": "困难老人生活改善", "E17": "明显改善", "F17": "达成", "G17": "20",
             "D20": "老人满意度", "E20": "≥90%", "F20": 93, "G20": 10}
    cells.update(overrides)
    for ref, value in cells.items():
        ws[ref] = value
    out = tmp_path / "filled.xlsx"
    wb.save(out)
    return out


def test_blank_workbook_has_the_national_layout(tmp_path: Path) -> None:
    blank = tmp_path / "b.xlsx"
    assert main(["new", "项目支出绩效自评报告", "--xlsx", "-o", str(blank)]) == 0
    ws = load_workbook(blank).active
    assert ws["D4"].value == "年初预算数" and ws["E4"].value == "全年预算数" and ws["F4"].value == "全年执行数"
    # the national form's nine columns: the block label 绩效指标, then 一级指标 … 偏差原因分析及改进措施
    assert [ws[f"{c}11"].value for c in "ABCDEFGHI"] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
                                                          "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert "B12:B15" in {str(r) for r in ws.merged_cells.ranges}  # 产出指标 over its four 二级指标
    assert ws["A9"].value == "年度总体目标" and ws["B9"].value == "预期目标" and ws["F9"].value == "实际完成情况"


def test_filled_workbook_imports(tmp_path: Path) -> None:
    book = _filled(tmp_path)
    out = tmp_path / "data.yaml"
    assert main(["import", str(book), "-o", str(out)]) == 0
    loaded, _ = load_data(out)
    d = loaded.data
    assert str(d["funds"]["budget"]) == "320.00" and str(d["funds"]["spent"]) == "288.50"
    rows = d["indicators"]
    assert [r["level1"] for r in rows] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert [r["level2"] for r in rows] == ["数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"]
    assert rows[0]["direction"] == "≥" and str(rows[0]["target"]) == "1200" and rows[0]["measure_unit"] == "人"
    assert str(rows[0]["actual"]) == "1180" and str(rows[3]["actual"]) == "93"
    assert rows[1]["direction"] == "=" and rows[2]["direction"] == "定性"
    assert ("agency",) in loaded.pending  # not in the sheet: marked 待核实, not invented


def test_wrong_cell_is_named(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = _filled(tmp_path, G13="十")
    assert main(["import", str(book), "-o", str(tmp_path / "d.yaml")]) == 2
    err = capsys.readouterr().err
    assert "第1张表（项目支出绩效自评表）G13" in err and "「分值」" in err and "应为数字" in err
    assert not (tmp_path / "d.yaml").exists()


def test_data_file_takes_indicators_from_workbook(tmp_path: Path) -> None:
    _filled(tmp_path, G12="40", H12="", G17="30")  # writes filled.xlsx, which the data file names
    text = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("绩效指标:\n")
    rest = rest[rest.index("\n自评得分"):]
    data = tmp_path / "d.yaml"
    data.write_text(head + "绩效指标: filled.xlsx\n" + rest.replace("自评得分: 100\n", "").replace("自评等级: 优\n", ""),
                    encoding="utf-8")
    d = draft_report(data)
    assert [r.row["name"] for r in d.figures.indicators] == ["补贴发放人数", "发放准确率", "困难老人生活改善", "老人满意度"]
    assert d.figures.indicators[0].score == Decimal("39.33")  # 1180 / 1200 × 40, half-up


def _national_form_filled(tmp_path: Path) -> Path:
    """A blank form from `new --xlsx`, filled as users do: percent-formatted cells, numbers as
    text, targets in every notation, 年度总体目标 written."""
    blank = tmp_path / "blank9.xlsx"
    assert main(["new", "项目支出绩效自评报告", "--xlsx", "-o", str(blank)]) == 0
    wb = load_workbook(blank)
    ws = wb.active
    cells = {"A1": "项目支出绩效自评表（2024年度）", "B2": "某镇农村公路养护项目", "B3": "某镇人民政府",
             "D5": "300.00", "E5": "300", "F5": "288.5", "D6": "300", "E6": "300", "F6": "288.5",
             "B10": "完成全镇农村公路日常养护。", "F10": "全年养护到位，路况良好。",
             "D12": "养护里程", "E12": ">=105公里", "F12": "105公里", "G12": "20",
             "D13": "路面完好率", "E13": "不低于95%", "F13": 0.98, "G13": "10",
             "D14": "养护完成时限", "E14": "不高于12月", "F14": "12月", "G14": "10",
             "D15": "每公里养护成本", "E15": "<=0.3万元", "F15": "0.28万元", "G15": "10",
             "D17": "群众出行条件", "E17": "明显改善", "F17": "达成", "G17": "30",
             "D20": "群众满意度", "E20": "≧90%", "F20": 0.93, "G20": 10}
    for ref, value in cells.items():
        ws[ref] = value
    ws["F13"].number_format = "0%"
    ws["F20"].number_format = "0.00%"
    out = tmp_path / "自评表.xlsx"
    wb.save(out)
    return out


def test_xlsx_import_draft_check_end_to_end(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from writer.check_pipeline import check_document

    book = _national_form_filled(tmp_path)
    data = tmp_path / "data.yaml"
    assert main(["import", str(book), "-o", str(data)]) == 0
    loaded, _ = load_data(data)
    d = loaded.data
    rows = {r["name"]: r for r in d["indicators"]}
    assert rows["养护里程"]["direction"] == "≥" and rows["养护里程"]["target"] == Decimal("105")
    assert rows["养护里程"]["measure_unit"] == "公里"
    assert rows["路面完好率"]["actual"] == Decimal("98")  # 0.98 shown as 98 %
    assert rows["群众满意度"]["direction"] == "≥" and rows["群众满意度"]["actual"] == Decimal("93")
    assert rows["每公里养护成本"]["direction"] == "≤"
    assert d["targets"]["overall"] == ["完成全镇农村公路日常养护。"]
    assert d["achievement_note"] == ["全年养护到位，路况良好。"]
    for source in (data, book):  # the data file, and the workbook drafted directly
        out = tmp_path / f"r-{source.suffix[1:]}.docx"
        assert main(["draft", str(source), "-o", str(out)]) == 0
        findings = check_document(out).findings
        assert [f.rule for f in findings if f.rule != "LEF06"] == [], [(f.rule, f.message) for f in findings]
        text = "\n".join(b.text for b in check_document(out).doc.blocks)
        assert "None" not in text and "项目项目" not in text


def test_xlsx_for_a_type_without_a_form_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "d.xlsx"
    assert main(["new", "部门整体支出绩效自评报告", "--xlsx", "-o", str(out)]) == 2
    assert "没有全国统一的 Excel 自评表样" in capsys.readouterr().err
    assert not out.exists()


def test_uncalculated_formula_names_its_cell(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = _national_form_filled(tmp_path)
    wb = load_workbook(book)
    wb.active["F5"] = "=F6+F7"  # openpyxl saves no cached value: as if never opened in Excel
    wb.save(book)
    assert main(["import", str(book), "-o", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert "F5" in err and "公式" in err


def test_funds_headers_are_read_by_the_words_the_blank_form_writes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """read_form finds the 项目资金 columns by the same words write_blank puts in the sheet
    (_words.yaml self_evaluation_form.funds_columns), so a province's wording is changed once."""
    import io

    from writer import words, xlsx_form

    renamed = ["期初预算数", "调整后预算数", "实际支出数", "分值", "执行率", "得分"]
    monkeypatch.setattr(xlsx_form, "layout", lambda name: renamed if name == "funds_columns" else words.form(name))
    wb = load_workbook(io.BytesIO(xlsx_form.write_blank(tmp_path / "b.xlsx", "2024")))
    ws = wb.active
    assert [ws[f"{c}4"].value for c in "DEF"] == renamed[:3]
    for ref, value in {"B2": "某项目", "D5": "300", "E5": "320", "F5": "288.5", "D6": "300", "E6": "320",
                       "F6": "288.5", "D12": "补贴发放人数", "E12": "≥1200人", "F12": "1180人", "G12": "50"}.items():
        ws[ref] = value
    wb.save(tmp_path / "f.xlsx")
    funds = xlsx_form.read_form(tmp_path / "f.xlsx")["资金"]
    assert (funds["年初预算数"], funds["全年预算数"], funds["执行数"]) == ("300.00", "320.00", "288.50")
