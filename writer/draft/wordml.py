"""WordprocessingML text for paragraphs and tables: the body is written as text and parsed
once, because creating it through python-docx's object API costs most of a draft's time."""
from __future__ import annotations

_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                              # characters XML 1.0 forbids are dropped, so the DOCX stays valid
                              **{c: None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}})


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would import urllib, http and email at start-up)."""
    return text.translate(_XML_ESCAPES)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(text: str, bold: bool = False, highlight: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ('<w:highlight w:val="yellow"/>' if highlight else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(style_id: str, runs: str = "", page_break: bool = False, first_line_twips: int | None = None) -> str:
    ppr = f'<w:pStyle w:val="{style_id}"/>'
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if first_line_twips is not None:
        ppr += f'<w:ind w:firstLine="{first_line_twips}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def table(style_id: str, widths: list[int], rows: list[list[str]], merges: dict[tuple[int, int], str],
          spans: dict[tuple[int, int], int] | None = None) -> str:
    """rows: cell contents as paragraph XML; merges: (row, col) → "restart" | "continue" (down);
    spans: (row, col) → how many grid columns the cell covers (across; the covered cells are left out)."""
    spans = spans or {}
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="0" w:type="auto"/>'
           f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for r, cells in enumerate(rows):
        # rows never split over pages; the header row repeats on each page
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if r == 0 else "") + "</w:trPr>")
        covered = 0
        for c, content in enumerate(cells):
            if covered:
                covered -= 1
                continue
            merge = merges.get((r, c))
            vm = "" if merge is None else ('<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>")
            n = spans.get((r, c), 1)
            covered = n - 1
            span = f'<w:gridSpan w:val="{n}"/>' if n > 1 else ""
            # cells centred vertically, as in the national 自评表 (a long reason beside a short score)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[c:c + n])}" w:type="dxa"/>{span}{vm}'
                       f'<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
