"""A stable text dump of a DOCX: style and text per paragraph, table cells, page setup, footers."""
from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def _para(p: Paragraph) -> str:
    marks = ""
    if any(r.font.highlight_color is not None for r in p.runs):
        marks = " [highlight]"
    if p.paragraph_format.page_break_before:
        marks += " [page-break]"
    return f"{p.style.name}{marks}| {p.text}"


def _table(t: Table) -> list[str]:
    """Cells as stored (w:tc), so merges show: 〃 continues the cell above, ⟷N spans N columns."""
    lines = ["<table>"]
    for tr in t._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            cont = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            text = "〃" if cont else "".join(x.text or "" for x in tc.iter(qn("w:t")))
            if tc.grid_span > 1:
                text += f" ⟷{tc.grid_span}"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("</table>")
    return lines


def dump(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    out = []
    for i, s in enumerate(d.sections):
        mm = lambda x: round(x.mm)  # noqa: E731
        out.append(f"section {i}: {mm(s.page_width)}x{mm(s.page_height)} top {mm(s.top_margin)} "
                   f"bottom {mm(s.bottom_margin)} left {mm(s.left_margin)} right {mm(s.right_margin)} "
                   f"footer {mm(s.footer_distance)}")
        for name, f in (("odd", s.footer), ("even", s.even_page_footer)):
            instr = "".join(x.text for x in f._element.iter(qn("w:instrText")))
            text = "".join(p.text for p in f.paragraphs)
            out.append(f"  footer {name}: {text!r} fields {instr.strip()!r}")
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            out.append(_para(block))
        else:
            out.extend(_table(block))
    return "\n".join(out) + "\n"
