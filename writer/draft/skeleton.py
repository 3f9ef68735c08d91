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

import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parent / "skeletons"


def shipped_path(fmt_json: str) -> Path:
    return SHIPPED / f"{hashlib.sha256(fmt_json.encode('utf-8')).hexdigest()[:16]}.docx"


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
