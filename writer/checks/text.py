"""Text kinds: patterns (leftovers, prompts, brackets, dates), stray English, repetition,
paired punctuation, one self-reference per report, preferred terms."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .. import regex_gate, words
from ..findings import Hit
from ..read.document import PROSE_ROLES, Block
from ..read.normalise import Normalised, normalise
from .engine import Ctx, Rule


@lru_cache(maxsize=256)
def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_GLOBAL_FLAGS = re.compile(r"^\(\?([imsx]+)\)")


@lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...], flags: int) -> re.Pattern[str] | None:
    """All of a rule's patterns as one alternation, a gate: where it finds nothing, none of them
    would. A leading `(?m)` becomes a scoped `(?m:…)` so such patterns join too. None when they
    cannot be joined (a back-reference would point at another pattern's group once joined)."""
    if len(patterns) == 1:
        return _rx(patterns[0], flags)
    if not patterns or any(re.search(r"\\[1-9]|\(\?P=", p) for p in patterns):
        return None
    parts = []
    for p in patterns:
        m = _GLOBAL_FLAGS.match(p)
        parts.append(f"(?{m.group(1)}:{p[m.end():]})" if m else f"(?:{p})")
    try:
        return re.compile("|".join(parts), flags)
    except re.error:
        return None


def _flag(rule: Rule, key: str, default: bool) -> bool:
    """A yes/no parameter (YAML scalars arrive as text)."""
    v = rule.param(key, default)
    return v if isinstance(v, bool) else str(v).strip().lower() in ("true", "yes", "1")


_CHROME = frozenset({"toc", "page_header"})  # made by Word or the PDF, not typed by the drafter
_LAID_OUT = frozenset({"questionnaire", "caption"})  # "表4-1 资金使用情况表": the space is the standard form
# "摘  要", "目  录", "单 位 名 称：": a short title or cover label spaced out on purpose; questionnaire options are laid
# out with spaces too ("A.满意  B.基本满意"): surface rules leave both alone
_SPACED_TITLE = re.compile(r"^\s*[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){1,5}\s*(?:[:：].*)?$")  # also "预 算 编 码：…"


def _view(text: str, raw: bool) -> Normalised:
    view = normalise(text)  # shared with the normalised scope; most texts need no change
    if raw and view.offsets is not None:
        return Normalised(text, text, None)  # the raw view: the text as typed, offsets as they are
    return view


def _scoped(ctx: Ctx, rule: Rule) -> list[tuple[Block, Normalised, tuple[int, int] | None]]:
    """(block, view, cell) for paragraphs, headings and, unless excluded, table cells.

    The view is the normalised text (writer.read.normalise) unless the rule is about the surface
    itself (`raw: true`: half-width marks, spaces, Markdown and LaTeX code); either way a hit is
    placed on the raw text with `_hit`. Built once per document and scope, shared by the rules."""
    sources = rule.param("sources")
    if sources and ctx.doc.source not in sources:
        return []
    raw, tables = _flag(rule, "raw", False), _flag(rule, "tables", True)
    store = ctx.__dict__.setdefault("_scoped", {})
    if (raw, tables) not in store:
        store[raw, tables] = list(_scope(ctx, raw, tables))
    return store[raw, tables]  # type: ignore[no-any-return]


def _scope(ctx: Ctx, raw: bool, tables: bool) -> Iterator[tuple[Block, Normalised, tuple[int, int] | None]]:
    for b in ctx.doc.blocks:
        if b.role in _CHROME or (raw and (b.role in _LAID_OUT or _SPACED_TITLE.match(b.text))):
            continue
        if b.kind == "table":
            if tables:
                for c in b.cells:
                    yield b, _view(c.text, raw), (c.row, c.col)
        else:
            yield b, _view(b.text, raw), None


Scoped = list[tuple[Block, Normalised, "tuple[int, int] | None"]]


def _gated(ctx: Ctx, items: Scoped, could_match: Callable[..., object] | None) -> Iterable[int]:
    """Indices of the items whose text holds a character of the gate's class (writer/regex_gate),
    in order. The items' texts are joined once per document and scope, and the class is searched
    in the joined text from one item to the next: an item without such a character costs nothing,
    not one search call each (a long draft has thousands of cells)."""
    if could_match is None or could_match("\0"):  # no gate, or one the separator would pass
        return range(len(items))
    if not items:
        return ()
    store = ctx.__dict__.setdefault("_joined", {})
    if id(items) not in store:
        texts = [view.text for _, view, _ in items]
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t) + 1
        store[id(items)] = ("\0".join(texts), starts)
    joined, starts = store[id(items)]
    return _passing(joined, starts, could_match)


def _passing(joined: str, starts: list[int], search: Callable[..., object]) -> Iterator[int]:
    pos = 0
    while (m := search(joined, pos)) is not None:
        k = bisect.bisect_right(starts, m.start()) - 1  # type: ignore[attr-defined]
        yield k
        if k + 1 >= len(starts):
            return
        pos = starts[k + 1]


def _hit(b: Block, view: Normalised, start: int, end: int, values: dict, cell: tuple[int, int] | None = None,
         **kw: object) -> Hit:
    """A hit found at view.text[start:end], placed on the raw characters."""
    s, e = view.raw_span(start, end)
    return Hit(b, s, e, values, cell=cell, **kw)  # type: ignore[arg-type]


def pattern(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: text that must not be there, found by regular expressions from YAML.

    Parameters: patterns (list of regex), ignorecase, sources (docx/txt/md), tables (bool),
    swap (map from a match to its suggested replacement).
    Example: “[bookmark: _GoBack]”“$\\geq 95\\%$”“（100字以内）”“湛财绩[2021]6号”“06月18日”。
    """
    flags = re.IGNORECASE if _flag(rule, "ignorecase", False) else 0
    swap = rule.param("swap", {})
    compiled = [_rx(p, flags) for p in rule.param("patterns", [])]
    gate = _any_of(tuple(rule.param("patterns", [])), flags)
    could_match = regex_gate.gate(tuple(rule.param("patterns", [])), flags)
    items = _scoped(ctx, rule)
    for k in _gated(ctx, items, could_match):  # only texts with a character every match needs
        b, view, cell = items[k]
        if gate is not None and not gate.search(view.text):
            continue  # one search rules out most paragraphs; each pattern runs only where one matches
        for rx in compiled:
            for m in rx.finditer(view.text):
                if m.end() == m.start():
                    continue
                g = m.group(0)
                fixed = swap.get(g, "")
                if "fix" in rule.params and not fixed:
                    fixed = m.expand(rule.params["fix"])
                yield _hit(b, view, m.start(), m.end(), {"fixed": fixed}, cell)


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
    items = _scoped(ctx, rule)
    for k in _gated(ctx, items, regex_gate.could_match(_EN)):  # only texts with a Latin letter
        b, view, cell = items[k]
        text = view.text
        for m in _EN.finditer(text):
            w = m.group(0)
            if w.lower() in allow or (w.isupper() and len(w) <= max_upper):
                continue
            before, after = text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 2]
            if _CJK.search(before) or _CJK.search(after):
                yield _hit(b, view, m.start(), m.end(), {}, cell)


def repeated_word(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a word of two to four characters written twice in a row (党员党员).

    Parameters: allow (reduplications that are correct, e.g. 研究研究).
    Example: “佐证材料材料规范”。
    """
    allow = set(rule.param("allow", []))
    rx = _rx(r"([\u4e00-\u9fff]{2,4})\1")
    for b, view, cell in _scoped(ctx, rule):
        for m in rx.finditer(view.text):
            if m.group(0) in allow or len(set(m.group(1))) == 1:
                continue
            mid = m.start() + len(m.group(1))
            if view.raw_pos(mid) != view.raw_pos(mid - 1) + 1:
                continue  # "……项目 项目单位：": a space between the copies separates two fields
            yield _hit(b, view, m.start(), m.end(), {"word": m.group(1)}, cell)


_SENT = re.compile(r"[^。！？；：\n]+[。！？；]?")  # "目标如下：" leads into a sentence
# a run-in name before a colon at the paragraph start (not a lead-in such as 目标如下：/主要是：)
_RUN_IN = re.compile(words.get("run_in_name"))  # rubrics/_words.yaml


def repeated_sentence(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: the same sentence (at least min_chars characters) written twice.

    Sentences are compared within one part of the document: the body, the 摘要 and each 附件 are
    separate (a questionnaire in an attachment repeats the body's questions by design).

    Parameters: min_chars.
    Example: 背景段落里的一句话又原样出现在绩效目标一节。
    """
    min_chars = int(rule.param("min_chars", 20))
    first: dict[tuple[str, str], tuple[Block, int, int]] = {}
    for b in ctx.body():
        if b.kind == "heading" or b.role not in PROSE_ROLES or b.text.strip() == ctx.doc.title:
            continue  # the title repeated under a cover page is not a copied sentence
        view = normalise(b.text)
        label = _RUN_IN.match(view.text)
        for m in _SENT.finditer(view.text):
            s = m.group(0).rstrip("。！？；")
            if len(s) < min_chars:
                continue
            start, end = view.raw_span(m.start(), m.end())
            # "培训人次：指标值…" and "结业率：指标值…" say the same words of two different indicators
            key = (b.scope, label.group(1) + s if label and m.start() == label.end() else s)
            if key in first:
                fb, fs, fe = first[key]
                yield Hit(b, start, end, {"first": fb.crumb or f"第{fb.index + 1}段"}, related=[(fb, fs, fe)])
            else:
                first[key] = (b, start, end)


def unbalanced_pairs(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: 《》 “” （） 【】 opened and closed in pairs within a paragraph.

    Half-width brackets count as their full-width pair (“（试行)” is balanced; mixed widths are
    NUM03's and PUN02's business).

    Parameters: pairs (list of two-character strings).
    Example: “》湛江市……实施意见》”缺少“《”。
    """
    pairs = rule.param("pairs", ["《》", "“”", "（）", "【】"])
    marks = _rx("[" + re.escape("".join(pairs) + "()") + "]")
    items = _scoped(ctx, rule)
    for k in _gated(ctx, items, marks.search):  # only texts with a bracket or quotation mark
        b, view, cell = items[k]
        text = view.text.replace("(", "（").replace(")", "）")  # "(2018年度）" is a pair of mixed width
        lead = 0
        if cell is None and b.number is not None:  # "(四）" is the numbering check's business
            lead = len(b.text) - len(b.text.lstrip(" \u3000\t")) + len(b.number.text)
        found = [(m.start(), m.group(0)) for m in marks.finditer(text) if view.raw_pos(m.start()) >= lead]
        if not found:
            continue
        for pair in pairs:
            o, c = pair[0], pair[1]
            stack: list[int] = []
            reported_close = False
            for i, ch in found:
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
                        yield _hit(b, view, i, i + 1, {"missing": o, "found": c}, cell)
            for i in stack:
                yield _hit(b, view, i, i + 1, {"missing": c, "found": o}, cell)


def consistency(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: only one of a set of variants is used in one report (the majority wins).

    Parameters: variants (list of words, e.g. 我部/我委/我单位).
    Example: 全文自称“我部”，有一处写成“我委”。
    """
    variants = rule.param("variants", [])
    rx = _rx("|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)))
    hits: list[tuple[Block, Normalised, re.Match[str]]] = []
    for b in ctx.body():
        if b.role == "body":  # an attachment (a commissioned firm's questionnaire) speaks for others
            view = normalise(b.text)
            hits += [(b, view, m) for m in rx.finditer(view.text)]
    counts = Counter(m.group(0) for _, _, m in hits)
    if len(counts) < 2:
        return
    majority = max(counts.items(), key=lambda kv: (kv[1], -variants.index(kv[0])))[0]
    for b, view, m in hits:
        if m.group(0) != majority:
            yield _hit(b, view, m.start(), m.end(), {"majority": majority, "count": counts[majority]})


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
    items = _scoped(ctx, rule)
    for k in _gated(ctx, items, regex_gate.could_match(rx)):  # only texts a swapped word can be in
        b, view, cell = items[k]
        for m in rx.finditer(view.text):
            yield _hit(b, view, m.start(), m.end(), {"fixed": swap[m.group(0)]}, cell)
