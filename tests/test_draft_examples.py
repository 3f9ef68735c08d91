"""Every bundled example drafts into a DOCX with the rubric's sections, format and figures."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn

from conftest import EXAMPLES, GOLDEN, assert_golden
from docx_dump import dump
from writer import money
from writer.draft.docx_build import build
from writer.numbering import parse_marker
from writer.pipeline import draft_report

CASES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module", params=CASES)
def drafted(request):  # type: ignore[no-untyped-def]
    d = draft_report(EXAMPLES / f"{request.param}.yaml")
    data = build(d.doc, d.rubric.raw["format"])
    return request.param, d, data, docx.Document(io.BytesIO(data))


def _headings(doc: docx.document.Document) -> list[tuple[int, str]]:
    out = []
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading "):
            out.append((int(p.style.name.split()[-1]), p.text))
    return out


def test_required_sections_in_order_with_generated_numbers(drafted) -> None:  # type: ignore[no-untyped-def]
    name, d, _, doc = drafted
    heads = _headings(doc)
    texts = [t[len(parse_marker(t).text):] if parse_marker(t) else t for _, t in heads]
    positions = []
    for s in d.rubric.sections:
        if not s.required:
            continue
        hit = [i for i, t in enumerate(texts) if t == s.title]
        assert hit, f"{name}: required section {s.title} missing"
        positions.append(hit[0])
    assert positions == sorted(positions), f"{name}: sections out of order"
    # numbering: each level counts 1, 2, 3 … and restarts under a new parent
    counters = [0, 0, 0, 0]
    for level, text in heads:
        num = parse_marker(text)
        assert num is not None and num.standard and num.level == level, text
        counters[level - 1] += 1
        counters[level:] = [0] * (4 - level)
        assert num.value == counters[level - 1], text


def test_gb9704_format(drafted) -> None:  # type: ignore[no-untyped-def]
    _, _, _, doc = drafted
    normal = doc.styles["Normal"]
    rfonts = normal.element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    for s in doc.sections:
        assert (round(s.top_margin.mm), round(s.bottom_margin.mm), round(s.left_margin.mm),
                round(s.right_margin.mm)) == (37, 35, 28, 26)
        assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    body = doc.sections[-1]
    for footer in (body.footer, body.even_page_footer):
        instr = "".join(x.text for x in footer._element.iter(qn("w:instrText")))
        assert "PAGE" in instr
    assert doc.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert "linesAndChars" not in doc.sections[-1]._sectPr.xml  # breaks LibreOffice previews


def test_indicator_table_has_merged_cells_and_repeated_header(drafted) -> None:  # type: ignore[no-untyped-def]
    _, _, _, doc = drafted
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "一级指标"]
    assert tables
    t = tables[-1]
    assert t._tbl.xpath(".//w:vMerge"), "一级/二级指标 cells are not merged"
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def _body_text(doc: docx.document.Document) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_figures_in_text_equal_computed(drafted) -> None:  # type: ignore[no-untyped-def]
    name, d, _, doc = drafted
    text = _body_text(doc)
    f = d.figures
    rates = re.findall(r"预算执行率为(\d+(?:\.\d+)?)%", text)
    assert rates and all(Decimal(r) == f.execution_rate for r in rates), (name, rates)
    totals = re.findall(r"得分(\d+(?:\.\d+)?)分，(?:自评|评价)等级为“(.)”", text)
    assert totals == [(money.fmt_number(f.total), f.grade)]
    # every indicator sentence states the computed score
    for r in f.indicators:
        m = re.search(re.escape(r.row["name"]) + r"：[^。]*?得分(\d+(?:\.\d+)?)分", text)
        if m:
            assert Decimal(m.group(1)) == r.score, r.row["name"]
    # the indicator table's 得分 column equals the computed scores, and 总分 the total
    table = [t for t in doc.tables if t.rows[0].cells[0].text == "一级指标"][-1]
    header = [c.text for c in table.rows[0].cells]
    col = header.index("得分")
    scores = [Decimal(row.cells[col].text) for row in table.rows[1:1 + len(f.indicators)]]
    assert scores == [r.score for r in f.indicators]
    last = table.rows[-1].cells
    assert last[0].text == "总分" and Decimal(last[col].text) == f.total
    # one-level subtotals stated in the text add up to the total
    subtotal = f.execution_score + sum(Decimal(x) for x in re.findall(r"指标分值\d+分，得分(\d+(?:\.\d+)?)分", text)[:len(f.level_scores)])
    assert subtotal == f.total or not f.level_scores


def test_golden_dump(drafted) -> None:  # type: ignore[no-untyped-def]
    name, _, data, _ = drafted
    assert_golden(GOLDEN / "draft" / f"{name}.docx.txt", dump(data))


def test_golden_markdown(drafted) -> None:  # type: ignore[no-untyped-def]
    name, d, _, _ = drafted
    assert_golden(GOLDEN / "draft" / f"{name}.md", d.doc.markdown())
