"""`check --data` covers everything the data states (issue 9 item 5).

A drafted DOCX is edited in one place at a time — amounts and rates in the text, indicator values,
targets and scores, 一级 subtotals, the total and grade, 定性 levels, table cells of both
attachment tables, the grade cell, dates (填报日期, 公开时间), names (单位, 项目) and the publication
channel — and each edit must bring at least one finding at error level that points at the
edited paragraph or cell; the untouched draft must bring none.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from conftest import EXAMPLES
from writer.check_pipeline import check_document
from writer.draft.docx_build import build
from writer.pipeline import draft_report

DATA = EXAMPLES / "project-zhanjiang-2020.yaml"
EVAL = EXAMPLES / "evaluation-sample.yaml"

# (kind, paragraph that contains, old, new) — paragraphs; "cell:" kinds edit a table cell instead
TEXT_EDITS = [
    ("年初预算数（正文）", "本项目年初预算数为", "445.00万元", "455.00万元"),
    ("全年预算数（正文）", "本项目全年预算数为", "全年预算数为445.00", "全年预算数为450.00"),
    ("到位数（正文）", "实际到位资金", "实际到位资金445.00", "实际到位资金440.00"),
    ("到位率（正文）", "资金到位率为", "资金到位率为100.00%", "资金到位率为98.00%"),
    ("执行数（正文）", "本项目全年执行数为", "445.00万元", "444.00万元"),
    ("执行率（正文）", "本项目全年执行数为", "预算执行率为100.00%", "预算执行率为99.50%"),
    ("资金来源金额（正文）", "其中：当年财政拨款", "当年财政拨款445.00万元。", "当年财政拨款435.00万元。"),
    ("指标值（正文）", "培训人次：", "≥5000人次", "≥4000人次"),
    ("完成值（正文）", "学员结业率：", "实际完成98%", "实际完成96%"),
    ("完成率（正文）", "学员结业率：", "完成率103.16%", "完成率103.00%"),
    ("指标得分（正文）", "举办党校主体班期数：", "得分10分", "得分9分"),
    ("定性完成等级（正文）", "干部履职能力提升：", "完成等级为“达成”", "完成等级为“部分达成”"),
    ("一级指标小计（正文）", "产出指标分值50分", "得分50分", "得分48分"),
    ("预算执行率得分（正文）", "预算执行率指标分值", "得分10分", "得分9分"),
    ("总分（结论）", "本年度绩效目标总体完成", "自评得分100分", "自评得分98分"),
    ("等级（结论）", "本年度绩效目标总体完成", "自评等级为“优”", "自评等级为“良”"),
    ("填报日期（封面）", "填报日期：", "2021年6月28日", "2021年6月18日"),
    ("评价年度（封面）", "评价年度：", "2020年", "2021年"),
    ("公开时间", "向社会公开", "2021年6月30日", "2021年7月30日"),
    ("单位名称（封面）", "单位（公章）：", "中共湛江市委组织部", "中共湛江市委宣传部"),
    ("项目名称（封面）", "项目名称：", "全市干部教育培训经费", "全市干部培训经费"),
    ("公开方式", "向社会公开", "本单位门户网站", "市财政局网站"),
    # the project fields of issue 9 item 1 that carry names and dates
    ("实施周期（正文）", "本项目为延续性项目", "2020年12月31日", "2020年11月30日"),
    ("实施单位（正文）", "本项目为延续性项目", "由中共湛江市委组织部组织实施", "由湛江市委党校组织实施"),
    ("资金性质（正文）", "本项目为延续性项目", "一般公共预算资金", "政府性基金预算资金"),
    ("实施周期（封面）", "实施周期：", "2020年1月1日", "2020年3月1日"),
]
# (kind, table whose first cell is, row label in column 0 or None for the header row, column, new)
CELL_EDITS = [
    ("附1年初预算数", "项目资金", "年度资金总额", "年初预算数", "455.00"),
    ("附1全年执行数", "项目资金", "年度资金总额", "全年执行数", "440.00"),
    ("附1执行率", "项目资金", "年度资金总额", "执行率", "98.00%"),
    ("附1执行率得分", "项目资金", "年度资金总额", "得分", "9"),
    ("附1资金来源", "项目资金", "其中：当年财政拨款", "全年执行数", "400.00"),
    ("附1上年结转资金（0）", "项目资金", "上年结转资金", "全年预算数", "20.00"),
    ("附1其他资金（0）", "项目资金", "其他资金", "全年执行数", "5.00"),
    ("指标表指标值", "一级指标", "产出指标", "指标值", "≥6000人次"),
    ("指标表完成值", "一级指标", "产出指标", "完成值", "4800人次"),
    ("指标表分值", "一级指标", "产出指标", "分值", "25"),
    ("指标表得分", "一级指标", "产出指标", "得分", "18"),
    ("指标表定性等级", "一级指标", "效益指标", "完成值", "部分达成"),
    ("指标表总分", "一级指标", "总分", "得分", "95"),
    ("指标表等级", "一级指标", "总分", "偏差原因分析及改进措施", "等级：良"),
]


def _draft(data: Path) -> bytes:
    d = draft_report(data)
    return build(d.doc, d.rubric.raw["format"])


@pytest.fixture(scope="module")
def drafted() -> bytes:
    return _draft(DATA)


def _set_paragraph(p, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    text = p.text
    assert old in text, (old, text)
    p.runs[0].text = text.replace(old, new, 1)
    for r in p.runs[1:]:
        r.text = ""


def _edit_text(data: bytes, contains: str, old: str, new: str) -> bytes:
    doc = docx.Document(io.BytesIO(data))
    p = next(p for p in doc.paragraphs if contains in p.text and old in p.text)
    _set_paragraph(p, old, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _edit_cell(data: bytes, first: str, row_label: str, column: str, new: str) -> tuple[bytes, tuple[int, int]]:
    doc = docx.Document(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first
                 and column in [c.text for c in t.rows[0].cells])  # 评价报告: 指标体系表 and 评分表 both open with 一级指标
    header = [c.text for c in table.rows[0].cells]
    col = header.index(column)
    r = next(i for i, row in enumerate(table.rows) if row.cells[0].text == row_label)
    cell = table.rows[r].cells[col]
    _set_paragraph(cell.paragraphs[0], cell.text, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), (r, col)


def _checked(tmp_path: Path, data: bytes, name: str, data_file: Path = DATA):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return check_document(path, data=data_file)


def _serious(checked) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [f for f in checked.findings if f.level in ("error", "warning")]


def _at_paragraph(checked, contains: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    """Errors placed on the (edited) paragraph holding `contains`."""
    return [f for f in checked.findings if f.level == "error" and f.location.block is not None
            and f.location.table is None and contains in checked.doc.blocks[f.location.block].text]


def _at_cell(checked, first: str, at: tuple[int, int]) -> list:  # type: ignore[no-untyped-def,type-arg]
    out = []
    for f in checked.findings:
        if f.level != "error" or f.location.block is None or (f.location.row, f.location.col) != at:
            continue
        block = checked.doc.blocks[f.location.block]
        if block.kind == "table" and block.rows[0][0] == first:
            out.append(f)
    return out


def test_at_least_26_kinds() -> None:
    assert len(TEXT_EDITS) + len(CELL_EDITS) >= 26


def test_untouched_draft_has_no_finding(drafted: bytes, tmp_path: Path) -> None:
    assert _serious(_checked(tmp_path, drafted, "untouched")) == []


@pytest.mark.parametrize("kind,contains,old,new", TEXT_EDITS, ids=[e[0] for e in TEXT_EDITS])
def test_text_edit_is_found(drafted: bytes, tmp_path: Path, kind: str, contains: str, old: str, new: str) -> None:
    checked = _checked(tmp_path, _edit_text(drafted, contains, old, new), "edited")
    assert _at_paragraph(checked, contains), (kind, [(f.rule, f.message) for f in checked.findings])


@pytest.mark.parametrize("kind,first,row_label,column,new", CELL_EDITS, ids=[e[0] for e in CELL_EDITS])
def test_cell_edit_is_found(drafted: bytes, tmp_path: Path, kind: str, first: str, row_label: str, column: str,
                            new: str) -> None:
    edited, at = _edit_cell(drafted, first, row_label, column, new)
    checked = _checked(tmp_path, edited, "edited")
    assert _at_cell(checked, first, at), (kind, [(f.rule, f.message, f.location.short()) for f in checked.findings])


def test_evaluation_report_edits_are_found(tmp_path: Path) -> None:
    """Scores the evaluator gives (得分 in the data) in the 附3 score table."""
    data = _draft(EVAL)
    assert _serious(_checked(tmp_path, data, "untouched", EVAL)) == []
    edited, at = _edit_cell(data, "一级指标", "产出", "得分", "19")
    assert _at_cell(_checked(tmp_path, edited, "edited", EVAL), "一级指标", at)


# ---- 部门整体报告的新内容（机构和人员、收支构成占比、“三公”经费、预决算公开、政府采购、资产管理）
DEPT = EXAMPLES / "department-panyu-2023.yaml"
DEPT_TEXT_EDITS = [
    ("编制数", "核定编制", "核定编制38名", "核定编制40名"),
    ("实有人数", "核定编制", "实有在职人员35人", "实有在职人员36人"),
    ("在职人员控制率", "核定编制", "控制率为92.11%", "控制率为92%"),
    ("收入构成占比", "本年收入合计", "占比93.54%", "占比93.45%"),
    ("支出构成占比", "本年支出合计", "占比33.34%", "占比35.34%"),
    ("“三公”经费支出（正文）", "“三公”经费预算数", "实际支出7.81万元", "实际支出7.18万元"),
    ("“三公”经费较上年（正文）", "“三公”经费预算数", "下降9.08%", "下降8.09%"),
    ("预算公开时间", "部门预算于", "2023年2月10日", "2023年3月10日"),
    ("决算公开时间", "部门预算于", "2024年8月30日", "2024年8月3日"),
    ("预决算公开渠道", "部门预算于", "区政府门户网站“部门预决算”专栏", "区财政局网站"),
    ("政府采购金额", "政府采购预算为", "实际采购金额172.35万元", "实际采购金额127.35万元"),
    ("资产总额", "资产总额为", "2316.48万元", "2361.48万元"),
]
DEPT_CELL_EDITS = [
    ("“三公”经费表支出数", "项目", "公务接待费", "支出数", "1.58"),
    ("“三公”经费表上年数", "项目", "公务用车购置及运行费", "上年支出数", "6.24"),
    ("“三公”经费表合计增减率", "项目", "合计", "较上年增减率", "-9.80%"),
]


@pytest.fixture(scope="module")
def dept_drafted() -> bytes:
    return _draft(DEPT)


def test_untouched_department_draft_has_no_finding(dept_drafted: bytes, tmp_path: Path) -> None:
    assert _serious(_checked(tmp_path, dept_drafted, "untouched", DEPT)) == []


@pytest.mark.parametrize("kind,contains,old,new", DEPT_TEXT_EDITS, ids=[e[0] for e in DEPT_TEXT_EDITS])
def test_department_text_edit_is_found(dept_drafted: bytes, tmp_path: Path, kind: str, contains: str, old: str,
                                       new: str) -> None:
    checked = _checked(tmp_path, _edit_text(dept_drafted, contains, old, new), "edited", DEPT)
    assert _at_paragraph(checked, contains), (kind, [(f.rule, f.message) for f in checked.findings])


@pytest.mark.parametrize("kind,first,row_label,column,new", DEPT_CELL_EDITS, ids=[e[0] for e in DEPT_CELL_EDITS])
def test_department_cell_edit_is_found(dept_drafted: bytes, tmp_path: Path, kind: str, first: str, row_label: str,
                                       column: str, new: str) -> None:
    edited, at = _edit_cell(dept_drafted, first, row_label, column, new)
    checked = _checked(tmp_path, edited, "edited", DEPT)
    assert _at_cell(checked, first, at), (kind, [(f.rule, f.message, f.location.short()) for f in checked.findings])


def test_evaluation_weight_in_indicator_system_edit_is_found(tmp_path: Path) -> None:
    """权重 in the 评价指标体系 table of 二（二） (the first table whose first cell is 一级指标)."""
    edited, at = _edit_cell(_draft(EVAL), "一级指标", "决策", "权重", "15")
    assert _at_cell(_checked(tmp_path, edited, "edited", EVAL), "一级指标", at)


def test_finding_in_a_line_after_a_soft_break_is_placed_on_that_line(tmp_path: Path) -> None:
    """A paragraph whose lines are joined by soft breaks (Shift+Enter in Word): the finding quotes
    the changed figure of the second line, not the characters at the same place in the first."""
    d = docx.Document()
    d.add_paragraph("中共湛江市委组织部2020年度全市干部教育培训经费项目支出绩效自评报告")
    p = d.add_paragraph()
    p.add_run("本项目全年预算数为445.00万元，实际到位资金445.00万元，资金到位率为100.00%，资金均按计划足额到位。")
    p.add_run().add_break()
    p.add_run("本项目全年执行数为440.00万元，预算执行率为100.00%，预算资金已全部支出。")
    out = io.BytesIO()
    d.save(out)
    checked = _checked(tmp_path, out.getvalue(), "soft-break")
    found = [f for f in checked.findings if f.rule == "DAT01"]
    assert len(found) == 1 and found[0].excerpt.startswith("440.00"), [(f.excerpt, f.message) for f in found]
    text = checked.doc.blocks[found[0].location.block].text
    assert text[found[0].location.start:found[0].location.end] == found[0].excerpt


def _check_md(tmp_path: Path, text: str, data: Path = DATA) -> list:  # type: ignore[type-arg]
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return [f for f in check_document(path, data=data).findings if f.rule == "DAT01"]


def test_a_figure_in_a_persons_own_sentence_is_found_by_its_label(tmp_path: Path) -> None:
    """Sentences jixiao did not draft: a figure after a label the templates use (实际到位资金,
    自评得分) is compared; one after words of the person's own is not (no false alarm)."""
    title = "中共湛江市委组织部2020年度全市干部教育培训经费项目支出绩效自评报告\n\n"
    found = _check_md(tmp_path, title + "经核实，实际到位资金440万元，全部用于培训。\n\n"
                      "我部对照指标逐项打分，自评得分98分，等级为优。\n\n"
                      "另有单位自筹资金12万元用于教材印制，满意度调查得分95分。\n")
    assert [(f.excerpt, f.location.line) for f in found] == [("440万元", 3), ("98", 5)], [f.message for f in found]


def test_a_long_paragraph_of_its_own_labels_is_checked_in_linear_time(tmp_path: Path) -> None:
    """100,000 characters of the labels, row names and figures the rule looks for, as one
    paragraph: every label is matched once and its row name looked for in a bounded window."""
    import itertools
    import time

    from writer.checks import data_labels
    from writer.pipeline import figures_only

    expected, _ = data_labels.for_data(figures_only(DATA))
    soup = [w for e in expected for w in (e.key or "", e.glued, e.label, "99", "，") if w]
    text = "".join(itertools.islice(itertools.cycle(soup), 100_000))
    start = time.perf_counter()
    found = _check_md(tmp_path, "# 报告\n\n" + text + "\n")
    assert found and time.perf_counter() - start < 8.0  # linear: well under a second; quadratic: minutes


def _dat01_on_edited_draft(tmp_path: Path, example: str, old: str, new: str) -> list:  # type: ignore[type-arg]
    data = EXAMPLES / f"{example}.yaml"
    text = draft_report(data).doc.markdown()
    assert old in text
    return _check_md(tmp_path, text.replace(old, new, 1), data)


@pytest.mark.parametrize("old, new", [("实际完成34399人次", "实际完成34000人次"),
                                      ("完成率114.66%，得分10分", "完成率114.66%，得分8分"),
                                      ("实际完成34399人次，完成率114.66%", "实际完成34399人次，完成率110.66%")])
def test_a_department_indicator_line_drafted_through_a_macro_is_compared(tmp_path: Path, old: str, new: str) -> None:
    """The department templates print each indicator through a Jinja macro: its figures are
    compared like the project's (the template reader did not follow macros: none was)."""
    found = _dat01_on_edited_draft(tmp_path, "department-panyu-2023", old, new)
    assert len(found) == 1 and found[0].excerpt in new


def test_a_grade_band_sentence_built_with_loop_previtem_is_compared(tmp_path: Path) -> None:
    found = _dat01_on_edited_draft(tmp_path, "evaluation-sample", "80分（含）至90分为良", "80分（含）至95分为良")
    assert len(found) == 1


def test_a_persons_own_table_opening_with_the_project_name_is_not_the_attachment_header(tmp_path: Path) -> None:
    """附1's header table has no header line; a table of one's own that merely starts with
    项目名称 is not it (its header cells were compared with the project's name)."""
    text = draft_report(DATA).doc.markdown() + (
        "\n\n| 项目名称 | 预算数 | 执行数 | 执行率 |\n| --- | --- | --- | --- |\n"
        "| 教材编印 | 20 | 18 | 90% |\n| 场地租用 | 30 | 30 | 100% |\n")
    assert _check_md(tmp_path, text) == []
