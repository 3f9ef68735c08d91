"""Numbers in a draft, each with its kind, unit, value and the label it belongs to.

Amounts (元/万元/亿元, thousands separators, full-width digits, a number split by a line
break), percentages, counts with measure units, scores, 文号 and dates. The label (预算,
到位, 执行 …) is the nearest keyword before the number in the same clause, or the table
column header; the keyword lists are data (rubrics/base.yaml `figures:`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Any, Iterator

from .. import money, words
from .document import Block
from .normalise import normalise

# A number is a run of digits, thousands separators and line breaks starting with a digit, an
# optional decimal part, then its unit: `_NUM + tail`. They are not matched with one regex
# (`finditer` would retry from every digit of a 100,000-digit run: quadratic), but by `_numbers`.
_NUM = r"(\d[\d,，\n]*(?:[.．]\d+)?)"
_RUN = re.compile(r"\d[\d,，\n]*")
_DECIMAL = r"((?:[.．]\d+)?)"
_WORDS = words.get("quantity_words")
_MONEY_UNITS = "|".join(sorted(map(re.escape, words.get("money_units")), key=len, reverse=True))  # 万元 before 元
_AMOUNT = re.compile(_DECIMAL + rf"\s*({_MONEY_UNITS})")
_PERCENT = re.compile(_DECIMAL + r"\s*([%％])")
_SCORE_UNIT = _WORDS["score_unit"]
_SCORE = re.compile(_DECIMAL + rf"\s*({re.escape(_SCORE_UNIT)})(?![{_WORDS['not_score_after']}])")
_CLAUSE_BREAK = re.compile(r"[，。；：,;:\n、（）()]")
_SENTENCE_BREAK = "。；;！？"  # a line break inside a paragraph (DOCX soft break) is mid-sentence
_SENTENCE_BREAKS = re.compile("[" + _SENTENCE_BREAK + "]")
_QIZHONG = re.compile(re.escape(_WORDS["parts_lead"]))
_DIGIT = re.compile(r"\d")
DOC_NUMBER = re.compile(_WORDS["doc_number"])


@dataclass
class Quantity:
    kind: str  # amount | percent | count | score
    value: Decimal  # amounts in 万元
    unit: str
    label: str | None
    start: int
    end: int
    raw: str
    sentence: tuple[int, int]  # the sentence span holding it
    after_qizhong: bool  # inside a "其中…" list


def _value(raw: str) -> Decimal | None:
    return money.parse_number(raw.replace("\n", "").replace("，", ","))


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(ch, 0, pos) for ch in _SENTENCE_BREAK) + 1
    ends = [i for i in (text.find(ch, pos) for ch in _SENTENCE_BREAK) if i != -1]
    return s, (min(ends) + 1 if ends else len(text))


class Labeller:
    """Nearest label keyword before a position, inside the clause (rubric-configured lists)."""

    def __init__(self, labels: dict[str, list[str]]) -> None:
        pairs = [(kw, name) for name, kws in labels.items() for kw in kws]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        self.pairs = pairs
        self.rx = re.compile("|".join(re.escape(k) for k, _ in pairs)) if pairs else None
        self.by_kw = dict(pairs)

    def label(self, text: str, pos: int, window: int = 24) -> str | None:
        if self.rx is None:
            return None
        seg = text[pos - window if pos > window else 0:pos]
        cut = 0
        for m in _CLAUSE_BREAK.finditer(seg):
            cut = m.end()
        best = None
        for best in self.rx.finditer(seg, cut):
            pass  # the last (nearest) keyword wins; longer keywords are tried first
        return self.by_kw[best.group(0)] if best else None


# what money.to_halfwidth does, as one table (the normaliser has already done digits and ％)
_HALF = str.maketrans({ch: chr(ord(ch) - 0xFEE0) for ch in "０１２３４５６７８９．，％－＋"})


@lru_cache(maxsize=16)
def _count_rx(units: tuple[str, ...]) -> re.Pattern[str]:
    """What follows the digits of a count (built once per unit list, not once per paragraph)."""
    return re.compile(_DECIMAL + r"\s*(" + "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True)) + ")")


@dataclass(frozen=True)
class _Found:
    """A number with its unit, shaped like the re.Match of `_NUM + tail` that `find` reads."""

    span: tuple[int, int]
    number: str
    unit: str

    def start(self) -> int:
        return self.span[0]

    def end(self) -> int:
        return self.span[1]

    def group(self, i: int) -> str:
        return self.number if i == 1 else self.unit


def _numbers(text: str, tail: re.Pattern[str]) -> Iterator[_Found]:
    """The matches `re.finditer(_NUM + tail)` gives, in linear time. Every start inside one run
    of digits and separators reaches the same run end, where the tail is tried: if it fails from
    the run's first digit it fails from all of them, so the next try starts after the run."""
    pos = 0
    while (run := _RUN.search(text, pos)) is not None:
        m = tail.match(text, run.end())
        if m is None:
            pos = run.end()
            continue
        yield _Found((run.start(), m.end()), run.group() + m.group(1), m.group(2))
        pos = m.end()


@lru_cache(maxsize=16)
def _tails(units: tuple[str, ...]) -> re.Pattern[str] | None:
    """Every kind's tail in one pattern, in the order the kinds claim a number (amount, percent,
    count, score): groups 1 decimals, 2 amount unit, 3 percent sign, 4 count unit, 5 score.
    None when a count unit holds a digit, a dot or a space (then a count could reach into the
    next number and the kinds are matched one after another as before)."""
    if any(ch.isdigit() or ch.isspace() or ch in ".．" for u in units for ch in u):
        return None
    count = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True)) if units else "(?!)"
    lead = len(_DECIMAL + r"\s*")  # each kind's pattern is the decimals, spaces, then its unit group
    amount, percent, score = (rx.pattern[lead:] for rx in (_AMOUNT, _PERCENT, _SCORE))
    return re.compile(_DECIMAL + r"\s*(?:" + amount + "|" + percent + "|(" + count + ")|" + score + ")")


_KINDS = (None, None, "amount", "percent", "count", "score")


def find(block_text: str, labeller: Labeller, count_units: list[str]) -> list[Quantity]:
    """Quantities of a text, matched on its normalised view (`36.00 万元`, `４５％`), placed raw."""
    view = normalise(block_text)
    text = view.text.translate(_HALF)  # same length: offsets stay valid
    out: list[Quantity] = []
    if not _DIGIT.search(text):
        return out  # every quantity starts with a digit
    taken = bytearray(len(text) + 1)  # characters already inside a quantity (linear overlap test)
    # sentence breaks and 其中 positions, found once: a giant paragraph stays linear
    breaks = [m.start() for m in _SENTENCE_BREAKS.finditer(text)]
    qizhong = [m.start() for m in _QIZHONG.finditer(text)]

    def add(kind: str, m: _Found, unit: str, scale: Decimal = Decimal(1)) -> None:
        s, e = m.span
        if 1 in taken[s:e]:
            return
        if s > 0 and (text[s - 1].isdigit() or text[s - 1] in ".．"):
            return
        v = _value(m.number)
        if v is None:
            return
        taken[s:e] = b"\x01" * (e - s)
        k = bisect.bisect_left(breaks, s)
        sent = (breaks[k - 1] + 1 if k else 0, breaks[k] + 1 if k < len(breaks) else len(text))
        j = bisect.bisect_left(qizhong, sent[0])
        after_qizhong = j < len(qizhong) and qizhong[j] + 2 <= s
        start, end = view.raw_span(s, e)
        out.append(Quantity(kind, v * scale, unit, labeller.label(text, s), start, end,
                            block_text[start:end], (view.raw_pos(sent[0]), view.raw_pos(sent[1])),
                            after_qizhong))

    tails = _tails(tuple(count_units))
    if tails is None:
        for m in _numbers(text, _AMOUNT):
            add("amount", m, m.group(2), money.unit_in_wan()[m.group(2)])
        for m in _numbers(text, _PERCENT):
            add("percent", m, "%")
        if count_units:
            for m in _numbers(text, _count_rx(tuple(count_units))):
                add("count", m, m.group(2))
        for m in _numbers(text, _SCORE):
            add("score", m, _SCORE_UNIT)
        out.sort(key=lambda q: q.start)
        return out
    # one walk over the digit runs, each tried once against every kind's tail: at one run the
    # kinds' tails exclude one another, and a kind's match never reaches the next run (units hold
    # no digits), so this claims exactly what the four walks one kind after another claimed
    in_wan: dict[str, Decimal] | None = None  # read once per text, when it has an amount
    pos = 0
    while (run := _RUN.search(text, pos)) is not None:
        m = tails.match(text, run.end())
        if m is None:
            pos = run.end()
            continue
        g = m.lastindex or 0
        kind, unit = _KINDS[g], m.group(g)
        found = _Found((run.start(), m.end()), run.group() + m.group(1), unit)
        if kind == "amount":
            in_wan = in_wan or money.unit_in_wan()
            add("amount", found, unit, in_wan[unit])
        else:
            add(kind, found, "%" if kind == "percent" else unit)  # type: ignore[arg-type]
        pos = m.end()
    out.sort(key=lambda q: q.start)
    return out


def table_column(block: Block, names: list[str]) -> int | None:
    """Index of the first column whose header contains one of the names."""
    if not block.rows:
        return None
    for i, h in enumerate(block.rows[0]):
        if any(n in h for n in names):
            return i
    return None


_CELL_NUMBER = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)\s*([^\d\s]{0,4})\s*$")


def cell_number(text: str) -> Decimal | None:
    """The number in a table cell: "95", "95%", "1.8万亩", "20分" (a unit may follow)."""
    m = _CELL_NUMBER.match(money.to_halfwidth(text))
    return money.parse_number(m.group(1)) if m else None


@dataclass(frozen=True)
class Target:
    """An indicator value as written in a table: ≥5000人次, ≤3天, ＝100%."""

    direction: str  # ≥ ≤ = (a bare number means ≥)
    value: Decimal
    unit: str


_TARGET = re.compile(r"^\s*([≥≤=＝＞＜><]?)\s*(\d[\d,]*(?:\.\d+)?)\s*(.*?)\s*$")
_DIRECTIONS = {"＞": "≥", ">": "≥", "＜": "≤", "<": "≤", "＝": "=", "": "≥"}


def parse_target(text: str) -> Target | None:
    """None for a qualitative value (明显改善, 达成)."""
    m = _TARGET.match(money.to_halfwidth(text))
    value = money.parse_number(m.group(2)) if m else None
    if m is None or value is None:
        return None
    return Target(_DIRECTIONS.get(m.group(1), m.group(1)), value, m.group(3))


def config(rubric_raw: dict[str, Any]) -> tuple[Labeller, list[str]]:
    fig = rubric_raw.get("figures", {})
    return Labeller(fig.get("labels", {})), list(fig.get("count_units", []))
