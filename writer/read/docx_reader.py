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
_TEXT = etree.XPath(".//w:t[not(ancestor::w:del)] | .//m:t | .//w:tab | .//w:br", namespaces=NS)
_P = f"{{{W}}}p"
_TBL = f"{{{W}}}tbl"
_SDT = f"{{{W}}}sdt"


def paragraph_text(p: Any) -> str:
    out = []
    for el in _TEXT(p):
        tag = etree.QName(el).localname
        if tag == "tab":
            out.append("\t")
        elif tag == "br":
            out.append("\n")
        else:
            out.append(el.text or "")
    return "".join(out)


def _level_of(el: Any) -> int | None:
    """w:outlineLvl on a paragraph or style: 0-8 are heading levels 1-9, 9 is body text."""
    lvl = el.find(f"{{{W}}}pPr/{{{W}}}outlineLvl")
    if lvl is None:
        return None
    try:
        v = int(lvl.get(f"{{{W}}}val") or "")
    except ValueError:
        return None  # a malformed outline level is ignored; the outline stage reads numbering instead
    return v + 1 if v < 9 else 0


def _outline_level(p: Any, styles: dict[str, Any]) -> int | None:
    """From the paragraph itself, else up its style chain."""
    own = _level_of(p)
    if own is not None:
        return own or None
    ps = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    sid = ps.get(f"{{{W}}}val") if ps is not None else None
    seen = set()
    while sid and sid not in seen:
        seen.add(sid)
        st = styles.get(sid)
        if st is None:
            return None
        lvl = _level_of(st)
        if lvl is not None:
            return lvl or None
        based = st.find(f"{{{W}}}basedOn")
        sid = based.get(f"{{{W}}}val") if based is not None else None
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


def _table_rows(tbl: Any) -> tuple[list[list[str]], list[Cell]]:
    rows: list[list[str]] = []
    cells: list[Cell] = []
    for r, tr in enumerate(tbl.findall(f"{{{W}}}tr")):
        row: list[str] = []
        for tc in tr.findall(f"{{{W}}}tc"):
            vm = tc.find(f"{{{W}}}tcPr/{{{W}}}vMerge")
            cont = vm is not None and vm.get(f"{{{W}}}val") in (None, "continue")
            paras = tc.findall(f"{{{W}}}p")
            text = "" if cont else "\n".join(paragraph_text(p) for p in paras).strip()
            row.append(text)  # a continued merge reads as empty: its text was read once, above
            if not cont:
                cells.append(Cell(r, len(row) - 1, text, paras[0] if paras else None))
            span = tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
            if span is not None:  # a merge across columns: the covered columns read as empty too
                try:
                    row.extend([""] * (min(int(span.get(f"{{{W}}}val")), 64) - 1))
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
        head = path.read_bytes()[:8]
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


def from_python_docx(d: Any, path: Path) -> Document:
    """The Document of an opened (or just built) python-docx document."""
    return from_parts(d.element.body, d.styles.element, path)


def from_parts(body: Any, styles_root: Any, path: Path) -> Document:
    styles = {s.get(f"{{{W}}}styleId"): s for s in styles_root.findall(f"{{{W}}}style")} if styles_root is not None else {}
    blocks: list[Block] = []
    for el in _body_elements(body):
        if el.tag == _P:
            text = paragraph_text(el)
            if not text.strip():
                continue
            level = _outline_level(el, styles) or 0
            blocks.append(Block(len(blocks), "heading" if level else "paragraph", text, level=level, element=el))
        else:
            rows, cells = _table_rows(el)
            blocks.append(Block(len(blocks), "table", "\n".join("\t".join(r) for r in rows), cells=cells,
                                rows=rows, element=el))
    return Document(str(path), "docx", blocks)
