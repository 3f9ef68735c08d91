"""Wording, grade bands and report types are data: changing YAML changes output, no Python."""
from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, rubric_copy
from writer.cli import main
from writer.pipeline import draft_report

EXAMPLE = EXAMPLES / "project-zhanjiang-2020.yaml"


def test_phrase_overlay_changes_wording(tmp_path: Path) -> None:
    overlay = tmp_path / "agency.yaml"
    overlay.write_text(
        "phrases:\n"
        "  funds.execution:\n"
        "    - text: 全年共支出{{ funds.spent | wan }}，执行率{{ fig.execution_rate | pct }}。\n",
        encoding="utf-8")
    standard = draft_report(EXAMPLE).doc.body
    custom = draft_report(EXAMPLE, phrase_overlay=overlay).doc.body
    assert "预算执行率为100.00%，预算资金已全部支出" in standard
    assert "全年共支出445.00万元，执行率100.00%。" in custom
    assert "预算执行率为100.00%，预算资金已全部支出" not in custom


def test_phrase_overlay_from_cli(tmp_path: Path) -> None:
    overlay = tmp_path / "agency.yaml"
    overlay.write_text("phrases:\n  improve.lead:\n    - text: 下一步，我们将：\n", encoding="utf-8")
    md = tmp_path / "r.md"
    assert main(["draft", str(EXAMPLE), "-o", str(tmp_path / "r.docx"), "--md", str(md),
                 "--phrasebank", str(overlay)]) == 0
    assert "下一步，我们将：" in md.read_text(encoding="utf-8")


def test_grade_band_change_changes_grade(tmp_path: Path) -> None:
    rubrics = rubric_copy(tmp_path, "base.yaml", "{name: 优, min: 90}", "{name: 优, min: 100.5}")
    data = tmp_path / "d.yaml"
    data.write_text(EXAMPLE.read_text(encoding="utf-8").replace("自评等级: 优\n", ""), encoding="utf-8")
    d = draft_report(data, rubric_dir=rubrics)
    assert d.figures.grade == "良"
    assert "自评等级为“良”" in d.doc.body


def test_phrase_without_fallback_is_rejected(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    overlay = tmp_path / "bad.yaml"
    overlay.write_text("phrases:\n  improve.lead:\n    - when: {grade: 优}\n      text: 好\n", encoding="utf-8")
    assert main(["draft", str(EXAMPLE), "-o", str(tmp_path / "r.docx"), "--phrasebank", str(overlay)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml 第3行" in err and "兜底" in err


def test_new_blank_file_lists_every_field_and_reports_what_is_missing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    blank = tmp_path / "blank.yaml"
    assert main(["new", "项目支出绩效自评报告", "-o", str(blank)]) == 0
    text = blank.read_text(encoding="utf-8")
    for key in ("单位名称", "年初预算数", "全年预算数", "到位数", "执行数", "绩效指标", "偏差原因", "公开时间"):
        assert f"{key}:" in text, key
    assert "# 预算单位全称（必填）" in text
    capsys.readouterr()
    assert main(["draft", str(blank), "-o", str(tmp_path / "r.docx")]) == 2
    err = capsys.readouterr().err
    assert "「单位名称」是必填字段" in err and "「年初预算数」是必填字段" in err


def test_new_for_every_type(tmp_path: Path) -> None:
    for name in ("项目支出绩效自评报告", "部门整体支出绩效自评报告", "项目支出绩效评价报告"):
        assert main(["new", name, "-o", str(tmp_path / f"{name}.yaml")]) == 0


def test_types_lists_sections(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["types"]) == 0
    out = capsys.readouterr().out
    assert "项目支出绩效自评报告" in out and "绩效自评结果拟应用和公开情况" in out and "优≥90" in out


def test_missing_explanation_renders_placeholder_and_warns(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8").replace('执行数: "445.00"\n  资金来源', '执行数: "356.00"\n  资金来源')
    text = text.replace('      执行数: "445.00"', '      执行数: "356.00"').replace("自评得分: 100\n", "").replace("自评等级: 优\n", "")
    data = tmp_path / "d.yaml"
    data.write_text(text, encoding="utf-8")
    md = tmp_path / "r.md"
    assert main(["draft", str(data), "-o", str(tmp_path / "r.docx"), "--md", str(md)]) == 0
    err = capsys.readouterr().err
    assert "预算执行率80%低于90%" in err and "资金 → 执行偏差说明" in err
    assert "【待补充：预算执行率80%低于90%" in md.read_text(encoding="utf-8")


def test_a_province_adds_its_own_report_type_without_python(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "rubrics"
    own.mkdir()
    (own / "sichuan_project.yaml").write_text(
        "id: sichuan_project\nname: 部门预算项目支出绩效自评报告\nextends: project_self\n"
        "deviation: {execution_rate_below: 95}\n", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RUBRICS", str(own))
    assert main(["types"]) == 0
    assert "部门预算项目支出绩效自评报告（sichuan_project）" in capsys.readouterr().out
    data = tmp_path / "d.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("报告类型: 项目支出绩效自评报告", "报告类型: 部门预算项目支出绩效自评报告")
    data.write_text(text.replace('执行数: "445.00"\n  资金来源', '执行数: "420.00"\n  资金来源')
                    .replace('      执行数: "445.00"', '      执行数: "420.00"')
                    .replace("自评得分: 100\n", "").replace("自评等级: 优\n", ""), encoding="utf-8")
    d = draft_report(data)
    assert d.rubric.id == "sichuan_project"
    assert any("低于95%" in m.reason for m in d.missing)  # 94.38% is below Sichuan's 95, not the default 90
