"""The drafting pipeline as explicit lists of stages.

FIGURES  load → indicator workbook → validate → figures            (check --data: no templates)
DRAFT    FIGURES → render the sections (DraftDoc)
DOCX     DRAFT → build the DOCX bytes
Each stage reads and fills one `Job`; `run(stages, job)` runs them in order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import phrasebank, rubric as rubric_mod
from .draft import context
from .draft.render import DraftDoc, Renderer, make_env
from .errors import DataError, Problem
from .figures import Figures, Missing, compute
from .located_yaml import Node, load_file
from .rubric import Rubric
from .schema import Loaded, read_data


@dataclass
class Drafted:
    doc: DraftDoc | None  # None when only the figures were computed (check --data)
    rubric: Rubric
    loaded: Loaded
    figures: Figures
    missing: list[Missing] = field(default_factory=list)


def _report_type(root: Node, file: str, rubric_dir: Path | None) -> Rubric:
    if not root.is_map:
        raise DataError([Problem(file, root.line, root.col, None, "数据文件应为“字段: 值”形式")])
    assert isinstance(root.value, dict)
    node = root.value.get("报告类型")
    if node is None or not node.is_scalar or not str(node.value).strip():
        raise DataError([Problem(file, root.line, root.col, "报告类型",
                                 "是必填字段，请写明报告类型（运行 jixiao types 查看可选值）")])
    name = str(node.value).strip()
    found = rubric_mod.find(name, rubric_dir)
    if found is None:
        names = "、".join(r.name for r in rubric_mod.load_all(rubric_dir))
        raise DataError([Problem(file, node.line, node.col, "报告类型", f"“{name}”不是已知的报告类型，可选：{names}")])
    return found


def _indicators_from_workbook(root: Node, path: Path) -> None:
    """`绩效指标: 自评表.xlsx` takes the indicator table from a workbook beside the data file."""
    node = root.value.get("绩效指标") if isinstance(root.value, dict) else None
    if node is None or not node.is_scalar or not str(node.value).strip().lower().endswith(".xlsx"):
        return
    from .xlsx_form import read_indicators

    book = (path.parent / str(node.value).strip()).resolve()
    rows = read_indicators(book)
    node.value = [Node({k: Node(v, node.line, node.col, k, node.line, node.col) for k, v in row.items() if k != "_cell"},
                       node.line, node.col, "绩效指标") for row in rows]


def load_data(path: Path, rubric_dir: Path | None = None) -> tuple[Loaded, Rubric]:
    root = load_file(path)
    rubric = _report_type(root, str(path), rubric_dir)
    _indicators_from_workbook(root, path)
    loaded, problems = read_data(root, rubric.schema, str(path), rubric_mod.placeholder_words(rubric_dir))
    if problems:
        raise DataError(problems)
    return loaded, rubric


@dataclass
class Job:
    """What the stages read (the inputs) and fill in (everything else), in stage order."""

    path: Path
    phrase_overlay: Path | None = None
    rubric_dir: Path | None = None
    sections_dir: Path | None = None
    root: Node | None = None
    rubric: Rubric | None = None
    loaded: Loaded | None = None
    figures: Figures | None = None
    doc: DraftDoc | None = None
    docx: bytes | None = None

    def drafted(self) -> Drafted:
        assert self.rubric and self.loaded and self.figures
        return Drafted(self.doc, self.rubric, self.loaded, self.figures, self.figures.missing)  # type: ignore[arg-type]


def _load(job: Job) -> None:
    job.root = load_file(job.path)
    job.rubric = _report_type(job.root, str(job.path), job.rubric_dir)


def _workbook(job: Job) -> None:
    _indicators_from_workbook(job.root, job.path)  # type: ignore[arg-type]


def _validate(job: Job) -> None:
    assert job.root is not None and job.rubric is not None
    job.loaded, problems = read_data(job.root, job.rubric.schema, str(job.path),
                                     rubric_mod.placeholder_words(job.rubric_dir))
    if problems:
        raise DataError(problems)


def _figures(job: Job) -> None:
    job.figures = compute(job.loaded, job.rubric)  # type: ignore[arg-type]
    if job.figures.errors:
        raise DataError(job.figures.errors)


def _render(job: Job) -> None:
    bank = phrasebank.load(job.phrase_overlay)
    renderer = Renderer(job.rubric, bank, make_env(job.sections_dir))  # type: ignore[arg-type]
    job.doc = renderer.render(context.build(job.loaded, job.rubric, job.figures))  # type: ignore[arg-type]


def _docx(job: Job) -> None:
    from .draft.docx_build import build  # python-docx only when a DOCX is wanted

    assert job.doc is not None and job.rubric is not None
    job.docx = build(job.doc, job.rubric.raw["format"])


Stage = tuple[str, Callable[[Job], None]]
FIGURES: list[Stage] = [("load", _load), ("workbook", _workbook), ("validate", _validate), ("figures", _figures)]
DRAFT: list[Stage] = FIGURES + [("render", _render)]
DOCX: list[Stage] = DRAFT + [("docx", _docx)]


def run(stages: list[Stage], job: Job) -> Job:
    for _name, stage in stages:
        stage(job)
    return job


def figures_only(path: Path, rubric_dir: Path | None = None) -> Drafted:
    """Data → figures, no templates rendered (check --data compares a draft with these)."""
    return run(FIGURES, Job(path, rubric_dir=rubric_dir)).drafted()


def draft_report(path: Path, phrase_overlay: Path | None = None, rubric_dir: Path | None = None,
                 sections_dir: Path | None = None) -> Drafted:
    return run(DRAFT, Job(path, phrase_overlay, rubric_dir, sections_dir)).drafted()


def draft_docx(path: Path, phrase_overlay: Path | None = None, **kw: Any) -> tuple[Drafted, bytes]:
    job = run(DOCX, Job(path, phrase_overlay, **kw))
    assert job.docx is not None
    return job.drafted(), job.docx
