"""Heading numbers of official documents: 一、 （一） 1. （1）, generated and parsed.

Shared by the writer (which generates them, never types them) and the checker (which
parses what drafters typed, including the variants they use: 1、 (一) 一 ).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import words


@lru_cache(maxsize=1)
def _numerals() -> tuple[str, str, str]:
    """The digits 零…九, 十 and 百 (rubrics/_words.yaml chinese_numerals)."""
    w = words.get("chinese_numerals")
    return str(w["digits"]), str(w["ten"]), str(w["hundred"])


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, 110 → 一百一十; from 1000 on, Arabic digits
    (a draft with a thousand headings is hostile input, not a report, and must not crash the checker)."""
    if n <= 0:
        raise ValueError(n)
    if n >= 1000:
        return str(n)
    digits, ten, hundred = _numerals()
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        tail = "" if not rest else (digits[0] + digits[rest] if rest < 10 else digits[1] * (rest < 20) + chinese_numeral(rest))
        return digits[hundreds] + hundred + tail
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    head = "" if tens == 1 else digits[tens]
    return head + ten + (digits[ones] if ones else "")


def parse_chinese_numeral(s: str) -> int | None:
    digits, ten, _ = _numerals()
    if not s or any(ch not in digits + ten for ch in s):
        return None
    if ten not in s:
        return digits.index(s) if len(s) == 1 else None
    tens, _, ones = s.partition(ten)
    t = 1 if tens == "" else (digits.index(tens) if len(tens) == 1 else -1)
    o = 0 if ones == "" else (digits.index(ones) if len(ones) == 1 else -1)
    if t < 0 or o < 0:
        return None
    return t * 10 + o


def marker(level: int, n: int) -> str:
    """The standard marker for heading level 1-4 (GB/T 9704 层次序数)."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(level)


class Counter:
    """Running counters for levels 1-4; a new heading resets the deeper levels."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        self.counts[level - 1] += 1
        for i in range(level, 4):
            self.counts[i] = 0
        return marker(level, self.counts[level - 1])


@dataclass(frozen=True)
class Number:
    """A number found at the start of a line as the drafter typed it."""

    level: int  # the level its style implies (1-4)
    value: int
    text: str  # the marker exactly as typed, e.g. "4、" or "(一)"
    standard: bool  # whether the marker has the standard form for its level
    style: str  # a short name for the form: cn_dun, cn_paren, arabic_dot, arabic_paren, ...


@lru_cache(maxsize=1)
def _markers() -> tuple[list[tuple[re.Pattern[str], int, str, bool]], frozenset[str]]:
    """The marker patterns, compiled once, and what a marker can start with besides a digit (\\d):
    a Chinese numeral (一 to 十), or an opening bracket."""
    digits, ten, _ = _numerals()
    numeral = digits[1:] + ten
    cn = f"[{numeral}]+"
    year = re.escape(str(words.get("chinese_numerals")["year"]))
    patterns: list[tuple[str, int, str, bool]] = [
        # (regex on the line start, level, style, standard)
        (rf"^({cn})、", 1, "cn_dun", True),
        (rf"^({cn})[，,.．]", 1, "cn_other", False),
        (rf"^({cn})\s+(?=\S)", 1, "cn_space", False),
        (rf"^（({cn})）", 2, "cn_paren", True),
        (rf"^\(({cn})\)", 2, "cn_halfparen", False),
        (rf"^\(({cn})）", 2, "cn_mixparen", False),
        (rf"^（({cn})\)", 2, "cn_mixparen", False),
        (r"^(\d{1,2})[.．](?!\d)", 3, "arabic_dot", True),
        # “1.2023年以来”: a point and a year, not the decimal 1.2023
        (rf"^(\d{{1,2}})[.．](?=(?:19|20)\d{{2}}{year})", 3, "arabic_dot", True),
        (r"^(\d{1,2})、", 3, "arabic_dun", False),
        (r"^（(\d{1,2})）", 4, "arabic_paren", True),
        (r"^\((\d{1,2})\)", 4, "arabic_halfparen", False),
        (r"^\((\d{1,2})）|^（(\d{1,2})\)", 4, "arabic_mixparen", False),
    ]
    compiled = [(re.compile(p), lvl, style, std) for p, lvl, style, std in patterns]
    first = frozenset(numeral) | {p[1] for p, *_ in patterns if p[1] not in "\\("} | {"("}
    return compiled, first


def parse_marker(line: str) -> Number | None:
    """Read the heading/list number at the start of a line, if there is one. The reading and
    outline stages ask for one line's number several times: answers for lines of ordinary length
    are kept (a Number is frozen, so one can be shared); a huge line is not held on to."""
    return _parse_kept(line) if len(line) <= 400 else _parse_marker(line)


@lru_cache(maxsize=16384)
def _parse_kept(line: str) -> Number | None:
    return _parse_marker(line)


def _parse_marker(line: str) -> Number | None:
    s = line.lstrip(" \u3000\t")
    compiled, first = _markers()
    if not (s[:1] in first or s[:1].isdecimal()):
        return None  # every marker starts with a numeral or a bracket: one test rules out prose
    for rx, level, style, standard in compiled:
        m = rx.match(s)
        if not m:
            continue
        raw = next(g for g in m.groups() if g)
        value = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
        if value is None:
            continue
        text = m.group(0).rstrip()
        if style == "cn_space" and not re.match(r"^\s*\S{2,30}\s*$", s[m.end():]):
            continue  # "一 " then a whole sentence is prose, not a heading
        return Number(level, value, text, standard, style)
    return None
