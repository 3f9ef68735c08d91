"""Prose that reads as written by a person, and the national 附1 form (issue 9 items 1–3).

Over the three bundled examples and random valid data files of every report type
(tests/draft_variants.py): no formula in the text, no 结余 as the subject of 低于预期, no
“经自评，自评得分”, notes printed as reasons behind a transition, one precision for every computed
percentage, a long title broken between words into even lines, the 附1 form with its fixed rows,
merged rows and column widths, and the project example covering the sections of the real report.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import draft_variants as dv
from conftest import CORPUS, EXAMPLES
from writer.draft import title_lines
from writer.draft.docx_build import _longest_word, build
from writer.pipeline import draft_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROJECT = EXAMPLES / "project-zhanjiang-2020.yaml"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
RUNS = 25  # per report type; the long run is tests/test_one_system.py

# a computed rate as the drafter prints it (targets and results typed in the data are not computed)
COMPUTED_RATE = re.compile(r"(?:到位率为|执行率为|完成率|执行率|得分率为?|占比为?|增长|减少)(\d+(?:\.(\d+))?)%")


def _body(md: str) -> str:
    """The report text without its attachments."""
    return md.split("\n---\n", 1)[0]


def _prose_problems(md: str) -> list[str]:
    body = _body(md)
    out = []
    for para in body.split("\n\n"):
        if "÷" in para and not para.startswith("注："):
            out.append(f"公式写在正文句子中：{para}")
    if m := re.search(r"结余(?:资金)?[\d.,]+万元[，,](?:低于|高于|未达|超过)预期", body):
        out.append(f"主语错位：{m.group(0)}")
    if m := re.search(r"经自评[，,]\s*(?:本项目)?自评得分", body):
        out.append(f"重复：{m.group(0)}")
    places = {len(m.group(2) or "") for m in COMPUTED_RATE.finditer(md)}
    if len(places) > 1:
        out.append(f"百分比精度不一：{sorted(places)} 位小数")
    return out


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_examples_read_as_written_by_a_person(path: Path) -> None:
    md = draft_report(path).doc.markdown()
    assert _prose_problems(md) == []


@pytest.mark.parametrize("kind", sorted(dv.STRATEGIES))
def test_generated_drafts_read_as_written_by_a_person(kind: str, tmp_path: Path) -> None:
    def check(path: Path) -> None:
        md = draft_report(path).doc.markdown()
        assert _prose_problems(md) == [], md

    assert dv.run_generated(kind, RUNS, tmp_path, check) >= RUNS


def test_the_checks_catch_what_the_prose_test_forbids() -> None:
    """The test above can fail: each forbidden form is found in a sentence that has it."""
    bad = ("本项目全年执行数为400.00万元，预算执行率为80%（执行数÷全年预算数），结余100.00万元，低于预期。\n\n"
           "经自评，自评得分90分。资金到位率为100%，完成率103.16%。")
    assert len(_prose_problems(bad)) == 4


def _variant(tmp_path: Path, **funds: str) -> Path:
    data = dv._base("project_self")
    data["资金"].update(funds)
    data["资金"]["资金来源"][0]["执行数"] = data["资金"]["执行数"]
    for key in ("自评得分", "自评等级"):
        data.pop(key, None)
    return dv.write_data(data, tmp_path)


def test_a_note_without_reason_words_follows_a_transition(tmp_path: Path) -> None:
    path = _variant(tmp_path, 执行数="400.00", 执行偏差说明="部分培训班改为线上举办，场地和食宿费用减少。")
    md = draft_report(path).doc.markdown()
    assert "结余资金45.00万元。主要原因是部分培训班改为线上举办" in md
    assert "执行进度低于预期" in md  # the rate is what fell short, not the balance


def test_formula_only_as_a_note_when_the_rubric_asks(tmp_path: Path) -> None:
    d = draft_report(PROJECT)
    assert "÷" not in d.doc.markdown()
    d.rubric.raw["scoring"]["formula_note"] = "true"
    try:
        from writer import phrasebank
        from writer.draft import context, render

        ctx = context.build(d.loaded, d.rubric, d.figures)
        md = render.Renderer(d.rubric, phrasebank.load(), render.make_env()).render(ctx).markdown()
    finally:
        d.rubric.raw["scoring"]["formula_note"] = "false"
    notes = [p for p in md.split("\n\n") if "÷" in p]
    assert notes == ["注：预算执行率＝全年执行数÷全年预算数×100%。"]


def test_one_precision_even_when_one_rate_needs_two_places() -> None:
    md = draft_report(PROJECT).doc.markdown()
    assert "完成率103.16%" in md and "资金到位率为100.00%" in md and "执行率100.00%" in md


# -- the title ---------------------------------------------------------------------------------

def _docx_xml(path: Path) -> etree._Element:
    d = draft_report(path)
    data = build(d.doc, d.rubric.raw["format"])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _title_lines(root: etree._Element) -> list[list[str]]:
    titles = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "Title":
            lines = [""]
            for el in p.iter(f"{W}t", f"{W}br"):
                if el.tag == f"{W}br":
                    lines.append("")
                else:
                    lines[-1] += el.text or ""
            titles.append(lines)
    return titles


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_long_title_broken_between_words_into_even_lines(path: Path) -> None:
    import rjieba

    d = draft_report(path)
    fmt = d.rubric.raw["format"]
    cap = title_lines.line_capacity(fmt)
    titles = _title_lines(_docx_xml(path))
    report = [t for t in titles if "".join(t) == d.doc.title]
    assert len(report) == 2  # on the cover and above the body
    lines = report[0]
    width = title_lines.width
    if width(d.doc.title) <= cap:
        assert lines == [d.doc.title]
        return
    assert len(lines) >= 2 and all(width(x) <= cap for x in lines), lines
    boundaries, pos = set(), 0
    for w in rjieba.cut(d.doc.title):
        pos += len(w)
        boundaries.add(pos)
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        assert pos in boundaries, (lines, "a line break inside a word")
    assert max(map(width, lines)) - min(map(width, lines)) <= 10, lines  # even, or cut between the parts


def test_title_split_examples() -> None:
    breaks = ("(?<=\\d{4}年度)", "(?=部门整体支出)", "(?=项目支出绩效)")
    assert title_lines.split_title("广州市番禺区委党校2023年度部门整体支出绩效自评报告", 20, breaks) == (
        "广州市番禺区委党校2023年度", "部门整体支出绩效自评报告")
    assert title_lines.split_title("某县财政局2025年度项目支出绩效自评报告", 20, breaks) == (
        "某县财政局2025年度项目支出绩效自评报告",)
    long = "湛江市农业农村局2023年度农村人居环境整治提升专项资金项目支出绩效自评报告"
    lines = title_lines.split_title(long, 20, breaks)
    assert "".join(lines) == long and len(lines) == 2 and all(title_lines.width(x) <= 20 for x in lines)


def test_a_title_cut_between_its_parts_without_the_segmenter_is_the_one_the_word_search_finds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The segmenter (rjieba with the thesaurus, ~0.25 s to load) is skipped when no word cut can
    beat the cut between the title's parts; the lines are exactly those the full search gives."""
    import itertools

    breaks = ("(?<=\\d{4}年度)", "(?<=\\d{4}年)(?!度)", "(?=项目支出绩效)", "(?=部门整体支出)",
              "(?=(?:项目)?(?:支出)?绩效(?:自评|评价)报告$)")
    units = ["某县财政局", "中国共产党广州市番禺区委员会党校", "湛江市农业农村局", "某自治县乡村振兴和农业农村局"]
    middles = ["部门整体支出", "农村人居环境整治提升专项资金项目支出", "干部教育培训经费项目支出", "项目支出"]
    ends = ["绩效自评报告", "绩效评价报告"]
    titles = [f"{u}2023年度{m}{e}" for u, m, e in itertools.product(units, middles, ends)]
    titles += [f"2023年度{u}{m}{e}" for u, m, e in itertools.product(units, middles, ends)]
    quick = {(t, c): title_lines.split_title.__wrapped__(t, c, breaks) for t in titles for c in (14, 16, 20, 24)}
    monkeypatch.setattr(title_lines, "_no_word_cut_can_win", lambda *a: False)
    for (t, c), lines in quick.items():
        assert title_lines.split_title.__wrapped__(t, c, breaks) == lines, (t, c)


# -- 附1 as the national form ----------------------------------------------------------------

def _tables(root: etree._Element) -> list[list[list[tuple[str, int, int]]]]:
    """Each table as rows of (text, gridSpan, width twips)."""
    out = []
    for tbl in root.iter(f"{W}tbl"):
        rows = []
        for tr in tbl.findall(f"{W}tr"):
            row = []
            for tc in tr.findall(f"{W}tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                width = int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
                row.append(("".join(t.text or "" for t in tc.iter(f"{W}t")), int(span.get(f"{W}val")) if span is not None else 1,
                            width))
            rows.append(row)
        out.append(rows)
    return out


def test_attachment_1_is_the_national_form(tmp_path: Path) -> None:
    tables = _tables(_docx_xml(PROJECT))
    head = next(t for t in tables if t[0][0][0] == "项目名称")
    assert [c[0] for c in head[0]] == ["项目名称", "全市干部教育培训经费"] and head[0][1][1] == 3
    assert [c[0] for c in head[1]] == ["主管部门", "中共湛江市委组织部", "实施单位", "中共湛江市委组织部"]
    assert [c[0] for c in head[2]][:1] == ["实施周期"] and head[2][1][1] == 3
    funds = next(t for t in tables if t[0][0][0] == "项目资金")
    assert [r[0][0] for r in funds] == ["项目资金", "年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert [c[0] for c in funds[3]] == ["上年结转资金", "—", "0.00", "0.00", "—", "—", "—"]
    indicators = next(t for t in tables if t[0][0][0] == "一级指标" and any(r[0][0] == "总分" for r in t))
    for label in ("预算执行率", "总分"):
        row = next(r for r in indicators if r[0][0] == label)
        assert row[0][1] == 5  # across 一级/二级/三级指标, 指标值, 完成值 as in the form


def test_form_rows_without_sources_are_pending(tmp_path: Path) -> None:
    data = dv._base("project_self")
    del data["资金"]["资金来源"]
    d = draft_report(dv.write_data(data, tmp_path))
    md = d.doc.markdown()
    for name in ("其中：当年财政拨款", "上年结转资金", "其他资金"):
        assert f"| {name} | — | 【待填】 | 【待填】 |" in md
    assert any(m.path == ("funds", "sources") for m in d.missing)  # and `draft` lists it


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_no_word_breaks_inside_a_table_cell(path: Path) -> None:
    """Every cell is at least as wide as its longest word (一级指标, 分值, 【待填】, 实施周期, 当年财政拨款)."""
    d = draft_report(path)
    char = float(d.rubric.raw["format"]["table"]["size_pt"]) * 20
    for table in _tables(_docx_xml(path)):
        for row in table:
            for text, _, width in row:
                assert width >= _longest_word(text) * char + 200  # whole labels up to nine characters when there is room, (text, width)


def test_longest_word_of_a_cell() -> None:
    assert _longest_word("一级指标") == 4
    assert _longest_word("其中：当年财政拨款") == 6
    assert _longest_word("2020年1月1日至2020年12月31日") == 2  # a date range may wrap after 至 (pieces of 7)


# -- project content (item 1) -----------------------------------------------------------------

PROJECT_PARTS = ["项目背景", "项目实施依据", "项目主要内容", "项目实施情况", "项目组织管理", "预期投入",
                 "评价年度项目绩效目标设定情况", "绩效自评工作开展情况", "自评组织", "自评过程", "绩效自评结果",
                 "资金到位情况", "资金执行情况", "资金管理情况", "绩效目标完成情况", "产出指标", "效益指标",
                 "社会效益", "可持续影响", "满意度指标", "主要经验", "存在的问题及偏离绩效目标的原因", "改进意见",
                 "绩效自评结果拟应用和公开情况"]


def _headings(md: str) -> list[str]:
    return [re.sub(r"^#+\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)?", "", h).strip()
            for h in re.findall(r"^#+ .*$", md, re.M)]


def test_project_example_has_the_parts_of_a_real_report() -> None:
    md = draft_report(PROJECT).doc.markdown()
    assert [p for p in PROJECT_PARTS if p not in _headings(md)] == []
    for words in ("本项目为延续性项目", "实施周期为2020年1月1日至2020年12月31日", "资金性质为一般公共预算资金"):
        assert words in md


def test_project_fields_left_to_fill_are_marked(tmp_path: Path) -> None:
    data = dv._base("project_self")
    data.update({"项目属性": "待填", "资金性质": "待填"})
    data["绩效分析"]["社会效益"] = "待填"
    md = draft_report(dv.write_data(data, tmp_path)).doc.markdown()
    assert "本项目为【待填】项目" in md and "资金性质为【待填】" in md
    assert "【待填：社会效益】" in md


@pytest.mark.skipif(not (CORPUS / "zhanjiang-2020-project-training.txt").exists(), reason="corpus not present")
def test_project_example_covers_every_section_of_the_real_report() -> None:
    """Each heading of the real report (numbers and trailing 。 removed) has a drafted heading
    that contains it (the draft may say more: 存在的问题及偏离绩效目标 → …的原因)."""
    real = (CORPUS / "zhanjiang-2020-project-training.txt").read_text(encoding="utf-8")
    heads = re.findall(r"^\s*(?:[一二三四五六七]、|（[一二]）|\d[.．、]\s*|（\d）\s*|\d、\s*)([^。\n]{2,30}?)[。.]?\s*$", real, re.M)
    drafted = _headings(draft_report(PROJECT).doc.markdown())
    missing = [h for h in heads if not any(h.strip() in d or d in h.strip() for d in drafted)]
    assert len(heads) >= 15 and missing == [], missing
    assert len(_body(draft_report(PROJECT).doc.markdown())) >= len(real)  # at least as long as the real one


def test_every_printed_department_and_total_rate_takes_part_in_the_one_precision() -> None:
    """A rate left out of the precision choice is rounded to the others' places (92.11% → 92%)."""
    from writer.draft.context import _levels, _rates

    d = draft_report(EXAMPLES / "department-panyu-2023.yaml")
    rates = _rates(d.figures, _levels(d.rubric, d.figures))
    detail = d.figures.detail
    expected = [detail[k] for k in ("staff_rate", "carryover_rate", "procurement_rate", "sme_share", "fixed_share")]
    expected += [r["rate"] for r in detail["three_public"]["rows"]] + [d.figures.total]
    assert all(x is None or any(x is y for y in rates) for x in expected)
    assert any(x is not None for x in expected)
