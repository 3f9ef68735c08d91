"""The three jobs as explicit lists of stages; the CLI, batch and the web call one function each.

FIGURES      load → indicator workbook → validate → figures           figures_only()
DRAFT        FIGURES → render the sections (DraftDoc)                  draft_report()
DOCX         DRAFT → build the DOCX bytes                              draft_docx()
IMPORT       read → structure → fields → review → data file            import_data()
IMPORT_FORM  a 自评表 workbook → data file                             import_data()
CHECK        read → type → data → structure → rules → ignores         check_job() (check_pipeline.py wraps it)
Each stage reads and fills one job object; `run(stages, job)` runs them in order. Heavy modules
(templates, python-docx, the rule engine) are imported by the stage that needs them, so a job
pays only for its own stages.
"""
from __future__ import annotations

from pathlib import Path

from . import rubric as rubric_mod
from .errors import DataError, JixiaoError, Problem
from .located_yaml import Node, load_file
from .schema import read_data

TYPE_CHECKING = False  # typing and dataclasses are not needed at run time here (start-up time)
if TYPE_CHECKING:
    from typing import Any, Callable

    from .draft.render import DraftDoc
    from .figures import Figures, Missing
    from .importer import Imported
    from .read.document import Document
    from .rubric import Rubric
    from .schema import Loaded

    Stage = tuple[str, Callable[[Any], None]]


class Drafted:
    """The outcome of FIGURES or DRAFT: what the CLI, batch, web and `check --data` use."""

    def __init__(self, doc: DraftDoc | None, rubric: Rubric, loaded: Loaded, figures: Figures,
                 missing: list[Missing] | None = None) -> None:
        self.doc = doc  # None when only the figures were computed (check --data)
        self.rubric = rubric
        self.loaded = loaded
        self.figures = figures
        self.missing = [] if missing is None else missing


def _report_type(root: Node, file: str, rubric_dir: Path | None) -> Rubric:
    if not root.is_map:
        raise DataError([Problem(file, root.line, root.col, None, "数据文件应为“字段: 值”形式")])
    assert isinstance(root.value, dict)
    key = rubric_mod.field_key("report_type")
    node = root.value.get(key)
    if node is None or not node.is_scalar or not str(node.value).strip():
        raise DataError([Problem(file, root.line, root.col, key,
                                 "是必填字段，请写明报告类型（运行 jixiao types 查看可选值）")])
    name = str(node.value).strip()
    found = rubric_mod.find(name, rubric_dir)
    if found is None:
        names = "、".join(r.name for r in rubric_mod.load_all(rubric_dir))
        raise DataError([Problem(file, node.line, node.col, key, f"“{name}”不是已知的报告类型，可选：{names}")])
    return found


def _indicators_from_workbook(root: Node, path: Path) -> None:
    """`绩效指标: 自评表.xlsx` takes the indicator table from a workbook beside the data file."""
    key = rubric_mod.field_key("indicators")
    node = root.value.get(key) if isinstance(root.value, dict) else None
    if node is None or not node.is_scalar or not str(node.value).strip().lower().endswith(".xlsx"):
        return
    from .xlsx_form import read_indicators

    book = (path.parent / str(node.value).strip()).resolve()
    rows = read_indicators(book)
    node.value = [Node({k: Node(v, node.line, node.col, k, node.line, node.col) for k, v in row.items() if k != "_cell"},
                       node.line, node.col, key) for row in rows]


def load_data(path: Path, rubric_dir: Path | None = None) -> tuple[Loaded, Rubric]:
    """The data file read and validated (the stages of FIGURES before the figures): rollover, tests."""
    job = run(LOAD, Job(path, rubric_dir=rubric_dir))
    return job.loaded, job.rubric


class Job:
    """What the stages read (the inputs) and fill in (everything else), in stage order."""

    def __init__(self, path: Path, phrase_overlay: Path | None = None, rubric_dir: Path | None = None,
                 sections_dir: Path | None = None, root: Node | None = None, rubric: Rubric | None = None,
                 loaded: Loaded | None = None, figures: Figures | None = None, doc: DraftDoc | None = None,
                 docx: bytes | None = None) -> None:
        self.path = path
        self.phrase_overlay = phrase_overlay
        self.rubric_dir = rubric_dir
        self.sections_dir = sections_dir
        self.root = root
        self.rubric = rubric
        self.loaded = loaded
        self.figures = figures
        self.doc = doc
        self.docx = docx

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
    job.loaded, problems = read_data(job.root, job.rubric.schema, str(job.path))
    if problems:
        raise DataError(problems)


def _figures(job: Job) -> None:
    from .figures import compute

    job.figures = compute(job.loaded, job.rubric)  # type: ignore[arg-type]
    if job.figures.errors:
        raise DataError(job.figures.errors)


def _render(job: Job) -> None:
    from . import phrasebank
    from .draft import context
    from .draft.render import Renderer, make_env

    bank = phrasebank.load(job.phrase_overlay)
    renderer = Renderer(job.rubric, bank, make_env(job.sections_dir))  # type: ignore[arg-type]
    job.doc = renderer.render(context.build(job.loaded, job.rubric, job.figures))  # type: ignore[arg-type]


def _docx(job: Job) -> None:
    from .draft.docx_build import build  # python-docx only when a DOCX is wanted

    assert job.doc is not None and job.rubric is not None
    job.docx = build(job.doc, job.rubric.raw["format"])


LOAD: list[Stage] = [("load", _load), ("workbook", _workbook), ("validate", _validate)]
FIGURES: list[Stage] = LOAD + [("figures", _figures)]
DRAFT: list[Stage] = FIGURES + [("render", _render)]
DOCX: list[Stage] = DRAFT + [("docx", _docx)]


def run(stages: list[Stage], job: Any) -> Any:
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


# ---- import: last year's report → a data file ----------------------------------------------
# IMPORT       read (TXT tables and chrome set apart, control characters dropped) → structure
#              (report type from the title, outline) → fields (sections, tables, cover) → review (the
#              draft of the import checked: form faults fixed, the author's marked 待核实) → data file
# IMPORT_FORM  a 自评表 workbook → data file

class ImportJob:
    def __init__(self, path: Path, forced_type: str | None = None, shown: str = "", doc: Document | None = None,
                 rubric: Rubric | None = None, imported: Imported | None = None, text: str | None = None) -> None:
        self.path = path
        self.forced_type = forced_type
        self.shown = shown  # the source's name written at the head of the data file
        self.doc = doc
        self.rubric = rubric
        self.imported = imported
        self.text = text  # the data file
        self.frame: Any = None  # importer.Frame: title, subtitle and page chrome, found once


def _import_read(job: ImportJob) -> None:
    from .importer import read_source

    job.doc = read_source(job.path)


def _import_structure(job: ImportJob) -> None:
    from .importer import frame_of, report_rubric

    job.frame = frame_of(job.doc)  # type: ignore[arg-type]
    job.rubric = report_rubric(job.doc, job.forced_type, job.frame)  # type: ignore[arg-type]


def _import_fields(job: ImportJob) -> None:
    from .importer import fields_of

    job.imported = fields_of(job.doc, job.rubric, job.frame)  # type: ignore[arg-type]


def _import_review(job: ImportJob) -> None:
    from .importer import review_carried

    review_carried(job.imported, job.shown or job.path.name)  # type: ignore[arg-type]


def _import_data_file(job: ImportJob) -> None:
    assert job.imported is not None
    job.text = job.imported.yaml(job.shown or job.path.name)


def _form_data_file(job: ImportJob) -> None:
    from .xlsx_form import form_to_yaml

    job.text = form_to_yaml(job.path)


IMPORT: list[Stage] = [("read", _import_read), ("structure", _import_structure), ("fields", _import_fields),
                       ("review", _import_review), ("data file", _import_data_file)]
IMPORT_FORM: list[Stage] = [("data file", _form_data_file)]


def import_data(path: Path, forced_type: str | None = None, shown: str = "") -> ImportJob:
    """A report (DOCX/TXT/MD) or a 自评表 (.xlsx) → `job.text`, the data file (CLI, web)."""
    stages = IMPORT_FORM if path.suffix.lower() == ".xlsx" else IMPORT
    job: ImportJob = run(stages, ImportJob(path, forced_type, shown))
    return job


# ---- check: any draft → findings --------------------------------------------------------------
# CHECK  read (DOCX/TXT/MD; each rule matches the normalised text, read/normalise.py) → type (the
#        forced report type) → data (with --data: the figures and the draft jixiao makes of them)
#        → structure (outline, block roles) → rules → ignores. The findings are reported by the
#        caller: terminal/JSON/SARIF/Word comments (CLI), 汇总.xlsx (batch), the page (web).

class CheckJob:
    def __init__(self, path: Path, forced_type: str | None = None, data: Path | None = None,
                 disabled: set[str] | None = None, ignore: Path | None = None, terms: Path | None = None,
                 doc: Document | None = None, rubrics: list[Rubric] | None = None, forced: Rubric | None = None,
                 drafted: Drafted | None = None, rubric: Rubric | None = None, findings: list[Any] | None = None,
                 unused_ignores: list[Any] | None = None) -> None:
        self.path = path
        self.forced_type = forced_type
        self.data = data
        self.disabled = set() if disabled is None else disabled
        self.ignore = ignore
        self.terms = terms
        self.doc = doc  # given when the report is already in memory (batch)
        self.rubrics = [] if rubrics is None else rubrics
        self.forced = forced
        self.drafted = drafted
        self.rubric = rubric
        self.findings = [] if findings is None else findings
        self.unused_ignores = [] if unused_ignores is None else unused_ignores


def _check_read(job: CheckJob) -> None:
    if job.doc is None:
        from .read.load import read_document

        job.doc = read_document(job.path)


def _check_type(job: CheckJob) -> None:
    job.rubrics = rubric_mod.load_all()
    if job.forced_type:
        job.forced = rubric_mod.find(job.forced_type)
        if job.forced is None:
            raise JixiaoError(f"“{job.forced_type}”不是已知的报告类型，可选：{'、'.join(r.name for r in job.rubrics)}")


def _check_data(job: CheckJob) -> None:
    if job.data is not None:
        job.drafted = figures_only(job.data)  # data rules compare with these; nothing is rendered
        job.forced = job.forced or job.drafted.rubric


def _check_structure(job: CheckJob) -> None:
    from .read.outline import build_outline

    job.rubric = build_outline(job.doc, job.rubrics, job.forced)  # type: ignore[arg-type]


def _check_rules(job: CheckJob) -> None:
    from .check_pipeline import terms_overlay
    from .checks.engine import Ctx, load_rules, run_rules
    from .review_marks import fold_marked

    assert job.rubric is not None and job.doc is not None
    rules = load_rules(job.rubric)
    terms_overlay(rules, job.terms)
    # a sentence carried from a source with its fault marked 【待核实：…（RULE）】 is reported as the placeholder
    job.findings = fold_marked(run_rules(Ctx(job.doc, job.rubric, job.drafted), rules, job.disabled), job.doc)


def _check_ignores(job: CheckJob) -> None:
    from .check_pipeline import apply_ignores, load_ignore

    if job.ignore is not None:
        ignores = load_ignore(job.ignore)
        job.findings = apply_ignores(job.findings, ignores)
        job.unused_ignores = [e for e in ignores if not e.used]


CHECK: list[Stage] = [("read", _check_read), ("type", _check_type), ("data", _check_data),
                      ("structure", _check_structure), ("rules", _check_rules), ("ignores", _check_ignores)]


def check_job(job: CheckJob) -> CheckJob:
    done: CheckJob = run(CHECK, job)
    return done
