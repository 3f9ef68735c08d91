"""Import reviews what it carries over: jixiao's own check runs on the draft of the import; faults of
form are fixed and listed, the author's faults are kept word for word with a 【待核实：…（RULE）】
mark, so `check` on the draft reports only placeholders (LEF06) — and again reports the fault once
the mark is deleted without fixing it."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from writer.check_pipeline import check_document, read_document
from writer.cli import main
from writer.importer import import_report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from import_fidelity import docx_from_txt  # noqa: E402

REPORT = """【字体：大 中 小】打印
2024年度某县乡村道路养护项目支出绩效自评报告
一、基本情况
（一）项目概况
本项目对全县乡村道路开展日常养护，截止2024年底共养护道路120公里。
（二）项目绩效目标
总体目标：保障乡村道路安全畅通。
二、绩效自评工作开展情况
县交通运输局成立自评小组，收集整理养护台账和验收资料资料，对照指标逐项打分。
三、绩效自评结果
自评得分92分，等级为优。
四、项目资金使用绩效
（一）资金投入情况
本项目全年预算数200万元，资金到位200万元，全年执行190万元。
（二）绩效目标完成情况
2.全年完成路面修补面积3000平方米，养护里程达到计划要求。
五、主要经验、存在的问题和偏离绩效目标的原因分析
养护人员不足，部分路段巡查不及时，雨季路面损坏修复较慢。
养护人员不足，部分路段巡查不及时，雨季路面损坏修复较慢。
六、改进意见
增加养护人员，建立巡查台账。
七、绩效自评结果拟应用和公开情况
自评结果于2025年6月30日前在县政府门户网站公开。
评价结果将作为下年度安排养护资金的依据，并按照《关于加强农村公路养护管理
"""


def _half_width(text: str) -> str:
    return text.translate(str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")"}))


def _source(kind: str, tmp_path: Path) -> Path:
    txt = tmp_path / "旧报告.txt"
    txt.write_text(_half_width(REPORT) if kind == "half" else REPORT, encoding="utf-8")
    return docx_from_txt(txt, tmp_path / "旧报告.docx") if kind == "docx" else txt


def _draft_and_check(data: Path, tmp_path: Path) -> tuple[str, list[tuple[str, str]]]:
    out = tmp_path / "草稿.docx"
    assert main(["draft", str(data), "-o", str(out), "--force"]) == 0
    text = "\n".join(b.text for b in read_document(out).blocks)
    return text, [(f.rule, f.excerpt) for f in check_document(out).findings if f.rule != "LEF06"]


@pytest.mark.parametrize("kind", ["txt", "half", "docx"])
def test_carried_faults_are_marked_or_fixed(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _source(kind, tmp_path)
    data = tmp_path / "data.yaml"
    assert main(["import", str(src), "-o", str(data)]) == 0
    said = capsys.readouterr().out
    yaml_text = data.read_text(encoding="utf-8")
    # the author's words stay, each with its reason and rule
    assert "截止2024年底共养护道路120公里。【待核实：原文如此，搭配不当“截止”" in yaml_text
    assert "验收资料资料" in yaml_text and "词语“资料”重复（DUP01）】" in yaml_text
    assert "按照《关于加强农村公路养护管理【待核实：原文如此，在此处中断，缺少与“《”配对的“》”（PUN01）】" in yaml_text
    # faults of form: fixed and said so
    assert "删去原文段首序号“2.”" in said and "删去与前文完全相同的重复段落" in said
    assert yaml_text.count("养护人员不足") == 1
    assert "全年完成路面修补面积3000平方米" in yaml_text and "2.全年完成" not in yaml_text
    assert "字体" not in yaml_text  # page chrome is not report text
    assert "原文中有 3 处问题" in said
    text, other = _draft_and_check(data, tmp_path)
    assert other == []
    assert "截止2024年底共养护道路120公里。" in text and "【待核实：原文如此" in text


def test_deleting_a_mark_brings_the_finding_back(tmp_path: Path) -> None:
    """The mark stands for its fault only while it is there: delete it, and check reports the fault."""
    src = _source("txt", tmp_path)
    data = tmp_path / "data.yaml"
    assert main(["import", str(src), "-o", str(data)]) == 0
    bare = re.sub(r"【待核实：原文如此[^】]*】", "", data.read_text(encoding="utf-8"))
    data.write_text(bare, encoding="utf-8")
    _, other = _draft_and_check(data, tmp_path)
    assert sorted(rule for rule, _ in other) == ["DUP01", "PUN01", "TRM04"]


def test_a_mark_folds_only_the_rule_it_names_in_its_own_sentence(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "一、基本情况\n\n"
        "截止2024年底完成。【待核实：原文如此，搭配不当“截止”（TRM04）】\n\n"
        "截止2024年6月完成。【待核实：原文如此，另一问题（DUP01）】\n\n"
        "截止2024年9月完成。下一句没有标记。【待核实：原文如此，搭配不当“截止”（TRM04）】\n",
        encoding="utf-8")
    found = [(f.rule, f.location.line) for f in check_document(report).findings if f.rule == "TRM04"]
    assert found == [("TRM04", 5), ("TRM04", 7)]


def test_import_review_can_be_switched_off_for_a_raw_reading(tmp_path: Path) -> None:
    src = _source("txt", tmp_path)
    raw = import_report(src, review=False)
    assert raw.warnings == [] and raw.carried_marks() == 0
    reviewed = import_report(src)
    assert reviewed.carried_marks() == 3 and len(reviewed.warnings) == 2


_TOTALS = """某县高标准农田建设资金绩效评价报告
一、基本情况
本项目全年预算数200万元，其中：中央资金150万元，县级资金60万元。资金到位200万元，全年执行190万元。
三、综合评价情况及评价结论
评分表如下：
{table}
六、有关建议
加强项目进度管理。
"""
_SCORE_ROWS = [
    ["一级指标", "二级指标", "三级指标", "分值", "目标值", "实际值", "得分"],
    ["决策", "项目立项", "立项依据充分性", "20", "依据充分", "达成", "20"],
    ["决策", "", "", "20", "", "", "18"],
    ["过程", "资金管理", "资金到位率", "20", "100%", "100%", "20"],
    ["过程", "", "", "20", "", "", "20"],
    ["产出", "产出数量", "新建高标准农田面积", "40", "≥2万亩", "1.8万亩", "36"],
    ["产出", "", "", "40", "", "", "36"],
    ["效益", "社会效益", "受益农户满意度", "20", "≥90%", "95%", "20"],
    ["效益", "", "", "20", "", "", "20"],
    ["合计", "", "", "100", "", "", "95"],
]


@pytest.mark.parametrize("sep", ["|", "\t"])
def test_totals_that_disagree_with_their_parts_are_imported_as_pending(sep: str, tmp_path: Path) -> None:
    """Funds by source in the text, 一级 subtotal rows and the table's 合计 against the rows: each
    disagreement is imported as written with a 待核实 note saying which sum disagrees, the total
    itself 待核实 where the draft would otherwise print a figure its own parts contradict."""
    src = tmp_path / "评价报告.txt"
    src.write_text(_TOTALS.format(table="\n".join(sep.join(r) for r in _SCORE_ROWS)), encoding="utf-8")
    data = tmp_path / "data.yaml"
    assert main(["import", str(src), "-o", str(data)]) == 0
    text = data.read_text(encoding="utf-8")
    assert "原文为“200”，各资金来源预算数合计210.00万元，与全年预算数200.00万元不一致" in text
    assert "原文一级指标“决策”小计得分18分，其下各项得分合计20分" in text
    assert "原文为“95”，自评得分按各指标计算应为96分" in text
    from writer.pipeline import load_data

    loaded, _ = load_data(data)
    assert ("funds", "budget") in loaded.pending and ("stated_total",) in loaded.pending
    assert [s["name"] for s in loaded.data["funds"]["sources"]] == ["中央资金", "县级资金"]
    _, other = _draft_and_check(data, tmp_path)
    assert other == []


def test_department_income_that_disagrees_with_its_parts(tmp_path: Path) -> None:
    src = tmp_path / "部门.txt"
    src.write_text("某县林业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n（一）部门职能\n负责全县林业资源保护。\n"
                   "二、绩效自评情况\n（一）自评结论\n"
                   "2024年度本年收入合计100万元，其中：财政拨款收入80万元，其他收入30万元。"
                   "本年支出合计95万元，其中：基本支出60万元，项目支出35万元。\n"
                   "三、存在的主要问题\n资金使用进度偏慢。\n四、下一步改进措施\n加快资金支出进度。\n", encoding="utf-8")
    data = tmp_path / "data.yaml"
    assert main(["import", str(src), "-o", str(data)]) == 0
    text = data.read_text(encoding="utf-8")
    assert "待核实：原文为“100”，各项合计110.00万元，与「本年收入」100.00万元不一致" in text
    assert '本年支出: "95.00"' in text  # 60 + 35 = 95: kept
    _, other = _draft_and_check(data, tmp_path)
    assert other == []


def test_review_of_a_report_repeated_thousands_of_times_stays_linear(tmp_path: Path) -> None:
    """A page printed 2,500 times (a bad PDF export): every copy is found and marked, and the
    review locates each distinct text once — 36 s before, about 4 s now; 20 s of CPU is generous."""
    import time

    page = "一、基本情况\n项目预算100万元，实际支出95万元，预算执行率95%。\n二、存在的问题\n无。\n"
    src = tmp_path / "重复.txt"
    src.write_text(page * 2500, encoding="utf-8")
    start = time.process_time()
    assert main(["import", str(src), "-o", str(tmp_path / "d.yaml")]) == 0
    took = time.process_time() - start
    assert took < 20, f"import review took {took:.1f} s of CPU on 10,000 lines"


def test_import_of_a_text_file_over_the_size_limit_is_refused_at_once(tmp_path: Path) -> None:
    """TXT is read by the importer itself: the input-size limit applies there too (E510, exit 2)."""
    import os
    import subprocess

    (tmp_path / "lim.yaml").write_text("input_bytes: 1000\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x" * 2000, encoding="utf-8")
    env = {**os.environ, "JIXIAO_LIMITS": str(tmp_path / "lim.yaml")}
    r = subprocess.run([sys.executable, "-m", "writer", "import", "a.txt", "-o", "d.yaml"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "a.txt 超过输入文件大小上限" in r.stderr and not (tmp_path / "d.yaml").exists()


def test_a_removed_point_number_is_quoted_as_the_source_wrote_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The source wrote “2、”; import writes points “2.” before the review takes the number off, and
    the message used to quote that (“删去原文段首序号“2.””)."""
    src = tmp_path / "旧报告.txt"
    src.write_text(REPORT.replace("2.全年完成", "2、全年完成"), encoding="utf-8")
    assert main(["import", str(src), "-o", str(tmp_path / "d.yaml")]) == 0
    said = capsys.readouterr().out
    assert "删去原文段首序号“2、”" in said and "“2.”" not in said


def test_a_finding_pointing_outside_its_table_is_not_located() -> None:
    """A table finding whose row or cell is out of range is skipped (it raised IndexError)."""
    from writer.findings import Finding, Location
    from writer.import_review import _span
    from writer.read.document import Block, Document

    table = Block(0, "table", "a\tb", rows=[["a", "b"]])
    doc = Document("x.docx", "docx", [table])

    def at(row: int, col: int) -> Finding:
        return Finding("X01", "x", "warning", "m", Location(0, None, "", 0, row, col, 0, 1), "a")

    assert _span(doc, at(0, 0)) == ("a", 0, 1)
    assert _span(doc, at(1, 0)) is None and _span(doc, at(0, 2)) is None


def test_the_report_frame_is_found_once_per_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """frame_of may take a title off a paragraph; the structure and fields stages used to run it each."""
    from writer import importer

    calls = []
    real = importer.frame_of
    monkeypatch.setattr(importer, "frame_of", lambda doc: calls.append(doc) or real(doc))
    src = tmp_path / "旧报告.txt"
    src.write_text(REPORT, encoding="utf-8")
    assert main(["import", str(src), "-o", str(tmp_path / "d.yaml")]) == 0
    assert len(calls) == 1
