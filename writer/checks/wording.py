"""Wording kinds: a phrase repeated inside a sentence or across a page break, a heading's 一级指标
against the label its text uses, weights written in headings against the score table,
dates that do not exist, and malformed collocations drafters produce (a YAML list)."""
from __future__ import annotations

import calendar
import re
from decimal import Decimal
from typing import Iterator

from .. import money, regex_gate, words
from ..findings import Hit
from ..read.document import Block
from ..read.quantities import cell_number, table_column
from .engine import Ctx, Rule
from ..read.normalise import normalise
from .text import _any_of, _gated, _hit, _rx, _scoped

# a phrase of 5–20 characters written again right after itself (a comma or space between at most)
_REPEAT = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff，、]{3,18}[\u4e00-\u9fff])([，、,\s]?)\1")


def _some_five_twice(text: str) -> bool:
    """Whether any five characters occur twice in the text: every _REPEAT match needs it (its
    phrase has five or more), and a set of slices is far cheaper than the back-reference search."""
    n = len(text) - 4
    return n > 1 and len({text[i:i + 5] for i in range(n)}) < n


def repeated_phrase(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a phrase of five or more characters written twice inside one sentence
    (the paste of a fragment), and the end of a paragraph repeated at the start of the next
    (a fragment duplicated across a page break).

    Parameters: min_chars (shortest phrase across a page break), allow (phrases that may repeat).
    Example: “有效改善了农村人居环境改善了农村人居环境”。
    """
    allow = set(rule.param("allow", []))
    min_chars = int(rule.param("min_chars", 5))
    prev: Block | None = None
    for b in ctx.body():
        text = b.text
        whole = normalise(text)
        for m in _REPEAT.finditer(whole.text) if _some_five_twice(whole.text) else ():
            if m.group(1) not in allow and len(set(m.group(1))) > 2:
                raw_s, raw_e = whole.raw_span(m.start(), m.end())
                if re.search(r"[ \t\u3000|]", text[raw_s:raw_e]):
                    continue  # cells of a form set apart by spaces ("年初预算数 全年预算数"), not a repeat
                s = m.start() + len(m.group(1)) + len(m.group(2))
                yield Hit(b, *whole.raw_span(s, m.end()), {"phrase": m.group(1)})
        if prev is not None and b.kind != "heading" and prev.kind != "heading":
            tail = normalise(prev.text[-40:]).text
            view = normalise(text[:40])
            head = view.text
            for n in range(min(20, len(tail), len(head)), min_chars - 1, -1):
                if tail[-n:] == head[:n] and re.fullmatch(r"[\u4e00-\u9fff，、]+", head[:n]):
                    yield Hit(b, *view.raw_span(0, n), {"phrase": head[:n]},
                              related=[(prev, max(0, len(prev.text.rstrip()) - n), len(prev.text.rstrip()))])
                    break
        prev = b


def _names(rule: Rule) -> list[str]:
    return list(rule.params["level1"])


def heading_label(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the text under a heading that names one 一级指标 (满意度指标) does not give
    the weight or score of another one (效益指标共20分) — a paragraph copied from a sibling section.

    Parameters: level1 (the 一级指标 names, without 指标).
    Example: “（四）满意度指标”之下写“效益指标共20分，得分20分”。
    """
    names = _names(rule)
    alt = "|".join(sorted(names, key=len, reverse=True))
    head_rx = words.rx("level_text", "heading", alt=alt)  # rubrics/_words.yaml
    body_rx = words.rx("level_text", "weight_in_text", alt=alt)
    current: str | None = None
    level = 0
    for b in ctx.body():
        if b.kind == "heading":
            title = re.sub(r"\s+", "", b.title)
            m = head_rx.match(title)
            if m:
                current, level = next(n for n in sorted(names, key=len, reverse=True) if title.startswith(n)), b.level
            elif current is not None and b.level <= level:
                current = None
            continue
        if current is None:
            continue
        view = normalise(b.text)
        for m in body_rx.finditer(view.text):
            if m.group(1) != current:
                yield Hit(b, *view.raw_span(m.start(1), m.end(1)),
                          {"found": m.group(1) + "指标", "heading": current + "指标"})


_HEAD_WEIGHT = words.rx("level_text", "heading_weight")  # rubrics/_words.yaml


def heading_weights(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a weight written in a heading (“（三）产出指标（50分）”) equals the score
    table's: the indicator's own row, or for a 一级指标 the sum of its rows (merged cells read
    as empty below their first row, so a name carries down).

    Parameters: name_columns, weight_columns.
    Example: 标题“1.预算执行率（10分）”，评分表中预算执行率分值为15。
    """
    weights: dict[str, Decimal] = {}
    for t in ctx.doc.tables():
        wi = table_column(t, rule.param("weight_columns", words.columns("weight")))
        if wi is None:
            continue
        levels = words.columns("level1") + words.columns("level2") + words.columns("name")
        cols = [c for c in (table_column(t, [n]) for n in rule.param("name_columns", levels))
                if c is not None and c != wi]
        carry: dict[int, str] = {}
        for row in t.rows[1:]:
            w = cell_number(row[wi]) if wi < len(row) else None
            for c in cols:
                name = row[c].strip() if c < len(row) else ""
                if name:
                    carry[c] = name
            if w is None or any(k in "".join(row) for k in words.total_rows()):
                continue
            for name in {carry.get(c, "") for c in cols}:
                if name:
                    weights[_key(name)] = weights.get(_key(name), Decimal(0)) + w
    if not weights:
        return
    for b in ctx.doc.headings():
        m = _HEAD_WEIGHT.match(b.title)
        if not m:
            continue
        stated = Decimal(m.group(2))
        table = weights.get(_key(m.group(1)))
        if table is not None and table != stated:
            s = b.text.rfind(m.group(2))
            yield Hit(b, s, s + len(m.group(2)), {"name": m.group(1).strip(), "stated": m.group(2),
                                                   "table": money.fmt_number(table)})


def _key(name: str) -> str:
    return _NAME_NOISE.sub("", name)


_NAME_NOISE = words.rx("level_text", "name_noise")


_DATE = words.rx("level_text", "date")


def impossible_date(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a date that does not exist (6月31日, 2月30日, 13月5日, 2023年2月29日).

    Example: “于6月31日前完成公开”。
    """
    items = _scoped(ctx, rule)
    for k in _gated(ctx, items, regex_gate.could_match(_DATE)):  # only texts a date can be in
        b, view, cell = items[k]
        for m in _DATE.finditer(view.text):
            year = int(m.group(1)) if m.group(1) else 2024  # no year: 2月29日 may exist
            month, day = int(m.group(2)), int(m.group(3))
            if not 1 <= month <= 12:
                ok = False
            else:
                ok = 1 <= day <= calendar.monthrange(year, month)[1]
            if not ok:
                yield _hit(b, view, m.start(2) if not m.group(1) else m.start(), m.end(), {}, cell=cell)


def collocations(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: malformed collocations drafters produce, from a YAML list: each entry has
    a regex (wrong), the form to write (right) and why.

    Parameters: entries (list of {wrong, right, why}).
    Example: “截止2022年12月8日”应为“截至”；“超过50%以上”重复表达。
    """
    entries = rule.param("entries", [])
    gate = _any_of(tuple(e["wrong"] for e in entries), 0)
    items = _scoped(ctx, rule)
    for k in _gated(ctx, items, regex_gate.gate(tuple(e["wrong"] for e in entries))):
        b, view, cell = items[k]  # only texts with a character every match needs
        if gate is not None and not gate.search(view.text):
            continue  # one search rules out most paragraphs and cells
        for e in entries:
            for m in _rx(e["wrong"]).finditer(view.text):
                if m.end() > m.start():
                    yield _hit(b, view, m.start(), m.end(),
                               {"fixed": m.expand(e.get("right", "")), "why": e.get("why", "")}, cell=cell)
