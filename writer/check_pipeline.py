"""Checking: the stages are pipeline.CHECK (read → type → data → structure → rules → ignores);
here the entry points the CLI, batch and web call, and the ignore list and terms overlay."""
from __future__ import annotations

import re
from pathlib import Path

from . import limits
from .gc_pause import fewer_collections
from .pipeline import CheckJob, check_job
from .read.load import read_document  # noqa: F401  (importer and batch read drafts through here)

TYPE_CHECKING = False  # typing, dataclasses, the engine and YAML reading: imported where used
if TYPE_CHECKING:
    from typing import Any

    from .checks.engine import Rule
    from .findings import Finding
    from .read.document import Document
    from .rubric import Rubric


class IgnoreEntry:
    def __init__(self, rule: str, text: str, line: int, used: bool = False) -> None:
        self.rule = rule
        self.text = text
        self.line = line
        self.used = used

    def __repr__(self) -> str:
        return f"IgnoreEntry(rule={self.rule!r}, text={self.text!r}, line={self.line!r}, used={self.used!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IgnoreEntry):
            return NotImplemented
        return (self.rule, self.text, self.line, self.used) == (other.rule, other.text, other.line, other.used)

    __hash__ = None  # type: ignore[assignment]  # mutable (used), as the dataclass was


class Checked:
    """One checked report: what the reporters, batch and web show."""

    def __init__(self, doc: Document, rubric: Rubric, findings: list[Finding],
                 unused_ignores: list[IgnoreEntry] | None = None) -> None:
        self.doc = doc
        self.rubric = rubric
        self.findings = findings
        self.unused_ignores = [] if unused_ignores is None else unused_ignores


def load_ignore(path: Path) -> list[IgnoreEntry]:
    """`.jixiao-ignore.yaml`: a list of {rule: FIG03, text: 860.867958万元}."""
    from .errors import JixiaoError
    from .located_yaml import load_file
    from .rubric import to_plain

    node = load_file(path)
    entries = []
    items = node.value if isinstance(node.value, list) else []
    for item in items:
        plain = to_plain(item)
        if not isinstance(plain, dict) or "rule" not in plain or "text" not in plain:
            raise JixiaoError(f"{path} 第{item.line}行：每条忽略项须有 rule 和 text")
        entries.append(IgnoreEntry(str(plain["rule"]), str(plain["text"]), item.line))
    return entries


def apply_ignores(findings: list[Finding], ignores: list[IgnoreEntry]) -> list[Finding]:
    kept = []
    for f in findings:
        hit = next((e for e in ignores if e.rule in (f.rule, f.name) and e.text in (f.excerpt or f.message)), None)
        if hit:
            hit.used = True
            continue
        kept.append(f)
    return kept


def terms_overlay(rules: list[Rule], terms: Path | None) -> None:
    if terms is None:
        return
    from .errors import JixiaoError
    from .located_yaml import load_file
    from .rubric import to_plain

    node = load_file(terms)
    plain = to_plain(node)
    if not isinstance(plain, dict):
        raise JixiaoError(f"{terms} 应为“错误写法: 规范写法”的列表")
    for r in rules:
        if r.kind == "substitution":
            r.params = {**r.params, "swap": {**r.params.get("swap", {}), **{str(k): str(v) for k, v in plain.items()}}}


def check_document(path: Path, forced_type: str | None = None, data: Path | None = None,
                   disabled: set[str] | None = None, ignore: Path | None = None,
                   terms: Path | None = None) -> Checked:
    with limits.time_budget(str(path)), fewer_collections():
        return _checked(check_job(CheckJob(path, forced_type, data, disabled or set(), ignore, terms)))


def check_built(body: Any, styles: Any, path: Path, disabled: set[str] | frozenset[str] = frozenset()) -> Checked:
    """Check a report held in memory as its w:body and styles elements (batch: the report it
    has just written, not read back)."""
    from .read.docx_reader import from_parts

    with limits.time_budget(str(path)), fewer_collections():
        return check_read(from_parts(body, styles, path), disabled=set(disabled))


def check_read(doc: Document, forced_type: str | None = None, data: Path | None = None,
               disabled: set[str] | None = None, ignore: Path | None = None,
               terms: Path | None = None) -> Checked:
    """A document already read (the read stage is skipped)."""
    return _checked(check_job(CheckJob(Path(doc.path), forced_type, data, disabled or set(), ignore, terms,
                                       doc=doc)))


def _checked(job: CheckJob) -> Checked:
    assert job.doc is not None and job.rubric is not None
    return Checked(job.doc, job.rubric, job.findings, job.unused_ignores)


def valid_disable(values: list[str]) -> set[str]:
    out = set()
    for v in values:
        for part in re.split(r"[,，\s]+", v):
            if part:
                out.add(part)
    return out
