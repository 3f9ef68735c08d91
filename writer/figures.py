"""Derived figures as pure functions of the data and the rubric.

到位率, 执行率, 结余, each indicator's 完成率 and 得分, 一级 subtotals, 总分 and 等级, plus the
list of explanations the rubric requires and the data lacks. Numbers stated in the data
(得分, 自评得分, 自评等级) are checked against what is computed here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import bands, money, words
from .errors import Problem
from .money import HUNDRED, q2, rate
from .rubric import Rubric
from .schema import Loaded
from .words import target_met

ZERO = Decimal(0)


@dataclass
class Missing:
    """An explanation the rubric requires that the data does not give."""

    path: tuple[Any, ...]  # where it belongs in the data
    label: str  # Chinese field path for the user, e.g. 资金 → 执行偏差说明
    reason: str  # why it is required, e.g. 预算执行率 77.50% 低于 90%
    ask: str = ""  # the same without figures, for the draft (a figure inside a placeholder reads as a claim)

    def placeholder(self) -> str:
        return words.word("missing_marks", "explanation").format(ask=self.ask or self.reason, label=self.label)


def _mark(name: str, **fill: object) -> str:
    """Why a note is required (rubrics/_words.yaml missing_marks): shown by `draft`, and its
    figure-free forms written into the draft's 【待补充】."""
    return str(words.word("missing_marks", name)).format(**fill)


@dataclass
class IndicatorResult:
    row: dict[str, Any]
    index: int
    completion: Decimal | None  # percent; None for qualitative or still 待填
    score: Decimal | None  # None while the 完成值 is still 待填
    met: bool
    over: bool  # exceeded by far (needs an explanation)
    reason: str  # deviation reason from data, or a placeholder


@dataclass
class Figures:
    receipt_rate: Decimal | None = None
    execution_rate: Decimal | None = None
    execution_base: Decimal | None = None
    execution_base_label: str = ""
    balance: Decimal | None = None
    adjusted: bool = False
    execution_weight: Decimal = ZERO
    execution_score: Decimal | None = ZERO
    budget_change: Decimal | None = None  # % against 上年 全年预算数
    indicators: list[IndicatorResult] = field(default_factory=list)
    level_weights: dict[str, Decimal | None] = field(default_factory=dict)
    level_scores: dict[str, Decimal | None] = field(default_factory=dict)
    total: Decimal | None = ZERO
    grade: str = ""
    scheme: str = ""
    shares: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)  # report-type figures (department_figures.py)


def change(now: Decimal | None, last: Decimal | None) -> Decimal | None:
    """Change on last year in percent, two decimals; None without both figures or when last is 0."""
    if now is None or last is None or last == 0:
        return None
    return q2((now - last) / last * HUNDRED)


def _funds(loaded: Loaded, rubric: Rubric, f: Figures) -> None:
    """Each figure needs only its own inputs: a 待填 到位数 leaves the 执行率 computable."""
    funds = loaded.data["funds"]
    dev = rubric.raw["deviation"]
    budget, received, spent, initial = funds["budget"], funds["received"], funds["spent"], funds["initial_budget"]
    denom_key = rubric.setting("scoring", "execution_denominator")
    f.execution_base_label = words.key_of(rubric.schema, f"funds.{denom_key}")  # 全年预算数 …
    base = funds[denom_key]
    f.execution_base = base
    if received is not None and budget is not None:
        f.receipt_rate = rate(received, budget)
    if spent is not None and base is not None:
        f.execution_rate = rate(spent, base)
        if base == 0:
            f.missing.append(Missing(("funds", denom_key), "资金 → " + loaded.labels.get(("funds", denom_key), denom_key),
                                     f"{f.execution_base_label}为0，无法计算预算执行率、得分和等级"))
    if budget is not None and spent is not None:
        f.balance = q2(budget - spent)
    f.adjusted = initial is not None and budget is not None and initial != budget
    if spent is not None and received is not None and spent > received and not funds["overspend_note"]:
        f.errors.append(loaded.problem(("funds", "spent"),
                                       f"执行数{money.fmt_amount(spent)}万元大于到位数{money.fmt_amount(received)}万元，"
                                       "须在「超支说明」中写明资金来源"))
    sources = funds["sources"]
    if not sources and any(a.get("template") == "attachment_self_table" for a in rubric.raw.get("attachments", [])):
        # the national 自评表 always has the three 其中 rows: without sources they stay 【待填】
        f.missing.append(Missing(("funds", "sources"), "资金 → 资金来源",
                                 "自评表（附1）须列明当年财政拨款、上年结转资金、其他资金"))
    if budget is not None and sources and all(s["budget"] is not None for s in sources):
        total = sum((s["budget"] for s in sources), ZERO)
        if q2(total) != q2(budget):
            f.errors.append(loaded.problem(("funds", "sources"),
                                           f"各资金来源预算数合计{money.fmt_amount(total)}万元，与全年预算数"
                                           f"{money.fmt_amount(budget)}万元不一致"))
    er = f.execution_rate
    checks = [
        (er is not None and er < Decimal(str(dev["execution_rate_below"])),
         "execution_note", _mark("execution_below", rate=money.fmt_percent(er or ZERO), limit=dev["execution_rate_below"])),
        (er is not None and er > HUNDRED and not funds["overspend_note"],
         "execution_note", _mark("execution_over", rate=money.fmt_percent(er or ZERO), base=f.execution_base_label)),
        (f.receipt_rate is not None and f.receipt_rate < Decimal(str(dev["receipt_rate_below"])),
         "receipt_note", _mark("receipt_below", rate=money.fmt_percent(f.receipt_rate or ZERO), limit=dev["receipt_rate_below"])),
        (f.adjusted and str(dev["budget_adjusted"]).lower() == "true", "adjustment_note",
         _mark("budget_adjusted", initial=money.fmt_amount(initial or ZERO), budget=money.fmt_amount(budget or ZERO))),
    ]
    # an amount inside a placeholder reads as a second 年初预算数: the adjustment one names no figure
    asks = {"adjustment_note": _mark("adjustment_ask")}
    for needed, key, reason in checks:
        if needed and not funds[key]:
            f.missing.append(Missing(("funds", key), "资金 → " + loaded.labels.get(("funds", key), key), reason,
                                     asks.get(key, "")))


def _accounts(loaded: Loaded, rubric: Rubric, f: Figures) -> None:
    acc = loaded.data["accounts"]
    dev = rubric.raw["deviation"]
    for parts_key in ("income_parts", "spending_parts"):  # shares stay 待填 until the amounts are in
        f.shares[parts_key] = {p["name"]: None for p in acc[parts_key]}
    f.execution_base, f.execution_base_label = acc["budget"], words.key_of(rubric.schema, "accounts.budget")
    if acc["spending"] is not None and acc["budget"] is not None:  # needs only these two
        f.execution_rate = rate(acc["spending"], acc["budget"])
        if acc["budget"] == 0:
            f.missing.append(Missing(("accounts", "budget"), "收支 → 全年预算数",
                                     "全年预算数为0，无法计算预算执行率、得分和等级"))
    if acc["carried_out"] is not None:
        f.balance = q2(acc["carried_out"])
    f.adjusted = None not in (acc["initial_budget"], acc["budget"]) and acc["initial_budget"] != acc["budget"]
    if f.execution_rate is not None and f.execution_rate < Decimal(str(dev["execution_rate_below"])) \
            and not acc["execution_note"]:
        f.missing.append(Missing(("accounts", "execution_note"), "收支 → 执行偏差说明",
                                 f"预算执行率{money.fmt_percent(f.execution_rate)}低于{dev['execution_rate_below']}%"))
    if f.adjusted and not acc["adjustment_note"]:
        f.missing.append(Missing(("accounts", "adjustment_note"), "收支 → 预算调整说明",
                                 f"年初预算{money.fmt_amount(acc['initial_budget'])}万元调整为{money.fmt_amount(acc['budget'])}万元",
                                 "年中调整预算的理由"))
    if f.execution_rate is not None and f.execution_rate > HUNDRED and not acc["execution_note"]:
        f.missing.append(Missing(("accounts", "execution_note"), "收支 → 执行偏差说明",
                                 f"预算执行率{money.fmt_percent(f.execution_rate)}超过100%（本年支出大于全年预算数）"))
    for parts_key, total_key in (("income_parts", "income"), ("spending_parts", "spending")):
        # parts that do not add up to their total, whatever else is still missing (import marks the total)
        parts, whole = acc[parts_key], acc[total_key]
        if not parts or whole is None or any(p["amount"] is None for p in parts):
            continue
        total = sum((p["amount"] for p in parts), ZERO)
        if q2(total) != q2(whole):
            f.errors.append(loaded.problem(("accounts", parts_key),
                                           f"各项合计{money.fmt_amount(total)}万元，与"
                                           f"「{loaded.labels[('accounts', total_key)]}」{money.fmt_amount(whole)}万元不一致"))
    if None in (acc["income"], acc["spending"], acc["carried_in"], acc["carried_out"], acc["budget"]):
        return
    expect = q2(acc["income"] + acc["carried_in"] - acc["spending"])
    if expect != q2(acc["carried_out"]):
        f.errors.append(loaded.problem(("accounts", "carried_out"),
                                       f"年末结转结余应为{money.fmt_amount(expect)}万元（本年收入＋年初结转结余－本年支出），"
                                       f"数据中为{money.fmt_amount(acc['carried_out'])}万元"))
    for parts_key, total_key in (("income_parts", "income"), ("spending_parts", "spending")):
        parts = acc[parts_key]
        if not parts or any(p["amount"] is None for p in parts):
            continue
        f.shares[parts_key] = {p["name"]: rate(p["amount"], acc[total_key]) for p in parts}


def _execution_score(rubric: Rubric, f: Figures) -> None:
    weight = rubric.number("weights", "execution") if "execution" in rubric.raw.get("weights", {}) else ZERO
    f.execution_weight = weight
    if weight == 0:
        return
    if f.execution_rate is None:
        f.execution_score = None  # the amounts are still 待填
        return
    r = min(f.execution_rate, HUNDRED)
    if rubric.setting("scoring", "execution") == "banded_101":
        table = [bands.Band(str(b["ratio"]), Decimal(str(b["min"]))) for b in rubric.setting("scoring", "execution_bands_101")]
        f.execution_score = q2(weight * Decimal(bands.pick(table, r).name))
    else:
        f.execution_score = q2(weight * r / HUNDRED)


def _quantitative(row: dict[str, Any]) -> tuple[Decimal, bool, Decimal]:
    """(completion %, met, ratio for >= over-completion) for a numeric indicator."""
    target, actual, d = row["target"], row["actual"], row["direction"]
    met = target_met(d, target, actual)
    if d == "≥":
        completion = HUNDRED if target == 0 else q2(actual / target * HUNDRED)
        return completion, met, completion
    if d == "≤":
        completion = HUNDRED if met or actual == 0 else q2(target / actual * HUNDRED)
        return completion, met, HUNDRED
    if met:
        return HUNDRED, True, HUNDRED
    if target == 0 or actual == 0:
        return ZERO, False, HUNDRED
    return q2(min(actual / target, target / actual) * HUNDRED), False, HUNDRED


def _score_quantitative(rubric: Rubric, completion: Decimal, weight: Decimal) -> Decimal:
    c = min(completion, HUNDRED)
    if rubric.setting("scoring", "indicator") == "banded_101":
        line = rubric.number("scoring", "pass_line_101")
        if c < line:
            return ZERO
        return q2(weight * (c - line) / (HUNDRED - line))
    return q2(weight * c / HUNDRED)


_QUALITATIVE = words.get("qualitative")  # 定性


def _indicators(loaded: Loaded, rubric: Rubric, f: Figures) -> None:
    dev = rubric.raw["deviation"]
    given_scores = rubric.raw.get("scoring", {}).get("score_source") == "given"
    qual = {q["level"]: q for q in rubric.setting("scoring", "qualitative")}
    for i, row in enumerate(loaded.data["indicators"]):
        path = ("indicators", i)
        if row["weight"] is not None and row["direction"] and row["actual"] is None \
                and path + ("actual",) in loaded.pending:
            f.indicators.append(IndicatorResult(row, i, None, None, True, False, row["deviation_reason"] or ""))
            continue
        if None in (row["weight"], row["direction"]) or row["target"] is None or row["actual"] is None:
            # a row with a part still 待填 stays in the table; its score is 【待填】
            f.indicators.append(IndicatorResult(row, i, None, None, True, False, row["deviation_reason"] or ""))
            continue
        weight: Decimal = row["weight"]
        completion: Decimal | None = None
        over = False
        if row["direction"] == _QUALITATIVE:
            level = qual.get(str(row["actual"]))
            if level is None:
                f.errors.append(loaded.problem(path + ("actual",),
                                               f"定性指标的完成值应为 {'、'.join(qual)} 之一，实际为“{row['actual']}”"))
                continue
            lo, hi = Decimal(str(level["min"])), Decimal(str(level["max"]))
            met = level is next(iter(qual.values()))
            if row["score"] is not None:
                score = row["score"]
                ratio = q2(score / weight * HUNDRED) if weight else ZERO
                top_ok = ratio <= hi if hi == HUNDRED else ratio < hi
                if not (ratio >= lo and top_ok):
                    f.errors.append(loaded.problem(path + ("score",),
                                                   f"完成等级为“{row['actual']}”时，得分应在分值的{lo}%至{hi}%之间，"
                                                   f"数据中为{money.fmt_number(score)}分（{ratio}%）"))
            elif "default" in level:
                score = q2(weight * Decimal(str(level["default"])) / HUNDRED)
            elif path + ("score",) in loaded.pending:  # the evaluator's 得分 is still to be written
                f.indicators.append(IndicatorResult(row, i, None, None, met, False, row["deviation_reason"] or ""))
                continue
            else:
                f.errors.append(loaded.problem(path + ("score",),
                                               f"定性指标完成等级为“{row['actual']}”时须填写得分（分值的{lo}%至{hi}%）"))
                continue
        else:
            if not isinstance(row["target"], Decimal) or not isinstance(row["actual"], Decimal):
                bad = "target" if not isinstance(row["target"], Decimal) else "actual"
                f.errors.append(loaded.problem(path + (bad,),
                                               f"指标性质为“{row['direction']}”时应填数字，实际为“{row[bad]}”；"
                                               "文字描述的指标请把指标性质改为“定性”"))
                continue
            completion, met, over_ratio = _quantitative(row)
            over = over_ratio >= Decimal(str(dev["over_completion_at"]))
            computed = _score_quantitative(rubric, completion, weight)
            score = computed
            if row["score"] is not None:
                if given_scores:
                    score = row["score"]
                elif q2(row["score"]) != computed:
                    f.errors.append(loaded.problem(path + ("score",),
                                                   f"得分应为{money.fmt_number(computed)}分（完成率{money.fmt_percent(completion)}"
                                                   f"×分值{money.fmt_number(weight)}），数据中为{money.fmt_number(row['score'])}分"))
        if row["score"] is not None and q2(score) > q2(weight):  # only a 得分 the user wrote; 分值 16.667 → 16.67 is not “over”
            f.errors.append(loaded.problem(path + ("score",),
                                           f"得分{money.fmt_number(score)}超过分值{money.fmt_number(weight)}"))
        reason = row["deviation_reason"] or ""
        below = completion is not None and completion < Decimal(str(dev["completion_below"]))
        if not reason and (not met or below or over):
            why = _mark("indicator_over" if over else "indicator_missed")
            m = Missing(path + ("deviation_reason",), f"绩效指标第{i + 1}条「{row['name']}」→ 偏差原因",
                        f"{row['name']}{why}")
            f.missing.append(m)
            reason = m.placeholder()
        f.indicators.append(IndicatorResult(row, i, completion, score, met, over, reason))


def _weights(loaded: Loaded, rubric: Rubric, f: Figures) -> None:
    wcfg = rubric.raw.get("weights", {})
    if ("indicators",) in loaded.pending:
        return  # the whole indicator table is still to be filled in
    open_rows = any(p[0] == "indicators" and p[-1] in ("weight", "level1") for p in loaded.pending)
    rows = loaded.data["indicators"]
    sums: dict[str, Decimal] = {}
    for row in rows:
        if row["weight"] is not None and row["level1"]:
            sums[row["level1"]] = sums.get(row["level1"], ZERO) + row["weight"]
    # a level with a 分值 still 待填 has no weight yet (the sum of the others would contradict the total)
    open_levels = {rows[p[1]]["level1"] for p in loaded.pending
                   if p[0] == "indicators" and len(p) > 2 and p[-1] == "weight" and rows[p[1]]["level1"]}
    f.level_weights = {**sums, **dict.fromkeys(open_levels)}
    f.level_scores = {}
    for r in f.indicators:
        lvl = r.row["level1"]
        so_far = f.level_scores.get(lvl, ZERO)
        f.level_scores[lvl] = None if so_far is None or r.score is None else so_far + r.score
    if open_rows:
        return  # a 分值 or 一级指标 still 待填: sums are checked once it is written
    if wcfg.get("method") == "from_data":
        total = sum(sums.values(), ZERO)
        expected = HUNDRED - f.execution_weight
        if total != expected:
            f.errors.append(loaded.problem(("indicators",), f"各指标分值合计为{money.fmt_number(total)}，应为{expected}"))
        keys = [k for k in wcfg.get("output_benefit_levels", []) if k in sums]
        ob = sum((sums[k] for k in keys), ZERO)
        floor = Decimal(str(wcfg.get("min_output_benefit", 0)))
        if ob < floor:
            f.errors.append(loaded.problem(("indicators",),
                                           f"{'、'.join(wcfg.get('output_benefit_levels', []))}指标分值合计{ob}，"
                                           f"低于{floor}（财预〔2020〕10号 第十四条）"))
        return
    wanted = loaded.data.get("weight_scheme")
    scheme = next((s for s in rubric.schemes if s.name == wanted), None) if wanted else rubric.default_scheme()
    if scheme is None:
        names = "、".join(s.name for s in rubric.schemes)
        f.errors.append(loaded.problem(("weight_scheme",), f"没有名为“{wanted}”的权重方案，可选：{names}"))
        return
    f.scheme = scheme.name
    for lvl, got in sums.items():
        if lvl not in scheme.levels:
            f.errors.append(loaded.problem(("indicators",),
                                           f"一级指标“{lvl}”不在权重方案“{scheme.name}”中（应为："
                                           f"{'、'.join(scheme.levels)}）"))
        elif got != scheme.levels[lvl]:
            f.errors.append(loaded.problem(("indicators",),
                                           f"一级指标“{lvl}”下各三级指标分值合计为{money.fmt_number(got)}，"
                                           f"按权重方案“{scheme.name}”应为{money.fmt_number(scheme.levels[lvl])}"))
    for lvl, want in scheme.levels.items():
        if lvl not in sums:
            f.errors.append(loaded.problem(("indicators",),
                                           f"缺少一级指标“{lvl}”（权重方案“{scheme.name}”中分值为{money.fmt_number(want)}）"))


def _stated(loaded: Loaded, f: Figures) -> None:
    st, sg = loaded.data.get("stated_total"), loaded.data.get("stated_grade")
    if f.total is None:
        return
    if st is not None and q2(st) != f.total:
        f.errors.append(loaded.problem(("stated_total",),
                                       f"自评得分按各指标计算应为{money.fmt_number(f.total)}分，数据中为{money.fmt_number(st)}分"))
    if sg and sg != f.grade:
        f.errors.append(loaded.problem(("stated_grade",), f"总分{money.fmt_number(f.total)}分对应的等级为“{f.grade}”，数据中为“{sg}”"))


def compute(loaded: Loaded, rubric: Rubric) -> Figures:
    from . import department_figures  # imports Figures from here
    f = Figures()
    if "funds" in loaded.data:
        _funds(loaded, rubric, f)
    if "accounts" in loaded.data:
        _accounts(loaded, rubric, f)
        department_figures.department(loaded, rubric, f)
    if "issues" in loaded.data:
        department_figures.evaluation(loaded, f)
    _execution_score(rubric, f)
    _indicators(loaded, rubric, f)
    _weights(loaded, rubric, f)
    scores = [f.execution_score] + [r.score for r in f.indicators]
    if any(x is None for x in scores) or ("indicators",) in loaded.pending:
        f.total, f.grade = None, ""  # shown as 【待填】 until the figures are in
    else:
        f.total = q2(sum(scores, ZERO))  # type: ignore[arg-type]
        f.grade = rubric.grade(f.total)
    prev = (loaded.data.get("previous") or {}).get("budget")
    now = (loaded.data.get("funds") or loaded.data.get("accounts") or {}).get("budget")
    f.budget_change = change(now, prev)
    _stated(loaded, f)
    return f
