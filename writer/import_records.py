"""Import of the fields a draft writes as records, figures or a fixed table (issue 8/12):
points under a chapter (重点工作完成情况, 问题与建议), figures in a labelled sentence (编制38名,
资产总额为…万元) and the “三公”经费 table. What each report type reads is data in its rubric's
`import:` block (records, figures, tables); the importer calls these before its narrative pass and
skips the blocks they took, so nothing is read twice. Figures jixiao computes (控制率, 占比) have
no pattern here: they are drafted again from the fields, never imported as values."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .paths import get_path, set_path
from .read.document import Block, Document
from .read.outline import normalise_title

Clean = Callable[[str], str]  # raw paragraph → the author's text (placeholders, generated sentences gone)


def _value(text: str, kind: str, parse_date: Callable[[str], date | None] = lambda _: None) -> Any:
    text = text.replace(",", "").replace("，", "").strip()
    if kind == "list":
        return [x.strip() for x in re.split(r"[、，,；;]", text) if x.strip()]
    if kind == "date":
        return parse_date(text)
    if kind in ("amount", "number"):
        m = re.search(r"\d+(?:\.\d+)?", text)
        try:
            value = Decimal(m.group(0)) if m else None
        except InvalidOperation:
            return None
        if kind == "number" and value is not None and value == value.to_integral_value():
            return int(value)
        return value
    return text


def read_figures(doc: Document, cfg: dict[str, Any], data: dict[str, Any],
                 parse_date: Callable[[str], date | None]) -> None:
    """Labelled figures (`figures:` field → {pattern, kind}); the first match in reading order wins and a
    field already set is left alone. Headings are read too (“机构设置（编制70名，在职63人）”)."""
    rules = [(dest, re.compile(r["pattern"]), r.get("kind", "text")) for dest, r in cfg.get("figures", {}).items()]
    if not rules:
        return
    for b in doc.blocks:
        if b.kind == "table" or b.section == "attachment":
            continue
        for dest, rx, kind in rules:
            if get_path(data, dest) is not None:
                continue
            m = rx.search(re.sub(r"\s+", "", b.text))  # “编制 12 名”: spaces typed around a figure
            if m:
                value = _value(m.group(1), kind, parse_date)
                if value not in (None, "", []):
                    set_path(data, dest, value)


def read_tables(doc: Document, cfg: dict[str, Any], data: dict[str, Any], used: set[int]) -> None:
    """A table of fixed rows and columns (the “三公”经费 table): rows found by a word in their first
    cell, columns by their header; computed columns (控制率, 增减率) are not listed, so not read."""
    for dest, spec in cfg.get("tables", {}).items():
        for b in doc.blocks:
            if b.kind != "table" or b.index in used or len(b.rows) < 2:
                continue
            head = [re.sub(r"[（(].*?[）)]|\s", "", c) for c in b.rows[0]]
            cols = {name: head.index(word) for word, name in spec["columns"].items() if word in head}
            if len(cols) < 2:
                continue
            found = False
            for row in b.rows[1:]:
                key = next((name for word, name in spec["rows"].items() if word in row[0]), None)
                if key is None:
                    continue
                for name, i in cols.items():
                    v = _value(row[i], "amount") if i < len(row) else None
                    if v is not None and get_path(data, f"{dest}.{key}.{name}") is None:
                        set_path(data, f"{dest}.{key}.{name}", v)
                        found = True
            if found:
                used.add(b.index)
                break


def _points(doc: Document, section: str, skip_titles: set[str]) -> list[tuple[Block, list[Block]]]:
    """The sub-headings inside a chapter with the paragraphs under each (not the chapter's own heading,
    nor a sub-heading that is itself a chapter title such as 存在的问题)."""
    heads = [b for b in doc.blocks if b.kind == "heading" and b.section == section]
    if len(heads) < 2:
        return []
    top = min(b.level for b in heads)
    out: list[tuple[Block, list[Block]]] = []
    current: tuple[Block, list[Block]] | None = None
    for b in doc.blocks:
        if b.kind == "heading":
            current = None
            if b.section == section and b.level > top and not b.run_in \
                    and normalise_title(b.text) not in skip_titles:
                current = (b, [])
                out.append(current)
        elif current is not None and b.kind == "paragraph":
            current[1].append(b)
    return out


def read_records(doc: Document, cfg: dict[str, Any], data: dict[str, Any], skip: set[int],
                 clean: Clean, section_titles: set[str], reason_lead: Clean) -> None:
    """`records:` section → {list, title, text | (detail, cause), tag}: one record per sub-heading.
    With `cause`, the paragraph the draft led with 主要原因是 and those after it are the cause.
    With `tag` (indicators.task), an indicator sentence under the point names the point as its field;
    with `known_in`, only points whose title that section mentions are records, the rest stay text."""
    for section, spec in cfg.get("records", {}).items():
        points = _points(doc, section, section_titles | {normalise_title(t) for t in spec.get("not_points", [])})
        if "known_in" in spec:  # a point is a record only when that section names it (年度重点工作)
            named = "\n".join(b.text for b in doc.blocks if b.section == spec["known_in"])
            points = [(h, ps) for h, ps in points if h.title.strip() and h.title.strip() in named]
        records = []
        for head, paras in points:
            texts = [(p, clean(p.text.strip())) for p in paras]
            rec: dict[str, Any] = {spec["title"]: head.title.strip()}
            if "cause" in spec:
                lead = next((i for i, (_, t) in enumerate(texts) if t and reason_lead(t) != t), len(texts))
                rec[spec["detail"]] = [t for _, t in texts[:lead] if t]
                cause = [reason_lead(t) if i == lead else t for i, (_, t) in enumerate(texts) if i >= lead and t]
                if cause:
                    rec[spec["cause"]] = cause
            else:
                rec[spec["text"]] = [t for _, t in texts if t]
            if "tag" in spec:
                _tag(data, spec["tag"], head.title.strip(), [p.text for p in paras])
            records.append(rec)
            skip.update([head.index, *(p.index for p in paras)])
        if records:
            data[spec["list"]] = records


def _tag(data: dict[str, Any], tag: str, name: str, paras: list[str]) -> None:
    """“举办培训班期数：年度指标值…” under 1.干部教育培训: that indicator's 重点工作 is 干部教育培训."""
    rows_key, field = tag.split(".", 1)
    for row in data.get(rows_key) or []:
        if row.get("name") and any(p.strip().startswith(f"{row['name']}：") for p in paras):
            row.setdefault(field, name)


def read_advice(doc: Document, cfg: dict[str, Any], data: dict[str, Any], skip: set[int], clean: Clean) -> None:
    """`advice:` {section, list, title, text, pattern}: “针对“X”的问题，建议…” gives record X its advice."""
    spec = cfg.get("advice")
    records = data.get(spec["list"]) if spec else None
    if not spec or not records:
        return
    by_title = {r[spec["title"]]: r for r in records}
    rx = re.compile(spec["pattern"])
    for b in doc.blocks:
        if b.section != spec["section"] or b.kind != "paragraph":
            continue
        m = rx.search(b.text.strip())
        rec = by_title.get(m.group("title")) if m else None
        if rec is not None and spec["text"] not in rec:
            rec[spec["text"]] = [clean(m.group("text"))]
            skip.add(b.index)
