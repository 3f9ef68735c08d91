"""Outline: heading levels, canonical section keys by rubric aliases, and the report type.

Most real drafts have no heading styles, so a level comes from the typed number (一、 （一）
1. （1） and the variants drafters use); a short unnumbered line that names a known section is
a heading too (a heading whose number was forgotten).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import words
from ..numbering import parse_marker
from ..rubric import Rubric
from .document import Block, Document
from .structure import mark_structure

_TRAILING = "。：:；;，, \u3000"
_PARTS = words.get("document_parts")
_RUN_IN = re.compile(r"^(.{2,40}?)[。：:](.+)$")


@lru_cache(maxsize=16384)
def normalise_title(text: str) -> str:
    """Heading words for alias matching: no number, spaces, brackets' width or 情况/的."""
    num = parse_marker(text)
    t = text.strip()[len(num.text):] if num else text.strip()
    t = t.strip(_TRAILING)
    m = _RUN_IN.match(t)
    if m:
        t = m.group(1)
    t = re.sub(r"\s+", "", t).replace("(", "（").replace(")", "）")
    for noise in _PARTS["title_noise"]:
        t = t.replace(noise, "")
    return t


class AliasTable(list):  # type: ignore[type-arg]
    """(normalised alias, section key, depth) rows, longest first, with an exact-match index."""

    def __init__(self, rows: list[tuple[str, str, int]]) -> None:
        super().__init__(rows)
        self.exact: dict[str, tuple[str, int]] = {}
        self.affix: dict[str, tuple[str, int]] = {}  # a title that is most of an alias's start or end
        for alias, key, depth in rows:
            self.exact.setdefault(alias, (key, depth))
        self.lengths = sorted({len(a) for a in self.exact}, reverse=True)
        for alias, key, depth in rows:
            for n in range(max(4, -(-len(alias) * 6 // 10)), len(alias)):
                self.affix.setdefault(alias[:n], (key, depth))
                self.affix.setdefault(alias[-n:], (key, depth))

    def scored(self, t: str) -> tuple[str, int] | None:
        """An alias making up at least half of the title at its start or end, longest first; else an
        alias whose start or end the title is. Dictionary look-ups: linear in the title's length."""
        low = max(4, -(-len(t) // 2))
        for n in self.lengths:  # only the lengths some alias has, longest first
            if n >= len(t):
                continue
            if n < low:
                break
            hit = self.exact.get(t[:n]) or self.exact.get(t[-n:])
            if hit is not None:
                return hit
        return self.affix.get(t) if len(t) >= 4 else None


_TABLES: dict[int, tuple[Rubric, AliasTable]] = {}


def _alias_table(rubric: Rubric) -> AliasTable:
    """Built once per rubric (rubrics are loaded once per process)."""
    hit = _TABLES.get(id(rubric))
    if hit is not None and hit[0] is rubric:
        return hit[1]
    table = _build_alias_table(rubric)
    _TABLES[id(rubric)] = (rubric, table)
    return table


def _build_alias_table(rubric: Rubric) -> AliasTable:
    """(normalised alias, section key, depth) longest first."""
    depth: dict[str, int] = {}
    for s in rubric.sections:
        depth[s.key] = 1 if s.parent is None else depth[s.parent] + 1
    rows = []
    for s in rubric.sections:
        for name in (s.title, *s.aliases):
            rows.append((normalise_title(name), s.key, depth[s.key]))
    return AliasTable(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def match_section(title: str, table: AliasTable) -> tuple[str, int, bool] | None:
    """(section key, depth in the rubric, whether the words match exactly)."""
    t = normalise_title(title)
    if not t:
        return None
    exact = table.exact.get(t)
    if exact is not None:
        return exact[0], exact[1], True
    # a scored match, never a substring from the middle of a longer title: "（2）比较法" or
    # "表2-3 资金使用情况表" must not become a report section because an alias occurs inside it
    hit = table.scored(t)
    if hit is not None:
        return hit[0], hit[1], False
    return None


def _is_heading_like(text: str, strict: bool = False) -> bool:
    """Short, no sentence punctuation inside; `strict` (numbered points) also rules out 、."""
    s = text.strip().rstrip("。")
    inner = r"[，。；！？,;、：:]" if strict else r"[，。；！？,;：:]"  # "评价年度：2020年" is a cover line
    return 2 <= len(s) <= (20 if strict else 30) and not re.search(inner, s) and s[-1] not in "，；,;"


_NOT_TEXT = frozenset({"toc", "page_header", "caption", "cover"})  # never headings of the report


def assign_levels(doc: Document, rubric: Rubric) -> None:
    table = _alias_table(rubric)
    counts = [0, 0, 0, 0, 0]  # headings seen per level under the current parents
    pending: list[tuple[Block, int]] = []  # unnumbered headings, settled after the pass
    scope = ""

    def seen(level: int, value: int | None = None) -> None:
        counts[level] = value if value is not None else counts[level] + 1
        for deeper in range(level + 1, 5):
            counts[deeper] = 0

    for i, b in enumerate(doc.blocks):
        if b.kind == "table" or (doc.title and b.text.strip() == doc.title):
            continue
        if b.role in _NOT_TEXT:
            b.number, b.kind, b.level = None, "paragraph", 0  # a contents line styled as a heading is not one
            continue
        if b.scope != scope:  # 摘要 and each 附件 number their own headings
            scope = b.scope
            counts[:] = [0, 0, 0, 0, 0]
        num = parse_marker(b.text)
        b.number = num
        if b.role == "attachment" and b.scope and b.text.strip().startswith(words.get("attachment_start")):
            continue  # the "附件2：……" line itself
        if b.role == "questionnaire":
            if b.kind == "heading":
                b.kind, b.level = "paragraph", 0  # questions and their options are not report headings
            continue
        if b.kind == "heading" and b.level:
            seen(b.level)
            continue
        if num is not None:
            rest = b.text.strip()[len(num.text):].strip()
            hit = match_section(rest, table)
            continues_own = counts[num.level] > 0 and num.value == counts[num.level] + 1  # "1.…" then "2.…"
            if hit and hit[2] and num.level >= 3 and hit[1] < num.level and num.value == counts[hit[1]] + 1 \
                    and not continues_own:
                # "4、项目资金使用绩效", "（2）评价年度…目标设定情况": a known section title whose
                # number has another level's form but continues that level's count.
                b.kind, b.level = "heading", hit[1]
            elif num.level <= 2 or (_is_heading_like(rest, strict=True) and _followed_by_text(doc, i, rest)) \
                    or (_RUN_IN.match(rest) and hit and hit[2]):
                b.kind, b.level = "heading", num.level
            if b.kind == "heading":
                seen(b.level, num.value)
            continue
        if _is_heading_like(b.text) and not b.text.strip().endswith("。"):
            hit = match_section(b.text, table)
            # an unnumbered line is a heading only when it names a section exactly and text follows
            # (in a form flattened to one cell a line, "项目资金" is a cell followed by more cells)
            if hit and hit[2] and _text_follows(doc, i):
                b.kind = "heading"
                b.level = 2 if counts[1] else 1  # settled below
                pending.append((b, counts[1]))
                seen(b.level)
    _settle_unnumbered(doc, pending)


def _text_follows(doc: Document, i: int) -> bool:
    nxt = next((x for x in doc.blocks[i + 1:] if x.role not in _NOT_TEXT), None)
    if nxt is None or nxt.kind == "table":
        return nxt is not None
    t = nxt.text.strip()
    return len(t) > 15 or parse_marker(t) is not None or any(ch in t for ch in "。，；")


def _followed_by_text(doc: Document, i: int, rest: str) -> bool:
    """“1.项目背景” is a heading; “2.信息化建设相对滞后。” followed by the next point or a
    heading is the last point of a list."""
    if not rest.endswith("。"):
        return True
    nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
    return nxt is not None and nxt.kind != "table" and parse_marker(nxt.text) is None


def _settle_unnumbered(doc: Document, pending: list[tuple[Block, int]]) -> None:
    """An unnumbered heading is top level when the top-level numbers skip one right after it
    (一、二、[存在的主要问题]四、); otherwise it is a second-level heading whose number was left out."""
    for b, last_top in pending:
        nxt = next((x for x in doc.blocks[b.index + 1:] if x.kind == "heading" and x.level == 1 and x.number), None)
        if last_top == 0 or (nxt is not None and nxt.number is not None and nxt.number.value >= last_top + 2):
            b.level = 1


def assign_sections(doc: Document, rubric: Rubric) -> None:
    """Canonical section keys for the body; a 摘要 or 附件 has its own map (its headings are
    kept for the crumb, its blocks carry the part's name instead of a report section)."""
    table = _alias_table(rubric)
    stack: list[tuple[int, str | None, str]] = []  # (level, section key, number text)
    scope = ""
    for b in doc.blocks:
        if b.scope != scope:
            scope = b.scope
            stack = [(0, None, scope)] if scope else []
        if b.role in _NOT_TEXT:
            b.section, b.crumb = None, "".join(n for _, _, n in stack if n)
            continue
        if b.kind == "heading":
            hit = match_section(b.text, table) if not scope else None
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, hit[0] if hit else None, b.number.text if b.number else ""))
        b.crumb = "".join(n for _, _, n in stack if n)
        if scope:
            b.section = "attachment" if b.role in ("attachment", "questionnaire") else "abstract"
            continue
        keys = [k for _, k, _ in stack if k]
        b.section = keys[-1] if keys else None


def find_title(doc: Document) -> str:
    for b in doc.blocks[:8]:
        t = b.text.strip()
        if b.kind != "table" and _PARTS["report_word"] in t and len(t) <= 80 and parse_marker(t) is None:
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
        keys = {m[0] for b in doc.blocks if b.kind != "table" and len(b.text) < 40
                and (m := match_section(b.text, table))}
        score += len(keys) / max(len(r.sections), 1)
        if score > best_score:
            best, best_score = r, score
    return best


def build_outline(doc: Document, rubrics: list[Rubric], forced: Rubric | None = None) -> Rubric:
    doc.title = find_title(doc)
    mark_structure(doc)
    rubric = forced or detect_type(doc, rubrics)
    assign_levels(doc, rubric)
    assign_sections(doc, rubric)
    doc.report_type = rubric.id
    return rubric

