"""Word comments in a copy of the draft, one per finding, anchored on the offending characters.

Comments can only start and end on run boundaries (python-docx 1.2), so runs are split at
the finding's character offsets first; the split halves keep their formatting.
"""
from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import docx
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..check_pipeline import Checked
from ..ui_text import ui
from ..findings import LEVEL_ZH, Finding
from .fold import fold, foldings
from ..read.docx_reader import _P, _body_elements, _table_rows, paragraph_text


def _split_run(run: Run, k: int) -> Run:
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    right = Run(new_r, run._parent)
    text = run.text
    run.text, right.text = text[:k], text[k:]
    return right


def runs_for_span(p: Paragraph, start: int, end: int) -> list[Run]:
    pos = 0
    for run in list(p.runs):
        n = len(run.text)
        if pos < start < pos + n:
            run = _split_run(run, start - pos)
            pos, n = start, len(run.text)
        if pos < end < pos + n:
            _split_run(run, end - pos)
            n = end - pos
        pos += n
    out, pos = [], 0
    for run in p.runs:
        n = len(run.text)
        if start <= pos and pos + n <= end and n:
            out.append(run)
        pos += n
    return out


def _blocks(d: Any) -> list[Any]:
    """The same block order the reader produced (non-empty paragraphs and tables)."""
    return [el for el in _body_elements(d.element.body) if el.tag != _P or paragraph_text(el).strip()]


def _anchor(d: Any, blocks: list[Any], f: Finding) -> tuple[Paragraph, list[Run]]:
    loc = f.location
    el = blocks[loc.block] if loc.block is not None and loc.block < len(blocks) else blocks[0]
    if el.tag != _P:
        _, cells = _table_rows(el)
        cell = next((c for c in cells if (c.row, c.col) == (loc.row, loc.col)), cells[0] if cells else None)
        el = cell.element if cell is not None and cell.element is not None else next(el.iterfind(f".//{_P}"), blocks[0])
    p = Paragraph(el, d._body)
    text = p.text
    runs: list[Run] = []
    if f.excerpt and loc.start is not None:
        spots = [i for i in range(len(text)) if text.startswith(f.excerpt, i)]
        if spots:
            i = min(spots, key=lambda s: abs(s - loc.start))  # type: ignore[operator]
            runs = runs_for_span(p, i, i + len(f.excerpt))
    if not runs:
        runs = [r for r in p.runs if r.text] or [p.add_run("")]
    return p, runs


def write_comments(checked: Checked, out_path: Path, show_all: bool = False) -> bytes:
    """One comment per finding; a rule folded in the terminal (共N处) is one comment on its first
    place unless `show_all`."""
    data = Path(checked.doc.path).read_bytes()  # the draft itself is only read
    d = docx.Document(io.BytesIO(data))
    blocks = _blocks(d)
    if not blocks:  # a draft of images only: anchor on its first paragraph, or a new empty one
        first = next(d.element.body.iterfind(f".//{_P}"), None)
        blocks = [first if first is not None else d.add_paragraph()._p]
    findings = checked.findings if show_all else fold(checked.findings, foldings(checked.rubric.checks))
    for f in findings:
        _, runs = _anchor(d, blocks, f)
        text = f"[{f.rule} {LEVEL_ZH[f.level]}] {f.message}"
        if f.suggestion:
            text += ui(f"\n建议：{f.suggestion}")
        d.add_comment(runs, text=text, author="jixiao", initials="JX")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
