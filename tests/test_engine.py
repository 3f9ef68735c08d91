"""The rule registry: declared parameters, validation at load with file:line, linear de-duplication."""
from __future__ import annotations

from pathlib import Path

import pytest

from writer import rubric as rubric_mod
from writer.checks import KINDS
from writer.checks.engine import REGISTRY, Ctx, load_rules, run_rules
from writer.checks.params import REQUIRED, declared
from writer.errors import RubricError
from writer.findings import Hit
from writer.read.document import Block, Document


def _rubric(tmp_path: Path, checks: str) -> rubric_mod.Rubric:
    f = tmp_path / "mine.yaml"
    f.write_text("id: mine\nname: 我的报告\nextends: project_self\nchecks:\n" + checks, encoding="utf-8")
    return rubric_mod.load_rubric(f)


def _problems(tmp_path: Path, checks: str) -> list[str]:
    with pytest.raises(RubricError) as exc:
        load_rules(_rubric(tmp_path, checks))
    return exc.value.lines()


def test_every_kind_declares_its_parameters_and_every_yaml_rule_validates() -> None:
    assert set(KINDS) <= set(REGISTRY)
    for name in KINDS:
        for p in declared(name).values():
            assert p.type and (p.required or p.default is None or p.default == p.default)
    rules = [r for rb in rubric_mod.load_all() for r in load_rules(rb)]
    assert rules and all(r.kind in KINDS for r in rules)


def test_unknown_parameter_is_reported_with_file_and_line(tmp_path: Path) -> None:
    lines = _problems(tmp_path, "  - id: PUN01\n    params: {pairz: [\"《》\"]}\n")
    assert len(lines) == 1
    assert "mine.yaml 第6行" in lines[0] and "没有参数“pairz”" in lines[0] and "pairs" in lines[0]
    assert lines[0].endswith("[E202]")


def test_wrong_type_and_bad_regex_are_reported(tmp_path: Path) -> None:
    lines = _problems(tmp_path, "  - id: DUP02\n    params: {min_chars: 二十}\n"
                                "  - id: LEF01\n    params:\n      patterns: ['(未闭合']\n")
    text = "\n".join(lines)
    assert "min_chars”应为整数" in text and "第6行" in text
    assert "正则表达式“(未闭合”有误" in text and "第9行" in text


def test_unknown_kind_names_the_known_ones(tmp_path: Path) -> None:
    lines = _problems(tmp_path, "  - id: TRM90\n    name: x.y\n    kind: nosuch\n    level: info\n    message: m\n")
    assert "检查类型“nosuch”不存在" in lines[0] and "pattern" in lines[0] and "第5行" in lines[0]


def test_parameters_are_typed_and_regexes_compiled_once(tmp_path: Path) -> None:
    rules = {r.id: r for r in load_rules(_rubric(tmp_path, "  - id: DUP02\n    params: {min_chars: '30'}\n"))}
    assert rules["DUP02"].params["min_chars"] == 30
    lef = next(r for r in rules.values() if r.kind == "pattern")
    compiled = lef.regex("patterns")
    assert compiled and all(hasattr(p, "finditer") for p in compiled)
    assert lef.regex("patterns") is compiled


def test_a_required_parameter_must_be_given() -> None:
    assert declared("pattern")["patterns"].default is REQUIRED


def test_nested_hits_are_dropped_in_linear_time() -> None:
    """100,000 hits in one block, each inside the previous one's span: one finding, quickly."""
    from writer.checks.engine import _drop_nested

    b = Block(0, "paragraph", "x" * 200_000)
    hits = [Hit(b, 0, 200_000)] + [Hit(b, i, i + 1) for i in range(100_000)]
    assert _drop_nested(hits) == hits[:1]
    apart = [Hit(b, i * 2, i * 2 + 1) for i in range(100_000)]
    assert len(_drop_nested(apart)) == 100_000


def test_run_rules_keeps_one_finding_per_place() -> None:
    doc = Document("d.txt", "txt", [Block(0, "paragraph", "[bookmark: _GoBack] 正文", line=1)])
    rb = rubric_mod.load_all()[0]
    rule = next(r for r in load_rules(rb) if r.kind == "pattern" and any("GoBack" in p for p in r.params["patterns"]))
    found = run_rules(Ctx(doc, rb), [rule])
    assert len(found) == 1 and "bookmark" in found[0].excerpt
