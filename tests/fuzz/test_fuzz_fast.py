"""The fast subset of the hostile corpus (the full run is bench/fuzz.py): every case ends with a
Chinese message or a report, within its time limit, inputs untouched, nothing written elsewhere."""
from __future__ import annotations

import pytest

from .corpus import cases
from .runner import run

FAST = cases(full=False)


@pytest.mark.parametrize("case", FAST, ids=[c.name for c in FAST])
def test_hostile_case(case) -> None:  # type: ignore[no-untyped-def]
    r = run(case)
    assert not r.hang, f"{case.name}: no answer within the time limit"
    assert not r.crash, f"{case.name}: exit {r.code}\n{r.stderr}"
    assert not r.inputs_changed and not r.outside_writes, (r.inputs_changed, r.outside_writes)
    assert not any(r.counters.values()), r.counters
    if r.code == 2:
        assert "错误" in r.stderr and "[E" in r.stderr, r.stderr
