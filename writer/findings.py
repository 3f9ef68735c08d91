"""A finding: which rule, how serious, what and exactly where, with the text it is about."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .read.document import Block, Document
from .ui_text import ui

LEVELS = ("error", "warning", "info")
LEVEL_ZH = {"error": ui("错误"), "warning": ui("警告"), "info": ui("提示")}


@dataclass
class Hit:
    """What a check kind yields: the place and the values its message template needs."""

    block: Block | None
    start: int = 0
    end: int = 0
    values: dict[str, Any] = field(default_factory=dict)
    related: list[tuple[Block, int, int]] = field(default_factory=list)
    cell: tuple[int, int] | None = None  # (row, col) when the place is a table cell


@dataclass
class Location:
    block: int | None
    line: int | None
    section: str
    table: int | None
    row: int | None
    col: int | None
    start: int | None
    end: int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def short(self) -> str:
        if self.block is None:
            return ui("全文")  # e.g. a section that is missing altogether
        if self.line is not None:
            return f"{self.line}:{(self.start or 0) + 1}"
        where = ui(f"段{(self.block or 0) + 1}")
        if self.table is not None:
            where = ui(f"表{self.table + 1}第{(self.row or 0) + 1}行第{(self.col or 0) + 1}列")
        return where


@dataclass
class Finding:
    rule: str
    name: str
    level: str
    message: str
    location: Location
    excerpt: str
    suggestion: str = ""
    related: list[tuple[Location, str]] = field(default_factory=list)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.location.block if self.location.block is not None else -1, self.location.start or 0, self.rule)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "level": self.level, "message": self.message,
                "location": self.location.as_dict(), "excerpt": self.excerpt, "suggestion": self.suggestion,
                "related": [{"location": loc.as_dict(), "excerpt": ex} for loc, ex in self.related]}


def locate(doc: Document, block: Block | None, start: int, end: int,
           cell: tuple[int, int] | None = None) -> tuple[Location, str]:
    """Location and verbatim excerpt for a span of a block (or a table cell)."""
    if block is None:
        return Location(None, None, "", None, None, None, None, None), ""
    table = None
    text = block.text
    row = col = None
    if block.kind == "table":
        table = _table_numbers(doc).get(block.index)
        if cell is not None:
            row, col = cell
            text = block.rows[row][col] if row < len(block.rows) and col < len(block.rows[row]) else ""
    excerpt = text[start:end] if end > start else text[:40]
    return Location(block.index, block.line, block.crumb, table, row, col,
                    start if end > start else None, end if end > start else None), excerpt


def _table_numbers(doc: Document) -> dict[int, int]:
    """Block index → table number, counted once per document (not once per finding)."""
    numbers = doc.__dict__.get("_table_numbers")
    if numbers is None:
        numbers = {b.index: n for n, b in enumerate(b for b in doc.blocks if b.kind == "table")}
        doc.__dict__["_table_numbers"] = numbers
    return numbers
