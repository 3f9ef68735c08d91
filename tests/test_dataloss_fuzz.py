"""The fast subset of the dataloss fuzz cases (the full run: bench/fuzz.py or
`python -m tests.fuzz.dataloss_cases -v`)."""
from __future__ import annotations

import sys

from fuzz.dataloss_cases import FAST, hostile_cases, run_case, summary_line


def test_fast_subset_loses_nothing() -> None:
    picked = [c for c in hostile_cases() if c.name in FAST]
    assert len(picked) == len(FAST)
    totals: dict[str, int] = {}
    for case in picked:
        for k, v in run_case(case, [sys.executable, "-m", "writer"], timeout=120).items():
            totals[k] = totals.get(k, 0) + v
    assert totals["cases"] == len(FAST)
    assert {k: v for k, v in totals.items() if k != "cases" and v} == {}, summary_line(totals)
