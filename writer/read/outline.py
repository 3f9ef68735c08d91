"""Outline: heading levels, canonical section keys by rubric aliases, and the report type.

Most real drafts have no heading styles, so a level comes from the typed number (一、 （一）
1. （1） and the variants drafters use); a short unnumbered line that names a known section is
a heading too (a heading whose number was forgotten).
"""
from __future__ import annotations

import re

from ..numbering import parse_marker
from ..rubric import Rubric
from .document import Block, Document

_TRAILING = "。：:；;，, \u3000"
_RUN_IN = re.compile(r"^(.{2,40}?)[。：:](.+)$")


def normalise_title(text: str) -> str:
    """Heading words for alias matching: no number, spaces, brackets' width or 情况/的."""
    num = parse_marker(text)
    t = text.strip()[len(num.text):] if num else text.strip()
    t = t.strip(_TRAILING)
    m = _RUN_IN.match(t)
    if m:
        t = m.group(1)
    t = re.sub(r"\s+", "", t).replace("(", "（").replace(")", "）")
    return t.replace("情况", "").replace("的", "")


def _alias_table(rubric: Rubric) -> list[tuple[str, str, int]]:
    """(normalised alias, section key, depth) longest first."""
    depth: dict[str, int] = {}
    for s in rubric.sections:
        depth[s.key] = 1 if s.parent is None else depth[s.parent] + 1
    rows = []
    for s in rubric.sections:
        for name in (s.title, *s.aliases):
            rows.append((normalise_title(name), s.key, depth[s.key]))
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


def match_section(title: str, table: list[tuple[str, str, int]]) -> tuple[str, int] | None:
    t = normalise_title(title)
    if not t:
        return None
    for alias, key, depth in table:
        if t == alias:
            return key, depth
    for alias, key, depth in table:
        if len(alias) >= 4 and (alias in t or (len(t) >= 4 and t in alias)):
            return key, depth
    return None


def _is_heading_like(text: str) -> bool:
    s = text.strip()
    return 2 <= len(s) <= 30 and not re.search(r"[，。；！？,;]", s[:-1]) and s[-1] not in "，；,;"


def assign_levels(doc: Document, rubric: Rubric) -> None:
    table = _alias_table(rubric)
    for b in doc.blocks:
        if b.kind == "table":
            continue
        num = parse_marker(b.text)
        b.number = num
        if b.kind == "heading" and b.level:
            continue
        if num is not None:
            rest = b.text.strip()[len(num.text):].strip()
            if num.level <= 2 or _is_heading_like(rest) or _RUN_IN.match(rest) and match_section(rest, table):
                b.kind, b.level = "heading", num.level
            continue
        if _is_heading_like(b.text) and not b.text.strip().endswith("。"):
            hit = match_section(b.text, table)
            if hit:
                b.kind, b.level = "heading", min(hit[1], 4)


def assign_sections(doc: Document, rubric: Rubric) -> None:
    table = _alias_table(rubric)
    stack: list[tuple[int, str | None, str]] = []  # (level, section key, number text)
    for b in doc.blocks:
        if b.kind == "heading":
            hit = match_section(b.text, table)
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, hit[0] if hit else None, b.number.text if b.number else ""))
        keys = [k for _, k, _ in stack if k]
        b.section = keys[-1] if keys else None
        b.crumb = "".join(n for _, _, n in stack if n)


def find_title(doc: Document) -> str:
    for b in doc.blocks[:8]:
        t = b.text.strip()
        if b.kind != "table" and "报告" in t and len(t) <= 80 and parse_marker(t) is None:
            return t
    return ""


def detect_type(doc: Document, rubrics: list[Rubric]) -> Rubric:
    """By title keywords first, then by how many of a rubric's sections the headings name."""
    title = find_title(doc)
    best, best_score = rubrics[0], -1.0
    for r in rubrics:
        score = 0.0
        for kw in r.raw.get("detect", {}).get("title", []):
            if kw in title:
                score += 10 + len(kw)
        table = _alias_table(r)
        keys = {m[0] for b in doc.headings() if (m := match_section(b.text, table))}
        score += len(keys) / max(len(r.sections), 1)
        if score > best_score:
            best, best_score = r, score
    return best


def build_outline(doc: Document, rubrics: list[Rubric], forced: Rubric | None = None) -> Rubric:
    doc.title = find_title(doc)
    rubric = forced or detect_type(doc, rubrics)
    assign_levels(doc, rubric)
    assign_sections(doc, rubric)
    doc.report_type = rubric.id
    return rubric


def heading_blocks(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "heading"]
