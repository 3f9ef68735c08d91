"""Numbering kinds: heading sequences per level, bracket width, list item sequences, marker form."""
from __future__ import annotations

from typing import Iterator

from .. import words
from ..findings import Hit
from ..numbering import marker
from ..read.document import Block
from ..ui_text import ui
from .engine import Ctx, Rule


_ATTACHMENT = words.get("attachment_start")  # 附件…: rubrics/_words.yaml
_STANDARD = {1: "cn_dun", 2: "cn_paren", 3: "arabic_dot", 4: "arabic_paren"}


def _expected_text(level: int, n: int) -> str:
    return marker(level, n)


def heading_sequence(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: headings of one level count 1, 2, 3 … with the standard marker,
    restarting under each new parent; a heading with no number is reported with the number it needs.

    Parameters: level (1 or 2).
    Example: 一、二、三、4、（“4、”应为“四、”）；（一）之后是（2）（应为（二））。
    """
    level = int(rule.param("level", 1))
    count = 0
    scope = ""
    for b in ctx.doc.headings():
        if b.scope != scope:  # the 摘要 and each 附件 count their own headings
            scope, count = b.scope, 0
        if b.level < level:
            count = 0
            continue
        if b.level != level:
            continue
        n = b.number
        if n is None and scope:
            continue  # an attachment's own unnumbered titles (a form's name) are not numbered headings
        count += 1
        want = _expected_text(level, count)
        if n is None:
            yield Hit(b, 0, min(len(b.text), 20), {"problem": "缺少序号", "expected": want, "title": b.title})
            continue
        width_only = n.level == level and n.style.endswith(("halfparen", "mixparen"))  # NUM03's job
        if n.value != count:
            what = ui("序号重复") if n.value < count else ui("序号不连续")
            yield Hit(b, 0, len(n.text), {"problem": what, "expected": want, "title": b.title})
            count = max(count, n.value)
        elif not width_only and (n.level != level or n.style != _STANDARD[level]):
            yield Hit(b, 0, len(n.text), {"problem": f"序号写法“{n.text}”不是本层级的格式", "expected": want,
                                          "title": b.title})


def bracket_width(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: heading and item numbers in brackets use full-width （） on both sides.

    Example: “(一)”“(四）”“（1)”应为“（一）”“（四）”“（1）”。
    """
    for b in ctx.body():
        n = b.number
        if n is not None and n.style.endswith(("halfparen", "mixparen")):
            fixed = "（" + n.text.strip("()（）") + "）"
            offset = len(b.text) - len(b.text.lstrip(" \u3000\t"))
            yield Hit(b, offset, offset + len(n.text), {"expected": fixed})


def _items(ctx: Ctx) -> list[Block]:
    return [b for b in ctx.body() if b.number is not None and b.number.level >= 3]


def list_sequence(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: numbered points (1. 2. 3. or （1）（2）) under one heading count up by one.

    Example: 1. 2. 3. 4. 4. 5.（第二个“4.”应为“5.”）。
    """
    last: dict[int, int] = {}
    scope = ""
    for b in ctx.doc.blocks:
        if b.scope != scope:
            scope = b.scope
            last.clear()
        if (b.kind == "heading" and b.level <= 2) or b.role == "attachment" and b.text.lstrip().startswith(_ATTACHMENT):
            last.clear()
            continue
        if b.role == "questionnaire":
            continue  # questions and options number themselves
        n = b.number
        if n is None or n.level < 3 or b.kind == "table":
            continue
        for deeper in [k for k in last if k > n.level]:
            del last[deeper]
        prev = last.get(n.level, 0)
        if n.value == 1 and prev >= 1 and b.kind != "heading":
            last[n.level] = 1  # a new list under a new point: restarts are allowed
            continue
        if n.value != prev + 1 and not (prev == 0 and n.value == 1):
            problem = ui("序号重复") if n.value <= prev else ui("序号不连续")
            offset = len(b.text) - len(b.text.lstrip(" \u3000\t"))
            yield Hit(b, offset, offset + len(n.text), {"problem": problem, "expected": marker(n.level, prev + 1),
                                                        "previous": marker(n.level, prev) if prev else ""})
        last[n.level] = n.value


def marker_form(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: third-level numbers are written “1.” (not “1、”), as GB/T 9704 层次序数 gives.

    Example: “1、落实……”应为“1.落实……”。
    """
    for b in ctx.body():
        n = b.number
        if n is not None and n.style == "arabic_dun" and (b.kind != "heading" or b.level >= 3):
            offset = len(b.text) - len(b.text.lstrip(" \u3000\t"))
            yield Hit(b, offset, offset + len(n.text), {"expected": f"{n.value}."})
