"""The three jobs as stage lists (writer/pipeline.py): each job runs its stages in order and the
CLI, batch and web entry points give what the stages give."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from writer import pipeline
from writer.check_pipeline import check_document
from writer.errors import JixiaoError
from writer.xlsx_form import form_to_yaml, write_blank

DATA = EXAMPLES / "project-zhanjiang-2020.yaml"


def test_stage_lists_in_order() -> None:
    assert [n for n, _ in pipeline.DRAFT] == ["load", "workbook", "validate", "figures", "render"]
    assert pipeline.FIGURES[:len(pipeline.LOAD)] == pipeline.LOAD
    assert [n for n, _ in pipeline.IMPORT] == ["read", "structure", "fields", "review", "data file"]
    assert [n for n, _ in pipeline.CHECK] == ["read", "type", "data", "structure", "rules", "ignores"]


def test_load_data_runs_the_figures_stages_before_the_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """One list: load_data (rollover, tests) reads a data file through the same stages as a draft."""
    seen: list[str] = []
    monkeypatch.setattr(pipeline, "LOAD", [(name, lambda job, n=name, f=stage: (seen.append(n), f(job)))
                                           for name, stage in pipeline.LOAD])
    loaded, rubric = pipeline.load_data(DATA)
    assert seen == ["load", "workbook", "validate"]
    assert rubric.id == "project_self" and loaded.file == str(DATA)


@pytest.fixture(scope="module")
def report_md(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("p") / "报告.md"
    path.write_text(pipeline.draft_report(DATA).doc.markdown(), encoding="utf-8")  # type: ignore[union-attr]
    return path


def test_import_runs_read_structure_fields_data_file(report_md: Path) -> None:
    job = pipeline.import_data(report_md, shown="旧报告.md")
    assert job.doc is not None and job.doc.blocks
    assert job.rubric is not None and job.rubric.id == "project_self"
    assert job.imported is not None and job.imported.data
    assert job.text is not None and "旧报告.md" in job.text.splitlines()[0]
    assert "中共湛江市委组织部" in job.text


def test_import_of_a_workbook_is_one_stage(tmp_path: Path) -> None:
    book = tmp_path / "自评表.xlsx"
    book.write_bytes(write_blank(book, "2024"))
    job = pipeline.import_data(book)
    assert job.imported is None and job.text == form_to_yaml(book)


def test_check_job_stages_fill_the_job(report_md: Path) -> None:
    job = pipeline.check_job(pipeline.CheckJob(report_md))
    assert job.doc is not None and job.rubric is not None and job.drafted is None
    via_cli = check_document(report_md)
    assert [(f.rule, f.message) for f in job.findings] == [(f.rule, f.message) for f in via_cli.findings]


def test_check_job_with_data_uses_the_data_stage(report_md: Path) -> None:
    job = pipeline.check_job(pipeline.CheckJob(report_md, data=DATA))
    assert job.drafted is not None and job.forced is job.drafted.rubric
    assert [f for f in job.findings if f.level == "error"] == []


def test_unknown_forced_type_stops_at_the_type_stage(report_md: Path) -> None:
    job = pipeline.CheckJob(report_md, forced_type="不存在的类型")
    with pytest.raises(JixiaoError, match="不是已知的报告类型"):
        pipeline.check_job(job)
    assert job.doc is not None and job.rubric is None  # read ran, structure did not


def test_check_with_data_renders_no_template(report_md: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The data stage computes figures only, and DAT01 finds a changed figure from them: no
    section template or phrase sentence is rendered (rendering raises here)."""
    from writer.draft import render

    def no_render(*_a: object, **_k: object) -> None:
        raise AssertionError("check --data rendered a template")

    monkeypatch.setattr(render.Renderer, "render", no_render)
    monkeypatch.setattr(pipeline, "_render", no_render)
    edited = tmp_path / "改过.md"
    edited.write_text(report_md.read_text(encoding="utf-8").replace("本项目全年执行数为445.00", "本项目全年执行数为440.00"),
                      encoding="utf-8")
    job = pipeline.check_job(pipeline.CheckJob(edited, data=DATA))
    assert job.drafted is not None and job.drafted.doc is None
    assert job.drafted.figures.total is not None
    assert [f.excerpt for f in job.findings if f.rule == "DAT01"] == ["440.00万元"]
