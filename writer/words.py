"""Domain words as data: rubrics/_words.yaml, read once, and the few rules made of them.

Header synonyms of the indicator and funds tables, placeholder words, units a form cell may
carry and the layout words of the 自评表 live in that file, so a province that prints 目标值
instead of 指标值 changes a word there, not the program. Whether a figure meets its target is
decided here too (drafting and checking used to decide it each in their own way).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .resources import data_dir


def _parse(raw: bytes) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader


@lru_cache(maxsize=1)
def _all() -> dict[str, Any]:
    """Parsed once per change of the file (the per-user cache): `check` imports no YAML parser."""
    from . import cache

    raw = (data_dir("rubrics") / "_words.yaml").read_bytes()
    return cache.cached("words", [raw, *cache.code_of(__name__)], lambda: _parse(raw))


def get(name: str) -> Any:
    """One top-level entry of _words.yaml (a list or a mapping)."""
    return _all()[name]


def columns(role: str) -> list[str]:
    """Header words of one indicator-table column: level1, level2, name, target, actual, weight, score, reason."""
    return list(_all()["indicator_columns"][role])


def indicator_columns() -> dict[str, list[str]]:
    return {k: list(v) for k, v in _all()["indicator_columns"].items()}


def funds_columns() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _all()["funds_columns"].items()}


def total_rows() -> tuple[str, ...]:
    return tuple(_all()["total_rows"])


def form(name: str) -> Any:
    """A word or list of the 自评表 layout (self_evaluation_form)."""
    return _all()["self_evaluation_form"][name]


def cell_units() -> tuple[str, ...]:
    return tuple(_all()["cell_units"])


def placeholder(name: str) -> str:
    """The word jixiao writes: fill (待填), verify (待核实), update (待更新)."""
    return str(_all()["placeholders"][name])


def placeholder_values() -> tuple[str, ...]:
    return tuple(_all()["placeholders"]["values"])


def placeholder_of(value: Any) -> str | None:
    """The word of a value still to be filled: 待填 / 待核实 written alone or opening a mark
    (【待填：…】 → 待填); None for a value. The data-file reader keeps such a field empty."""
    t = str(value).strip()
    if t in placeholder_values():
        return t
    return next((w for w in placeholder_values() if t.startswith("【" + w)), None)


def is_placeholder(value: Any) -> bool:
    """A value still to be filled (placeholder_of), or text opening with any 【待…】 mark jixiao
    writes (【待更新】 on last year's text, 【待补充：…】)."""
    t = str(value).strip()
    return placeholder_of(t) is not None or any(t.startswith("【" + m) for m in _all()["placeholders"]["marks"])


def pending_prefixes() -> tuple[str, ...]:
    """What a pending field value starts with (the web form marks it yellow)."""
    p = _all()["placeholders"]
    return tuple(p["values"]) + tuple("【" + m for m in p["marks"])


@lru_cache(maxsize=1)
def dropped_mark() -> re.Pattern[str]:
    """【待补充：…】/【待核实】/【待填】 marks that import drops (the author's text stays)."""
    alt = "|".join(re.escape(w) for w in _all()["placeholders"]["dropped_on_import"])
    return re.compile(rf"【(?:{alt})(?:[：:][^】]*)?】")


def target_met(direction: str, target: Decimal, actual: Decimal) -> bool:
    """≥: at least the target; ≤: at most; = (and anything else): exactly."""
    if direction == "≥":
        return actual >= target
    if direction == "≤":
        return actual <= target
    return actual == target


def key_of(fields: Any, dotted: str) -> str:
    """The data file's Chinese key of a field by its English name path in rubrics/fields.yaml
    ("previous.budget" → 全年预算数), so code names fields, never their Chinese keys."""
    key = ""
    for name in dotted.split("."):
        found = next((f for f in fields if f.name == name), None)
        if found is None:
            raise KeyError(dotted)
        key, fields = found.key, found.fields
    return key


# --- cjkcore: words of the checks and the draft (the "cjkcore" part of _words.yaml)

def word(group: str, name: str) -> Any:
    """One entry of a group of _words.yaml (group.name): a word, a list or a regex source."""
    return _all()[group][name]


@lru_cache(maxsize=None)
def rx(group: str, name: str, **fill: str) -> re.Pattern[str]:
    """A regex of _words.yaml (group.name), compiled once; `fill` replaces {placeholders}
    (the rubric's grade names …) — by replacement, so a regex's own {m,n} stays as written."""
    source = str(_all()[group][name])
    for key, value in fill.items():
        source = source.replace("{" + key + "}", value)
    return re.compile(source)

# --- batch
def batch_workbook(name: str) -> str:
    """A sheet or settings name of the batch workbook users fill in (batch_workbook)."""
    return str(_all()["batch_workbook"][name])


def batch_summary(name: str) -> Any:
    """汇总.xlsx: its file name, sheet names, column headers and cross-unit kind labels (batch_summary)."""
    return _all()["batch_summary"][name]


def across_words() -> dict[str, Any]:
    """Words the cross-unit checks read reports by (across_words)."""
    return dict(_all()["across_words"])


# --- cjkimport
def import_indicator_columns() -> dict[str, list[str]]:
    """Header words by column for `import` (old reports, evaluation score tables): the shared
    indicator_columns words first, then import_indicator_columns' own, columns in that order."""
    shared = _all()["indicator_columns"]
    return {k: _before_their_parts(list(shared.get(k, [])), extra)
            for k, extra in _all()["import_indicator_columns"].items()}


def _before_their_parts(words: list[str], extra: list[str]) -> list[str]:
    """extra appended to words, each in front of the first word it contains: the first synonym
    found in a header wins, so 扣分原因 must be tried before 原因 (which every 扣分原因 holds)."""
    out = list(words)
    for w in extra:
        at = next((i for i, x in enumerate(out) if x in w), len(out))
        out.insert(at, w)
    return out
