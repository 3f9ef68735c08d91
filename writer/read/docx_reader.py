"""DOCX drafts → Document: body order, merged cells read once, text python-docx drops.

`Paragraph.text` loses equations, tracked insertions, content controls and simple fields;
the XPath below keeps them (and skips tracked deletions). Heading levels come from outline
levels on the paragraph or its style chain; the outline stage falls back to numbering patterns.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from .. import limits
from ..errors import InputDocError
from .document import Block, Cell, Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "m": "http://schemas.openxmlformats.org/officeDocument/2006/math"}
_P = f"{{{W}}}p"
_TBL = f"{{{W}}}tbl"
_SDT = f"{{{W}}}sdt"


_T, _MT, _TAB, _BR, _DEL = f"{{{W}}}t", f"{{{NS['m']}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}del"
_PPR, _OUTLINE, _PSTYLE, _BASED = f"{{{W}}}pPr", f"{{{W}}}outlineLvl", f"{{{W}}}pStyle", f"{{{W}}}basedOn"
_VAL = f"{{{W}}}val"


def paragraph_text(p: Any, above: bool | None = None) -> str:
    """The paragraph's text in document order: text runs (not tracked deletions), equations,
    tabs and line breaks. Walked with iter() rather than an XPath per paragraph.

    `above`: whether a w:del encloses the paragraph, when the caller knows (None: look)."""
    if above is None:
        above = any(a.tag == _DEL for a in p.iterancestors())
    inside = next(p.iter(_DEL), None) is not None
    out = []
    for el in p.iter(_T, _MT, _TAB, _BR):
        tag = el.tag
        if tag == _TAB:
            out.append("\t")
        elif tag == _BR:
            out.append("\n")
        elif tag == _MT or not (above or (inside and _deleted(el, p))):
            out.append(el.text or "")
    return "".join(out)


def _deleted(t: Any, p: Any) -> bool:
    """A w:t inside a tracked deletion (w:del) within its paragraph."""
    for anc in t.iterancestors():
        if anc is p:
            return False
        if anc.tag == _DEL:
            return True
    return False


def _child(el: Any, *tags: str) -> Any:
    """el/tag1/tag2… by single-tag finds (lxml runs a path string through its Python ElementPath)."""
    for tag in tags:
        el = el.find(tag)
        if el is None:
            return None
    return el


def _level_of(el: Any) -> int | None:
    """w:outlineLvl on a paragraph or style: 0-8 are heading levels 1-9, 9 is body text."""
    lvl = _child(el, _PPR, _OUTLINE)
    if lvl is None:
        return None
    try:
        v = int(lvl.get(_VAL) or "")
    except ValueError:
        return None  # a malformed outline level is ignored; the outline stage reads numbering instead
    return v + 1 if v < 9 else 0


def _outline_level(p: Any, styles: dict[str, Any]) -> int | None:
    """From the paragraph itself, else up its style chain."""
    own = _level_of(p)
    if own is not None:
        return own or None
    ps = _child(p, _PPR, _PSTYLE)
    sid = ps.get(_VAL) if ps is not None else None
    seen = set()
    while sid and sid not in seen:
        seen.add(sid)
        st = styles.get(sid)
        if st is None:
            return None
        lvl = _level_of(st)
        if lvl is not None:
            return lvl or None
        based = st.find(_BASED)
        sid = based.get(_VAL) if based is not None else None
    return None


def _body_elements(parent: Any) -> list[Any]:
    """Paragraphs and tables in body order, looking inside block-level content controls."""
    out = []
    for child in parent:
        if child.tag in (_P, _TBL):
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(f"{{{W}}}sdtContent")
            if content is not None:
                out.extend(_body_elements(content))
    return out


_TR, _TC, _TCPR, _VMERGE, _GRIDSPAN = (f"{{{W}}}{t}" for t in ("tr", "tc", "tcPr", "vMerge", "gridSpan"))


_TEXT_TAGS = frozenset((_T, _MT, _TAB, _BR))


class _Unusual(Exception):
    """A table the one-pass reading does not cover (read part by part instead)."""


def _table_rows(tbl: Any) -> tuple[list[list[str]], list[Cell]]:
    """Rows of cell texts and the cells read once (a vertically merged cell's continuation reads
    as empty, so do the columns a cell spans)."""
    try:
        return _table_rows_one_pass(tbl)
    except _Unusual:
        return _table_rows_by_part(tbl)


def _table_rows_one_pass(tbl: Any) -> tuple[list[list[str]], list[Cell]]:
    """What _table_rows_by_part reads, in one walk of the table's elements in document order
    instead of several lookups per cell (a 300-page draft has thousands of cells). Anything that
    walk does not place exactly (a nested table or text box, a tracked deletion, rows, cells or
    paragraphs inside content controls, a cell property change) raises _Unusual."""
    rows: list[list[str]] = []
    cells: list[Cell] = []
    row: list[str] | None = None
    tr: Any = None
    tc: Any = None
    pr: Any = None  # the cell's first w:tcPr
    p: Any = None
    paras: list[list[str]] = []  # the current cell's paragraphs, each a list of text pieces
    first_p: Any = None
    cont = False
    span: Any = None
    seen: set[str] = set()  # vMerge / gridSpan already read in this cell

    def end_cell() -> None:
        assert row is not None
        if cont:
            text = ""
        elif len(paras) == 1:  # the usual cell: one paragraph
            text = "".join(paras[0]).strip()
        else:
            text = "\n".join("".join(x) for x in paras).strip()
        row.append(text)
        if not cont:
            cells.append(Cell(len(rows), len(row) - 1, text, first_p))
        if span is not None:
            try:
                row.extend([""] * (min(int(span.get(_VAL)), 64) - 1))
            except (TypeError, ValueError):
                pass

    for el in tbl.iter(_TBL, _DEL, _TR, _TC, _TCPR, _VMERGE, _GRIDSPAN, _P, _T, _MT, _TAB, _BR):
        tag = el.tag
        if tag in _TEXT_TAGS:
            up = el.getparent()
            while up is not None and up.tag != _P:
                if up is tc or up is tbl:
                    raise _Unusual  # text outside a paragraph
                up = up.getparent()
            if up is not p:
                raise _Unusual
            paras[-1].append(el.text or "" if tag == _T or tag == _MT else "\t" if tag == _TAB else "\n")
        elif tag == _P:
            if tc is None or el.getparent() is not tc:
                raise _Unusual
            if not paras:
                first_p = el
            p = el
            paras.append([])
        elif tag == _TC:
            if tr is None or el.getparent() is not tr:
                raise _Unusual
            if tc is not None:
                end_cell()
            tc, pr, p, paras, first_p, cont, span, seen = el, None, None, [], None, False, None, set()
        elif tag == _TR:
            if el.getparent() is not tbl:
                raise _Unusual
            if tc is not None:
                end_cell()
            if row is not None:
                rows.append(row)
            row, tr, tc = [], el, None
        elif tag == _TCPR:
            if el.getparent() is not tc or pr is not None:
                raise _Unusual  # a property change holds another w:tcPr; two are not read alike
            pr = el
        elif tag == _VMERGE or tag == _GRIDSPAN:
            if pr is None or el.getparent() is not pr or el.tag in seen:
                raise _Unusual  # only the first of each is read part by part
            seen.add(el.tag)
            if tag == _VMERGE:
                cont = el.get(_VAL) in (None, "continue")
            else:
                span = el
        elif el is not tbl:  # a nested table, a tracked deletion
            raise _Unusual
    if tc is not None:
        end_cell()
    if row is not None:
        rows.append(row)
    return rows, cells


def _table_rows_by_part(tbl: Any) -> tuple[list[list[str]], list[Cell]]:
    rows: list[list[str]] = []
    cells: list[Cell] = []
    for r, tr in enumerate(tbl.findall(_TR)):
        row: list[str] = []
        for tc in tr.findall(_TC):
            pr = tc.find(_TCPR)
            vm = pr.find(_VMERGE) if pr is not None else None
            cont = vm is not None and vm.get(_VAL) in (None, "continue")
            paras = tc.findall(_P)
            # the paragraphs' ancestors are tc, tr, tbl and the body (or content controls): no w:del
            text = "" if cont else "\n".join(paragraph_text(p, False) for p in paras).strip()
            row.append(text)  # a continued merge reads as empty: its text was read once, above
            if not cont:
                cells.append(Cell(r, len(row) - 1, text, paras[0] if paras else None))
            span = pr.find(_GRIDSPAN) if pr is not None else None
            if span is not None:  # a merge across columns: the covered columns read as empty too
                try:
                    row.extend([""] * (min(int(span.get(_VAL)), 64) - 1))
                except (TypeError, ValueError):
                    pass
        rows.append(row)
    return rows, cells


def read_docx(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as z:
            limits.check_zip(path, z)
            names = set(z.namelist())
            # read the two parts directly (zipfile + lxml): importing python-docx costs more
            # than checking a short draft
            body_xml = z.read("word/document.xml") if "word/document.xml" in names else None
            styles_xml = z.read("word/styles.xml") if "word/styles.xml" in names else None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError):
        try:
            head = path.read_bytes()[:8]
        except OSError as exc:  # locked by Word on a share, no permission: say so, not 程序出错
            from ..safe_io import os_reason

            raise InputDocError(f"{path} 无法读取：{os_reason(exc)}") from None
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputDocError(f"{path} 是加密文档或旧版 Word（.doc）格式，请在 Word/WPS 中取消密码并另存为 .docx 后再检查") from None
        raise InputDocError(f"{path} 不是有效的 .docx 文件（可能已损坏），请在 Word/WPS 中打开后另存为 .docx") from None
    if body_xml is None:
        raise InputDocError(f"{path} 不是 Word 文档（缺少正文部分），请在 Word/WPS 中另存为 .docx")
    try:
        root = etree.fromstring(body_xml, _PARSER)
        styles_root = etree.fromstring(styles_xml, _PARSER) if styles_xml else None
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputDocError(f"{path} 无法读取（正文 XML 有误：{exc.__class__.__name__}），请在 Word/WPS 中打开后另存为 .docx",
                            code="E403") from None
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise InputDocError(f"{path} 不是 Word 文档（正文部分没有 w:body），请在 Word/WPS 中另存为 .docx", code="E403")
    return from_parts(body, styles_root, path)


# python-docx's own settings (same whitespace handling); entities are never resolved (XXE)
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def from_parts(body: Any, styles_root: Any, path: Path) -> Document:
    styles = {s.get(f"{{{W}}}styleId"): s for s in styles_root.findall(f"{{{W}}}style")} if styles_root is not None else {}
    blocks: list[Block] = []
    for el in _body_elements(body):
        if el.tag == _P:
            text = paragraph_text(el, False)  # a body paragraph: its ancestors are body and content controls
            if not text.strip():
                continue
            level = _outline_level(el, styles) or 0
            blocks.append(Block(len(blocks), "heading" if level else "paragraph", text, level=level, element=el))
        else:
            rows, cells = _table_rows(el)
            blocks.append(Block(len(blocks), "table", "\n".join("\t".join(r) for r in rows), cells=cells,
                                rows=rows, element=el))
    return Document(str(path), "docx", blocks)
