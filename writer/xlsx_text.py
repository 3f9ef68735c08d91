"""Cells written to a workbook as inert text: a value a user typed never becomes a formula.

openpyxl stores any string starting with "=" as a formula; Excel and WPS also evaluate text
starting with + - @ (and after a leading tab or CR) when a cell is edited or a CSV is saved.
Such text is stored as a string with Excel's quote prefix, so it shows and stays as typed.
Characters XML cannot hold (C0 controls, U+FFFE/U+FFFF) become visible escapes instead of
aborting the whole workbook.
"""
from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def visible(text: str) -> str:
    """Control characters as \\u0001 text, so a cell shows that they were there."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)


def put(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write one cell: numbers as numbers, everything else as text that cannot run."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        cell.value = value
        return cell
    text = visible(str(value))
    cell.value = text
    if text.startswith(_FORMULA_START) or cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_rows(ws: Any, rows: list[list[Any]], first_row: int = 1) -> None:
    """Write a block of rows through put(), starting at first_row."""
    for r, values in enumerate(rows, first_row):
        for c, value in enumerate(values, 1):
            put(ws, r, c, value)
