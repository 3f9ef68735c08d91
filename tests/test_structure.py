"""Document structure: contents, 摘要, attachments, questionnaires, captions, running headers and
PDF-wrapped lines are recognised and never cause a finding; HTML and merged-cell tables read once."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

import long_report
from writer.check_pipeline import check_document
from writer.read.html_table import html_tables
from writer.read.docx_reader import read_docx
from writer.read.outline import build_outline
from writer.read.text_reader import read_markdown, read_text
from writer import rubric as rubric_mod


def _write(tmp_path: Path, fmt: str) -> Path:
    p = tmp_path / f"long.{'txt' if fmt.startswith('txt') else fmt}"
    if fmt == "docx":
        long_report.to_docx(p)
    elif fmt == "md":
        p.write_text(long_report.to_markdown(), encoding="utf-8")
    else:
        p.write_text(long_report.to_txt(28 if fmt == "txt28" else None), encoding="utf-8")
    return p


@pytest.mark.parametrize("fmt", ["txt", "txt28", "md", "docx"])
def test_full_length_report_gives_only_its_planted_defects(tmp_path: Path, fmt: str) -> None:
    """40+ pages with 目录, 摘要, captions, method sub-headings, merged-cell tables, running headers
    and three 附件 with their own numbering: the findings are the three planted defects, nothing else."""
    assert len(long_report.to_txt()) > 40 * 22 * 28
    found = check_document(_write(tmp_path, fmt)).findings
    assert sorted((f.rule, f.excerpt) for f in found) == sorted(long_report.DEFECTS), [f.message for f in found]


def _outline(text: str, md: bool = False):  # type: ignore[no-untyped-def]
    doc = (read_markdown if md else read_text)(Path("x.md" if md else "x.txt"), text)
    build_outline(doc, rubric_mod.load_all())
    return doc


def test_roles_and_scopes_of_a_long_report() -> None:
    doc = _outline(long_report.to_txt())
    role = {b.text.strip(): (b.role, b.scope) for b in doc.blocks}
    assert role["（一）项目概况" + "…" * 12 + "3"][0] == "toc"
    assert role["项目名称：基层治理能力提升项目"] == ("cover", "") and role[long_report.TITLE][0] == "cover"
    assert role["摘  要"] == ("abstract", "摘要") and role["二、主要结论"] == ("abstract", "摘要")
    assert role["表4-1 资金使用情况表"][0] == "caption" and role["单位：万元"][0] == "caption"
    assert role["附件2：问卷调查报告"] == ("attachment", "附件2")
    assert role[f"1.{long_report.QUESTION}"] == ("questionnaire", "附件2")
    assert role["一、产出指标评分"] == ("attachment", "附件3")
    headings = [b.text for b in doc.blocks if b.kind == "heading" and not b.scope]
    assert headings[0] == "一、基本情况" and "（1）比较法" in headings
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["（1）比较法"].section == "process"  # a method under 二, not a section of its own
    assert by_text["表4-2 绩效指标完成情况表"].kind == "paragraph"


def test_pdf_wrapped_lines_are_joined_and_never_headings() -> None:
    """GB/T 9704 sets 28 characters a line: a full line continues on the next one even when it has
    no punctuation or the next line starts with a digit; a 《 split across lines is one title."""
    text = ("某单位2024年度某项目支出绩效自评报告\n一、基本情况\n"
            "本项目依据《某市基层治理能力提升三年行动计划（2023—2025\n年）》组织实施，年度内在东城街道和西岭镇分别举办专题\n"
            "培训班次和现场观摩活动，累计覆盖村社区一百二十六个和街\n道网格员队伍全部人员，有效提升了基层治理工作的规范化水\n"
            "平。\n二、存在的问题\n部分站点信息采集更新不及时，台账与系统数据之间仍存在差\n"
            "异，需要建立定期比对机制并明确各环节的责任分工和完成时\n限要求。\n— 2 —\n")
    doc = _outline(text)
    paras = [b.text for b in doc.blocks]
    assert paras[2].startswith("本项目依据《") and paras[2].endswith("规范化水平。")
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["一、基本情况", "二、存在的问题"]
    assert not [f for f in check_document_text(text) if f.rule in ("PUN01", "SEC03", "NUM01", "NUM02")]


def check_document_text(text: str):  # type: ignore[no-untyped-def]
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "w.txt"
        p.write_text(text, encoding="utf-8")
        return check_document(p).findings


def test_toc_without_contents_heading_and_attachment_numbering() -> None:
    text = ("某单位2024年度某项目支出绩效自评报告\n一、基本情况……………………2\n二、存在的问题…………………5\n"
            "三、改进意见……………………6\n一、基本情况\n本项目用于培训。\n二、存在的问题\n培训形式单一。\n三、改进意见\n"
            "丰富培训形式。\n附件1\n一、调查说明\n面向学员发放问卷。\n二、调查结果\n满意率为94%。\n"
            "附件2：评分表\n一、评分办法\n按完成比例计分。\n")
    found = check_document_text(text)
    assert not [f for f in found if f.rule.startswith(("NUM", "SEC02", "SEC03"))], [f.message for f in found]


def test_html_table_spans_expand_once() -> None:
    (rows, cells), = html_tables('<table><tr><th>一级</th><th colspan="2">指标</th></tr>'
                                 '<tr><td rowspan="2">产出</td><td>数量</td><td>20</td></tr>'
                                 '<tr><td>质量</td><td>10</td></tr></table>')
    assert rows == [["一级", "指标", ""], ["产出", "数量", "20"], ["", "质量", "10"]]
    assert (2, 1, "质量") in cells and len(cells) == 7


def test_markdown_html_table_is_checked_as_a_table(tmp_path: Path) -> None:
    p = tmp_path / "t.md"
    p.write_text("# 某单位2024年度某项目支出绩效自评报告\n\n<table>\n<tr><th>一级指标</th><th>三级指标</th>"
                 "<th>分值</th><th>得分</th></tr>\n<tr><td rowspan=\"2\">产出指标</td><td>培训人次</td><td>50</td>"
                 "<td>50</td></tr>\n<tr><td>培训期数</td><td>30</td><td>30</td></tr>\n<tr><td>满意度指标</td>"
                 "<td>学员满意度</td><td>10</td><td>10</td></tr>\n<tr><td colspan=\"2\">合计</td><td>100</td>"
                 "<td>90</td></tr>\n</table>\n", encoding="utf-8")
    found = check_document(p).findings
    assert [f.message for f in found if f.rule == "SCO01"] == ["评分表各指标分值合计为90，应为100"]


def test_docx_cells_merged_across_columns_keep_columns_aligned(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=4)
    for c, text in enumerate(["指标", "", "分值", "得分"]):
        t.cell(0, c).text = text
    for c, text in enumerate(["合计", "", "100", "92"]):
        t.cell(1, c).text = text
    t.cell(0, 0).merge(t.cell(0, 1))
    t.cell(1, 0).merge(t.cell(1, 1))
    p = tmp_path / "m.docx"
    d.save(str(p))
    table = next(b for b in read_docx(p).blocks if b.kind == "table")
    assert table.rows == [["指标", "", "分值", "得分"], ["合计", "", "100", "92"]]


def test_contents_without_page_numbers() -> None:
    """目录 whose entries lost their page numbers, and a contents list with no 目录 line at all:
    neither becomes a run of empty sections."""
    entries = "一、基本情况\n（一）项目概况\n（二）绩效目标\n二、存在的问题\n三、改进意见\n"
    body = ("一、基本情况\n（一）项目概况\n本项目用于培训。\n（二）绩效目标\n完成培训任务。\n二、存在的问题\n"
            "培训形式单一。\n三、改进意见\n丰富培训形式。\n")
    for contents in ("目录\n摘要\n" + entries + "附件1.问卷\n", entries + "四、附件\n"):
        text = "某单位2024年度某项目支出绩效自评报告\n" + contents + body
        doc = _outline(text)
        assert [b.role for b in doc.blocks[1:7]] == ["toc"] * 6, contents
        found = check_document_text(text)
        assert not [f for f in found if f.rule in ("SEC03", "NUM01", "NUM02")], [f.message for f in found]


def test_numbered_statement_is_not_an_empty_section() -> None:
    text = ("某单位2024年度某项目支出绩效自评报告\n一、资金下达情况\n（一）本年度共下达专项资金105万元用于实施村级产业配套设施建设项目\n"
            "（二）本年度项目绩效目标为保障灌区内农田灌溉用水和设施正常运行\n二、存在的问题\n进度偏慢。\n")
    assert not [f for f in check_document_text(text) if f.rule == "SEC03"]


def test_form_cells_one_a_line_are_not_headings() -> None:
    """A 自评表 pasted one cell a line: a cell that happens to name a section is not a heading."""
    text = ("某单位2024年度某项目支出绩效自评表\n项目名称\n基层治理能力提升项目\n项目资金\n年初预算数\n全年预算数\n"
            "全年执行数\n200\n200\n193\n年度总体目标\n完成基层治理专题培训\n")
    doc = _outline(text)
    assert not [b.text for b in doc.blocks if b.kind == "heading"]


def test_word_contents_with_tabs(tmp_path: Path) -> None:
    """Word's own contents: entry, tab, page number (no leaders in the text)."""
    d = docx.Document()
    for t in ["某单位2024年度某项目支出绩效自评报告", "目录", "一、基本情况\t1", "（一）项目概况\t1", "二、存在的问题\t2",
              "三、改进意见\t2", "一、基本情况", "（一）项目概况", "本项目用于培训。", "二、存在的问题", "培训形式单一。",
              "三、改进意见", "丰富培训形式。"]:
        d.add_paragraph(t)
    p = tmp_path / "toc.docx"
    d.save(str(p))
    found = check_document(p).findings
    assert not [f for f in found if f.rule.startswith(("NUM", "SEC02", "SEC03", "SEC04"))], [f.message for f in found]


def test_a_sentence_about_an_attachment_is_not_one() -> None:
    text = ("某单位2024年度某项目支出绩效自评报告\n一、基本情况\n本项目用于培训。\n附件1中的评分表显示满意度较高\n"
            "二、存在的问题\n培训形式单一。\n附件1：评分表\n一、评分办法\n按完成比例计分。\n")
    doc = _outline(text)
    role = {b.text: (b.role, b.scope) for b in doc.blocks}
    assert role["附件1中的评分表显示满意度较高"] == ("body", "") and role["二、存在的问题"] == ("body", "")
    assert role["附件1：评分表"] == ("attachment", "附件1") and role["一、评分办法"] == ("attachment", "附件1")
