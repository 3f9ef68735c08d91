"""Indicator names: the same indicator under another name, and never two different ones paired.

An indicator's identity is its slot (一级/二级), its unit of measure, its subject (who it is
about: 学员, 受益农户…) and its head concept (人次 = 人数 = 人员数量); the words in between
must agree once synonyms are folded (培训 = 参训). Two names with the same identity in
different units are one indicator written two ways; anything else is left alone.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .across_thesaurus import load, words
from .ui_text import ui
from .words import across_words
from .across_vote import vote
from .read.document import Block

_TARGET = re.compile(r"^\s*[≥≤<>=＞＜≧≦]?\s*[\d.,，]+\s*([^\d\s]{0,4})\s*$")
_CJK = "\\u4e00-\\u9fff"  # for a character class (the regex engine reads the escapes)
_UNIT_NOTE = re.compile(r"\s*[（(][^（）()]{1,8}[）)]\s*$")  # 培训人次（人次）: the unit said again in the name


@lru_cache(maxsize=4096)
def identity(name: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(subjects, head concept, other words in any order), each folded to its standard word."""
    th = load()
    subjects, rest = [], []
    for w in words(_UNIT_NOTE.sub("", name).strip()):
        if w in th.fillers:
            continue
        if w in th.subjects:
            subjects.append(th.subjects[w])
        else:
            rest.append(th.concepts.get(w) or th.actions.get(w) or w)
    heads = [i for i, w in enumerate(rest) if w in th.concepts.values()]
    head_at = heads[-1] if heads else len(rest) - 1
    head = rest[head_at] if rest else ""
    # the other words as a bag: 党校主体班举办期数 is 举办党校主体班期数 said in another order
    return tuple(sorted(set(subjects))), head, tuple(sorted(w for i, w in enumerate(rest) if i != head_at))


def _slot(text: str) -> str:
    return _slot_noise().sub("", text)


@lru_cache(maxsize=1)
def _slot_noise() -> re.Pattern[str]:
    """Spaces, and the word that may end a level's name (产出指标 is the level 产出)."""
    return re.compile(rf"\s|{re.escape(across_words()['level_suffix'])}$")


def measure(unit_cell: str, target: str) -> str:
    """The unit of measure: the 计量单位 column, else what follows the number in the target."""
    if unit_cell.strip():
        return unit_cell.strip()
    m = _TARGET.match(target)
    return m.group(1) if m else (across_words()["qualitative"] if target.strip() else "")


@dataclass
class Row:
    unit: Any
    table: Block
    row: int
    col: int
    slot: str
    measure: str
    name: str


def _column(header: list[str], names: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if any(n in h for n in names)), None)


def _rows(unit: Any, rule: Any) -> list[Row]:
    """Indicator rows of every table; the header may sit below title rows (the national 自评表 has
    项目名称 and 资金 rows above its 一级指标 | 二级指标 | 三级指标 header)."""
    out = []
    names, slots = rule.param("name_columns"), rule.param("slot_columns")
    for t in unit.doc.tables():
        start = next((r for r, row in enumerate(t.rows) if _column(row, names) is not None), None)
        if start is None:
            continue
        header = t.rows[start]
        ni = _column(header, names)
        si = [_column(header, [s]) for s in slots]
        mi, ti = _column(header, rule.param("measure_columns")), _column(header, rule.param("target_columns"))
        last = [""] * len(si)
        for r in range(start + 1, len(t.rows)):
            row = t.rows[r]
            cell = lambda i: row[i] if i is not None and i < len(row) else ""  # noqa: E731
            for k, i in enumerate(si):  # merged 一级/二级 cells are blank below their first row
                last[k] = _slot(cell(i)) or last[k]
            name = cell(ni).strip()
            if name and _column([name], names) is None:
                out.append(Row(unit, t, r, ni, "／".join(last), measure(cell(mi), cell(ti)), name))
    return out


def indicator_names(units: list[Any], rule: Any, to: str) -> list[Any]:
    """Indicator names: same slot, unit of measure, subject and head concept, written differently."""
    from .across import Drift

    groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for u in units:
        for row in _rows(u, rule):
            groups[(row.slot, row.measure, identity(row.name))].append(row)
    out = []
    for (slot, unit_of_measure, _), rows in groups.items():
        per_unit: dict[str, Counter[str]] = defaultdict(Counter)
        for row in rows:
            per_unit[row.unit.name][row.name] += 1
        if len(per_unit) < 2 or len({r.name for r in rows}) < 2:
            continue
        verdict = vote(per_unit)
        if verdict.majority is None:
            continue
        for row in rows:
            if row.name == verdict.majority:
                continue
            topic = ui(f"指标“{verdict.majority}”（{slot}，{unit_of_measure or '无计量单位'}）")
            out.append(Drift(rule, row.unit.name, row.table, 0, 0, row.name, verdict.majority, topic,
                             verdict.count, cell=(row.row, row.col)))
            # the same name in the unit's running text ("参会人数：年度指标值…") changes with it
            rx = re.compile(f"(?<![{_CJK}])({re.escape(row.name)})(?![{_CJK}])")
            for b in row.unit.doc.paragraphs():
                for m in rx.finditer(b.text):
                    out.append(Drift(rule, row.unit.name, b, m.start(1), m.end(1), row.name, verdict.majority,
                                     topic, verdict.count, matcher=rx))
    return out
