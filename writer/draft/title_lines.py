"""A long title broken into lines between words (GB/T 9704 7.3.3: 词意完整、排列对称).

A title that fits on one line is left alone (and rjieba is never imported). A longer one is cut
into as few lines as the type area allows, only where the segmenter puts a word boundary, and
the cut is chosen so the lines are as even as possible (a symmetric block, not a full line and
a stub). Digits and Latin letters count half a character.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from math import comb


def width(text: str, gaps: bool = False) -> float:
    """Width in CJK characters: ASCII digits, letters and % take half. `gaps`: add the quarter of
    a character Word and WPS put between a number and Chinese (5000 人次) on each side, as in a
    table cell (docx_build); a title is measured without them."""
    w = sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)
    return w + 0.25 * len(_AUTOSPACE.findall(text)) if gaps else w


_AUTOSPACE = re.compile(r"(?<=[0-9A-Za-z])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])")


def line_capacity(fmt: dict) -> int:  # type: ignore[type-arg]
    """Characters of the title size that fit across the type area."""
    page = fmt["page"]
    width_pt = (float(page["width_mm"]) - float(page["left_mm"]) - float(page["right_mm"])) / 25.4 * 72
    return max(int(width_pt // float(fmt["title"]["size_pt"])), 4)


@lru_cache(maxsize=1024)
def words(text: str) -> tuple[str, ...]:
    """Words of a text, by the one domain segmenter (rjieba with the thesaurus' words, so a
    domain word is never cut), loaded only when a title needs breaking."""
    from ..across_thesaurus import segmenter

    return tuple(w for w in segmenter().cut(text) if w)


_OFF_BREAK = 8  # a cut at a plain word boundary costs as much as 8 characters of unevenness


def _best(text: str, cuts: list[int], strong: set[int], lines: int, capacity: int) -> tuple[tuple[float, float], tuple[int, ...]] | None:
    """The cheapest way to cut `text` into `lines` lines at `cuts` (None: none fits)."""
    best = None
    for chosen in combinations(cuts, lines - 1):
        edges = (0, *chosen, len(text))
        widths = [width(text[a:b]) for a, b in zip(edges, edges[1:])]
        if max(widths) > capacity:
            continue
        # even lines first; on a tie the longer line on top (a downward trapezoid)
        cost = max(widths) - min(widths) + _OFF_BREAK * sum(1 for c in chosen if c not in strong)
        key = (cost, -widths[0])
        if best is None or key < best[0]:
            best = (key, chosen)
    return best


def _no_word_cut_can_win(text: str, key: tuple[float, float], lines: int, capacity: int) -> bool:
    """Whether the parts' own cut (its cost key) is what the search over word boundaries would
    choose too, so the segmenter need not be loaded: a cut with a word boundary in it costs at
    least the evenest cut at any characters plus _OFF_BREAK, and its first line is at most
    `capacity` wide (a department title: 2023年度…党校 | 部门整体支出绩效自评报告)."""
    if key[0] < _OFF_BREAK:
        return True
    every = list(range(1, len(text)))
    if comb(len(every), lines - 1) > 20_000:
        return False
    floor = _best(text, every, set(every), lines, capacity)
    if floor is None:
        return False
    least = floor[0][0] + _OFF_BREAK
    # two lines: an equal key would need the same first line, i.e. the same (strong) cut
    return least > key[0] or (lines == 2 and (least, -capacity) >= key)


def _cut(text: str, chosen: tuple[int, ...]) -> tuple[str, ...]:
    edges = (0, *chosen, len(text))
    return tuple(text[a:b] for a, b in zip(edges, edges[1:]))


@lru_cache(maxsize=256)
def split_title(text: str, capacity: int, preferred: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The title's lines; one line when it fits. `preferred`: zero-width regexes marking the
    boundaries between the title's parts (单位 | 年度 | 项目 | 报告名), where a cut keeps each part
    whole; other word boundaries are used only when they make the lines much more even."""
    text = text.strip()
    if width(text) <= capacity:
        return (text,)
    strong = {m.start() for pattern in preferred for m in re.finditer(pattern, text)} - {0, len(text)}
    total = width(text)
    fewest = max(2, int(-(-total // capacity)))
    # cut between the parts alone when that is at least as even as any word cut could be: the
    # same lines, and no segmenter loaded (a word cut costs _OFF_BREAK more than its unevenness)
    quick = _best(text, sorted(strong), strong, fewest, capacity) if len(strong) >= fewest - 1 else None
    if quick is not None and _no_word_cut_can_win(text, quick[0], fewest, capacity):
        return _cut(text, quick[1])
    ends = [0]
    for w in words(text):
        ends.append(ends[-1] + len(w))
    cuts = sorted(set(ends[1:-1]) | strong)  # word boundaries inside the title
    for lines in range(fewest, fewest + 3):
        if len(cuts) < lines - 1 or comb(len(cuts), lines - 1) > 20_000:
            break  # a pathological title: even cuts below
        best = _best(text, cuts, strong, lines, capacity)
        if best is not None:
            return _cut(text, best[1])
    # no word boundary gives lines that fit (an unbroken name): even cuts by length
    n = int(-(-total // capacity))
    size = -(-len(text) // n)
    return tuple(text[i:i + size] for i in range(0, len(text), size))
