"""The seeded defect-injection corpus (bench/accuracy.py, quick set): every figure, count, list,
form and wording rule finds its injected defect in ≥ 95 % of the surface variants, and correct
arithmetic (parts in totals, averages, per-year and per-item figures, shares) raises nothing."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import accuracy  # noqa: E402


def test_recall_per_rule_and_no_false_alarms() -> None:
    recall, alarms = accuracy.run(quick=True)
    assert set(recall) == set(accuracy.DEFECTS)
    for rule, (hits, trials) in recall.items():
        assert trials >= 5, rule
        assert hits / trials >= 0.95, (rule, hits, trials)
    assert alarms == []
