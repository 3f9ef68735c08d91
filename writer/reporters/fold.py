"""Noise control: many findings of one low-level rule become one finding per document.

A rule may say `fold: N` in rubrics/_checks.yaml: when it fires more than N times in one draft,
the reader sees one finding with the count and the first N examples (共N处，如…), placed on the
first instance; `--all` lists every instance, and JSON keeps them all, grouped. A rule may give
its own `fold_message` (PUN03 says the text looks copied from a PDF instead of listing spaces).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding


@dataclass
class Folding:
    limit: int  # fold when the rule fires more than this many times
    message: str = ""  # template with {count}, {examples}, {first}


@dataclass
class Group:
    rule: str
    findings: list[Finding] = field(default_factory=list)


def foldings(rubric_checks: list[dict[str, Any]]) -> dict[str, Folding]:
    out = {}
    for c in rubric_checks:
        limit = int(str(c.get("fold", 0) or 0))
        if limit > 0:
            out[str(c.get("id"))] = Folding(limit, str(c.get("fold_message", "") or ""))
    return out


def groups(findings: list[Finding], rules: dict[str, Folding]) -> list[Group]:
    """The rules that fire more often than their limit, with their instances in document order."""
    by_rule: dict[str, Group] = {}
    for f in findings:
        if f.rule in rules:
            by_rule.setdefault(f.rule, Group(f.rule)).findings.append(f)
    return [g for g in by_rule.values() if len(g.findings) > rules[g.rule].limit]


def _example(f: Finding, prefix: int) -> str:
    if f.location.block is None:
        return f.message[prefix:]  # about the whole draft: what differs between the messages
    if not f.excerpt.strip():
        return f.location.short()  # a space: where it is says more than what it is
    return f"“{f.excerpt}”（{f.location.short()}）"


def _examples(fs: list[Finding], n: int) -> str:
    """The first n instances; messages about the whole draft lose the words they share
    (缺少必需章节「A」、「B」 → 「A」、「B」)."""
    shared = os.path.commonprefix([f.message for f in fs])
    cut = max(shared.rfind(ch) for ch in "「“《") if shared else -1
    return "、".join(_example(f, max(cut, 0)) for f in fs[:n])


def fold(findings: list[Finding], rules: dict[str, Folding]) -> list[Finding]:
    """Findings with each over-limit rule's instances replaced by one summary finding."""
    folded = {g.rule: g for g in groups(findings, rules)}
    out: list[Finding] = []
    for f in findings:
        g = folded.get(f.rule)
        if g is None:
            out.append(f)
            continue
        if f is not g.findings[0]:
            continue
        spec = rules[f.rule]
        values = {"count": len(g.findings), "examples": _examples(g.findings, spec.limit), "first": f.message}
        out.append(Finding(f.rule, f.name, f.level, (spec.message or "{first}等，全文共{count}处，如{examples}").format(**values),
                           f.location, f.excerpt, f.suggestion, f.related))
    return out
