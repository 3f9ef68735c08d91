"""One system: whatever jixiao drafts from valid data, jixiao's own check accepts (issue 9 item 4).

Random valid data files for each report type (tests/draft_variants.py: adjusted budgets, partial
receipt and execution with reasons, several fund sources, each weight scheme incl. 财预〔2021〕101号,
missed / over-completed / ≤ / = / 定性 indicators) are drafted in-process to Markdown and checked,
without and with the data file; no finding at warning or above is allowed.
A longer run with fresh random data: python bench/one_system_bench.py.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import draft_variants as dv
from conftest import EXAMPLES
from writer.check_pipeline import check_document
from writer.draft.docx_build import build
from writer.pipeline import draft_report

RUNS = int(os.environ.get("JIXIAO_ONE_SYSTEM_RUNS", "200"))


@pytest.mark.parametrize("kind", sorted(dv.STRATEGIES))
def test_every_generated_draft_checks_clean(kind: str, tmp_path: Path) -> None:
    def check(path: Path) -> None:
        plain, with_data, md = dv.findings_for(path)
        assert not dv.serious(plain), (path.read_text(encoding="utf-8"), md, dv.serious(plain))
        assert not dv.serious(with_data), (path.read_text(encoding="utf-8"), md, dv.serious(with_data))

    assert dv.run_generated(kind, RUNS, tmp_path, check) >= RUNS  # every generated file was drafted and checked


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_examples_as_docx_check_clean_with_and_without_data(name: str, tmp_path: Path) -> None:
    data = EXAMPLES / f"{name}.yaml"
    d = draft_report(data)
    out = tmp_path / f"{name}.docx"
    out.write_bytes(build(d.doc, d.rubric.raw["format"]))
    for with_data in (None, data):
        found = check_document(out, data=with_data).findings
        assert not dv.serious(found), dv.serious(found)
