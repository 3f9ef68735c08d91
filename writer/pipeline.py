"""The drafting pipeline as an explicit list of stages: load → validate → figures → render."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    doc: DraftDoc
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


def draft_report(path: Path, phrase_overlay: Path | None = None, rubric_dir: Path | None = None,
                 sections_dir: Path | None = None) -> Drafted:
    loaded, rubric = load_data(path, rubric_dir)
    figures = compute(loaded, rubric)
    if figures.errors:
        raise DataError(figures.errors)
    bank = phrasebank.load(phrase_overlay)
    renderer = Renderer(rubric, bank, make_env(sections_dir))
    doc = renderer.render(context.build(loaded, rubric, figures))
    return Drafted(doc, rubric, loaded, figures, figures.missing)
