"""Section kinds: required sections present, in order, not empty; publication statement."""
from __future__ import annotations

import re
from typing import Iterator

from ..findings import Hit
from ..numbering import parse_marker
from ..read.normalise import normal_text
from ..read.structure import toc_words
from ..ui_text import ui
from .engine import Ctx, Rule


def _first_positions(ctx: Ctx) -> dict[str, int]:
    """Where each report section first has a heading in the body (a 摘要 or 附件 has its own map)."""
    known = {s.key for s in ctx.rubric.sections}
    pos: dict[str, int] = {}
    for b in ctx.doc.headings():
        if not b.scope and b.section in known and b.section not in pos:
            pos[b.section] = b.index
    return pos


def required_sections(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: every section the rubric marks required has a heading (by title or alias).

    Parameters: except (section keys another rule covers, e.g. publish).
    Example: 项目自评报告没有“改进意见”章节。
    """
    found = _first_positions(ctx)
    skip = set(rule.param("except", []))
    for s in ctx.rubric.sections:
        if s.required and s.key not in found and s.key not in skip:
            # a container counts as present when any of its children is
            if any(c.key in found for c in ctx.rubric.children(s.key)):
                continue
            yield Hit(None, values={"title": s.title, "aliases": "、".join(s.aliases[:3])})


def section_order(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: top-level sections appear in the rubric's order.

    Example: “改进意见”写在“存在的问题”之前。
    """
    found: dict[str, int] = {}
    for key, pos in _first_positions(ctx).items():  # a child stands for its top-level section
        top = key
        while ctx.rubric.section(top).parent:
            top = ctx.rubric.section(top).parent  # type: ignore[assignment]
        found[top] = min(pos, found.get(top, pos))
    order = [s.key for s in ctx.rubric.sections if s.parent is None and s.required and s.key in found]
    latest: str | None = None  # the section, in rubric order, that sits lowest in the draft so far
    for key in order:
        if latest is not None and found[key] < found[latest]:
            b = ctx.doc.blocks[found[key]]
            yield Hit(b, 0, len(b.text), {"title": ctx.rubric.section(key).title,
                                           "before": ctx.rubric.section(latest).title})
        elif latest is None or found[key] > found[latest]:
            latest = key


def empty_section(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a heading followed directly by a heading of the same or a higher level.

    Example: “六、改进意见”下面没有任何内容就到了“七、”。
    """
    blocks = ctx.doc.blocks
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.run_in:
            continue
        if nxt is None or (nxt.kind == "heading" and nxt.level <= b.level):
            yield Hit(b, 0, len(b.text), {"title": b.title})


def publication_statement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the 公开 section says where (网站, 随决算 …) and when (a date or deadline).

    Parameters: section, where (regex), when (regex), required (the rubric requires publication).
    Example: “七、绩效自评结果拟应用和公开情况”只写了结果应用，没有写在哪里、何时公开。
    """
    key = rule.param("section", "publish")
    blocks = [b for b in ctx.doc.blocks if b.section == key]
    section = next((s for s in ctx.rubric.sections if s.key == key), None)
    if not blocks:
        if section is not None and section.required:
            yield Hit(None, values={"missing": "没有结果公开章节", "title": section.title})
        return
    text = "".join(b.text for b in blocks)
    missing = []
    if not re.search(rule.params["where"], text):
        missing.append(ui("公开的途径（如门户网站、随部门决算公开）"))
    if not re.search(rule.params["when"], text):
        missing.append(ui("公开的时间"))
    if len(missing) == 2 or (missing and rule.param("require_both", False)):
        head = blocks[0]
        yield Hit(head, 0, len(head.text), {"missing": "未写明" + "和".join(missing),
                                            "title": section.title if section else head.title})


def _heading_key(text: str) -> str:
    return re.sub(r"\s+", "", normal_text(text)).rstrip("。：:")


def toc_matches(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: each numbered entry of the 目录 has the same heading in the body (a heading
    renamed or renumbered after the contents was made). Compared only when most entries are found,
    so a draft whose body is missing or cut off is not flooded.

    Parameters: min_share (share of entries that must match before the rest are reported).
    Example: 目录写“（二）项目绩效目标……3”，正文标题是“（二）绩效目标设定情况”。
    """
    headings = {_heading_key(b.text) for b in ctx.doc.blocks if b.kind == "heading" and b.role == "body"}
    entries = []
    for b in ctx.doc.blocks:
        if b.role != "toc":
            continue
        words = _heading_key(toc_words(b.text.strip()))
        n = parse_marker(words)
        if n is not None and n.level <= 2:
            entries.append((b, words))
    if not entries:
        return
    missing = [(b, w) for b, w in entries if w not in headings]
    if len(entries) - len(missing) < float(rule.param("min_share", 0.5)) * len(entries):
        return
    for b, w in missing:
        yield Hit(b, 0, len(b.text.rstrip()), {"title": w})
