"""Flattened 自评表 forms (the national 附1 form, project or department) pasted as text: one
cell a line, or a row a line with `|` between cells. Read once into a stream of cells (and
rows where `|` shows them), then checked like the DOCX table: weights against 100 and the
scheme the form states, empty 完成值/得分 cells, an adjusted budget with no reason, a rate on
a zero base. (Template prompts such as （100字以内） are LEF05's, which reads every line.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from .. import money
from ..findings import Hit
from ..read.document import Block
from ..read.normalise import normal_text
from ..read.quantities import cell_number
from .engine import Ctx, Rule

_FORM = re.compile(r"绩效自评表|自评表")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
_SCHEME = re.compile(r"(?:总分|满分|合计)[^0-9\n|]{0,6}?(\d{2,3})分")


@dataclass
class _Cell:
    block: Block
    start: int
    end: int
    text: str  # normalised, stripped
    row: int  # index of the `|` row (a block), or -1 in a cell-a-line form


def _cells(ctx: Ctx) -> list[_Cell]:
    out = []
    for b in ctx.body():
        text = b.text
        pos = 0
        for part in text.split("|"):
            s = len(part) - len(part.lstrip())
            out.append(_Cell(b, pos + s, pos + len(part.rstrip()), normal_text(part).strip(),
                             b.index if "|" in text else -1))
            pos += len(part) + 1
    return out


def _is_form(ctx: Ctx) -> bool:
    return any(_FORM.search(b.text) for b in list(ctx.body())[:60])


def form_funds(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: in a flattened form's funds part (年初预算数 | 全年预算数 | 全年执行数 |
    分值 | 执行率 | 得分), a rate on a zero budget (执行率 0.00% with 全年预算数 0) and a budget
    adjusted during the year (年初 ≠ 全年) with no reason anywhere in the form.

    Parameters: reason_words.
    Example: “年度资金总额 | 0 | 0 | 0 | 10 | 0.00% | 0”。
    """
    if not _is_form(ctx):
        return
    cells = [c for c in _cells(ctx) if c.text]
    reason = re.compile(rule.params["reason_words"])
    explained = any(reason.search(c.text) for c in cells)
    heads = [i for i, c in enumerate(cells) if c.text.startswith("全年预算数")]
    for h in heads:
        window = cells[max(0, h - 2):h + 8]
        names = [c.text for c in window]
        try:
            first = next(i for i, n in enumerate(names) if n.startswith("年初预算数"))
            last = next(i for i, n in enumerate(names) if n.startswith("得分"))
        except StopIteration:
            continue
        header = names[first:last + 1]
        cols = {k: next((i for i, n in enumerate(header) if n.startswith(k)), None)
                for k in ("年初预算数", "全年预算数", "执行率")}
        base = max(0, h - 2) + last + 1
        # the rows that follow: a label, then one value per header column
        i = base
        while i < len(cells) and i < base + 6 * (len(header) + 1):
            label = cells[i]
            vals = cells[i + 1:i + 1 + len(header)]
            if cell_number(label.text) is not None or len(vals) < len(header):
                break
            yield from _funds_row(label, vals, cols, explained)
            i += 1 + len(header)


def _funds_row(label: _Cell, vals: list[_Cell], cols: dict[str, int | None], explained: bool) -> Iterator[Hit]:
    def num(key: str) -> Decimal | None:
        i = cols.get(key)
        return cell_number(vals[i].text.rstrip("%")) if i is not None and i < len(vals) else None

    initial, full = num("年初预算数"), num("全年预算数")
    ri = cols.get("执行率")
    if full == 0 and ri is not None and _PERCENT.match(vals[ri].text):
        c = vals[ri]
        yield Hit(c.block, c.start, c.end, {"problem": f"“{label.text}”全年预算数为0，执行率“{c.text}”无从计算，应填“—”或说明"})
    if initial is not None and full is not None and initial != full and not explained:
        c = vals[cols["全年预算数"]]  # type: ignore[index]
        yield Hit(c.block, c.start, c.end, {"problem": f"“{label.text}”年初预算数{money.fmt_number(initial)}调整为"
                                                        f"{money.fmt_number(full)}，表中没有调整原因"})


def form_scores(ctx: Ctx, rule: Rule) -> Iterator[Hit]:
    """What it checks: in a flattened form whose rows are written with `|` between cells, the
    分值 of the indicator rows (plus the 执行率 row's) add up to the total the form states
    (总分/满分 N分, or its 合计 row, else 100), and no row with a 分值 has an empty 完成值 or 得分.

    Example: “产出指标 | 数量指标 | 培训人次 | ≥500 | 520 | 50 | 50 |” … 分值合计105。
    """
    if not _is_form(ctx):
        return
    rows: dict[int, list[_Cell]] = {}
    for c in _cells(ctx):
        if c.row >= 0:
            rows.setdefault(c.row, []).append(c)
    stated = None
    for b in ctx.body():
        m = _SCHEME.search(normal_text(b.text))
        if m:
            stated = Decimal(m.group(1))
            break
    header: list[str] | None = None
    total = Decimal(0)
    counted = 0
    last: list[_Cell] | None = None
    for _, row in sorted(rows.items()):
        names = [c.text for c in row]
        if any(n.startswith("分值") for n in names) and any(n.startswith("得分") for n in names):
            header = names
            continue
        if header is None:
            continue
        wi = next(i for i, n in enumerate(header) if n.startswith("分值"))
        si = next(i for i, n in enumerate(header) if n.startswith("得分"))
        ai = next((i for i, n in enumerate(header) if "完成值" in n or n.startswith("实际")), None)
        shift = len(row) - len(header)  # merged cells: a row may lack its leading cells
        label = next((c.text for c in row if c.text and cell_number(c.text) is None), "")
        if re.match(r"合计|总分|总计", label):
            w = cell_number(row[wi + shift].text) if 0 <= wi + shift < len(row) else None
            stated = w if w is not None else stated
            continue
        w = cell_number(row[wi + shift].text) if 0 <= wi + shift < len(row) else None
        if w is None:
            continue
        total += w
        counted += 1
        last = row
        for k, what in ((si, "得分"), (ai, "完成值")):
            if k is not None and 0 <= k + shift < len(row) and not row[k + shift].text:
                c = row[k + shift]
                yield Hit(c.block, c.start, c.start, {"problem": f"指标“{label}”有分值{money.fmt_number(w)}，{what}为空"})
    want = stated if stated is not None else Decimal(100)
    if counted >= 2 and total != want and last is not None:
        c = last[0]
        yield Hit(c.block, 0, len(c.block.text), {"problem": f"各指标分值合计{money.fmt_number(total)}，"
                                                             f"与表中写明的总分{money.fmt_number(want)}不符"})
