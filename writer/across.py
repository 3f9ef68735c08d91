"""Cross-unit consistency: many units' reports should read as one voice.

Indicator names (培训人次 / 参训人次), term variants, sentences that stray from the phrase bank,
grade words and self-references; each reported for the units in the minority, with the
majority form suggested. Rules are data (rubrics/_across.yaml).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from .findings import Finding, locate
from .located_yaml import load_file
from .read.document import Block, Document
from .read.quantities import table_column
from .resources import data_dir
from .rubric import to_plain


@dataclass
class Unit:
    name: str
    doc: Document


def _rules() -> dict[str, dict[str, Any]]:
    plain = to_plain(load_file(data_dir("rubrics") / "_across.yaml"))
    return {r["name"].split(".")[1]: r for r in plain["rules"]}


def _finding(rule: dict[str, Any], unit: Unit, block: Block | None, start: int, end: int, values: dict[str, Any],
             cell: tuple[int, int] | None = None) -> tuple[str, Finding]:
    loc, excerpt = locate(unit.doc, block, start, end, cell)
    values = {"match": excerpt, **values}
    return unit.name, Finding(rule["id"], rule["name"], rule["level"], rule["message"].format(**values), loc, excerpt,
                              rule.get("suggestion", "").format(**values))


def _head(name: str) -> str:
    import rjieba  # only cross-unit naming needs segmentation

    words = [w for w in rjieba.cut(name) if w.strip()]
    return words[-1] if words else name


def indicator_names(units: list[Unit], rule: dict[str, Any]) -> list[tuple[str, Finding]]:
    min_ratio = float(rule["params"]["min_ratio"])
    seen: list[tuple[Unit, Block, int, int, str, str, str]] = []  # unit, table, row, col, level2, name, unit of measure
    for u in units:
        for t in u.doc.tables():
            ni, l2, ti = table_column(t, ["三级指标"]), table_column(t, ["二级指标"]), table_column(t, ["指标值"])
            if ni is None:
                continue
            last2 = ""
            for r, row in enumerate(t.rows[1:], 1):
                if ni >= len(row) or not row[ni].strip():
                    continue
                last2 = (row[l2].strip() or last2) if l2 is not None and l2 < len(row) else ""
                measure = re.sub(r"[\d.≥≤=\s]", "", row[ti]) if ti is not None and ti < len(row) else ""
                seen.append((u, t, r, ni, last2, row[ni].strip(), measure))
    groups: dict[tuple[str, str, str], list[tuple[Unit, Block, int, int, str]]] = defaultdict(list)
    for u, t, r, c, level2, name, measure in seen:
        groups[(level2, measure, _head(name))].append((u, t, r, c, name))
    out = []
    for members in groups.values():
        units_by_form: dict[str, set[str]] = defaultdict(set)
        for u, _t, _r, _c, name in members:
            units_by_form[name].add(u.name)
        if len(units_by_form) < 2:
            continue
        majority = max(units_by_form, key=lambda n: (len(units_by_form[n]), n))
        for u, t, r, c, name in members:
            if name != majority and SequenceMatcher(None, name, majority).ratio() >= min_ratio:
                out.append(_finding(rule, u, t, 0, 0, {"name": name, "majority": majority,
                                                       "majority_count": len(units_by_form[majority])}, cell=(r, c)))
    return out


def _variant_uses(units: list[Unit], groups: list[list[str]], context: str = "") -> list[tuple[Unit, Block, re.Match[str], int]]:
    hits = []
    for gi, group in enumerate(groups):
        alts = "|".join(re.escape(w) for w in sorted(group, key=len, reverse=True))
        rx = re.compile(f"(?:{context})({alts})" if context else f"({alts})")
        for u in units:
            for b in u.doc.blocks:
                if b.kind == "table":
                    continue
                for m in rx.finditer(b.text):
                    hits.append((u, b, m, gi))
    return hits


def variants(units: list[Unit], rule: dict[str, Any]) -> list[tuple[str, Finding]]:
    groups = rule["params"]["groups"]
    hits = _variant_uses(units, groups, rule["params"].get("context", ""))
    out = []
    for gi in range(len(groups)):
        per_unit: dict[str, Counter[str]] = defaultdict(Counter)
        for u, _b, m, g in hits:
            if g == gi:
                per_unit[u.name][m.group(1)] += 1
        if len(per_unit) < 2:
            continue
        usual = Counter(c.most_common(1)[0][0] for c in per_unit.values())  # each unit votes with its usual form
        majority, count = usual.most_common(1)[0]
        if count <= len(per_unit) / 2 and len(usual) > 1 and list(usual.values()).count(count) > 1:
            continue  # no majority to suggest
        reported: set[tuple[str, str]] = set()
        for u, b, m, g in hits:
            if g == gi and m.group(1) != majority and (u.name, m.group(1)) not in reported:
                reported.add((u.name, m.group(1)))
                out.append(_finding(rule, u, b, m.start(1), m.end(1), {"term": m.group(1), "majority": majority,
                                                                        "majority_count": count}))
    return out


def phrase_deviation(units: list[Unit], rule: dict[str, Any]) -> list[tuple[str, Finding]]:
    from . import phrasebank

    min_ratio = float(rule["params"]["min_ratio"])
    standards = []
    for variants_ in phrasebank.load().groups.values():
        for v in variants_:
            text = v.text.strip()
            if not text:
                continue
            parts = re.split(r"\{\{.*?\}\}", text)
            standards.append((v.id, re.compile(".+?".join(re.escape(p) for p in parts)), "".join(parts),
                              re.sub(r"\{\{.*?\}\}", "…", text)))
    out = []
    for u in units:
        for b in u.doc.blocks:
            if b.kind != "paragraph":
                continue
            for m in re.finditer(r"[^。！？]+[。！？]", b.text):
                sentence = m.group(0).strip()
                if any(rx.fullmatch(sentence) or rx.search(sentence) for _, rx, _, _ in standards):
                    continue
                skeleton = re.sub(r"[\d.,%％]+(?:万元|元|分|项|人次)?", "", sentence)
                matcher = SequenceMatcher(None, "", skeleton)  # b is the one SequenceMatcher indexes
                for pid, _, skel, shown in standards:
                    matcher.set_seq1(skel)
                    # cheap upper bounds first: most sentences are nothing like any standard one
                    if matcher.real_quick_ratio() >= min_ratio and matcher.quick_ratio() >= min_ratio \
                            and matcher.ratio() >= min_ratio:
                        out.append(_finding(rule, u, b, m.start(), m.end(), {"phrase": pid, "standard": shown}))
                        break
    return out


KINDS = {"indicator_name": indicator_names, "term_variant": variants, "phrase_deviation": phrase_deviation,
         "grade_word": variants, "self_reference": variants}


def check_across(units: list[Unit]) -> dict[str, list[Finding]]:
    by_unit: dict[str, list[Finding]] = {u.name: [] for u in units}
    for key, rule in _rules().items():
        for unit, finding in KINDS[key](units, rule):
            by_unit[unit].append(finding)
    for findings in by_unit.values():
        findings.sort(key=Finding.sort_key)
    return by_unit
