"""Standard wording: phrase groups by dotted id, variants chosen by conditions on facts.

A group's variants are tried in order; the first whose `when` holds is used, so the choice
is deterministic. Every group ends with an unconditioned fallback (checked at load).
An agency's own file (--phrasebank) replaces whole groups by id.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from pathlib import Path
from typing import Any

from .bands import in_range
from .errors import Problem, RubricError
from .located_yaml import load_file
from .money import parse_number
from .resources import data_dir


@dataclass(frozen=True)
class Variant:
    id: str
    when: dict[str, Any]
    text: str
    file: str
    line: int


class PhraseBank:
    def __init__(self, groups: dict[str, list[Variant]]) -> None:
        self.groups = groups

    def choose(self, group: str, facts: dict[str, Any]) -> Variant:
        if group not in self.groups:
            raise KeyError(f"phrase group {group!r} is not in the phrase bank")
        for v in self.groups[group]:
            if all(_holds(cond, facts.get(name)) for name, cond in v.when.items()):
                return v
        raise AssertionError("every group ends with a fallback")  # guaranteed by _load


def _holds(cond: Any, value: Any) -> bool:
    if cond in ("null", "~"):  # the figure is not there yet (its inputs are still 待填)
        return value is None
    if isinstance(value, bool):  # YAML text "true"/"false" against a Python flag
        value = "true" if value else "false"
    if isinstance(cond, dict):
        if value is None:
            return False
        lo = parse_number(str(cond["min"])) if "min" in cond else None
        hi = parse_number(str(cond["max"])) if "max" in cond else None
        return in_range(Decimal(value), lo, hi)
    if isinstance(cond, list):
        return str(value) in [str(c) for c in cond]
    return str(value) == str(cond)


def _load(path: Path) -> dict[str, list[Variant]]:
    st = path.stat()
    return _load_cached(path, st.st_mtime, st.st_size)


@lru_cache(maxsize=16)
def _load_cached(path: Path, _mtime: float, _size: int) -> dict[str, list[Variant]]:
    node = load_file(path)
    problems: list[Problem] = []
    groups: dict[str, list[Variant]] = {}
    phrases = node.value.get("phrases") if isinstance(node.value, dict) else None
    if phrases is None or not isinstance(phrases.value, dict):
        raise RubricError([Problem(str(path), node.line, node.col, "phrases", "缺少 phrases: 用语分组")])
    for gid, gnode in phrases.value.items():
        if not isinstance(gnode.value, list) or not gnode.value:
            problems.append(Problem(str(path), gnode.line, gnode.col, gid, "应为一组候选用语"))
            continue
        variants = []
        for vnode in gnode.value:
            v = vnode.value if isinstance(vnode.value, dict) else {}
            text = v.get("text")
            if text is None or not isinstance(text.value, str):
                problems.append(Problem(str(path), vnode.line, vnode.col, gid, "每条用语须有 text"))
                continue
            when_node = v.get("when")
            when: dict[str, Any] = {}
            if when_node is not None and isinstance(when_node.value, dict):
                for k, c in when_node.value.items():
                    if isinstance(c.value, dict):
                        when[k] = {ck: cv.value for ck, cv in c.value.items()}
                    elif isinstance(c.value, list):
                        when[k] = [x.value for x in c.value]
                    else:
                        when[k] = c.value
            vid = v["id"].value if "id" in v else f"{gid}.{len(variants) + 1}"
            variants.append(Variant(str(vid), when, text.value.strip(), str(path), vnode.line))
        if variants and variants[-1].when:
            problems.append(Problem(str(path), gnode.line, gnode.col, gid,
                                    "最后一条用语须不带条件（when），作为兜底，保证总能选出一句"))
        groups[gid] = variants
    if problems:
        raise RubricError(problems)
    return groups


def load(overlay: Path | None = None, base_dir: Path | None = None) -> PhraseBank:
    groups: dict[str, list[Variant]] = {}
    for p in sorted((base_dir or data_dir("phrasebank")).glob("*.yaml")):
        groups.update(_load(p))  # a copy: callers must not change the cached groups
    if overlay is not None:
        groups.update(_load(overlay))
    return PhraseBank(groups)
