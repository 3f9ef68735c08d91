"""GB/T 9704 page setup and named styles on a python-docx Document (values from the rubric).

Fonts go on styles, never on runs; every font sets w:eastAsia (python-docx's font.name does
not) and drops the theme attributes that would otherwise win.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from .style_names import ATTACHMENT_LABEL, COVER_FIELD, TABLE_CAPTION, TABLE_TEXT  # noqa: F401 - used below and by importers


def set_fonts(element: Any, east: str, latin: str, size_pt: Decimal | None = None) -> None:
    """Write all four font slots and the size (w:sz and w:szCs) on a style or run element."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east), ("w:cs", latin)):
        rfonts.set(qn(attr), value)
    if size_pt is not None:
        half_points = str(int(Decimal(size_pt) * 2))
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), half_points)


def _lang_zh(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _doc_defaults(doc: Document, east: str, latin: str) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east), ("w:cs", latin)):
        rfonts.set(qn(attr), value)
    _lang_zh(rpr)
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:eastAsia"), "zh-CN")


def _outline_level(style: ParagraphStyle, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        el = OxmlElement("w:outlineLvl")
        ppr.append(el)
    el.set(qn("w:val"), str(level))


def _clean(style: ParagraphStyle) -> None:
    """Drop the default template's colours, borders, spacing and theme fonts."""
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:spacing", "w:kern", "w:i", "w:iCs", "w:caps"):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:spacing", "w:contextualSpacing"):
        el = ppr.find(qn(tag))
        if el is not None:
            ppr.remove(el)


def _condense(style: ParagraphStyle, pt: Decimal) -> None:
    """Character spacing in twentieths of a point, negative = condensed (28 chars a line)."""
    rpr = style.element.get_or_add_rPr()
    el = OxmlElement("w:spacing")
    el.set(qn("w:val"), str(int(-pt * 20)))
    rpr.append(el)


def _paragraph_style(doc: Document, name: str, base: str | None = "Normal") -> ParagraphStyle:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = doc.styles[base]
    return style  # type: ignore[return-value]


def _exact(style: ParagraphStyle, line_pt: Decimal) -> None:
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(float(line_pt))
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _no_snap(style: ParagraphStyle) -> None:
    ppr = style.element.get_or_add_pPr()
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    ppr.append(el)


def apply_sections(doc: Document, fmt: dict[str, Any]) -> None:
    """A4 and the GB/T 9704 margins on every section."""
    page = fmt["page"]
    for section in doc.sections:
        section.page_width, section.page_height = Mm(int(page["width_mm"])), Mm(int(page["height_mm"]))
        section.top_margin, section.bottom_margin = Mm(int(page["top_mm"])), Mm(int(page["bottom_mm"]))
        section.left_margin, section.right_margin = Mm(int(page["left_mm"])), Mm(int(page["right_mm"]))
        section.footer_distance = Mm(int(page["footer_mm"]))


def apply(doc: Document, fmt: dict[str, Any]) -> None:
    body, title = fmt["body"], fmt["title"]
    apply_sections(doc, fmt)
    latin = body["latin"]
    size = Decimal(str(body["size_pt"]))
    line = Decimal(str(body["line_pt"]))
    _doc_defaults(doc, body["font"], latin)

    normal = doc.styles["Normal"]
    set_fonts(normal.element, body["font"], latin, size)
    _lang_zh(normal.element.get_or_add_rPr())
    _condense(normal, Decimal(str(body["condense_pt"])))  # type: ignore[arg-type]
    _exact(normal, line)  # type: ignore[arg-type]
    normal.paragraph_format.first_line_indent = Pt(float(size * int(body["indent_chars"])))
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = False

    t = doc.styles["Title"]
    _clean(t)  # type: ignore[arg-type]
    set_fonts(t.element, title["font"], latin, Decimal(str(title["size_pt"])))
    t.font.bold = False
    t.font.color.rgb = RGBColor(0, 0, 0)
    _exact(t, Decimal(str(title["line_pt"])))  # type: ignore[arg-type]
    t.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.paragraph_format.first_line_indent = Pt(0)
    t.paragraph_format.space_after = Pt(float(line))

    for h in fmt["headings"]:
        level = int(h["level"])
        style = doc.styles[f"Heading {level}"]
        _clean(style)  # type: ignore[arg-type]
        set_fonts(style.element, h["font"], latin, size)
        style.font.bold = str(h.get("bold", False)).lower() == "true"
        style.font.color.rgb = RGBColor(0, 0, 0)
        _exact(style, line)  # type: ignore[arg-type]
        style.paragraph_format.first_line_indent = Pt(float(size * int(body["indent_chars"])))
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _outline_level(style, level - 1)  # type: ignore[arg-type]

    tbl = fmt["table"]
    tt = _paragraph_style(doc, TABLE_TEXT)
    set_fonts(tt.element, tbl["font"], latin, Decimal(str(tbl["size_pt"])))
    tt.paragraph_format.first_line_indent = Pt(0)
    tt.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tt.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tt.paragraph_format.space_before = tt.paragraph_format.space_after = Pt(0)
    _no_snap(tt)
    el = OxmlElement("w:spacing")  # cells are narrow: no condensing
    el.set(qn("w:val"), "0")
    tt.element.get_or_add_rPr().append(el)

    cap = _paragraph_style(doc, TABLE_CAPTION)
    cap.font.bold = True
    cap.paragraph_format.first_line_indent = Pt(0)
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True

    cover = _paragraph_style(doc, COVER_FIELD)
    cover.paragraph_format.first_line_indent = Pt(0)
    cover.paragraph_format.left_indent = Pt(float(size * 3))
    cover.paragraph_format.line_spacing = Pt(float(line * Decimal("1.5")))

    label = _paragraph_style(doc, ATTACHMENT_LABEL)
    set_fonts(label.element, fmt["headings"][0]["font"], latin, size)
    label.paragraph_format.first_line_indent = Pt(0)
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
