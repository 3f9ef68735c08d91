"""Terms, grade words and self-references: one concept, several ways of writing it."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Iterator

from .across_vote import vote
from .read.document import Block
from .words import across_words, batch_summary


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TITLE = re.compile(r"《[^《》]*》")


def in_titles(text: str) -> set[int]:
    """Positions inside 《…》: the title of another document is quoted as it is, never harmonised."""
    return {i for m in _TITLE.finditer(text) for i in range(m.start(), m.end())}


def _uses(units: list[Any], rx: re.Pattern[str]) -> Iterator[tuple[Any, Block, re.Match[str]]]:
    for u in units:
        for b in u.doc.blocks:
            if b.kind == "table":
                continue
            titles = in_titles(b.text) if "《" in b.text else set()
            for m in rx.finditer(b.text):
                if m.start(1) not in titles:
                    yield u, b, m


_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _right(b: Block, m: re.Match[str]) -> str:
    """What follows a use (figures folded): uses followed by the same words are the same place."""
    return _DIGITS.sub("0", b.text[m.end(1):m.end(1) + 4])


def _aligned(hits: list[tuple[Any, Block, re.Match[str]]]) -> dict[str, Counter[str]]:
    """right context -> how many units write each form there (each unit counted once)."""
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for u, b, m in hits:
        key = _right(b, m)
        if len(key) >= 2:
            seen[key].setdefault(u.name, m.group(1))
    return {k: Counter(v.values()) for k, v in seen.items()}


def _drifts(hits: list[tuple[Any, Block, re.Match[str]]], rule: Any, rx: re.Pattern[str], standard: str | None,
            to: str, topic: str, fits: Any = None) -> list[Any]:
    """`fits(unit, found, agreed)`: may this unit be asked to change found → agreed (default: yes)."""
    from .across import STANDARD, Drift

    per_unit: dict[str, Counter[str]] = defaultdict(Counter)
    for u, _b, m in hits:
        per_unit[u.name][m.group(1)] += 1
    if to == STANDARD and standard:
        count = sum(1 for c in per_unit.values() if standard in c)
        return [Drift(rule, u.name, b, m.start(1), m.end(1), m.group(1), standard, topic, count, matcher=rx)
                for u, b, m in hits if m.group(1) != standard]
    if len(per_unit) < 2:
        return []
    verdict = vote(per_unit)
    aligned = _aligned(hits)
    out = []
    for u, b, m in hits:
        form = m.group(1)
        there = aligned.get(_right(b, m))
        if there is not None and sum(there.values()) >= 3:
            # the same sentence in other units decides: 本局成立… where most units write 我部成立…
            best, n = there.most_common(1)[0]
            if n > sum(there.values()) / 2:
                if best != form and (fits is None or fits(u, form, best)):
                    out.append(Drift(rule, u.name, b, m.start(1), m.end(1), form, best, topic, n, matcher=rx))
                continue
        if verdict.majority is not None and form not in verdict.accepted and (
                fits is None or fits(u, form, verdict.majority)):
            out.append(Drift(rule, u.name, b, m.start(1), m.end(1), form, verdict.majority, topic, verdict.count,
                             matcher=rx))
    return out


def term_variant(units: list[Any], rule: Any, to: str) -> list[Any]:
    """The same concept written differently (预算执行率 / 资金支出率); the group's first word is the standard."""
    context = rule.param("context")
    groups = rule.param("groups")
    which = {w: i for i, g in enumerate(groups) for w in g}
    rx = re.compile(f"(?:{context})({_alternation(list(which))})" if context else f"({_alternation(list(which))})")
    by_group: dict[int, list[tuple[Any, Block, re.Match[str]]]] = defaultdict(list)
    for hit in _uses(units, rx):  # one pass over the batch for all groups
        by_group[which[hit[2].group(1)]].append(hit)
    out = []
    for i, group in enumerate(groups):
        out += _drifts(by_group[i], rule, rx, group[0], to, "／".join(group))
    return out


def self_reference(units: list[Any], rule: Any, to: str) -> list[Any]:
    """How a unit calls itself: any 我X/本X/该X form (本局, 我镇, 该中心…), see rubrics/_thesaurus.yaml."""
    from .across_thesaurus import load

    th = load()
    rx = re.compile(f"({th.self_reference.pattern})")

    def fits(unit: Any, found: str, agreed: str) -> bool:
        # a unit is asked to call itself what the others do only if that name suits it, and is
        # never asked to give up a name that is its own (财政局's 我局 stays, even among 委s)
        name = _unit_name(unit)
        own = th.own_kind(found, name)
        return th.self_fits(agreed, name) and (not own or th.self_kind(found) == th.self_kind(agreed))
    return _drifts(list(_uses(units, rx)), rule, rx, None, to, batch_summary("kinds").get(rule.name, rule.name), fits)


@lru_cache(maxsize=1)
def _title_after_agency() -> re.Pattern[str]:
    """Where the agency's name ends in a report's title: at the year, or at 关于 (see _words.yaml)."""
    return re.compile(across_words()["agency_title_end"])


def _unit_name(unit: Any) -> str:
    """The unit's own name as the report's title gives it (the words before the year), else the file name."""
    first = next((b.text for b in unit.doc.blocks if b.kind != "table" and b.text.strip()), "")
    agency = _title_after_agency().split(unit.doc.title or first)[0].strip()
    return agency or unit.name
