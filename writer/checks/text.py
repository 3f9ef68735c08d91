"""Text kinds: patterns (leftovers, prompts, brackets, dates), stray English, repetition,
paired punctuation, one self-reference per report, preferred terms."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from ..findings import Hit
from ..read.document import Block
from .engine import Ctx, Rule


@lru_cache(maxsize=256)
def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _scoped(ctx: Ctx, rule: Rule) -> Iterator[tuple[Block, str, tuple[int, int] | None]]:
    """(block, text, cell) for paragraphs, headings and, unless excluded, table cells."""
    sources = rule.param("sources")
    if sources and ctx.doc.source not in sources:
        return
    for b in ctx.doc.blocks:
        if b.kind == "table":
            if rule.param("tables", True):
                for c in b.cells:
                    yield b, c.text, (c.row, c.col)
        else:
            yield b, b.text, None


def pattern(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: text that must not be there, found by regular expressions from YAML.

    Parameters: patterns (list of regex), ignorecase, sources (docx/txt/md), tables (bool),
    swap (map from a match to its suggested replacement).
    Example: “[bookmark: _GoBack]”“$\\geq 95\\%$”“（100字以内）”“湛财绩[2021]6号”“06月18日”。
    """
    flags = re.IGNORECASE if rule.param("ignorecase") else 0
    swap = rule.param("swap", {})
    for b, text, cell in _scoped(ctx, rule):
        for p in rule.param("patterns", []):
            for m in _rx(p, flags).finditer(text):
                if m.end() == m.start():
                    continue
                g = m.group(0)
                fixed = swap.get(g, "")
                if "fix" in rule.params and not fixed:
                    fixed = m.expand(rule.params["fix"])
                yield Hit(b, m.start(), m.end(), {"fixed": fixed}, cell=cell)


_EN = re.compile(r"(?<![A-Za-z0-9_.@/:\\-])[A-Za-z][A-Za-z'-]*[A-Za-z](?![A-Za-z0-9_.@/\\-])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def stray_english(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: an English word (with lower-case letters) inside a Chinese sentence.

    Parameters: allow (words that are fine, e.g. WiFi), max_upper (all-capital abbreviations up to
    this length are accepted: GDP, PPP).
    Example: “本项目and绩效目标完成率为95%”中的“and”。
    """
    allow = {w.lower() for w in rule.param("allow", [])}
    max_upper = int(rule.param("max_upper", 6))
    for b, text, cell in _scoped(ctx, rule):
        for m in _EN.finditer(text):
            w = m.group(0)
            if w.lower() in allow or (w.isupper() and len(w) <= max_upper):
                continue
            before, after = text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 2]
            if _CJK.search(before) or _CJK.search(after):
                yield Hit(b, m.start(), m.end(), {}, cell=cell)


def repeated_word(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a word of two to four characters written twice in a row (党员党员).

    Parameters: allow (reduplications that are correct, e.g. 研究研究).
    Example: “佐证材料材料规范”。
    """
    allow = set(rule.param("allow", []))
    rx = _rx(r"([\u4e00-\u9fff]{2,4})\1")
    for b, text, cell in _scoped(ctx, rule):
        for m in rx.finditer(text):
            if m.group(0) in allow or len(set(m.group(1))) == 1:
                continue
            yield Hit(b, m.start(), m.end(), {"word": m.group(1)}, cell=cell)


_SENT = re.compile(r"[^。！？；：\n]+[。！？；]?")  # "目标如下：" leads into a sentence


def repeated_sentence(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the same sentence (at least min_chars characters) written twice.

    Parameters: min_chars.
    Example: 背景段落里的一句话又原样出现在绩效目标一节。
    """
    min_chars = int(rule.param("min_chars", 20))
    first: dict[str, tuple[Block, int, int]] = {}
    for b in ctx.body():
        if b.kind == "heading" or b.text.strip() == ctx.doc.title:
            continue  # the title repeated under a cover page is not a copied sentence
        for m in _SENT.finditer(b.text):
            s = re.sub(r"\s+", "", m.group(0)).rstrip("。！？；")
            if len(s) < min_chars:
                continue
            if s in first:
                fb, fs, fe = first[s]
                yield Hit(b, m.start(), m.end(), {"first": fb.crumb or f"第{fb.index + 1}段"},
                          related=[(fb, fs, fe)])
            else:
                first[s] = (b, m.start(), m.end())


def unbalanced_pairs(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: 《》 “” （） 【】 opened and closed in pairs within a paragraph.

    Parameters: pairs (list of two-character strings).
    Example: “》湛江市……实施意见》”缺少“《”。
    """
    pairs = rule.param("pairs", ["《》", "“”", "（）", "【】"])
    for b, text, cell in _scoped(ctx, rule):
        lead = 0
        if cell is None and b.number is not None:  # "(四）" is the numbering check's business
            lead = len(text) - len(text.lstrip(" \u3000\t")) + len(b.number.text)
        for pair in pairs:
            o, c = pair[0], pair[1]
            stack: list[int] = []
            reported_close = False
            for i, ch in enumerate(text):
                if i < lead:
                    continue
                if ch == o:
                    if stack and o == c:
                        stack.pop()
                        continue
                    stack.append(i)
                elif ch == c:
                    if stack:
                        stack.pop()
                    elif not reported_close:  # "》题名》": one finding, on the first stray mark
                        reported_close = True
                        yield Hit(b, i, i + 1, {"missing": o, "found": c}, cell=cell)
            for i in stack:
                yield Hit(b, i, i + 1, {"missing": c, "found": o}, cell=cell)


def consistency(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: only one of a set of variants is used in one report (the majority wins).

    Parameters: variants (list of words, e.g. 我部/我委/我单位).
    Example: 全文自称“我部”，有一处写成“我委”。
    """
    variants = rule.param("variants", [])
    rx = _rx("|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)))
    hits: list[tuple[Block, re.Match[str]]] = []
    for b in ctx.body():
        hits += [(b, m) for m in rx.finditer(b.text)]
    counts = Counter(m.group(0) for _, m in hits)
    if len(counts) < 2:
        return
    majority = max(counts.items(), key=lambda kv: (kv[1], -variants.index(kv[0])))[0]
    for b, m in hits:
        if m.group(0) != majority:
            yield Hit(b, m.start(), m.end(), {"majority": majority, "count": counts[majority]})


def substitution(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a word that has a preferred form (an agency's own term list, grade words).

    Parameters: swap (map from the word to use instead), context (regex that must precede).
    Example: “资金执行率”应写“预算执行率”；“等级为优秀”应写“等级为优”。
    """
    swap: dict[str, str] = rule.param("swap", {})
    if not swap:
        return
    before = rule.param("context", "")
    rx = _rx((f"(?<={before})" if before else "") + "(" + "|".join(re.escape(k) for k in sorted(swap, key=len, reverse=True)) + ")")
    for b, text, cell in _scoped(ctx, rule):
        for m in rx.finditer(text):
            yield Hit(b, m.start(), m.end(), {"fixed": swap[m.group(0)]}, cell=cell)
