"""Every rule of every report type (any kind in the registry, any YAML rule, including ones added
later) is fed 100,000-character adversarial text built from its own trigger characters, as one
paragraph, as many short lines and as a table, and must finish within a generous bound: a rule
that is quadratic in the paragraph length takes minutes here, a linear one well under a second."""
from __future__ import annotations

import itertools
import re
import time
from pathlib import Path
from typing import Any

import pytest

from writer import rubric as rubric_mod
from writer.checks.engine import Ctx, Rule, load_rules, run_rules
from writer.read.document import Block, Cell, Document
from writer.read.outline import build_outline

SIZE = 100_000
BOUND = 8.0  # seconds per rule and shape on a shared 2-core machine; linear rules take < 1 s
# characters that start numbers, markers, pairs and references in any rule
COMMON = ["一、", "（一）", "1.", "（", "）", "《", "》", "“", "”", "95%", "100万元", "12.5分", "〔2020〕", "2023年",
          "其中", "合计", "预算执行率", "，", "。", "\u3000", "a", "Ab", "的的"]


def _words(value: Any) -> list[str]:
    """Literal pieces of a parameter value: list items, map keys and values, regex literals."""
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in _words(k) + _words(v)]
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _words(v)]
    if isinstance(value, str):
        return [w for w in re.split(r"[\\\[\]\(\)\{\}\|\?\*\+\^\$\.]+|\\[dswDSW]", value) if w][:40]
    return []


def _triggers(rule: Rule) -> list[str]:
    own = [w for w in _words(rule.params) if len(w) <= 12]
    return own + COMMON


def _soup(triggers: list[str]) -> str:
    text = "".join(itertools.islice(itertools.cycle(triggers), SIZE))
    return text[:SIZE]


def _rules() -> list[tuple[str, rubric_mod.Rubric, Rule]]:
    out: dict[str, tuple[str, rubric_mod.Rubric, Rule]] = {}
    for rb in rubric_mod.load_all():
        for r in load_rules(rb):
            out.setdefault(r.id, (r.id, rb, r))
    return sorted(out.values(), key=lambda x: x[0])


RULES = _rules()


def _documents(text: str) -> dict[str, Document]:
    lines = [text[i:i + 50] for i in range(0, len(text), 50)]
    rows = [[text[i:i + 20], text[i + 20:i + 40], text[i + 40:i + 50]] for i in range(0, len(text), 50)]
    table = Block(1, "table", "\n".join("\t".join(r) for r in rows), rows=rows,
                  cells=[Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)])
    return {
        "paragraph": Document("a.txt", "txt", [Block(0, "heading", "一、基本情况", line=1, level=1),
                                               Block(1, "paragraph", text, line=2)]),
        "lines": Document("a.txt", "txt", [Block(i, "paragraph", ln, line=i + 1) for i, ln in enumerate(lines)]),
        "table": Document("a.docx", "docx", [Block(0, "paragraph", "一、基本情况"), table]),
    }


@pytest.mark.parametrize("rule_id,rubric,rule", RULES, ids=[r[0] for r in RULES])
def test_rule_is_linear_on_adversarial_text(rule_id: str, rubric: rubric_mod.Rubric, rule: Rule) -> None:
    text = _soup(_triggers(rule))
    assert len(text) == SIZE
    for shape, doc in _documents(text).items():
        rb = build_outline(doc, [rubric], rubric)  # outline first: its cost is not the rule's
        start = time.perf_counter()
        run_rules(Ctx(doc, rb), [rule])
        took = time.perf_counter() - start
        assert took < BOUND, f"{rule_id} ({rule.kind}) took {took:.1f} s on {SIZE} characters as {shape}"


def test_every_document_kind_has_a_rule_under_test() -> None:
    from writer.checks import KINDS

    tested = {r.kind for _, _, r in RULES}
    assert set(KINDS) <= tested, f"kinds without any YAML rule (untested here): {sorted(set(KINDS) - tested)}"


# Long runs of one shape (the fuzz corpus's regex bait): a pattern that starts with an unbounded
# run (`\d+`, `[一二…\d]+`) and is not anchored at the run's start is retried from every character
# of it. The whole check of one paragraph each; CPU time (the machine is shared).
RUNS = {
    "digits": "1" * SIZE,
    "digits-then-unit": "9" * SIZE + "万元",
    "separated-digits": "123,456," * (SIZE // 8),
    "percents": "95%" * (SIZE // 3),
    "scores": "12.5分" * (SIZE // 5),
    "rates": "执行率95%" * (SIZE // 6),
    "numerals": "一、" * (SIZE // 2),
    "brackets": "（" * (SIZE // 2),  # one finding per mark: 50,000 findings
    "years": "2023年" * (SIZE // 5),
}


@pytest.mark.parametrize("shape", RUNS)
def test_all_rules_are_linear_on_long_runs(shape: str) -> None:
    text = RUNS[shape]
    from writer.check_pipeline import check_read

    doc = Document("a.docx", "docx", [Block(0, "heading", "一、基本情况", level=1), Block(1, "paragraph", text)])
    start = time.process_time()
    check_read(doc, "project_self")  # the whole check: outline, rules, folding of marked findings
    took = time.process_time() - start
    assert took < BOUND, f"all rules took {took:.1f} s on {len(text)} characters of {shape}"


@pytest.mark.parametrize("text", ["资" * 200_000, "1" * 200_000, "本项目全年预算数为12，" * 20_000],
                         ids=["one-character", "digits", "clauses"])
def test_cross_unit_phrase_deviation_is_linear_on_a_200000_character_paragraph(text: str) -> None:
    from writer.across import Unit, across_rules
    from writer.across_sentences import phrase_deviation

    rule = next(r for r in across_rules() if r.kind == "phrase_deviation")
    units = [Unit(f"u{i}", Document("a.txt", "txt", [Block(0, "paragraph", text if i == 0 else "本项目全年预算数为12万元。")]))
             for i in range(3)]
    start = time.process_time()
    phrase_deviation(units, rule, "majority")
    took = time.process_time() - start
    assert took < BOUND, f"phrase_deviation took {took:.1f} s on {len(text)} characters"
