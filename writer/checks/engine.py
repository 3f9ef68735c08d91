"""Run a rubric's rules (YAML) through the check kinds (Python) over one Document."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterator

from ..errors import Problem, RubricError
from ..findings import LEVELS, Finding, Hit, locate
from ..read import quantities
from ..read.document import Block, Document
from ..rubric import Rubric

Kind = Callable[["Ctx", "Rule"], Iterator[Hit]]
_ID = re.compile(r"^(SEC|PUB|NUM|FIG|SCO|DEV|REF|LEF|DUP|PUN|TRM)\d{2}$")


@dataclass
class Rule:
    id: str
    name: str
    kind: str
    level: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    suggestion: str = ""
    basis: str = ""
    doc: str = ""
    examples: dict[str, Any] = field(default_factory=dict)

    def param(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class Ctx:
    doc: Document
    rubric: Rubric
    data: Any = None  # a Drafted, when --data is given

    @cached_property
    def labeller_units(self) -> tuple[quantities.Labeller, list[str]]:
        return quantities.config(self.rubric.raw)

    @cached_property
    def quantities(self) -> dict[int, list[quantities.Quantity]]:
        labeller, units = self.labeller_units
        return {b.index: quantities.find(b.text, labeller, units) for b in self.doc.blocks if b.kind != "table"}

    def body(self) -> Iterator[Block]:
        return (b for b in self.doc.blocks if b.kind != "table")


def load_rules(rubric: Rubric) -> list[Rule]:
    from . import KINDS

    rules, problems = [], []
    for i, c in enumerate(rubric.checks):
        rid = str(c.get("id", ""))
        msg = None
        if not _ID.match(rid):
            msg = f"规则编号“{rid}”格式应为三个大写字母分组前缀加两位数字，如 FIG02"
        elif c.get("kind") not in KINDS:
            msg = f"规则 {rid} 的检查类型“{c.get('kind')}”不存在"
        elif c.get("level") not in LEVELS:
            msg = f"规则 {rid} 的级别应为 error、warning 或 info"
        elif not c.get("message") or not c.get("name"):
            msg = f"规则 {rid} 缺少 name 或 message"
        if msg:
            problems.append(Problem(rubric.file, None, None, "checks", msg))
            continue
        rules.append(Rule(rid, c["name"], c["kind"], c["level"], c["message"], c.get("params", {}) or {},
                          c.get("suggestion", ""), c.get("basis", ""), c.get("doc", ""), c.get("examples", {}) or {}))
    if problems:
        raise RubricError(problems)
    return sorted(rules, key=lambda r: r.id)


class _Values(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, values: dict[str, Any]) -> str:
    return template.format_map(_Values(values))


def run_rules(ctx: Ctx, rules: list[Rule], disabled: set[str] = frozenset()) -> list[Finding]:  # type: ignore[assignment]
    from . import KINDS

    findings: list[Finding] = []
    seen: set[tuple[Any, ...]] = set()
    for rule in rules:
        if rule.id in disabled or rule.name in disabled:
            continue
        spans: list[tuple[int, tuple[int, int] | None, int, int]] = []
        for hit in KINDS[rule.kind](ctx, rule):
            if hit.block is not None and rule.id in hit.block.disabled:
                continue
            if hit.block is not None and hit.end > hit.start:
                # one finding per place: "_GoBack" inside "[bookmark: _GoBack]" is the same leftover
                if any(i == hit.block.index and c == hit.cell and s <= hit.start and hit.end <= e
                       for i, c, s, e in spans):
                    continue
                spans.append((hit.block.index, hit.cell, hit.start, hit.end))
            loc, excerpt = locate(ctx.doc, hit.block, hit.start, hit.end, hit.cell)
            values = {"match": excerpt, **hit.values}
            message = _fill(rule.message, values)
            key = (rule.id, loc.block, loc.row, loc.col, loc.start, message)
            if key in seen:
                continue
            seen.add(key)
            related = [locate(ctx.doc, b, s, e) for b, s, e in hit.related]
            findings.append(Finding(rule.id, rule.name, rule.level, message, loc, excerpt,
                                    _fill(rule.suggestion, values) if rule.suggestion else "", related))
    findings.sort(key=Finding.sort_key)
    return findings
