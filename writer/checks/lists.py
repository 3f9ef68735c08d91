"""List and count kinds: items numbered inside one paragraph (1.…2.…4.…), a total count
against its parts (共12个 after 7个 + 6个).

Both read each paragraph once with regexes compiled once (linear in the document's length).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .. import words
from ..findings import Hit
from ..numbering import parse_chinese_numeral
from ..ui_text import ui
from .engine import Ctx, Rule

# 1、 / 1. / 1． / （1） / (1) at a paragraph start or after a break; never a decimal (1.5万元)
_INLINE = re.compile(r"(?:^|(?<=[。；;：:！？\s]))(?:(\d{1,2})(、|[.．](?![\d%％]))|([（(])(\d{1,2})([）)]))")


def inline_enumeration(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: list items numbered inside one paragraph (1.…2.…3.…) count up by one,
    without a number written twice or skipped. A run of one marker style is one list; the
    paragraph's own leading number belongs to the outline, not to the run.

    Parameters: min_items (shortest run that is a list).
    Example: “主要做法：1.建立制度；2.加强培训；4.规范管理；4.强化监督；5.公开结果。”
    """
    min_items = int(rule.param("min_items", 3))
    for b in ctx.body():
        if b.kind == "heading":
            continue
        runs: dict[str, list[tuple[int, int, int]]] = {}
        skip = len(b.number.text) if b.number is not None else 0
        for m in _INLINE.finditer(b.text):
            if m.start() < skip:
                continue
            if m.group(1):
                style, n = "d" + m.group(2).replace("．", "."), int(m.group(1))
            else:
                style, n = "p", int(m.group(4))
            runs.setdefault(style, []).append((n, m.start(), m.end()))
        for items in runs.values():
            if len(items) < min_items or items[0][0] > 2:
                continue
            for (prev, _, _), (n, s, e) in zip(items, items[1:]):
                if n != prev + 1:
                    problem = ui("重复") if n == prev else (ui("跳号") if n > prev + 1 else ui("顺序颠倒"))
                    yield Hit(b, s, e, {"problem": problem, "expected": str(prev + 1)})


_SENTENCE = re.compile(r"[^。；;！？\n]+")
_NUM = words.word("counts", "numeral")  # rubrics/_words.yaml: the count words of this module
_TWO = words.word("counts", "two")
_PARTS = words.rx("counts", "parts_follow")
_WITHIN = words.rx("counts", "parts_within")


def _int(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    return 2 if raw == _TWO else parse_chinese_numeral(raw)


@lru_cache(maxsize=8)
def _count_regexes(units: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A total (共12个) and a count (7个) in the rule's measure words, compiled once per set of units."""
    unit_rx = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    total_rx = re.compile(words.word("counts", "total") + _NUM + r"\s*(" + unit_rx + ")")
    count_rx = re.compile(r"(?<![\d.])" + _NUM + r"\s*(" + unit_rx + ")" + words.word("counts", "not_exact"))
    return total_rx, count_rx


def count_parts(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a total count (共N个, 合计N项) equals its parts in the same sentence:
    parts listed after it with 其中 are never more than it, parts listed with 分别为/即/包括
    (or before 共) add up to it exactly. Only counts with the same measure word are added.

    Parameters: units (measure words).
    Example: “共12个子项目，其中市级7个、区级6个。”（7＋6＝13）
    """
    total_rx, count_rx = _count_regexes(tuple(rule.params["units"]))
    for b in ctx.body():
        for sent in _SENTENCE.finditer(b.text):
            s = sent.group(0)
            totals = list(total_rx.finditer(s))
            if len(totals) != 1:
                continue  # two totals in a sentence: which parts belong to which is unclear
            tm = totals[0]
            total, unit = _int(tm.group(1)), tm.group(2)
            if not total:
                continue
            counts = [(m, _int(m.group(1))) for m in count_rx.finditer(s) if m.group(2) == unit
                      and not (tm.start() <= m.start() < tm.end())]
            after = [(m, v) for m, v in counts if m.start() >= tm.end() and v]
            before = [(m, v) for m, v in counts if m.end() <= tm.start() and v]
            rest = s[tm.end():]
            parts, exact = [], False
            if after and _PARTS.match(rest):
                parts = after
                exact = not _WITHIN.match(rest)
            elif len(before) >= 2 and re.search(r"[、，,]\s*$", s[:tm.start()]) and not after:
                parts, exact = before, True
            if len(parts) < 2 or any(v == total for _, v in parts):
                continue  # a part as large as the whole: levels (一级3个、三级12个), not a partition
            got = sum(v for _, v in parts if v)
            if got > total or (exact and got != total):
                off = sent.start()
                yield Hit(b, off + tm.start(), off + tm.end(),
                          {"total": f"{tm.group(1)}{unit}", "sum": f"{got}{unit}",
                           "parts": "＋".join(str(v) for _, v in parts)},
                          related=[(b, off + m.start(), off + m.end()) for m, _ in parts])
