"""Any draft file → Document: the reader by extension, with clear Chinese errors for the rest."""
from __future__ import annotations

from pathlib import Path

from .. import limits
from ..errors import InputDocError
from ..ui_text import ui
from .document import Document

# what the file is, in the message that refuses it
_UNSUPPORTED = {
    ".doc": ui("旧版 Word 文档（.doc）"), ".wps": ui("WPS 文档（.wps）"), ".pdf": ui("PDF 文件"),
    ".rtf": ui("RTF 文件"), ".odt": ui("OpenDocument 文件"), ".docm": ui("带宏的 Word 文档"),
}


def read_document(path: Path) -> Document:
    doc = _read_document(path)
    limits.check_document_size(doc)
    return doc


def _read_document(path: Path) -> Document:
    limits.check_file_size(path)
    if not path.exists():
        raise InputDocError(f"文件不存在：{path}")
    if path.is_dir():
        raise InputDocError(f"{path} 是文件夹，请指定草稿文件")
    ext = path.suffix.lower()
    if ext in _UNSUPPORTED:
        extra = ui("；PDF 可复制全文粘贴为 .txt 后检查") if ext == ".pdf" else ""
        raise InputDocError(f"{path} 是{_UNSUPPORTED[ext]}，暂不支持，请在 Word/WPS 中另存为 .docx 后再检查{extra}")
    if ext == ".docx":  # readers imported on use: markdown-it costs a DOCX run ~40 ms at start-up
        from .docx_reader import read_docx

        return read_docx(path)
    if ext in (".md", ".markdown"):
        from .text_reader import read_markdown

        return read_markdown(path)
    if ext in (".txt", ".text", ""):
        from .text_reader import read_text

        return read_text(path)
    raise InputDocError(f"{path} 的格式（{ext}）无法识别；支持 .docx、.txt、.md")
