"""One YAML case file per rule (tests/rules/<ID>.yml), run by one loader; plus meta-tests.

A case gives a draft fragment (`text`, TXT by default or `format: md`) and the complete list of
findings that rule must report on it (`findings`: line and excerpt, optionally message), or [].
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from writer import rubric as rubric_mod
from writer.checks import KINDS
from writer.checks.engine import Ctx, load_rules, run_rules
from writer.read.outline import build_outline
from writer.pipeline import draft_report
from writer.read.text_reader import read_markdown, read_text

ROOT = Path(__file__).resolve().parent.parent

CASE_DIR = Path(__file__).resolve().parent / "rules"


def _rules() -> dict[str, Any]:
    out = {}
    for r in rubric_mod.load_all():
        for rule in load_rules(r):
            out.setdefault(rule.id, rule)
    return out


RULES = _rules()


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for f in sorted(CASE_DIR.glob("*.yml")):
        spec = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            out.append((spec["rule"], case["name"], {**case, "type": case.get("type", spec.get("type"))}))
    return out


CASES = _cases()


def run_case(rule_id: str, case: dict[str, Any]) -> list[Any]:
    rubrics = rubric_mod.load_all()
    forced = rubric_mod.find(case["type"]) if case.get("type") else None
    path = Path(f"case.{case.get('format', 'txt')}")
    doc = read_markdown(path, case["text"]) if case.get("format") == "md" else read_text(path, case["text"])
    rubric = build_outline(doc, rubrics, forced)
    rule = next(r for r in load_rules(rubric) if r.id == rule_id)
    for k, v in (case.get("params") or {}).items():
        rule.params = {**rule.params, k: v}
    data = draft_report(ROOT / case["data"]) if case.get("data") else None
    return run_rules(Ctx(doc, rubric, data), [rule])


@pytest.mark.parametrize("rule_id,name,case", CASES, ids=[f"{r}_{n}" for r, n, _ in CASES])
def test_rule_case(rule_id: str, name: str, case: dict[str, Any]) -> None:
    found = run_case(rule_id, case)
    got = [{"line": f.location.line, "excerpt": f.excerpt} for f in found]
    want = [{"line": w.get("line"), "excerpt": w.get("excerpt", "")} for w in case["findings"]]
    assert got == want, [f.message for f in found]
    for f, w in zip(found, case["findings"]):
        if "message" in w:
            assert f.message == w["message"]


def test_every_rule_has_failing_and_passing_cases() -> None:
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for rule_id, _, case in CASES:
        by_rule.setdefault(rule_id, []).append(case)
    for rule_id in RULES:
        cases = by_rule.get(rule_id, [])
        assert any(c["findings"] for c in cases), f"{rule_id} has no failing case"
        assert any(not c["findings"] for c in cases), f"{rule_id} has no passing case"
    assert set(by_rule) <= set(RULES), set(by_rule) - set(RULES)


def test_ids_unique_and_every_kind_used() -> None:
    for r in rubric_mod.load_all():
        ids = [c["id"] for c in r.checks]
        assert len(ids) == len(set(ids))
    used = {r.kind for r in RULES.values()}
    assert used == set(KINDS), set(KINDS) - used


def test_every_kind_documented() -> None:
    for name, fn in KINDS.items():
        doc = fn.__doc__ or ""
        assert "What it checks" in doc and "Example" in doc, name


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_examples_in_yaml_behave_as_stated(rule_id: str) -> None:
    """The bad example a rule documents is reported; the good one is not (rules carry examples)."""
    ex = RULES[rule_id].examples
    assert ex.get("bad") and ex.get("good"), f"{rule_id} needs examples.bad and examples.good"
    fmt = ex.get("format", "txt")
    title = "# 某单位某项目支出绩效自评报告\n\n" if fmt == "md" else "某单位某项目支出绩效自评报告\n"
    base = {"type": "项目支出绩效自评报告", "format": fmt, "data": ex.get("data")}
    assert run_case(rule_id, {**base, "text": title + ex["bad"]}), f"{rule_id}: bad example not reported"
    assert not run_case(rule_id, {**base, "text": title + ex["good"]}), f"{rule_id}: good example reported"
