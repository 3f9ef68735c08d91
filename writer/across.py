"""Cross-unit consistency: many units' reports should read as one voice.

Each cross-unit kind (indicator names, terms, grade words, self-references, sentences that
stray from the phrase bank) finds *drifts*: a place in one unit written differently from the
form the batch agrees on. A drift knows what it found and what the agreed form is, so the
same result becomes findings (check --across, batch), a row of the 跨单位一致性 sheet and a
change `harmonise` can make. The kinds live in the one rule registry (scope "across");
their rules are data in rubrics/_across.yaml.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable

from .checks.engine import REGISTRY, Rule, build_rules, register
from .checks.params import REQUIRED, Param
from .findings import Finding, locate
from .located_yaml import load_file
from .read.document import Block, Document
from .resources import data_dir
from .rubric import to_plain

MAJORITY, STANDARD = "majority", "standard"


@dataclass
class Unit:
    name: str
    doc: Document


@dataclass
class Drift:
    """One place in one unit that differs from the agreed form."""

    rule: Rule
    unit: str
    block: Block | None
    start: int
    end: int
    found: str  # the text as this unit wrote it
    agreed: str  # the form the batch agrees on (majority, or the standard with --to standard)
    topic: str  # what it is about, for people: 指标“参会人次”（产出指标／数量指标，人次）
    majority_count: int = 0
    cell: tuple[int, int] | None = None
    values: dict[str, Any] = field(default_factory=dict)  # extra message values
    matcher: Any = None  # compiled regex that finds `found` in running text (harmonise), None = exact text
    context: str = ""  # the whole sentence, when the change is a rewording inside it

    @property
    def kind(self) -> str:
        return self.rule.kind


def _origin_factory(path: str, node: Any) -> tuple[Callable[[str], Any], Callable[[str, str], Any]]:
    by_id = {}
    rules = node.value.get("rules") if isinstance(node.value, dict) else None
    for r in (rules.value if rules is not None and isinstance(rules.value, list) else []):
        rid = r.value.get("id") if isinstance(r.value, dict) else None
        if rid is not None:
            by_id[str(rid.value)] = r

    def origin(rid: str) -> tuple[str, int | None, int | None]:
        n = by_id.get(rid)
        return (path, n.line, n.col) if n is not None else (path, None, None)

    def param_origin(rid: str, key: str) -> tuple[str, int | None, int | None]:
        n = by_id.get(rid)
        params = n.value.get("params") if n is not None and isinstance(n.value, dict) else None
        if params is not None and isinstance(params.value, dict) and key in params.value:
            p = params.value[key]
            return path, p.key_line or p.line, p.key_col or p.col
        return origin(rid)

    return origin, param_origin


@lru_cache(maxsize=1)
def _loaded_rules() -> tuple[Rule, ...]:
    path = data_dir("rubrics") / "_across.yaml"
    node = load_file(path)
    plain = to_plain(node)
    origin, param_origin = _origin_factory(str(path), node)
    return tuple(build_rules(plain.get("rules", []), origin, param_origin, scope="across"))


def across_rules() -> list[Rule]:
    """The cross-unit rules (validated against their kinds' declared parameters)."""
    return [r.copy() for r in _loaded_rules()]


def find_drifts(units: list[Unit], to: str = MAJORITY, disabled: Iterable[str] = ()) -> list[Drift]:
    off = set(disabled)
    drifts: list[Drift] = []
    for rule in across_rules():
        if rule.id in off or rule.name in off:
            continue
        drifts += REGISTRY[rule.kind].run(units, rule, to)
    return drifts


@dataclass
class AcrossFinding(Finding):
    """A finding that also says what it is about, the agreed form and whether harmonise can fix it
    (the 跨单位一致性 sheet groups by these)."""

    topic: str = ""
    agreed: str = ""
    fixable: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "topic": self.topic, "agreed": self.agreed, "fixable": self.fixable}


def finding_from_dict(f: dict[str, Any]) -> Finding:
    """A finding back from its as_dict() (the batch cache): cross-unit ones keep topic, agreed form
    and whether harmonise can fix them."""
    from .findings import Location

    base = (f["rule"], f["name"], f["level"], f["message"], Location(**f["location"]), f["excerpt"], f["suggestion"],
            [(Location(**r["location"]), r["excerpt"]) for r in f["related"]])
    if "agreed" in f:
        return AcrossFinding(*base, topic=f["topic"], agreed=f["agreed"], fixable=f["fixable"])
    return Finding(*base)


def fixable(d: Drift) -> bool:
    """A reworded sentence whose figures do not line up with the standard cannot be rewritten safely."""
    return d.kind != "phrase_deviation" or bool(d.values.get("new_sentence"))


def to_finding(d: Drift, doc: Document) -> AcrossFinding:
    values = {"found": d.found, "majority": d.agreed, "majority_count": d.majority_count, "topic": d.topic,
              "name": d.found, "term": d.found, **d.values}
    loc, excerpt = locate(doc, d.block, d.start, d.end, d.cell)
    return AcrossFinding(d.rule.id, d.rule.name, d.rule.level, d.rule.message.format(**values), loc, excerpt,
                         d.rule.suggestion.format(**values), topic=d.topic, agreed=d.agreed, fixable=fixable(d))


def check_across(units: list[Unit], disabled: Iterable[str] = ()) -> dict[str, list[Finding]]:
    """Findings per unit: one per (rule, unit, form) at its first place."""
    docs = {u.name: u.doc for u in units}
    by_unit: dict[str, list[Finding]] = {u.name: [] for u in units}
    seen: set[tuple[str, str, str, str]] = set()
    for d in find_drifts(units, MAJORITY, disabled):
        key = (d.rule.id, d.unit, d.found, d.context)
        if key in seen:
            continue
        seen.add(key)
        by_unit[d.unit].append(to_finding(d, docs[d.unit]))
    for findings in by_unit.values():
        findings.sort(key=Finding.sort_key)
    return by_unit


# -- the kinds, in the one registry (scope "across": run(units, rule, to) -> list[Drift]) --------
def _lazy(module: str, name: str, doc: str) -> Callable[..., list[Drift]]:
    """The kind's function, imported when a batch is checked (plain `check` stays light)."""
    def run(units: list[Unit], rule: Rule, to: str) -> list[Drift]:
        return getattr(importlib.import_module(f"writer.{module}"), name)(units, rule, to)  # type: ignore[no-any-return]
    run.__doc__ = doc
    return run


def _register() -> None:
    kinds = [
        (_lazy("across_indicators", "indicator_names",
               "Indicator names: same slot, unit of measure, subject and head concept, written differently."),
         "indicator_name",
         # the header words are data: rubrics/_across.yaml (TRM11)
         Param("name_columns", "list[str]", REQUIRED, "headers of the indicator-name column"),
         Param("slot_columns", "list[str]", REQUIRED, "headers of the level-1 and level-2 indicator columns"),
         Param("measure_columns", "list[str]", REQUIRED, "headers of the unit-of-measure column"),
         Param("target_columns", "list[str]", REQUIRED, "headers of the target column")),
        (_lazy("across_terms", "term_variant", "The same concept written differently (two names of one rate)."),
         "term_variant", Param("groups", "list[list[str]]", REQUIRED),
         Param("context", "regex", None, "text that must come right before the term")),
        (_lazy("across_terms", "term_variant", "Grade words written differently (a grade and its long form)."),
         "grade_word", Param("groups", "list[list[str]]", REQUIRED),
         Param("context", "regex", None, "text that must come right before the grade word")),
        (_lazy("across_terms", "self_reference", "How a unit calls itself (the forms in rubrics/_thesaurus.yaml)."),
         "self_reference"),
        (_lazy("across_sentences", "phrase_deviation",
               "Sentences close to a standard sentence of the phrase bank but worded differently."),
         "phrase_deviation",
         Param("min_similarity", "number", "0.72", "character-bigram similarity to a standard sentence")),
    ]
    for fn, name, *declared in kinds:
        if name not in REGISTRY:
            register(name, *declared, scope="across")(fn)


_register()
