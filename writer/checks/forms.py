"""Flattened 自评表 forms (the national 附1 form and the provinces' variants, project or
department) pasted as text: one cell a line, or a row a line with `|` between cells.

The text is read once into a stream of cells (a `|` row keeps its row). Two parts are
recognised by their header cells and checked like the DOCX table:
- funds (年初预算(数) | 全年预算数/调整后预算数 | 全年执行数/预算执行数 | 分值/权重 | 执行率 | 得分 | 原因):
  a rate on a zero budget, a budget adjusted with no reason (the form's printed note in the
  原因 cell is not a reason), a 总额 row smaller than its 其中 rows;
- indicators (… | 分值/权重 | 得分 …): the weights against the total the form states (合计 row,
  the parts' own “产出指标（50分）” headings, else 100) and rows with a weight but an empty
  完成值 or 得分.
Template prompts such as （100字以内） are LEF05's, which reads every line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from .. import money, words
from ..findings import Hit
from ..read.document import Block
from ..read.normalise import normal_text
from ..read.quantities import cell_number
from .engine import Ctx, Rule

# the form's words: rubrics/_words.yaml pasted_form
_FORM = words.rx("pasted_form", "form")
_SPACED = words.rx("pasted_form", "spaced")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
_PART_WEIGHT = words.rx("pasted_form", "part_weight")
_PROMPT = words.rx("pasted_form", "prompt")
_TOTAL_ROW = words.rx("pasted_form", "total_row")
_BUDGET_PART = words.word("pasted_form", "budget_part")
_INDICATORS_PART = words.word("pasted_form", "indicators_part")
_LEVEL1_HEAD = words.word("pasted_form", "level1_head")
_LEVEL_SUFFIX = words.word("pasted_form", "level_suffix")
_ACTUAL_HEAD = words.word("pasted_form", "actual_head")
_ACTUAL_START = words.word("pasted_form", "actual_start")
_END_ROWS = tuple(words.word("pasted_form", "end_rows"))
_SCORE_HEAD = words.columns("score")[0]  # 得分: the column named in a finding


@dataclass
class _Cell:
    block: Block
    start: int
    end: int
    text: str  # normalised, stripped
    row: int  # the block index: a `|` row, or one cell in a cell-a-line form
    piped: bool


def _cells(ctx: Ctx) -> list[_Cell]:
    """Every cell of the body in reading order; a line's closing `|` does not open a cell."""
    out = []
    for b in ctx.body():
        text = b.text
        if "|" not in text and _SPACED.search(text):
            # a whole form on one line, cells apart by spaces: each run of non-spaces is a cell
            out += [_Cell(b, m.start(), m.end(), normal_text(m.group(0)), b.index, False)
                    for m in re.finditer(r"\S+", text)]
            continue
        parts = text.split("|")
        if len(parts) == 2 and not parts[-1].strip():
            parts = parts[:-1]  # "238.93 |": one cell a line, the bar closes it
        pos = 0
        for part in parts:
            s = len(part) - len(part.lstrip())
            out.append(_Cell(b, pos + s, pos + len(part.rstrip()), normal_text(part).strip(), b.index, "|" in text))
            pos += len(part) + 1
    return out


def _is_form(ctx: Ctx) -> bool:
    return any(_FORM.search(b.text) for b in list(ctx.body())[:80])


def _column(name: str) -> str | None:
    for key, heads in words.funds_columns().items():
        if any(name.startswith(w) for w in heads):
            return key
    return None


def _is_label(c: _Cell) -> bool:
    """A row label: words, short, not a number, a rate, a dash or the form's printed note."""
    t = c.text
    return bool(t) and t not in ("/", "—", "-") and cell_number(t.rstrip("%")) is None and len(t) <= 16 \
        and not _PROMPT.search(t)


def form_funds(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: in a flattened form's funds part, a rate on a zero budget (执行率 0.00% with
    全年预算数 0), a budget adjusted during the year (年初 ≠ 全年/调整后) with no reason (an empty 原因
    cell, or none in the form; the form's printed note is not one), and a 总额 row below its
    其中 rows.

    Parameters: reason_words.
    Example: “财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00%”。
    """
    if not _is_form(ctx):
        return
    cells = _cells(ctx)
    reason = re.compile(rule.params["reason_words"])
    anywhere = any(reason.search(c.text) and not _PROMPT.search(c.text) for c in cells)
    i = 0
    while i < len(cells):
        key = _column(cells[i].text)
        if key not in ("initial", "full"):
            i += 1
            continue
        header: list[str] = []
        j = i
        while j < len(cells) and (k := _column(cells[j].text)) is not None and k not in header:
            header.append(k)
            j += 1
        if "full" not in header or ("rate" not in header and "spent" not in header):
            i = j if j > i else i + 1
            continue
        rows, j = _funds_rows(cells, j, len(header))
        threshold = Decimal(str(rule.param("threshold", ctx.rubric.raw["deviation"]["execution_rate_below"])))
        yield from _check_funds(header, rows, reason, anywhere)
        yield from _check_rate(header, rows[:1], threshold, anywhere)
        i = j


def _funds_rows(cells: list[_Cell], j: int, width: int) -> tuple[list[tuple[_Cell, list[_Cell]]], int]:
    """Label + values rows after a funds header, until the next part (a label with no values)."""
    rows: list[tuple[_Cell, list[_Cell]]] = []
    while j < len(cells):
        if not _is_label(cells[j]):
            j += 1
            continue
        label = cells[j]
        k = j + 1
        while k < len(cells) and not _is_label(cells[k]) and k - j <= width:
            k += 1
        values = cells[j + 1:k]
        if not any(cell_number(v.text.rstrip("%")) is not None for v in values):
            if rows:
                break  # 年度总体目标, 绩效指标 …: the funds part is over
            j = k
            continue
        rows.append((label, values))
        j = k
    return rows, j


def _check_funds(header: list[str], rows: list[tuple[_Cell, list[_Cell]]], reason: re.Pattern[str],
                 anywhere: bool) -> Iterator[Hit]:
    def cell(values: list[_Cell], key: str) -> _Cell | None:
        i = header.index(key) if key in header else -1
        return values[i] if 0 <= i < len(values) else None

    def num(c: _Cell | None) -> Decimal | None:
        return cell_number(c.text.rstrip("%")) if c is not None else None

    total = rows[0] if rows and _TOTAL_ROW.match(rows[0][0].text) else None
    for n, (label, values) in enumerate(rows):
        full, rate = cell(values, "full"), cell(values, "rate")
        if num(full) == 0 and rate is not None and _PERCENT.match(rate.text):
            yield Hit(rate.block, rate.start, rate.end,
                      {"problem": f"“{label.text}”全年预算数为0，执行率“{rate.text}”无从计算，应填“—”或说明"})
        initial = num(cell(values, "initial"))
        if initial is not None and num(full) is not None and initial != num(full):
            why = cell(values, "reason")
            given = why is not None and reason.search(why.text) and not _PROMPT.search(why.text)
            if not given and (why is not None or not anywhere) and (total is None or n == 0):
                yield Hit(full.block, full.start, full.end,  # type: ignore[union-attr]
                          {"problem": f"“{label.text}”年初预算{money.fmt_number(initial)}调整为"
                                      f"{money.fmt_number(num(full))}，没有写调整原因"})  # type: ignore[arg-type]
    if total is not None and len(rows) > 1:
        for key in ("full", "spent"):
            t = num(cell(total[1], key))
            parts = [num(cell(v, key)) for _, v in rows[1:]]
            s = sum((p for p in parts if p is not None), Decimal(0))
            if t is not None and s > t:
                c = cell(total[1], key)
                yield Hit(c.block, c.start, c.end,  # type: ignore[union-attr]
                          {"problem": f"“{total[0].text}”为{money.fmt_number(t)}，小于其下各项之和{money.fmt_number(s)}"})
                break  # one finding for the row


def _check_rate(header: list[str], rows: list[tuple[_Cell, list[_Cell]]], threshold: Decimal,
                explained: bool) -> Iterator[Hit]:
    """The first (total) row: 执行率 = 执行数 ÷ 全年预算数 at the precision written, and a rate
    below the threshold needs a reason somewhere in the form."""
    for label, values in rows:
        get = {k: values[header.index(k)] for k in ("full", "spent", "rate")
               if k in header and header.index(k) < len(values)}
        if "rate" not in get or not _PERCENT.match(get["rate"].text):
            continue
        rate = get["rate"]
        stated = Decimal(_PERCENT.match(rate.text).group(1))  # type: ignore[union-attr]
        full = cell_number(get["full"].text) if "full" in get else None
        spent = cell_number(get["spent"].text) if "spent" in get else None
        computed = spent / full * 100 if full and spent is not None else None
        if computed is not None:
            exp = stated.as_tuple().exponent
            places = -exp if isinstance(exp, int) and exp < 0 else 0
            if money.round_places(computed, places) != stated:
                yield Hit(rate.block, rate.start, rate.end,
                          {"problem": f"“{label.text}”执行率写作{rate.text}，按{money.fmt_number(spent)}÷"
                                      f"{money.fmt_number(full)}应为{money.fmt_percent(computed)}"})
                continue
        actual = computed if computed is not None else stated
        if actual < threshold and not explained:
            yield Hit(rate.block, rate.start, rate.end,
                      {"problem": f"“{label.text}”执行率{rate.text}低于{money.fmt_number(threshold)}%，表中没有说明原因"})


def form_scores(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: in a flattened form, the weights of the parts (“产出指标（50分）” …, with
    预算执行情况/分值) add up to 100 or the stated total; the indicator rows' weights add up to the
    合计 row (or 100, allowing the 预算执行率 row's weight kept in the funds part: the rubric's
    `weights.execution`, 0 in an evaluation report); no row with a weight has an empty 完成值 or
    得分. Rows are cut at `|` lines and at 一级指标 names; a row whose cell count does not fit the
    header is not read (merged cells in a cell-a-line form).

    Example: “产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520人次 | 60 | 60” … 分值合计105。
    """
    if not _is_form(ctx):
        return
    cells = _cells(ctx)
    execution = _execution_weight(ctx)
    yield from _part_weights(cells, execution)
    i = 0
    while i < len(cells):
        if not cells[i].text.startswith(_LEVEL1_HEAD):
            i += 1
            continue
        j = i
        while j < len(cells) and _HEADER_WORD.search(cells[j].text) and cells[j].text not in _LEVEL1:
            j += 1
        header = [c.text for c in cells[i:j]]
        weight, score = tuple(words.columns("weight")), tuple(words.columns("score"))
        if not any(h.startswith(weight) for h in header) or not any(h.startswith(score) for h in header):
            i = j if j > i else i + 1
            continue
        rows, i = _indicator_rows(cells, j)
        yield from _check_indicators(header, rows, execution)


_HEADER_WORD = words.rx("pasted_form", "header_word")


def _indicator_rows(cells: list[_Cell], j: int) -> tuple[list[list[_Cell]], int]:
    """Rows after an indicator header, up to and including the 合计 row."""
    rows: list[list[_Cell]] = []
    prev_block = cells[j - 1].block.index if j else -1
    while j < len(cells):
        c = cells[j]
        if c.block.kind == "heading" or (rows and rows[-1] and rows[-1][-1].piped and not c.piped):
            break  # the form is over: a heading, or plain text after `|` rows
        new_line = c.piped and c.block.index != prev_block and c.text.count("|") == 0 and \
            c.block.text.count("|") >= 2 and c.start == len(c.block.text) - len(c.block.text.lstrip())
        if not rows or c.text in _LEVEL1 or c.text.startswith(words.total_rows()) or new_line:
            if rows and rows[-1] and rows[-1][0].text.startswith(words.total_rows()):
                break
            if c.text.startswith(_END_ROWS):
                break
            rows.append([])
        rows[-1].append(c)
        prev_block = c.block.index
        j += 1
    return rows, j


def _execution_weight(ctx: Ctx) -> Decimal:
    """The 预算执行 weight of the report type (rubric `weights.execution`: 10 in a self-evaluation,
    0 in an evaluation report, whose levels alone make 100)."""
    return Decimal(str(ctx.rubric.raw.get("weights", {}).get("execution", 0)))


def _check_indicators(header: list[str], rows: list[list[_Cell]], execution: Decimal) -> Iterator[Hit]:
    wi = next(i for i, n in enumerate(header) if n.startswith(tuple(words.columns("weight"))))
    si = next(i for i, n in enumerate(header) if n.startswith(tuple(words.columns("score"))))
    ai = next((i for i, n in enumerate(header) if _ACTUAL_HEAD in n or n.startswith(_ACTUAL_START)), None)
    total, counted, stated = Decimal(0), 0, None
    last: list[_Cell] | None = None
    for row in rows:
        label = next((c.text for c in row if c.text), "")
        if label.startswith(words.total_rows()):
            stated = next((cell_number(c.text) for c in row[1:] if cell_number(c.text) is not None), None)
            continue
        shift = _offset(header, row)
        while len(row) > len(header) - shift and not row[-1].text:
            row = row[:-1]  # "| ||": bars closing a line, not cells
        if not (len(header) - shift - 1 <= len(row) <= len(header) - shift + 1) or wi - shift >= len(row):
            continue  # cells of merged rows run together: not readable with certainty
        w = cell_number(row[wi - shift].text)
        if w is None:
            continue
        total += w
        counted += 1
        last = row
        for k, what in ((si, _SCORE_HEAD), (ai, _ACTUAL_HEAD)):
            if k is None:
                continue
            at = k - shift
            if at >= len(row) or (at >= 0 and not row[at].text):
                c = row[at] if at < len(row) else row[-1]
                place = c.start if at < len(row) else c.end
                yield Hit(c.block, place, place, {"problem": f"指标“{row[2 - min(2, shift)].text if len(row) > 2 else label}”"
                                                            f"有分值{money.fmt_number(w)}，{what}为空"})
    yield from _weights_total(total, counted, stated, last, execution)


_LEVEL1 = tuple(words.get("level1_names"))  # rubrics/_words.yaml


def _offset(header: list[str], row: list[_Cell]) -> int:
    """How many header columns the row lacks at its start: a row begins with its 一级指标, or
    (merged above) with its 二级指标, or only its 三级指标; the header may start with a label
    cell of its own (绩效指标（90分）)."""
    h1 = next((i for i, n in enumerate(header) if n.startswith(_LEVEL1_HEAD)), 0)
    first = row[0].text if row else ""
    if first in _LEVEL1:
        return h1
    if first.endswith(_LEVEL_SUFFIX):
        return h1 + 1
    return h1 + 2


def _weights_total(total: Decimal, counted: int, stated: Decimal | None, last: list[_Cell] | None,
                   execution: Decimal) -> Iterator[Hit]:
    want = stated if stated is not None else Decimal(100)
    if counted >= 2 and last is not None and total != want and total + execution != want:
        # the 预算执行 row's weight often sits in the funds part, not among the indicators
        c = last[0]
        yield Hit(c.block, 0, len(c.block.text), {"problem": f"各指标分值合计{money.fmt_number(total)}，"
                                                             f"与表中写明的总分{money.fmt_number(want)}不符"})


def _part_weights(cells: list[_Cell], execution: Decimal) -> Iterator[Hit]:
    """预算执行情况（10分）+ 产出指标（50分）+ … add up to 100 (绩效指标（90分） covers the parts)."""
    parts: dict[str, tuple[Decimal, _Cell]] = {}
    for c in cells:
        m = _PART_WEIGHT.match(c.text)
        if m:
            parts.setdefault(c.text.split("（")[0].split("(")[0], (Decimal(m.group(1)), c))
    levels = {k: v for k, v in parts.items() if k not in (_BUDGET_PART, _INDICATORS_PART)}
    if len(levels) < 2:
        return
    s = sum((w for w, _ in levels.values()), Decimal(0))
    want = parts[_INDICATORS_PART][0] if _INDICATORS_PART in parts else None
    budget = parts.get(_BUDGET_PART, (execution, None))[0]
    if (want is not None and s != want) or (want is None and s + budget != 100 and s != 100):
        c = list(levels.values())[-1][1]
        expected = want if want is not None else Decimal(100) - budget
        yield Hit(c.block, c.start, c.end, {"problem": f"各一级指标分值合计{money.fmt_number(s)}，应为"
                                                        f"{money.fmt_number(expected)}"})
