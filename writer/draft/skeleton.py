"""The styled DOCX skeleton every draft is spliced into: GB/T 9704 styles (docx_style), page
setup, an unnumbered cover section and the body section with "— N —" page numbers.

Building it needs python-docx (~60 ms to import, ~25 ms to build), so the skeleton of each format
the shipped rubrics use is shipped pre-built in writer/draft/skeletons/<hash of the format>.docx;
a province's own format is built once and kept in the per-user cache (writer/cache.py).
tests/test_skeleton.py rebuilds the shipped ones from this code and fails when they are stale.
Rebuild them after changing the styles or a rubric's format:

    python -m writer.draft.skeleton
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parent / "skeletons"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCUMENT = "word/document.xml"
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
             **{f"heading {i}": f"Heading {i}" for i in range(1, 10)}}  # styles.xml name → Word's (as python-docx)


@dataclass(frozen=True)
class Template:
    """The skeleton taken apart once per format: style ids, document.xml as the text before the
    cover, between cover and body (the cover's section break) and after the body, and every
    other part as it is. A report is then text spliced in and one zip written."""

    style_ids: dict[str, str]
    head: str
    middle: str
    tail: str
    entries: tuple[tuple[zipfile.ZipInfo, bytes], ...]
    styles_xml: bytes

    @cached_property
    def styles(self) -> Any:
        """The parsed styles part, for checking a report built from this skeleton (batch)."""
        from lxml import etree

        return etree.fromstring(self.styles_xml, _part_parser())


def _part_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's settings


@lru_cache(maxsize=8)
def template(fmt_json: str) -> Template:
    """The skeleton of a format taken apart: kept in the per-user cache (keyed by the skeleton and
    this code), else taken apart with zipfile + lxml."""
    from .. import cache

    data = skeleton(fmt_json)
    return cache.cached("skeleton-parts", [data, *cache.code_of(__name__)], lambda: _take_apart(data))


def _take_apart(data: bytes) -> Template:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = tuple((info, z.read(info)) for info in z.infolist())
    parts = {info.filename: blob for info, blob in entries}
    root = etree.fromstring(parts[_DOCUMENT], _part_parser())
    brk = root.find(f"{{{W}}}body").xpath("./w:p[w:pPr/w:sectPr]", namespaces={"w": W})[0]  # ends the cover section
    brk.addprevious(etree.Comment("jixiao-cover"))
    brk.addnext(etree.Comment("jixiao-body"))
    xml = etree.tostring(root, encoding="UTF-8", standalone=True).decode("utf-8")
    head, rest = xml.split("<!--jixiao-cover-->")
    middle, tail = rest.split("<!--jixiao-body-->")
    ids = {}
    for st in etree.fromstring(parts["word/styles.xml"], _part_parser()).iterfind(f"{{{W}}}style"):
        name = st.find(f"{{{W}}}name")
        ui = None if name is None else _UI_NAMES.get(name.get(f"{{{W}}}val"), name.get(f"{{{W}}}val"))
        ids[ui] = st.get(f"{{{W}}}styleId")
    return Template(ids, head, middle, tail, entries, parts["word/styles.xml"])


def shipped_path(fmt_json: str) -> Path:
    from .. import cache

    return SHIPPED / f"{cache.digest(fmt_json.encode('utf-8')).hexdigest()}.docx"


def skeleton(fmt_json: str) -> bytes:
    """The skeleton for a format (JSON with sorted keys): shipped, cached or built."""
    try:
        return shipped_path(fmt_json).read_bytes()
    except OSError:
        pass
    from .. import cache

    return cache.cached("skeleton", [fmt_json, *cache.code_of(__name__, "writer.draft.docx_style")],
                        lambda: build(json.loads(fmt_json)))


def build(fmt: dict[str, Any]) -> bytes:
    """Styles, page setup and footers: an unnumbered cover section, then the body section with
    "— N —" from 1 (odd pages right, even pages left)."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from . import docx_style

    d = docx.Document()
    docx_style.apply(d, fmt)
    section = d.add_section(WD_SECTION.NEW_PAGE)
    d.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, fmt)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, fmt)
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    section._sectPr.append(pg)
    first = d.sections[0]  # the cover stays unnumbered
    for footer in (first.footer, first.even_page_footer):
        footer.is_linked_to_previous = False
    docx_style.apply_sections(d, fmt)
    saved = io.BytesIO()
    d.save(saved)
    return _reproducible(saved.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same zip for the same parts (python-docx stamps each part with the time of saving)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _page_number(footer: Any, align: Any, fmt: dict[str, Any]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from . import docx_style

    pn = fmt["page_number"]
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


def shipped_formats() -> dict[str, str]:
    """Format JSON of every shipped rubric (report types sharing a format share a skeleton)."""
    from .. import rubric
    from ..resources import data_dir

    return {json.dumps(r.raw["format"], sort_keys=True): r.id for r in rubric.load_all(data_dir("rubrics"))}


def main() -> None:
    """Rebuild the shipped skeletons (and remove ones no rubric uses any more)."""
    SHIPPED.mkdir(exist_ok=True)
    keep = set()
    for fmt_json, rubric_id in shipped_formats().items():
        path = shipped_path(fmt_json)
        path.write_bytes(build(json.loads(fmt_json)))
        keep.add(path)
        print(f"{path}（{rubric_id} 等）")
    for old in SHIPPED.glob("*.docx"):
        if old not in keep:
            old.unlink()


if __name__ == "__main__":
    main()
