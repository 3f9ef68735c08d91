"""HTML <table> inside Markdown (what converters and web pages produce) → rows of cell texts.

A cell spanning rows or columns (rowspan/colspan) is read once, in its top-left position; the
positions it covers read as empty, as the DOCX reader reads merged cells, so columns line up
with their headers and a merged value is never counted twice. Linear in the table's size.
"""
from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []  # table → row → (text, rowspan, colspan)
        self._depth = 0
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth != 1:
            return  # a table nested in a cell is read as that cell's text
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            a = dict(attrs)
            self._cell, self._span = [], (_int(a.get("rowspan")), _int(a.get("colspan")))
            if not self.tables[-1]:
                self.tables[-1].append([])
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
        elif self._depth == 1 and tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(("".join(self._cell).strip(), *self._span))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except ValueError:
        return 1


def _grid(rows: list[list[tuple[str, int, int]]]) -> tuple[list[list[str]], list[tuple[int, int, str]]]:
    """Rows of texts with spans expanded (covered positions empty) and the real cells (row, col, text)."""
    grid: list[list[str | None]] = []
    cells: list[tuple[int, int, str]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for text, rowspan, colspan in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1  # skip positions a cell above still covers
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                line = grid[r + dr]
                while len(line) < c + colspan:
                    line.append(None)
                for dc in range(colspan):
                    line[c + dc] = text if (dr, dc) == (0, 0) else ""
            cells.append((r, c, text))
            c += colspan
    width = max((len(g) for g in grid), default=0)
    return [[x or "" for x in g] + [""] * (width - len(g)) for g in grid], cells


def html_tables(html: str) -> list[tuple[list[list[str]], list[tuple[int, int, str]]]]:
    """Each <table> in the HTML as (rows, cells)."""
    p = _Tables()
    p.feed(html)
    p.close()
    return [_grid(t) for t in p.tables if any(t)]
