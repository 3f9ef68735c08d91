"""After `import`: draft what was imported, run jixiao's own check on the draft, and deal with each
fault the source carried over, so the user never gets a draft with an unmarked fault.

- Faults of form that import owns are fixed and listed as warnings: a paragraph's own leading
  number (the draft numbers its points itself), a paragraph that repeats an earlier one word for
  word (the second copy is dropped).
- Anything else is the author's words: the sentence is kept as written and gets a visible
  【待核实：reason（RULE）】 mark right after it (writer/review_marks.py), which check reports as a
  placeholder only.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any, Iterator

from . import words
from .findings import Finding
from .read.document import Document
from .review_marks import PLACEHOLDER, make_mark, marked, sentence_end, span_text

# fields that are names, not sentences: a mark there would end up in the title or the cover
_NOT_TEXT = {"report_type", "year", "agency", "project", "supervisor", "self_ref", "report_date",
             "stated_total", "stated_grade"}
_W = words.get("import_review")  # rubrics/_words.yaml: what import says and the words it reads
_LEADING_NUMBER = re.compile(_W["leading_number"])
_NUMBERING_RULES = {"NUM04", "NUM05"}
_ROUNDS = 6
# parts that do not add up to their total: the total is what goes 待核实 (which one is right only
# the author knows; the parts stay as written)
_TOTAL_OF = {("funds", "sources"): ("funds", "budget"), ("accounts", "income_parts"): ("accounts", "income"),
             ("accounts", "spending_parts"): ("accounts", "spending")}


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, text) of every text the import carried over from the source."""
    if isinstance(data, dict):
        for k, v in data.items():
            if not path and k in _NOT_TEXT:
                continue
            yield from _leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
    elif isinstance(data, str) and data.strip():
        yield path, data


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for k in path[:-1]:
        data = data[k]
    data[path[-1]] = value


def _span(doc: Document, f: Finding) -> tuple[str, int, int] | None:
    loc = f.location
    text = span_text(doc, f)  # None for a block, row or cell out of range
    if text is None or loc.start is None or loc.end is None or loc.end > len(text) \
            or doc.blocks[loc.block].role == "toc":  # type: ignore[index]
        return None
    return text, loc.start, loc.end


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding text[start:end] without the draft's numbering, and the span's offset in it."""
    begin = max(text.rfind(c, 0, start) for c in "。！？") + 1
    stop = sentence_end(text, max(start, end - 1))
    s = PLACEHOLDER.sub("", text[begin:stop])
    lead = len(text[begin:stop]) - len(text[begin:stop].lstrip())
    s = s.strip()
    m = _LEADING_NUMBER.match(s)
    cut = m.end() if m and start - begin - lead >= m.end() else 0
    return s[cut:], start - begin - lead - cut


def _where(leaves: list[tuple[tuple[Any, ...], str]], text: str, start: int, end: int,
           rule: str = "", memo: dict[Any, Any] | None = None) -> list[tuple[tuple[Any, ...], int, int]]:
    """Each carried text holding the finding's sentence (else the words around it, else the words
    themselves), with the finding's span in it; places already marked for `rule` do not count."""
    sentence, offset = _sentence(text, start, end)
    excerpt = text[start:end]
    # the phrase around the words (a source's name the draft puts in a sentence of its own: 利息收入)
    lo = max(text.rfind(c, 0, start) for c in "，。；：、,;:") + 1
    hi = min([i for i in (text.find(c, end) for c in "，。；：、,;:") if i >= 0] + [len(text)])
    digit = re.search(r"\d", text[end:hi])
    hi = end + digit.start() if digit else hi
    probes = ((sentence, offset), (text[max(0, start - 8):end + 8], min(start, 8)),
              (excerpt if len(excerpt) >= 4 else "", 0),  # a cited title the draft puts in its own sentence
              (text[lo:hi] if hi - lo >= 3 else "", start - lo))
    if memo is None:
        return _locate(leaves, probes, excerpt, rule)
    # the same words found again (a paragraph repeated many times): located once, not once per finding
    key = (probes, excerpt, rule)
    if key not in memo:
        if "texts" not in memo:
            memo["texts"] = _distinct(leaves)
        memo[key] = _locate(leaves, probes, excerpt, rule, memo["texts"])
    return memo[key]


def _distinct(leaves: list[tuple[tuple[Any, ...], str]]) -> list[tuple[str, list[int]]]:
    """Each different text once, with the positions of the leaves that hold it (a page printed
    many times is searched once, not once per copy)."""
    groups: dict[str, list[int]] = {}
    for i, (_, leaf) in enumerate(leaves):
        groups.setdefault(leaf, []).append(i)
    return list(groups.items())


def _locate(leaves: list[tuple[tuple[Any, ...], str]], probes: tuple[tuple[str, int], ...], excerpt: str,
            rule: str, texts: list[tuple[str, list[int]]] | None = None) -> list[tuple[tuple[Any, ...], int, int]]:
    for probe, at in probes:
        if len(probe.strip()) < 2:
            continue
        found: list[tuple[int, int]] = []
        for leaf, where in texts if texts is not None else _distinct(leaves):
            i = leaf.find(probe)
            while i >= 0:
                a = i + at
                if leaf[a:a + len(excerpt)] == excerpt and not (rule and marked(leaf, a, a + len(excerpt), rule)):
                    found += [(k, a) for k in where]
                i = leaf.find(probe, i + 1)
        if found:
            return [(leaves[k][0], a, a + len(excerpt)) for k, a in sorted(found)]
    return []


def _check(imported: Any, source: str, tmp: Path) -> tuple[list[Finding], Document] | None:
    """Draft the imported data and check the draft as built in memory (as batch does: the same
    findings as checking the file, without writing and reading it back)."""
    from .check_pipeline import check_built
    from .draft.docx_build import build_document
    from .errors import JixiaoError
    from .pipeline import draft_report

    data = tmp / "imported.yaml"
    data.write_text(imported.yaml(source), encoding="utf-8")
    try:
        d = draft_report(data)
        _, body, styles = build_document(d.doc, d.rubric.raw["format"])
        checked = check_built(body, styles, tmp / "draft.docx")
    except JixiaoError:
        return None  # the data cannot be drafted as is: `draft` says why, with the line
    return [f for f in checked.findings if f.rule != "LEF06"], checked.doc


def _data_problems(imported: Any, source: str, tmp: Path) -> list[tuple[tuple[Any, ...], str]]:
    """What `draft` would refuse in the imported data (a stated score that is not what its parts
    give, a 定性 完成值 in words the form does not use …), each with the path of its value."""
    from .figures import compute
    from .located_yaml import load_file
    from .schema import read_data

    data = tmp / "imported.yaml"
    data.write_text(imported.yaml(source), encoding="utf-8")
    loaded, problems = read_data(load_file(data), imported.rubric.schema, str(data))
    if not problems:
        problems = compute(loaded, imported.rubric).errors
    where = {(n.line, n.col) if n.is_scalar else (n.key_line, n.key_col): _TOTAL_OF.get(p, p)
             for p, n in loaded.nodes.items()}
    return [(where[(pr.line, pr.col)], pr.message) for pr in problems
            if (pr.line, pr.col) in where and loaded.nodes.get(where[(pr.line, pr.col)]) is not None
            and loaded.nodes[where[(pr.line, pr.col)]].is_scalar]


def _settle(imported: Any, source: str, tmp: Path) -> None:
    """A value the source states that disagrees with what jixiao computes from the source's own
    parts (or is not in a form the data file takes) is imported as 待核实, the note saying why
    and what the source wrote: `draft` then works, and nothing is silently replaced."""
    from .importer import PENDING

    for _ in range(_ROUNDS):
        found = _data_problems(imported, source, tmp)
        if not found:
            return
        for path, message in found:
            cur: Any = imported.data
            for k in path[:-1]:
                cur = cur[k]
            old = cur[path[-1]]
            cur[path[-1]] = PENDING
            imported.notes[path] = str(_W["settled"]).format(old=old, message=message)


def review(imported: Any, source: str) -> list[str]:
    """Fix form faults and mark the author's faults in `imported.data`; returns the warnings to list."""
    warnings: list[str] = []
    _drop_repeated_paragraphs(imported.data, warnings)
    with tempfile.TemporaryDirectory(prefix="jixiao-import-") as td:
        _settle(imported, source, Path(td))
        for _ in range(_ROUNDS):
            got = _check(imported, source, Path(td))
            if not got or not got[0]:
                break
            findings, doc = got
            if not _apply(imported.data, findings, doc, warnings, imported.written_numbers):
                break
    return warnings


def _apply(data: dict[str, Any], findings: list[Finding], doc: Document, warnings: list[str],
           written: dict[str, str]) -> bool:
    """Mark each finding's sentence in the carried text, or take a point's own number off;
    `written`: the numbers as the source wrote them (“2、”), by the text after them."""
    leaves = list(_leaves(data))
    lookup = dict(leaves)
    marks: dict[tuple[tuple[Any, ...], int], tuple[list[str], list[str]]] = {}
    renumbered: dict[tuple[Any, ...], str] = {}
    changed = False
    memo: dict[Any, Any] = {}
    applied: set[Any] = set()
    for f in findings:
        span = _span(doc, f)
        if span is None:
            continue
        places = _where(leaves, *span, f.rule, memo)
        if f.rule not in _NUMBERING_RULES:  # the same fault at the same places adds nothing to the marks
            key = (f.rule, make_mark([f.message], [f.rule]), tuple(places))
            if key in applied:
                continue
            applied.add(key)
        for path, a, b in places:
            leaf = lookup[path]
            if f.rule in _NUMBERING_RULES and not leaf[:a].strip():
                m = _LEADING_NUMBER.match(leaf)
                if m:  # the paragraph's own number: the draft numbers its points itself
                    renumbered[path] = leaf[m.end():]
                    number = written.get(leaf[m.end():], m.group(0).strip())
                    warnings.append(str(_W["renumbered"]).format(number=number,
                                                                 text=leaf[m.end():m.end() + 20]))
                    continue
            stop = sentence_end(leaf, max(a, b - 1))
            reasons, rules = marks.setdefault((path, stop), ([], []))
            cut = stop == len(leaf.rstrip()) and not leaf.rstrip().endswith(("。", "！", "？", "”", "）"))
            # an opening bracket with the text after it missing: the copy of the source ends there
            reasons.append((_W["cut"] if cut and f.rule == "PUN01" else "") + f.message)
            rules.append(f.rule)
    by_leaf: dict[tuple[Any, ...], list[tuple[int, str]]] = {}
    for (path, stop), (reasons, rules) in marks.items():
        by_leaf.setdefault(path, []).append((stop, make_mark(reasons, rules)))
    for path in set(renumbered) | set(by_leaf):
        text = lookup[path]
        cut = len(text) - len(renumbered.get(path, text))  # the number taken off the front
        text = text[cut:]
        for stop, mark in sorted(by_leaf.get(path, []), reverse=True):
            stop = max(0, stop - cut)
            text = text[:stop] + mark + text[stop:]
        _set(data, path, text)
        changed = True
    return changed


def _drop_repeated_paragraphs(data: dict[str, Any], warnings: list[str]) -> bool:
    """A paragraph that repeats an earlier one word for word in the same list (a PDF page printed
    twice, a paste done twice): the second copy goes, and the import says so."""
    changed = False

    def walk(node: Any) -> None:
        nonlocal changed
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            seen: set[str] = set()
            for i in range(len(node) - 1, -1, -1):
                walk(node[i])
            keep = []
            for v in node:
                if isinstance(v, str) and len(v) >= 15 and v in seen:
                    warnings.append(str(_W["repeated"]).format(text=v[:20]))
                    changed = True
                    continue
                if isinstance(v, str):
                    seen.add(v)
                keep.append(v)
            node[:] = keep

    walk(data)
    return changed
