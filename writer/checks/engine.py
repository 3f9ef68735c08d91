"""Run a rubric's rules (YAML) through the check kinds (Python) over one Document."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Callable, Iterator, Mapping

from .. import limits
from ..ui_text import ui
from ..errors import Problem, RubricError
from ..findings import LEVELS, Finding, Hit, locate
from ..read import quantities
from ..read.document import Block, Document
from ..rubric import Rubric
from . import params

Kind = Callable[["Ctx", "Rule"], Iterator[Hit]]
_ID = re.compile(r"^(SEC|PUB|NUM|FIG|SCO|DEV|REF|LEF|DUP|PUN|TRM|DAT)\d{2}$")
_UNSET: Any = object()


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
    # regex parameters compiled once at load (name -> Pattern, or list of Patterns for list[regex])
    compiled: dict[str, Any] = field(default_factory=dict)

    def param(self, key: str, default: Any = None) -> Any:
        """The YAML value (typed by the kind's declaration), else the declared default, else `default`."""
        if key in self.params:
            return self.params[key]
        declared = params.declared_default(self.kind, key)
        return default if declared is None else declared

    def copy(self) -> "Rule":
        """A copy whose params can be changed for one run (--terms) without touching the cache."""
        return replace(self, params=dict(self.params), compiled=dict(self.compiled))

    def regex(self, key: str) -> Any:
        """A `regex` / `list[regex]` parameter, compiled once when the rule was loaded."""
        if key not in self.compiled:
            value = self.param(key)
            self.compiled[key] = params.compile_value(value)
        return self.compiled[key]


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

    @cached_property
    def _body(self) -> list[Block]:
        return [b for b in self.doc.blocks if b.kind != "table"]

    def body(self) -> Iterator[Block]:
        """Paragraphs and headings (listed once per document: some 40 rules walk them)."""
        return iter(self._body)


@dataclass(frozen=True)
class KindSpec:
    """One check kind in the registry: its function, declared parameters and scope.

    scope "document": run(ctx: Ctx, rule: Rule) -> Iterator[Hit], run by `run_rules` on one draft.
    scope "across": a cross-unit kind (batch, check --across); its runner decides the signature.
    """

    name: str
    run: Callable[..., Any]
    params: tuple[params.Param, ...] = ()
    scope: str = "document"
    doc: str = ""


REGISTRY: dict[str, KindSpec] = {}


def register(name: str, *declared: params.Param, scope: str = "document") -> Callable[[Any], Any]:
    """Decorator adding a kind to the one registry with its parameters:

        @register("pattern", Param("patterns", "list[regex]", REQUIRED), Param("tables", "bool", True))
        def pattern(ctx, rule): ...
    """
    def add(fn: Any) -> Any:
        if name in REGISTRY and REGISTRY[name].run is not fn:
            raise ValueError(f"check kind {name!r} registered twice")
        REGISTRY[name] = KindSpec(name, fn, tuple(declared), scope, (fn.__doc__ or "").strip())
        params.declare(name, *declared)
        return fn
    return add


class KindsView(Mapping[str, Callable[..., Any]]):
    """`KINDS[name]` → the function of a document kind (the registry seen as a plain mapping)."""

    def __getitem__(self, name: str) -> Callable[..., Any]:
        spec = REGISTRY[name]
        if spec.scope != "document":
            raise KeyError(name)
        return spec.run

    def __iter__(self) -> Iterator[str]:
        return (n for n, s in REGISTRY.items() if s.scope == "document")

    def __len__(self) -> int:
        return sum(1 for s in REGISTRY.values() if s.scope == "document")


def load_rules(rubric: Rubric) -> list[Rule]:
    """The rubric's checks as Rules, each validated against its kind's declared parameters
    (file:line errors), typed and with its regexes compiled once. Cached per rubric."""
    cached = _LOADED.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return [r.copy() for r in cached[1]]
    rules = _load_rules(rubric)
    _LOADED[id(rubric)] = (rubric, rules)
    return [r.copy() for r in rules]


_LOADED: dict[int, tuple[Rubric, list[Rule]]] = {}


def _load_rules(rubric: Rubric) -> list[Rule]:
    return build_rules(rubric.checks, rubric.check_origin, rubric.param_origin)


Origin = tuple[str, "int | None", "int | None"]


def build_rules(checks: list[dict[str, Any]], origin: Callable[[str], Origin],
                param_origin: Callable[[str, str], Origin], scope: str = "document") -> list[Rule]:
    """Validate rule dicts (from YAML) against the registry; raise RubricError with file:line.

    `origin(rule_id)` and `param_origin(rule_id, key)` give (file, line, col) for messages;
    `scope` picks which kinds are allowed (a cross-unit rules file passes "across")."""
    from . import KINDS  # noqa: F401 - importing the package registers the built-in kinds

    kinds = {n for n, s in REGISTRY.items() if s.scope == scope}
    rules, problems = [], []
    for c in checks:
        rid = str(c.get("id", ""))
        file, line, col = origin(rid)
        msg = None
        if not _ID.match(rid):
            msg = ui(f"规则编号“{rid}”格式应为三个大写字母分组前缀加两位数字，如 FIG02")
        elif c.get("kind") not in kinds:
            known = "、".join(sorted(kinds))
            msg = ui(f"规则 {rid} 的检查类型“{c.get('kind')}”不存在（可用：{known}）")
        elif c.get("level") not in LEVELS:
            msg = ui(f"规则 {rid} 的级别应为 error、warning 或 info")
        elif not c.get("message") or not c.get("name"):
            msg = ui(f"规则 {rid} 缺少 name 或 message")
        if msg:
            problems.append(Problem(file, line, col, "checks", msg, code="E201"))
            continue
        raw = c.get("params", {}) or {}
        if not isinstance(raw, dict):
            problems.append(Problem(file, line, col, "params", f"规则 {rid} 的 params 应为“参数名: 值”形式", code="E202"))
            continue
        typed, bad = params.validate(c["kind"], raw)
        for key, why in bad:
            pfile, pline, pcol = param_origin(rid, key)
            problems.append(Problem(pfile, pline, pcol, key, f"规则 {rid}（检查类型 {c['kind']}）：{why}", code="E202"))
        if bad:
            continue
        rule = Rule(rid, c["name"], c["kind"], c["level"], c["message"], typed,
                    c.get("suggestion", ""), c.get("basis", ""), c.get("doc", ""), c.get("examples", {}) or {})
        rule.compiled = params.compile_regexes(c["kind"], typed)
        rules.append(rule)
    if problems:
        raise RubricError(problems)
    return sorted(rules, key=lambda r: r.id)


class _Values(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def run_rules(ctx: Ctx, rules: list[Rule], disabled: set[str] = frozenset()) -> list[Finding]:  # type: ignore[assignment]
    from . import KINDS

    findings: list[Finding] = []
    seen: set[tuple[Any, ...]] = set()
    for rule in rules:
        if rule.id in disabled or rule.name in disabled:
            continue
        limits.check_time()
        hits = [h for h in KINDS[rule.kind](ctx, rule) if h.block is None or rule.id not in h.block.disabled]
        template, suggestion = rule.message, rule.suggestion
        for hit in _drop_nested(hits):
            loc, excerpt = locate(ctx.doc, hit.block, hit.start, hit.end, hit.cell)
            values = _Values(match=excerpt)
            values.update(hit.values)  # a kind's own "match" wins
            message = template.format_map(values)
            key = (rule.id, loc.block, loc.row, loc.col, loc.start, message)
            if key in seen:
                continue
            seen.add(key)
            related = [locate(ctx.doc, b, s, e) for b, s, e in hit.related] if hit.related else []
            findings.append(Finding(rule.id, rule.name, rule.level, message, loc, excerpt,
                                    suggestion.format_map(values) if suggestion else "", related))
    findings.sort(key=Finding.sort_key)
    return findings



def _drop_nested(hits: list[Hit]) -> list[Hit]:
    """One finding per place: a hit whose span lies inside another hit's span in the same block
    and cell ("_GoBack" inside "[bookmark: _GoBack]") is the same finding. Sorted sweep: O(n log n)."""
    spanned = [h for h in hits if h.block is not None and h.end > h.start]
    if len(spanned) < 2:
        return hits
    keys = [_span_key(h) for h in hits]
    order = sorted(range(len(hits)), key=keys.__getitem__)
    keep = [True] * len(hits)
    place: Any = None
    reach = -1
    for i in order:
        h = hits[i]
        if h.block is None or h.end <= h.start:
            continue
        here = (h.block.index, h.cell or (-1, -1))
        if here != place:
            place, reach = here, -1
        if h.end <= reach:
            keep[i] = False
        reach = max(reach, h.end)
    return [h for h, k in zip(hits, keep) if k]


def _span_key(h: Hit) -> tuple[int, tuple[int, int], int, int]:
    if h.block is None or h.end <= h.start:
        return (-1, (-1, -1), 0, 0)
    return (h.block.index, h.cell or (-1, -1), h.start, -h.end)
