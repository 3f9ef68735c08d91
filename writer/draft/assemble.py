"""Section Markdown → one numbered report: headings get 一、（一）1.（1）, list items get numbers.

Templates write relative headings ('#' = first level below their section) and '- ' items;
numbers are generated here, never typed, so they cannot break.
"""
from __future__ import annotations

import re

from ..numbering import Counter, marker

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def shift_headings(md: str, by: int) -> str:
    """Push every Markdown heading `by` levels deeper."""
    out = []
    for line in md.splitlines():
        m = _HEADING.match(line)
        out.append("#" * (len(m.group(1)) + by) + " " + m.group(2) if m else line)
    return "\n".join(out)


def number(md: str) -> str:
    """Prefix generated numbers. '#' is the title; '##'..'#####' are levels 1-4.

    A run of '- ' items becomes paragraphs numbered 1. 2. (or （1）（2） under a 1. heading),
    the way drafters number points inside a section.
    """
    counter = Counter()
    current = 0  # level of the last heading (0 = none yet)
    item_no = 0
    out: list[str] = []
    for line in md.splitlines():
        m = _HEADING.match(line)
        if m and len(m.group(1)) >= 2:
            level = min(len(m.group(1)) - 1, 4)
            current = level
            out += ["", f"{m.group(1)} {counter.next(level)}{m.group(2).strip()}", ""]
            item_no = 0
            continue
        if line.startswith("- "):
            item_no += 1
            out.append(f"{marker(min(max(current + 1, 3), 4), item_no)}{line[2:].strip()}")
            out.append("")  # each item is its own paragraph
            continue
        if line.strip():
            item_no = 0
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
