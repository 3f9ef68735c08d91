"""DOCX tables are read in one walk of their elements (writer/read/docx_reader._table_rows_one_pass)
where the table is ordinary, part by part otherwise: both must give the same rows and cells on
ordinary and unusual tables (merges, spans, nested tables, text boxes, tracked deletions, content
controls, property changes, stray text), built by hand and generated at random."""
from __future__ import annotations

import random

import pytest
from lxml import etree

from writer.read import docx_reader as R

NS = f'xmlns:w="{R.W}" xmlns:m="{R.NS["m"]}"'


def _tbl(inner: str) -> object:
    return etree.fromstring(f"<w:tbl {NS}>{inner}</w:tbl>", R._PARSER)


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(body: str, pr: str = "") -> str:
    return f"<w:tc>{pr}{body}</w:tc>"


def _seen(rows_cells: tuple) -> tuple:
    rows, cells = rows_cells
    return rows, [(c.row, c.col, c.text, c.element) for c in cells]


ORDINARY = {
    "plain": "<w:tr>" + _tc(_p("指标")) + _tc(_p("完成值")) + "</w:tr><w:tr>" + _tc(_p("培训人次")) + _tc(_p("95%")) + "</w:tr>",
    "merges": "<w:tr>" + _tc(_p("a"), "<w:tcPr><w:vMerge w:val='restart'/></w:tcPr>") + _tc(_p("b"), "<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>")
              + "</w:tr><w:tr>" + _tc(_p(""), "<w:tcPr><w:vMerge/></w:tcPr>") + _tc(_p("c")) + _tc(_p("d"))
              + _tc(_p("e"), "<w:tcPr><w:gridSpan w:val='x'/></w:tcPr>") + "</w:tr>",
    "pieces": "<w:tr>" + _tc("<w:p><w:r><w:t>1</w:t><w:tab/><w:t>2</w:t><w:br/></w:r><m:oMath><m:r><m:t>≥</m:t></m:r></m:oMath></w:p>"
              + _p(" 第二段 ")) + _tc("") + _tc(_p("x"), "<w:tcPr><w:tcW w:w='10'/></w:tcPr>") + "</w:tr>",
    "property after text": "<w:tr>" + "<w:tc>" + _p("后置") + "<w:tcPr><w:gridSpan w:val='3'/></w:tcPr></w:tc>" + "</w:tr>",
    "empty rows": "<w:tblPr/><w:tr/><w:tr>" + _tc(_p("z")) + "</w:tr><w:tr/>",
    "hyperlink and insertion": "<w:tr>" + _tc("<w:p><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
                                             "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p>") + "</w:tr>",
}
UNUSUAL = {
    "nested table": "<w:tr>" + _tc(_p("外") + "<w:tbl><w:tr>" + _tc(_p("内")) + "</w:tr></w:tbl>") + "</w:tr>",
    "tracked deletion": "<w:tr>" + _tc("<w:p><w:r><w:t>留</w:t></w:r><w:del><w:r><w:delText>删</w:delText><w:t>删</w:t></w:r></w:del></w:p>") + "</w:tr>",
    "content control cell": "<w:tr><w:sdt><w:sdtContent>" + _tc(_p("控件")) + "</w:sdtContent></w:sdt>" + _tc(_p("b")) + "</w:tr>",
    "content control paragraph": "<w:tr>" + _tc("<w:sdt><w:sdtContent>" + _p("控件段") + "</w:sdtContent></w:sdt>" + _p("b")) + "</w:tr>",
    "content control row": "<w:sdt><w:sdtContent><w:tr>" + _tc(_p("行")) + "</w:tr></w:sdtContent></w:sdt><w:tr>" + _tc(_p("b")) + "</w:tr>",
    "text box": "<w:tr>" + _tc("<w:p><w:r><w:t>外</w:t><w:pict><w:txbxContent>" + _p("框内") + "</w:txbxContent></w:pict></w:r></w:p>") + "</w:tr>",
    "property change": "<w:tr>" + _tc(_p("a"), "<w:tcPr><w:tcPrChange><w:tcPr><w:vMerge/></w:tcPr></w:tcPrChange></w:tcPr>") + "</w:tr>",
    "two merges": "<w:tr>" + _tc(_p("a"), "<w:tcPr><w:vMerge w:val='restart'/><w:vMerge/><w:gridSpan w:val='2'/><w:gridSpan w:val='3'/></w:tcPr>") + "</w:tr>",
    "two properties": "<w:tr>" + _tc(_p("a"), "<w:tcPr/><w:tcPr><w:vMerge/></w:tcPr>") + "</w:tr>",
    "stray text": "<w:tr><w:tc><w:r><w:t>散</w:t></w:r>" + _p("a") + "<w:t>尾</w:t></w:tc></w:tr>",
    "cell outside a row": _tc(_p("孤")) + "<w:tr>" + _tc(_p("a")) + "</w:tr>",
}


@pytest.mark.parametrize("name", list(ORDINARY))
def test_an_ordinary_table_is_read_in_one_pass_as_part_by_part(name: str) -> None:
    t = _tbl(ORDINARY[name])
    assert _seen(R._table_rows_one_pass(t)) == _seen(R._table_rows_by_part(t))


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_an_unusual_table_is_read_part_by_part(name: str) -> None:
    t = _tbl(UNUSUAL[name])
    with pytest.raises(R._Unusual):
        R._table_rows_one_pass(t)
    assert _seen(R._table_rows(t)) == _seen(R._table_rows_by_part(t))


def test_generated_tables_read_alike_both_ways() -> None:
    pieces = [_p("文"), _p(""), "<w:p/>", "<w:p><w:r><w:tab/><w:br/><w:t>x</w:t></w:r></w:p>",
              "<w:p><w:del><w:r><w:t>删</w:t></w:r></w:del></w:p>", "<w:tbl><w:tr>" + _tc(_p("内")) + "</w:tr></w:tbl>",
              "<w:sdt><w:sdtContent>" + _p("控") + "</w:sdtContent></w:sdt>", "<w:r><w:t>散</w:t></w:r>"]
    props = ["", "<w:tcPr><w:vMerge/></w:tcPr>", "<w:tcPr><w:vMerge w:val='restart'/></w:tcPr>",
             "<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>", "<w:tcPr><w:gridSpan w:val='99'/><w:vMerge w:val='continue'/></w:tcPr>",
             "<w:tcPr><w:vMerge/><w:vMerge w:val='restart'/></w:tcPr>"]
    rnd = random.Random(11)
    one_pass = 0
    for _ in range(400):
        rows = []
        for _r in range(rnd.randint(0, 4)):
            cells = []
            for _c in range(rnd.randint(0, 4)):
                common = rnd.random() < 0.8  # mostly ordinary cells, so both paths are exercised
                body = "".join(rnd.choice(pieces[:4] if common else pieces) for _ in range(rnd.randint(0, 3)))
                cells.append(_tc(body, rnd.choice(props[:5] if common else props)))
            rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
        t = _tbl("".join(rows))
        assert _seen(R._table_rows(t)) == _seen(R._table_rows_by_part(t))
        try:
            R._table_rows_one_pass(t)
            one_pass += 1
        except R._Unusual:
            pass
    assert 50 < one_pass < 400  # both ways were taken
