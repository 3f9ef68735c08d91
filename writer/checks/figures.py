"""Figure kinds: parts and totals, stated rates recomputed, one value per labelled quantity,
text against table, counts against the lists they announce, draft against the data file.

All arithmetic goes through writer.money (Decimal, half-up), the same as drafting, and a
stated figure is compared at the precision it was written with, so correct reports raise nothing.
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Iterator

from .. import money, words
from ..findings import Hit
from ..numbering import parse_chinese_numeral
from ..read.document import Block
from ..read.normalise import normalise
from ..read.quantities import Quantity, cell_number, parse_target, table_column
from . import subjects
from ..ui_text import ui
from .engine import Ctx, Rule
from .text import _rx

HUNDRED = Decimal(100)


def _matches(stated: Decimal, computed: Decimal, tol: Decimal) -> bool:
    """Equal at the stated precision (100% vs 99.996%), or within the tolerance."""
    exp = stated.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return money.round_places(computed, places) == stated or abs(computed - stated) <= tol


def _is_stated(b: Block, q: Quantity, not_stated: str) -> bool:
    """"执行率未达100%" compares with a target; it does not state the rate."""
    return not re.search(not_stated, b.text[max(q.sentence[0], q.start - 8):q.start])


def _fmt(x: Decimal) -> str:
    return money.fmt_number(money.q2(x))


def parts_sum(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: amounts listed after “其中” add up to the total before it, and their
    stated shares (占比) equal part ÷ total.

    Parameters: tolerance (万元), share_tolerance (percentage points).
    Example: “总收入1540.23万元，其中财政拨款1440.68万元、事业收入69.22万元、其他收入40.33万元”。
    """
    tol = Decimal(str(rule.param("tolerance", "0.01")))
    for b in ctx.body():
        qs = ctx.quantities.get(b.index, [])
        sentences: dict[tuple[int, int], list[Quantity]] = {}
        for q in qs:
            sentences.setdefault(q.sentence, []).append(q)
        for items in sentences.values():
            amounts = [q for q in items if q.kind == "amount"]
            totals = [q for q in amounts if not q.after_qizhong]
            parts = [q for q in amounts if q.after_qizhong]
            if not totals or len(parts) < 2:
                continue
            total = totals[-1]
            s = sum((p.value for p in parts), Decimal(0))
            shares = [q for q in items if q.kind == "percent" and q.after_qizhong]
            exhaustive = len(shares) == len(parts) and abs(sum(q.value for q in shares) - HUNDRED) <= Decimal("0.1")
            if s > total.value + tol or (exhaustive and abs(s - total.value) > tol):
                yield Hit(b, total.start, total.end, {"total": _fmt(total.value), "sum": _fmt(s),
                                                      "parts": "＋".join(_fmt(p.value) for p in parts)},
                          related=[(b, p.start, p.end) for p in parts])


def _certainty(rule: Rule) -> str:
    """Rules come in pairs over one kind: "sure" findings are errors, "unsure" ones warnings."""
    return str(rule.param("certainty", "sure"))


def rate_recompute(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a stated rate (执行率, 到位率, 占比) equals the one computed from amounts of
    the same subject: the same sentence (certainty: sure), or else the same list item of the
    same paragraph before it (certainty: unsure). Never from amounts elsewhere in the document,
    never for averages (平均, 加权, 累计 …), which are not one amount over another.

    Parameters: rates (map from rate label to [numerator label, denominator labels…]), tolerance,
    not_stated (words before a rate that make it a target), skip_words, certainty.
    Example: “预算80万元……执行62万元……预算执行率为100%”（应为77.50%）。
    """
    tol = Decimal(str(rule.param("tolerance", "0.01")))
    rates: dict[str, list[str]] = rule.param("rates", {})
    want = _certainty(rule)
    skip = _rx("|".join(rule.params["skip_words"]))
    idx = subjects.index(ctx)
    for b in ctx.body():
        entries = ctx.quantities.get(b.index, [])
        # amounts by sentence and, as read so far, by list item and scope: each rate looks at a
        # bounded number of its nearest amounts, so a paragraph with thousands stays linear
        by_sentence: dict[tuple[int, int], list[tuple[Quantity, subjects.Subject]]] = {}
        for p in entries:
            if p.kind == "amount":
                by_sentence.setdefault(p.sentence, []).append((p, idx.subject(b, p)))
        starts = {k: [p.start for p, _ in v] for k, v in by_sentence.items()}
        so_far: dict[tuple[str, str], list[Quantity]] = {}
        in_sentence: dict[tuple[int, int], list[Quantity]] = {}
        for q in entries:
            if q.kind == "amount":
                in_sentence.setdefault(q.sentence, []).append(q)
                if not q.after_qizhong:
                    subj = idx.subject(b, q)
                    so_far.setdefault((subj.item, subj.scope), []).append(q)
                continue
            if q.kind != "percent":
                continue
            if q.label == "share" and q.after_qizhong:
                if want == "sure":
                    yield from _share(b, in_sentence.get(q.sentence, [])[-_NEAR:], q, tol)
                continue
            if q.label not in rates or not _is_stated(b, q, rule.params["not_stated"]):
                continue
            if skip.search(b.text, max(q.sentence[0], q.start - 60), q.end):
                continue
            subj = idx.subject(b, q)
            num_label, *den_labels = rates[q.label]
            near = _nearest(by_sentence.get(q.sentence, []), starts.get(q.sentence, []), q.start)
            same = [p for p, s in near if not p.after_qizhong and s.item == subj.item]
            certainty = "sure"
            nums = [p for p in same if p.label == num_label]
            dens = [p for p in same if p.label in den_labels]
            if not nums or not dens:
                certainty = "unsure"
                earlier = [p for p in so_far.get((subj.item, subj.scope), [])[-_NEAR:]
                           if not (idx.year_of(p) and subj.year and idx.year_of(p) != subj.year)]
                nums = nums or [p for p in earlier if p.label == num_label]
                dens = dens or [p for p in earlier if p.label in den_labels]
            if certainty != want or not nums or not dens:
                continue
            candidates = [(n, d, n.value / d.value * HUNDRED) for n in nums for d in dens if d.value]
            if candidates and not any(_matches(q.value, c, tol) for _, _, c in candidates):
                n, d, best = candidates[-1]
                yield Hit(b, q.start, q.end, {"stated": money.fmt_number(q.value) + "%",
                                              "computed": money.fmt_percent(best),
                                              "how": f"{_fmt(n.value)}÷{_fmt(d.value)}", "where": subj.where()},
                          related=[(b, n.start, n.end), (b, d.start, d.end)])


_NEAR = 8  # how many of the nearest amounts a rate is recomputed from


def _nearest(items: list[tuple[Quantity, "subjects.Subject"]], starts: list[int],
             pos: int) -> list[tuple[Quantity, "subjects.Subject"]]:
    """The amounts of a sentence nearest to pos: up to _NEAR before it and 2 after."""
    if len(items) <= _NEAR:
        return items
    k = bisect.bisect_left(starts, pos)
    return items[max(0, k - _NEAR):k + 2]


def _share(b: Block, before: list[Quantity], q: Quantity, tol: Decimal) -> Iterator[Hit]:
    """占比 after 其中: the part amount right before it over the total before 其中."""
    part = next((p for p in reversed(before) if p.kind == "amount" and p.sentence == q.sentence), None)
    total = next((p for p in reversed(before) if p.kind == "amount" and p.sentence == q.sentence
                  and not p.after_qizhong), None)
    if part and total and total.value:
        computed = part.value / total.value * HUNDRED
        if not _matches(q.value, computed, tol):
            yield Hit(b, q.start, q.end, {"stated": money.fmt_number(q.value) + "%",
                                          "computed": money.fmt_percent(computed),
                                          "how": f"{_fmt(part.value)}÷{_fmt(total.value)}", "where": "同一句"},
                      related=[(b, part.start, part.end), (b, total.start, total.end)])


def value_agreement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: one quantity (预算, 到位, 执行 …) of one subject is stated with one value.
    Figures of different years, list items or scopes (A项目 / B项目 / 中央资金) are different
    subjects and are never compared. certainty "sure": both sentences name the report's whole
    subject (本项目, 本单位, 全年 …) with no narrower scope; "unsure": nothing tells them apart.

    Parameters: labels, names, skip_words (a clause with these words is about something else:
    上年, 其中, 同比 …), tolerance, certainty.
    Example: “本项目预算为445万元”与“本项目……预算安排为860.87万元”。
    """
    tol = Decimal(str(rule.param("tolerance", "0.01")))
    labels = set(rule.param("labels", []))
    skip = _rx("|".join(re.escape(w) for w in rule.param("skip_words", [])) or "(?!)")
    want = _certainty(rule)
    names = rule.param("names", {})
    first: dict[tuple[object, ...], tuple[Block, Quantity, subjects.Subject]] = {}
    idx = subjects.index(ctx)
    for b in ctx.body():
        for q in ctx.quantities.get(b.index, []):
            if q.kind != "amount" or q.label not in labels or q.after_qizhong:
                continue
            if skip.search(b.text, q.sentence[0], q.end):
                continue
            subj = idx.subject(b, q)
            sure = subj.whole and not subj.scope
            if sure != (want == "sure"):
                continue
            # one bucket per subject: the first figure of a bucket is what later ones must equal
            # unsure figures are compared within one section only: 总支出 in 基本情况 and a project's
            # 支出 under 资金使用 are seldom the same thing
            key = (q.label, subj.year, subj.scope) if sure else (q.label, subj.year, subj.scope, subj.item, subj.crumb)
            if key not in first:
                first[key] = (b, q, subj)
                continue
            fb, fq, fs = first[key]
            if abs(fq.value - q.value) > tol:
                yield Hit(b, q.start, q.end, {"label": names.get(q.label, q.label), "value": q.raw, "first": fq.raw,
                                              "where": subj.where(), "first_where": _place(fb)},
                          related=[(fb, fq.start, fq.end)])


def _place(b: Block) -> str:
    return ui(f"第{b.line}行") if b.line is not None else ui(f"第{b.index + 1}段")


# what a sentence says about an indicator's actual value (not its target)
_ACTUAL = words.rx("indicator_text", "actual")  # rubrics/_words.yaml
_TARGET_WORDS = words.rx("indicator_text", "target_words")
_GAP = 12


def table_text(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: an indicator's completion value (an amount, a rate or a count: 期, 个, 人次)
    in the text equals the table's. Linear: the tables are indexed once (name → value) and each
    paragraph is scanned once for “name … 完成/达到/为 N”; a sentence about the target (目标,
    指标值, 不低于 …) or a value equal to the table's target is not compared.

    Parameters: name_columns, value_columns (header words: which column holds what).
    Example: 正文写“参训学员满意度96%”，指标表中完成值为95%。
    """
    names = rule.param("name_columns", words.columns("name"))
    cols = rule.param("value_columns", {"actual": words.columns("actual")})
    index: dict[str, tuple[Block, int, int, Decimal, Decimal | None, str]] = {}
    for t in ctx.doc.tables():
        ni = table_column(t, names)
        vi = table_column(t, cols["actual"])
        ti = table_column(t, cols.get("target", words.columns("target")))
        if ni is None or vi is None:
            continue
        for r, row in enumerate(t.rows[1:], 1):
            if max(ni, vi) >= len(row):
                continue
            name, value = row[ni].strip(), cell_number(row[vi])
            target = parse_target(row[ti]) if ti is not None and ti < len(row) else None
            if value is not None and len(name) >= 4:
                index.setdefault(name, (t, r, vi, value, target.value if target else None, row[vi].strip()))
    if not index:
        return
    lengths = sorted({len(n) for n in index}, reverse=True)
    for b in ctx.body():
        if b.kind == "heading":
            continue
        view = normalise(b.text)  # match on the normalised view, report raw positions
        text = view.text
        for m in _ACTUAL.finditer(text):
            found = _name_before(text, m.start(), index, lengths)
            if found is None:
                continue
            name, at = found
            if _TARGET_WORDS.search(text, at, m.start(1)):
                continue
            t, r, vi, value, target, shown = index[name]
            stated = Decimal(m.group(1))
            if stated != value and stated != target:
                yield Hit(b, *view.raw_span(m.start(1), m.end(1)), {"name": name, "stated": m.group(1), "table": shown},
                          related=[(t, 0, 0)])


def _name_before(text: str, pos: int, index: dict[str, object], lengths: list[int]) -> tuple[str, int] | None:
    """The indicator name ending at most _GAP characters before pos (nearest, longest first)."""
    for gap in range(_GAP + 1):
        end = pos - gap
        if end <= 0 or (gap and text[end] in "。；;\n"):
            return None
        for n in lengths:
            if end - n >= 0 and text[end - n:end] in index:
                return text[end - n:end], end
    return None


# the lookbehind: a count starts where its numeral run starts (every later start in the run
# meets the same end, so it adds no match; without it a 100,000-digit run is tried 100,000 times)
_COUNT = words.rx("counts", "listed")  # rubrics/_words.yaml
_LIST_SEPARATORS = words.rx("counts", "list_separators")
_TWO, _ETC = words.word("counts", "two"), words.word("counts", "etc")


def count_list(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: “N个……，即a、b、c” lists exactly N things.

    Example: “存在3个方面的问题，即资金、进度”（只列了2项）。
    """
    for b in ctx.body():
        view = normalise(b.text)
        for m in _COUNT.finditer(view.text):
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else (2 if raw == _TWO else parse_chinese_numeral(raw))
            items = [x for x in _LIST_SEPARATORS.split(m.group(2).split(_ETC)[0]) if x.strip()]
            if n and len(items) != n and _ETC not in m.group(2):
                yield Hit(b, *view.raw_span(m.start(), m.end()), {"n": raw, "count": len(items)})


def data_compare(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks (with --data): the draft's labelled amounts and rates equal the data file's.

    Parameters: labels (label → figure name in the data/figures).
    Example: 数据文件执行数为445.00万元，草稿写“实际支出440万元”。
    """
    if ctx.data is None:
        return
    not_stated = rule.params["not_stated"]
    expected: dict[str, Decimal] = {}
    funds = ctx.data.loaded.data.get("funds") or {}
    for label, key in rule.param("amounts", {}).items():
        if funds.get(key) is not None:
            expected[label] = funds[key]
    f = ctx.data.figures
    rates = {"execution_rate": f.execution_rate, "receipt_rate": f.receipt_rate}
    for b in ctx.body():
        for q in ctx.quantities.get(b.index, []):
            if q.after_qizhong or not _is_stated(b, q, not_stated):
                continue
            want = expected.get(q.label or "") if q.kind == "amount" else rates.get(q.label or "") if q.kind == "percent" else None
            if want is not None and not _matches(q.value, want, Decimal("0.01")):
                yield Hit(b, q.start, q.end, {"stated": q.raw, "expected": money.fmt_amount(want) + "万元"
                                              if q.kind == "amount" else money.fmt_percent(want)})
        if b.kind == "heading":
            continue
    from .scores import STATED_TOTAL

    total = f.total
    if total is None:  # a score still 待填: the data gives no total to compare with
        return
    for b in ctx.body():
        for m in STATED_TOTAL.finditer(b.text):
            if b.section == "conclusion" and Decimal(m.group(1)) != total:
                yield Hit(b, m.start(1), m.end(1), {"stated": m.group(1) + "分", "expected": _fmt(total) + "分"})
