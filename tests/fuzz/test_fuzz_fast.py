"""The fast subset of the hostile corpus (the full run is bench/fuzz.py): every case ends with a
Chinese message or a report, within its time limit, inputs untouched, nothing written elsewhere."""
from __future__ import annotations

import pytest

from .corpus import cases
from .runner import run

# one case of each hostile family keeps CI short; bench/fuzz.py runs the whole corpus
_PICK = ("docx/ole-encrypted", "docx/bomb-ratio", "docx/xxe-file", "docx/outline-bad", "docx/images-only-comments",
         "txt/regex-bait-0", "xlsx-import/huge-merge", "draft/laughs", "draft/deep-flow", "draft/inject-0-单位名称",
         "draft/char-0001-单位名称", "rollover/year-9999", "batch/formula-names", "cli/pdf-output")
FAST = [c for c in cases(full=False) if c.name in _PICK]


@pytest.mark.parametrize("case", FAST, ids=[c.name for c in FAST])
def test_hostile_case(case) -> None:  # type: ignore[no-untyped-def]
    r = run(case)
    assert not r.hang, f"{case.name}: no answer within the time limit"
    assert not r.crash, f"{case.name}: exit {r.code}\n{r.stderr}"
    assert not r.inputs_changed and not r.outside_writes, (r.inputs_changed, r.outside_writes)
    assert not any(r.counters.values()), r.counters
    if r.code == 2:
        assert "错误" in r.stderr and "[E" in r.stderr, r.stderr


def test_every_picked_case_exists() -> None:
    assert len(FAST) == len(_PICK)
