"""Bring a batch back to one voice: every drift becomes an edit of the unit's own file.

The drifts are found on each unit's report (a data file is drafted in memory first); each
becomes an `Edit` — a text rewrite that any string of the unit can take (a YAML value, a DOCX
paragraph). Edits are applied to copies only, after a preview of every change is accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .across import MAJORITY, Drift, Unit, find_drifts, fixable
from .across_terms import in_titles
from .errors import JixiaoError
from .ui_text import ui

DATA_SUFFIXES = (".yaml", ".yml")
DOCX_SUFFIX = ".docx"


@dataclass(frozen=True)
class Edit:
    rule: str
    found: str
    agreed: str
    matcher: Any = None  # regex whose group(1) is the form (terms, self-references, names in text)
    sentence: str = ""  # a reworded sentence and its standard wording
    new_sentence: str = ""

    def apply(self, text: str) -> str:
        if self.sentence:
            return text.replace(self.sentence, self.new_sentence)
        if text.strip() == self.found:  # a value that is just the form: a name cell, a 自称 or 等级 field
            return text.replace(self.found, self.agreed)
        if self.matcher is None:
            return text
        titles = in_titles(text)
        return self.matcher.sub(lambda m: m.group(0)[:m.start(1) - m.start()] + self.agreed + m.group(0)[m.end(1) - m.start():]
                                if m.group(1) == self.found and m.start(1) not in titles else m.group(0), text)


@dataclass
class Change:
    """One line of the preview: unit, place, from → to."""

    unit: str
    place: str
    old: str
    new: str


@dataclass
class Manual:
    """A drift harmonise cannot fix in this file: shown in the preview, left to the user."""

    rule: str
    found: str
    agreed: str
    why: str


@dataclass
class UnitFile:
    name: str
    path: Path
    kind: str  # data | docx
    doc: Any = None
    edits: list[Edit] = field(default_factory=list)
    manual: list[Manual] = field(default_factory=list)  # drifts no edit of this file can fix
    changes: list[Change] = field(default_factory=list)
    output: bytes | None = None


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix.lower() in (*DATA_SUFFIXES, DOCX_SUFFIX)
                          and not f.name.startswith((".", "~$")))
        elif not p.exists():
            raise JixiaoError(f"文件不存在：{p}")
        elif p.suffix.lower() not in (*DATA_SUFFIXES, DOCX_SUFFIX):
            raise JixiaoError(f"{p} 不是数据文件（.yaml）或 Word 文档（.docx）；harmonise 只改这两种文件")
        else:
            out.append(p)
    names = [p.stem for p in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise JixiaoError(f"单位名称重复：{'、'.join(dup)}（同名的 .yaml 和 .docx 不能一起统一）")
    if len(out) < 2:
        raise JixiaoError("统一用语至少需要两个单位的文件")
    return out


def read_unit(path: Path) -> UnitFile:
    from . import rubric as rubric_mod
    from .read.outline import build_outline

    if path.suffix.lower() in DATA_SUFFIXES:
        from .pipeline import draft_report
        from .read.text_reader import read_markdown

        drafted = draft_report(path)
        doc = read_markdown(path.with_suffix(".md"), drafted.doc.markdown())
        build_outline(doc, rubric_mod.load_all(), drafted.rubric)
        return UnitFile(path.stem, path, "data", doc)
    from .check_pipeline import read_document

    doc = read_document(path)
    build_outline(doc, rubric_mod.load_all())
    return UnitFile(path.stem, path, "docx", doc)


def edit_for(d: Drift) -> Edit | None:
    if not fixable(d):
        return None
    if d.kind == "phrase_deviation":
        return Edit(d.rule.id, d.found, d.agreed, sentence=d.context, new_sentence=d.values["new_sentence"])
    return Edit(d.rule.id, d.found, d.agreed, d.matcher)


def plan(files: list[UnitFile], to: str = MAJORITY) -> list[Drift]:
    """Fill each file's edits from the batch's drifts; returns all drifts found."""
    drifts = find_drifts([Unit(f.name, f.doc) for f in files], to)
    by_name = {f.name: f for f in files}
    for d in drifts:
        f = by_name[d.unit]
        e = edit_for(d)
        if e is None:
            f.manual.append(Manual(d.rule.id, d.found, d.agreed, ui("句中数字与标准用语对不上，请对照标准用语手工改写")))
            continue
        same = next((i for i, x in enumerate(f.edits) if (x.rule, x.found, x.agreed, x.sentence) ==
                     (e.rule, e.found, e.agreed, e.sentence)), None)
        if same is None:
            f.edits.append(e)
        else:  # a name in the table and in the text: one edit that does both
            x = f.edits[same]
            f.edits[same] = Edit(x.rule, x.found, x.agreed, x.matcher or e.matcher, x.sentence, x.new_sentence)
    return drifts


def rewrite(text: str, edits: list[Edit]) -> str:
    for e in edits:
        text = e.apply(text)
    return text


_SPACE = re.compile(r"\s+")


def short(text: str, limit: int = 60) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def changed_part(old: str, new: str, context: int = 6) -> tuple[str, str]:
    """The part of old and new that differs, with a few characters around it (…资金支出率按月…)."""
    a = 0
    while a < min(len(old), len(new)) and old[a] == new[a]:
        a += 1
    b = 0
    while b < min(len(old), len(new)) - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    lo = max(0, a - context)

    def cut(text: str) -> str:
        hi = min(len(text), len(text) - b + context)
        return ("…" if lo > 0 else "") + _SPACE.sub(" ", text[lo:hi]) + ("…" if hi < len(text) else "")
    return cut(old), cut(new)
