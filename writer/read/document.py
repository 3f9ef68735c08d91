"""The one document model every reader produces and every check reads.

Blocks keep their raw text (never normalised: bracket and width checks need it) and where
they came from: block index, line (TXT/MD), table row/column, and for DOCX the paragraph's
element so a comment can be anchored on the exact characters later.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..numbering import Number


PROSE_ROLES = frozenset({"body", "abstract", "attachment"})  # parts written as sentences


@dataclass
class Cell:
    row: int
    col: int
    text: str
    element: Any = None  # DOCX paragraph element of the cell's first paragraph (for comments)


@dataclass
class Block:
    index: int  # 0-based position in the document
    kind: str  # heading | paragraph | table
    text: str  # raw text; for tables, cells joined by tabs and rows by newlines
    line: int | None = None  # 1-based line in TXT/MD input
    level: int = 0  # heading level 1-4 (0 = body text)
    number: Number | None = None  # the number typed at the start, if any
    section: str | None = None  # canonical section key this block belongs to
    crumb: str = ""  # numbers of the enclosing headings, e.g. 四、（一）
    cells: list[Cell] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    element: Any = None  # DOCX paragraph element (python-docx CT_P) for anchoring comments
    disabled: set[str] = field(default_factory=set)  # rule ids switched off by inline comments
    # document structure (writer.read.structure): what part of the document the block is in
    role: str = "body"  # cover | toc | abstract | body | attachment | caption | page_header
    scope: str = ""  # numbering scope: "" for the body, "摘要", "附件1", …

    @property
    def title(self) -> str:
        """Heading text without its number, and without the text of a run-in heading
        ("（一）评价小组情况。在此次……" → 评价小组情况)."""
        t = self.text.strip()
        if self.number is not None:
            t = t[len(self.number.text):].strip()
        head, dot, rest = t.partition("。")
        return head if dot else t

    @property
    def run_in(self) -> bool:
        """A heading that carries its own text after 。 (（一）评价小组情况。在此次……), or a numbered
        statement rather than a title ("（一）本年共下达资金105万元,用于……")."""
        t = self.text.strip()
        if "。" in t and len(t.partition("。")[2].strip()) > 0:
            return True
        title = self.title
        return len(title) > 24  # the longest outline titles (五、主要经验、存在的问题和…原因分析) have 22


@dataclass
class Document:
    path: str
    source: str  # docx | txt | md
    blocks: list[Block]
    title: str = ""
    report_type: str | None = None

    def paragraphs(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind != "table")

    def tables(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "table")

    def headings(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "heading")
