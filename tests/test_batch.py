"""Batch drafting of many units and cross-unit consistency."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from conftest import EXAMPLES
from writer.across import Unit, across_rules, check_across
from writer.cli import main
from writer.read.text_reader import read_text

SRC = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")


def _units(folder: Path, n: int, broken: tuple[int, ...]) -> None:
    folder.mkdir()
    for i in range(n):
        t = SRC.replace("单位名称: 中共湛江市委组织部", f"单位名称: 第{i + 1}单位").replace("完成值: 96", f"完成值: {90 + i % 9}")
        if i % 4 == 0:
            t = t.replace("三级指标: 培训人次", "三级指标: 参训人次")
        if i in broken:
            t = t.replace('执行数: "445.00"\n  资金来源', '执行数: 很多\n  资金来源')
        (folder / f"u{i + 1:02d}.yaml").write_text(t, encoding="utf-8")


def test_batch_of_50_with_3_broken(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    units = tmp_path / "units"
    _units(units, 50, (7, 21, 40))
    out = tmp_path / "out"
    assert main(["batch", str(units), "-o", str(out), "--jobs", "2"]) == 1  # some units failed
    captured = capsys.readouterr()
    assert len(list(out.glob("*.docx"))) == 47
    for bad in ("u08", "u22", "u41"):
        assert f"【{bad}】" in captured.err and not (out / f"{bad}.docx").exists()
    assert "u08.yaml 第37行第8列「执行数」" in captured.err
    summary = load_workbook(out / "汇总.xlsx")
    rows = list(summary["汇总"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 50 and sum(1 for r in rows if r[2] == "出错") == 3
    assert rows[1][4] == "100" and rows[1][5] == "优" and rows[1][6] == "100%"
    across = list(summary["跨单位一致性"].iter_rows(min_row=2, values_only=True))
    assert any(r[1] == "TRM11" and r[4] == "参训人次" for r in across)
    # running again drafts nothing that did not change
    assert main(["batch", str(units), "-o", str(out)]) == 1
    assert capsys.readouterr().out.count("未变，跳过") == 47


def test_batch_from_workbook_rows_and_shared_defaults(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = SRC.replace("自评得分: 100\n", "").replace("自评等级: 优\n", "")  # each unit's total is computed
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "项目名称", "资金.全年预算数", "资金.执行数", "资金.到位数", "资金.年初预算数",
               "资金.资金来源.1.预算数", "资金.资金来源.1.执行数", "绩效指标.1.完成值"])
    ws.append(["甲单位", "甲项目", "100", "100", "100", "100", "100", "100", "5000"])
    ws.append([None] * 9)  # a blank row
    ws.append(["乙单位", "乙项目", 200, 150, 200, 200, 200, 150, 4000])
    shared = wb.create_sheet("共同设置")
    shared.append(["基础数据文件", "base.yaml"])
    shared.append(["评价年度", 2024])
    book = tmp_path / "units.xlsx"
    wb.save(book)
    out = tmp_path / "out"
    assert main(["batch", str(book), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert (out / "甲单位.docx").exists() and (out / "乙单位.docx").exists()
    rows = {r[0]: r for r in load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True)}
    assert rows["乙单位"][6] == "75%" and rows["甲单位"][4] == "100"
    assert "units.xlsx“单位”表第4行" in rows["乙单位"][1]
    assert rows["乙单位"][4] == "93.5" and rows["乙单位"][7] > 0 == rows["甲单位"][7]  # 乙 still has 【待补充】
    assert "乙单位" in text


def test_batch_workbook_error_names_the_cell(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "base.yaml").write_text(SRC.replace("自评得分: 100\n", "").replace("自评等级: 优\n", ""), encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "资金.执行数"])
    ws.append(["甲单位", "445"])
    ws.append(["丙单位", "很多"])
    wb.create_sheet("共同设置").append(["基础数据文件", "base.yaml"])
    book = tmp_path / "units.xlsx"
    wb.save(book)
    assert main(["batch", str(book), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "「执行数」应为金额数字" in err and "（即units.xlsx“单位”表B3）" in err


def _doc(name: str, text: str) -> Unit:
    return Unit(name, read_text(Path(f"{name}.txt"), text))


def test_across_terms_grades_and_phrases() -> None:
    common = "某单位2024年度某项目支出绩效自评报告\n一、基本情况\n"
    units = [
        _doc("甲", common + "我校预算执行率为100%。自评得分95分，等级为优。\n"),
        _doc("乙", common + "我校预算执行率为98%。自评得分92分，等级为优。\n"),
        _doc("丙", common + "我单位资金支出率为97%。自评得分93分，等级为优秀。\n"
                           "本项目全年执行数为445.00万元，预算执行率达到了100%，预算资金都已经支出完毕。\n"),
    ]
    found = check_across(units)
    got = {(f.rule, f.excerpt) for f in found["丙"]}
    assert ("TRM12", "资金支出率") in got
    assert ("TRM14", "优秀") in got
    assert ("TRM15", "我单位") in got
    assert any(f.rule == "TRM13" for f in found["丙"])
    assert found["甲"] == [] and found["乙"] == []


def test_check_across_cli(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    common = "某单位2024年度某项目支出绩效自评报告\n一、基本情况\n"
    for name, term in (("a", "预算执行率"), ("b", "预算执行率"), ("c", "资金执行率")):
        (tmp_path / f"{name}.txt").write_text(common + f"本项目{term}为100%。\n", encoding="utf-8")
    main(["check", *(str(tmp_path / f"{n}.txt") for n in "abc"), "--across", "--format", "line"])
    out = capsys.readouterr().out
    assert "c.txt:3:4:TRM12:warning:用语“资金执行率”在多数单位（2个）写作“预算执行率”" in out


def test_batch_31_digit_amount_is_a_located_data_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    units = tmp_path / "units"
    _units(units, 2, ())
    huge = "1234567890123456789012345678901"
    u1 = units / "u01.yaml"
    u1.write_text(u1.read_text(encoding="utf-8").replace('到位数: "445.00"', f'到位数: "{huge}"'), encoding="utf-8")
    assert main(["batch", str(units), "-o", str(tmp_path / "out"), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"u01.yaml 第36行第8列「到位数」金额位数过多（整数部分最多15位），实际为“{huge}” [E100]" in err
    assert "程序出错" not in err


def test_batch_disable_turns_off_document_and_cross_unit_rules(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    units = tmp_path / "units"
    _units(units, 4, ())  # u01 says 参训人次 where the others say 培训人次: a cross-unit finding
    out = tmp_path / "out"
    assert main(["batch", str(units), "-o", str(out), "--jobs", "1"]) == 0
    rows = list(load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    assert any(r[10] for r in rows)  # 跨单位问题
    capsys.readouterr()
    across = {r.id for r in across_rules()}
    assert main(["batch", str(units), "-o", str(out), "--jobs", "1", "--disable", ",".join(sorted(across))]) == 0
    rows = list(load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    assert not any(r[10] for r in rows) and all(r[2] == "已生成" for r in rows)  # redone: the rules changed
    assert main(["batch", str(units), "-o", str(out), "--disable", "FIG99"]) == 2
    assert "--disable 中的规则不存在：FIG99" in capsys.readouterr().err


def test_a_batch_worker_looks_at_each_rubric_file_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker drafts with the rubric files as they were when it started: after the first unit,
    loading the report types stats no file (was every rubric file, twice per unit)."""
    from writer import rubric

    looked: list[Path] = []
    real = rubric._stat_version
    monkeypatch.setattr(rubric, "_stat_version", lambda p: looked.append(p) or real(p))
    monkeypatch.setattr(rubric, "_held", None)
    rubric.load_all()
    assert looked  # without holding, every load looks again
    rubric.hold_file_versions()  # what batch's worker initialiser calls
    rubric.load_all()
    first = len(looked)
    for _ in range(3):
        assert rubric.find("项目支出绩效自评报告") is not None
    assert len(looked) == first
