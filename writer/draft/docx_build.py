"""DraftDoc (numbered Markdown) → python-docx Document on named GB/T 9704 styles.

Markdown is parsed by markdown-it-py (with tables); each block becomes a paragraph on a
named style or a table. Cover on its own unnumbered section; body numbered "— N —" from 1,
odd pages right and even pages left; each 附件 on a new page, numbering continued.
"""
from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from decimal import Decimal
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import docx_style
from .render import DraftDoc

_MD = MarkdownIt("commonmark").enable("table")
_HEADING_STYLE = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4"}


def _placeholder_re(fmt: dict[str, Any]) -> re.Pattern[str]:
    prefixes = "|".join(re.escape(p) for p in fmt["placeholder_prefixes"])
    return re.compile(rf"【(?:{prefixes})[^】]*】")


@lru_cache(maxsize=8)
def _styled_base(fmt_json: str) -> bytes:
    """An empty document with the GB/T 9704 styles applied, made once per format."""
    d = docx.Document()
    docx_style.apply(d, json.loads(fmt_json))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


class Builder:
    def __init__(self, fmt: dict[str, Any]) -> None:
        self.fmt = fmt
        self.doc: Document = docx.Document(io.BytesIO(_styled_base(json.dumps(fmt, sort_keys=True))))
        self.placeholder = _placeholder_re(fmt)
        self.highlight = str(fmt.get("highlight_placeholders", "true")).lower() == "true"
        self.merge_headers = set(fmt["table"]["merge_columns"])
        self._style_ids: dict[str, str] = {}

    # -- paragraphs and runs ------------------------------------------------------------
    def paragraph(self, style: str) -> Paragraph:
        p = self.doc.add_paragraph()
        p._p.style = self._style_id(style)  # by id: python-docx's name lookup rescans all styles
        return p

    def _style_id(self, name: str) -> str:
        sid = self._style_ids.get(name)
        if sid is None:
            sid = self._style_ids[name] = self.doc.styles[name].style_id
        return sid

    def add_text(self, p: Paragraph, text: str, bold: bool = False) -> None:
        pos = 0
        for m in self.placeholder.finditer(text):
            if m.start() > pos:
                p.add_run(text[pos:m.start()]).bold = bold or None
            run = p.add_run(m.group(0))
            run.bold = bold or None
            if self.highlight:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            pos = m.end()
        if pos < len(text):
            p.add_run(text[pos:]).bold = bold or None

    def add_inline(self, p: Paragraph, token: Token) -> None:
        bold = False
        for child in token.children or []:
            if child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            elif child.type == "text":
                self.add_text(p, child.content, bold)
            elif child.type == "softbreak":
                self.add_text(p, "", bold)
            elif child.type == "hardbreak":
                p.add_run().add_break()
            elif child.type == "code_inline":
                self.add_text(p, child.content, bold)

    # -- blocks -------------------------------------------------------------------------
    def markdown(self, md: str) -> None:
        tokens = _MD.parse(md)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                p = self.paragraph(_HEADING_STYLE.get(tok.tag, "Heading 4"))
                self.add_inline(p, tokens[i + 1])
                i += 3
            elif tok.type == "paragraph_open":
                inline = tokens[i + 1]
                kinds = [c.type for c in inline.children or [] if c.type != "text" or c.content]
                caption = kinds == ["strong_open", "text", "strong_close"]  # a bold line alone
                p = self.paragraph(docx_style.TABLE_CAPTION if caption else "Normal")
                self.add_inline(p, inline)
                i += 3
            elif tok.type == "table_open":
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self.table(tokens[i:end + 1])
                i = end + 1
            else:
                i += 1

    def table(self, tokens: list[Token]) -> None:
        rows: list[list[Token]] = []
        for tok in tokens:
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type == "inline":
                rows[-1].append(tok)
        ncols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        bold_header = str(self.fmt["table"].get("header_bold", "true")).lower() == "true"
        for r_index, (row, cells) in enumerate(zip(table.rows, rows)):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if r_index == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))  # repeat the header row on each page
            for cell, tok in zip(row.cells, cells):  # row.cells: fast path (docx-format.md §2.3)
                p = cell.paragraphs[0]
                p._p.style = self._style_id(docx_style.TABLE_TEXT)
                self.add_inline(p, tok)
                if r_index == 0 and bold_header:
                    for run in p.runs:
                        run.bold = True
        text = [[t.content for t in r] for r in rows]
        self._widths(table, text)
        self._merge(table, text)

    def _widths(self, table: Any, text: list[list[str]]) -> None:
        """Share the type area's width by each column's longest text (clamped), so that
        三级指标 and 偏差原因 get room and short number columns do not."""
        page = self.fmt["page"]
        usable = Mm(int(page["width_mm"]) - int(page["left_mm"]) - int(page["right_mm"]))
        ncols = len(text[0])
        need = [max(min(max(len(r[c]) if c < len(r) else 0 for r in text) + 2, 12), 5) for c in range(ncols)]
        table.autofit = False
        for c, column in enumerate(table.columns):  # w:gridCol, which LibreOffice follows
            column.width = int(usable * need[c] / sum(need))
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                cell.width = int(usable * need[c] / sum(need))

    def _merge(self, table: Any, text: list[list[str]]) -> None:
        """Merge runs of equal cells downwards in the columns the format names (一级/二级指标)."""
        header = text[0]
        grid = [row.cells for row in table.rows]
        for c, name in enumerate(header):
            if name not in self.merge_headers:
                continue
            start = 1
            for r in range(2, len(text) + 1):
                same = r < len(text) and text[r][c] == text[start][c] and text[r][c] != "" \
                    and all(text[r][k] == text[start][k] for k in range(c))
                if same:
                    continue
                if r - start > 1:
                    top = grid[start][c]
                    merged = top.merge(grid[r - 1][c])
                    for extra in merged.paragraphs[1:]:  # merge() concatenates the paragraphs
                        extra._element.getparent().remove(extra._element)
                start = r

    # -- page furniture -----------------------------------------------------------------
    def _page_number(self, footer: Any, align: WD_ALIGN_PARAGRAPH) -> None:
        pn = self.fmt["page_number"]
        p = footer.paragraphs[0]
        p.paragraph_format.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
        indent = Pt(float(Decimal(str(pn["size_pt"]))))  # 一字 = one character of the page number size
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = indent
        else:
            p.paragraph_format.left_indent = indent

        def run(text: str = "") -> Any:
            r = p.add_run(text)
            docx_style.set_fonts(r._r, pn["font"], pn["font"], Decimal(str(pn["size_pt"])))
            r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
            return r

        run("— ")
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            r = run()
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                r._r.append(fld)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                r._r.append(instr)
            else:
                r.text = text or ""
        run(" —")

    def cover(self, doc: DraftDoc) -> None:
        for _ in range(3):
            self.paragraph("Normal")
        self.add_text(self.paragraph("Title"), doc.title)
        for _ in range(4):
            self.paragraph("Normal")
        for label, value in doc.cover:
            self.add_text(self.paragraph(docx_style.COVER_FIELD), f"{label}：{value}")

    def body_section(self) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.doc.settings.odd_and_even_pages_header_footer = True
        section.footer.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        self._page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:start"), "1")
        section._sectPr.append(pg)
        first = self.doc.sections[0]  # the cover stays unnumbered
        for footer in (first.footer, first.even_page_footer):
            footer.is_linked_to_previous = False

    def attachments(self, doc: DraftDoc) -> None:
        if not doc.attachments:
            return
        self.paragraph("Normal")
        names = [t for t, _ in doc.attachments]
        if len(names) == 1:
            self.add_text(self.paragraph("Normal"), f"附件：{names[0]}")
        else:
            self.add_text(self.paragraph("Normal"), f"附件：1.{names[0]}")
            for i, n in enumerate(names[1:], 2):
                p = self.paragraph("Normal")
                p.paragraph_format.first_line_indent = Pt(float(Decimal(str(self.fmt["body"]["size_pt"])) * 5))
                self.add_text(p, f"{i}.{n}")
        for i, (title, md) in enumerate(doc.attachments, 1):
            label = self.paragraph(docx_style.ATTACHMENT_LABEL)
            label.paragraph_format.page_break_before = True
            self.add_text(label, f"附件{i}")
            self.paragraph("Normal")
            self.add_text(self.paragraph("Title"), title)
            self.markdown(md)


def build(draft: DraftDoc, fmt: dict[str, Any]) -> bytes:
    b = Builder(fmt)
    b.cover(draft)
    b.body_section()
    b.add_text(b.paragraph("Title"), draft.title)
    b.markdown(draft.body)
    b.attachments(draft)
    docx_style.apply_sections(b.doc, fmt)
    out = io.BytesIO()
    b.doc.save(out)
    return out.getvalue()
