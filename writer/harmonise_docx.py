"""Harmonise a DOCX: a copy with tracked changes (w:del / w:ins), so the unit accepts or rejects
each one in Word or WPS. Only the words that change are marked, at word granularity."""
from __future__ import annotations

import copy
import io
from datetime import datetime, timezone
from difflib import SequenceMatcher
from typing import Any, Iterator

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .harmonise import Change, UnitFile, changed_part, short
from .ui_text import ui

AUTHOR = ui("jixiao 统一用语")


def _paragraphs(doc: Any) -> Iterator[tuple[Any, str]]:
    """Every paragraph with its place as `check` names it: 段N (blocks counted as the reader does:
    non-empty paragraphs and whole tables), or 表N第r行第c列."""
    body = doc.element.body
    n_block = n_tab = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            if "".join(t.text or "" for t in child.iter(qn("w:t"))).strip():
                n_block += 1
            yield child, ui(f"段{n_block}")
        elif child.tag == qn("w:tbl"):
            n_block += 1
            n_tab += 1
            for r, tr in enumerate(child.iter(qn("w:tr"))):
                for c, tc in enumerate(tr.iter(qn("w:tc"))):
                    for p in tc.iter(qn("w:p")):
                        yield p, ui(f"表{n_tab}第{r + 1}行第{c + 1}列")


def _runs(p: Any) -> list[Any]:
    return [r for r in p.iterchildren(qn("w:r"))]


def _run_text(r: Any) -> str:
    return "".join(t.text or "" for t in r.iterchildren(qn("w:t")))


def _simple(r: Any) -> bool:
    """A run we can split: its only content is one w:t (besides formatting)."""
    kids = [k for k in r.iterchildren() if k.tag != qn("w:rPr")]
    return len(kids) == 1 and kids[0].tag == qn("w:t")


def _split(p: Any, at: int) -> bool:
    """Make `at` (a character offset in the paragraph's run text) fall between two runs."""
    pos = 0
    for r in _runs(p):
        text = _run_text(r)
        if pos < at < pos + len(text):
            if not _simple(r):
                return False
            tail = copy.deepcopy(r)
            _set_text(r, text[:at - pos])
            _set_text(tail, text[at - pos:])
            r.addnext(tail)
            return True
        pos += len(text)
    return True


def _set_text(r: Any, text: str) -> None:
    t = r.find(qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _covered(p: Any, a: int, b: int) -> list[Any]:
    out, pos = [], 0
    for r in _runs(p):
        n = len(_run_text(r))
        if a <= pos and pos + n <= b and n:
            out.append(r)
        pos += n
    return out


def _run_at(p: Any, a: int) -> Any:
    pos, last = 0, None
    for r in _runs(p):
        n = len(_run_text(r))
        if pos + n >= a:
            return r
        pos += n
        last = r
    return last


class _Ids:
    def __init__(self) -> None:
        self.next = 90001  # far above ids a drafted document or Word comments use
        self.date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def mark(self, tag: str) -> Any:
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next))
        el.set(qn("w:author"), AUTHOR)
        el.set(qn("w:date"), self.date)
        self.next += 1
        return el


def _words(text: str) -> list[str]:
    from .across_thesaurus import segmenter

    return list(segmenter().cut(text))


def _track(p: Any, old: str, new: str, ids: _Ids) -> bool:
    """Mark old → new in paragraph p as tracked changes; False if a run could not be split."""
    a_words, b_words = _words(old), _words(new)
    ops = [op for op in SequenceMatcher(None, a_words, b_words, autojunk=False).get_opcodes() if op[0] != "equal"]
    starts = [0]
    for w in a_words:
        starts.append(starts[-1] + len(w))
    for tag, i1, i2, j1, j2 in reversed(ops):  # from the end, so earlier offsets stay valid
        a, b = starts[i1], starts[i2]
        inserted = "".join(b_words[j1:j2])
        if not (_split(p, a) and _split(p, b)):
            return False
        covered = _covered(p, a, b)
        template = covered[0] if covered else _run_at(p, a)
        anchor = None
        if covered:
            dele = ids.mark("w:del")
            covered[0].addprevious(dele)
            for r in covered:
                dele.append(r)
                for t in r.iterchildren(qn("w:t")):
                    t.tag = qn("w:delText")
            anchor = dele
        if inserted:
            ins = ids.mark("w:ins")
            run = copy.deepcopy(template) if template is not None else OxmlElement("w:r")
            for k in list(run):
                if k.tag != qn("w:rPr"):  # keep the formatting, not the text
                    run.remove(k)
            run.append(OxmlElement("w:t"))
            _set_text(run, inserted)
            ins.append(run)
            if anchor is not None:
                anchor.addnext(ins)
            else:
                _insert_at(p, a, ins)
    return True


def _insert_at(p: Any, a: int, el: Any) -> None:
    pos = 0
    for r in _runs(p):
        if pos == a:
            r.addprevious(el)
            return
        pos += len(_run_text(r))
    p.append(el)


def harmonise_docx(unit: UnitFile) -> None:
    """Set unit.output (a tracked-changes copy) and unit.changes."""
    from .harmonise import Manual

    doc = open_docx(str(unit.path))
    ids = _Ids()
    used: set[int] = set()
    for p, place in _paragraphs(doc):
        old = "".join(_run_text(r) for r in _runs(p))
        if not old:
            continue
        new = old
        for i, e in enumerate(unit.edits):
            after = e.apply(new)
            if after != new:
                used.add(i)
                new = after
        if new == old:
            continue
        if _track(p, old, new, ids):
            unit.changes.append(Change(unit.name, place, *changed_part(old, new)))
        else:
            unit.manual.append(Manual("", short(old), short(new), ui(f"{place}的格式太复杂，无法标记修订")))
    for i, e in enumerate(unit.edits):
        if i not in used:
            unit.manual.append(Manual(e.rule, e.found, e.agreed, ui("文档中找不到这段文字（可能跨了格式或域），请手工修改")))
    buf = io.BytesIO()
    doc.save(buf)
    unit.output = buf.getvalue()
