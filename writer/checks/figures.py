"""Figure kinds: parts and totals, stated rates recomputed, one value per labelled quantity,
text against table, counts against the lists they announce, draft against the data file.

All arithmetic goes through writer.money (Decimal, half-up), the same as drafting, and a
stated figure is compared at the precision it was written with, so correct reports raise nothing.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import money
from ..findings import Hit
from ..numbering import parse_chinese_numeral
from ..read.document import Block
from ..read.normalise import normalise
from ..read.quantities import Quantity, cell_number, table_column
from .engine import Ctx, Rule

HUNDRED = Decimal(100)


def _matches(stated: Decimal, computed: Decimal, tol: Decimal) -> bool:
    """Equal at the stated precision (100% vs 99.996%), or within the tolerance."""
    exp = stated.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    rounded = computed.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    return rounded == stated or abs(computed - stated) <= tol


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


def _values_by_label(ctx: Ctx, label: str) -> list[Decimal]:
    out = []
    for qs in ctx.quantities.values():
        out += [q.value for q in qs if q.kind == "amount" and q.label == label and not q.after_qizhong]
    return out


def rate_recompute(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: a stated rate (执行率, 到位率, 占比, 得分率, 完成率) equals the one computed
    from the amounts the report states; any stated denominator the rubric allows is accepted.

    Parameters: rates (map from rate label to [numerator label, denominator labels…]), tolerance.
    Example: “预算80万元……执行62万元……预算执行率为100%”（应为77.50%）。
    """
    tol = Decimal(str(rule.param("tolerance", "0.01")))
    rates: dict[str, list[str]] = rule.param("rates", {})
    for b in ctx.body():
        qs = ctx.quantities.get(b.index, [])
        for i, q in enumerate(qs):
            if q.kind != "percent":
                continue
            if q.label == "share" and q.after_qizhong:
                # part amount right before, total = last amount before 其中 in the sentence
                part = next((p for p in reversed(qs[:i]) if p.kind == "amount" and p.sentence == q.sentence), None)
                total = next((p for p in reversed(qs[:i]) if p.kind == "amount" and p.sentence == q.sentence
                              and not p.after_qizhong), None)
                if part and total and total.value:
                    computed = part.value / total.value * HUNDRED
                    if not _matches(q.value, computed, tol):
                        yield Hit(b, q.start, q.end, {"stated": money.fmt_number(q.value) + "%",
                                                      "computed": money.fmt_percent(computed),
                                                      "how": f"{_fmt(part.value)}÷{_fmt(total.value)}"},
                                  related=[(b, part.start, part.end), (b, total.start, total.end)])
                continue
            if q.label not in rates or not _is_stated(b, q, rule.params["not_stated"]):
                continue
            num_label, *den_labels = rates[q.label]
            local = [p for p in qs if p.kind == "amount" and not p.after_qizhong]
            nums = [p.value for p in local if p.label == num_label] or _values_by_label(ctx, num_label)
            dens = [p.value for p in local if p.label in den_labels]
            dens += [v for lab in den_labels for v in _values_by_label(ctx, lab)]
            if not nums or not dens:
                continue
            candidates = [n / d * HUNDRED for n in nums for d in dens if d]
            if candidates and not any(_matches(q.value, c, tol) for c in candidates):
                best = candidates[0]
                yield Hit(b, q.start, q.end, {"stated": money.fmt_number(q.value) + "%",
                                              "computed": money.fmt_percent(best),
                                              "how": f"{_fmt(nums[0])}÷{_fmt(dens[0])}"})


def value_agreement(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: one whole-report quantity (预算, 到位, 执行, 结余 …) is stated with one value.

    Parameters: labels (which labels name a whole-report quantity), skip_words (a clause with these
    words is about something else: 上年, 其中, 同比 …), tolerance.
    Example: “本项目预算为445万元”与“预算安排为860.87万元”。
    """
    tol = Decimal(str(rule.param("tolerance", "0.01")))
    labels = set(rule.param("labels", []))
    skip = rule.param("skip_words", [])
    first: dict[str, tuple[Block, Quantity]] = {}
    for b in ctx.body():
        for q in ctx.quantities.get(b.index, []):
            if q.kind != "amount" or q.label not in labels or q.after_qizhong:
                continue
            sentence = b.text[q.sentence[0]:q.end]
            if any(w in sentence for w in skip):
                continue
            if q.label not in first:
                first[q.label] = (b, q)
                continue
            fb, fq = first[q.label]
            if abs(fq.value - q.value) > tol:
                yield Hit(b, q.start, q.end, {"label": rule.param("names", {}).get(q.label, q.label),
                                              "value": q.raw, "first": fq.raw},
                          related=[(fb, fq.start, fq.end)])


def table_text(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: an indicator's completion value or score in the text equals the table's.

    Parameters: name_columns, value_columns (header words: which column holds what).
    Example: 正文写“参训学员满意度96%”，指标表中完成值为95%。
    """
    names = rule.param("name_columns", ["三级指标"])
    cols = rule.param("value_columns", {"actual": ["完成值", "实际完成"]})
    # every indicator of every table in one pattern, so the text is read once (linear), not once per row
    rows: dict[str, tuple[Block, int, Decimal, str]] = {}
    for t in ctx.doc.tables():
        ni = table_column(t, names)
        vi = table_column(t, cols["actual"])
        if ni is None or vi is None:
            continue
        for r, row in enumerate(t.rows[1:], 1):
            if max(ni, vi) >= len(row) or not row[ni].strip():
                continue
            name, value = row[ni].strip(), cell_number(row[vi])
            if value is None or len(name) < 4:
                continue
            rows.setdefault(name, (t, r, value, row[vi].strip()))
    if not rows:
        return
    rx = re.compile("(" + "|".join(re.escape(n) for n in sorted(rows, key=len, reverse=True)) + ")"
                    r"[^。；]{0,12}?(?:实际完成|完成值为?|达到|为)(\d+(?:\.\d+)?)")
    for b in ctx.body():
        if b.kind == "heading":
            continue
        view = normalise(b.text)
        for m in rx.finditer(view.text):
            t, _, value, shown = rows[m.group(1)]
            if Decimal(m.group(2)) != value:
                yield Hit(b, *view.raw_span(m.start(2), m.end(2)), {"name": m.group(1), "stated": m.group(2),
                                                                     "table": shown}, related=[(t, 0, 0)])


_COUNT = re.compile(r"([一二三四五六七八九十两\d]+)(?:个|项|方面|类|条)[^。；]{0,12}?[，：:](?:即|分别是|分别为|包括)([^。；]+)")


def count_list(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: “N个……，即a、b、c” lists exactly N things.

    Example: “存在3个方面的问题，即资金、进度”（只列了2项）。
    """
    for b in ctx.body():
        view = normalise(b.text)
        for m in _COUNT.finditer(view.text):
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else (2 if raw == "两" else parse_chinese_numeral(raw))
            items = [x for x in re.split(r"[、，,和及以及]", m.group(2).split("等")[0]) if x.strip()]
            if n and len(items) != n and "等" not in m.group(2):
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
                shown = money.fmt_amount(want) + "万元" if q.kind == "amount" else money.fmt_percent(want)
                yield Hit(b, q.start, q.end, {"stated": q.raw, "expected": shown})
        if b.kind == "heading":
            continue
    from .scores import STATED_TOTAL

    total = f.total
    for b in ctx.body():
        for m in STATED_TOTAL.finditer(b.text):
            if b.section == "conclusion" and Decimal(m.group(1)) != total:
                yield Hit(b, m.start(1), m.end(1), {"stated": m.group(1) + "分", "expected": _fmt(total) + "分"})
