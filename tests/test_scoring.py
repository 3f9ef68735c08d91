"""Indicator scoring methods and deviation triggers, driven by rubric settings."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import EXAMPLES, rubric_copy
from writer.pipeline import draft_report

EVAL = EXAMPLES / "evaluation-sample.yaml"


def test_proportional_scores_for_missed_targets() -> None:
    d = draft_report(EVAL)
    by_name = {r.row["name"]: r for r in d.figures.indicators}
    assert by_name["新建高标准农田面积"].completion == Decimal("90.00")
    assert by_name["新建高标准农田面积"].score == Decimal("18.00")
    assert by_name["预算执行率"].score == Decimal("4.33")  # 86.5% × 5, half-up
    assert d.figures.total == Decimal("92.33") and d.figures.grade == "优"
    assert d.figures.execution_rate == Decimal("86.50")


def test_banded_101_method_from_yaml(tmp_path: Path) -> None:
    rubrics = rubric_copy(tmp_path, "base.yaml", "  indicator: proportional", "  indicator: banded_101")
    d = draft_report(EVAL, rubric_dir=rubrics)
    by_name = {r.row["name"]: r for r in d.figures.indicators}
    # (90% − 60%) / 40% × 20 = 15
    assert by_name["新建高标准农田面积"].score == Decimal("15.00")


def test_reverse_indicator_met_when_below_target() -> None:
    d = draft_report(EXAMPLES / "department-panyu-2023.yaml")
    r = next(r for r in d.figures.indicators if r.row["direction"] == "≤")
    assert r.met and r.score == r.row["weight"]


def test_department_identity_and_shares() -> None:
    d = draft_report(EXAMPLES / "department-panyu-2023.yaml")
    shares = d.figures.shares["income_parts"]
    assert shares["一般公共预算财政拨款收入"] == Decimal("93.54")
    assert d.figures.shares["spending_parts"]["项目支出"] == Decimal("33.34")
