"""Random valid data files for every report type (hypothesis), and drafting + checking them in-process.

Used by tests/test_one_system.py (a fast run) and bench/one_system_bench.py (a long run): whatever jixiao
drafts from valid data, jixiao's own check must accept — with and without `--data`.
The bundled examples are the base (their prose); the strategies vary every figure the data states:
adjusted budgets, partial receipt and execution with reasons, several fund sources, each weight scheme
(incl. 财预〔2021〕101号), missed and over-completed targets with reasons, ≤ / = / 定性 indicators.
"""
from __future__ import annotations

import copy
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BASES = {
    "project_self": "project-zhanjiang-2020.yaml",
    "department_self": "department-panyu-2023.yaml",
    "project_evaluation": "evaluation-sample.yaml",
}

# (name, unit, typical target) per 二级指标 kind; units and names as real 自评表 use them
QUANT = [
    ("培训人次", "人次", 5000), ("举办培训班期数", "期", 12), ("新建道路长度", "公里", 35),
    ("课程开发数量", "门", 20), ("资助学生人数", "人", 860), ("设备购置数量", "台（套）", 140),
    ("验收合格率", "%", 95), ("任务按时完成率", "%", 100), ("服务对象满意度", "%", 90),
    ("平均办理时长", "天", 15), ("单位成本", "元", 320), ("覆盖乡镇数", "个", 18),
]
QUAL = [("制度健全性", "制度健全并有效执行"), ("社会效益", "群众获得感明显提升"),
        ("长效管理机制", "建立并运行"), ("项目立项规范性", "程序规范")]
REASONS = ["受极端天气影响，部分工程延后至次年实施", "部分采购项目流标后重新组织招标，进度延后",
           "实际需求高于预期，按计划增加了服务供给", "年中政策调整，部分任务合并实施",
           "参训对象工作任务重，部分学员调训未到位", "供应商交付延迟，设备安装调试顺延",
           "前期手续办理耗时较长，开工时间推迟", "服务对象数量较上年明显增加",
           "部分乡镇配套资金未及时落实", "统计口径调整，完成值按新口径计算",
           "疫情防控要求下部分集中活动改为线上开展", "设计方案变更，部分内容重新论证"]
LEVEL2 = ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "可持续影响指标", "服务对象满意度指标"]
EXEC_REASONS = ["部分项目按合同进度分期支付", "政府采购项目年底完成验收，尾款下年支付", "人员经费实际支出低于预算"]
SOURCES = ["当年财政拨款", "上年结转资金", "其他资金"]
# optional project fields (issue 9 item 1): None = left out of the data file
PROJECT_FIELDS = {
    "项目属性": ["新增", "延续"],
    "资金性质": ["一般公共预算资金", "政府性基金预算资金"],
    "实施周期": ["2020年1月1日至2020年12月31日", "2019年7月1日至2021年6月30日"],
    "实施单位": ["市委党校", "中共湛江市委组织部"],
    "自评组织": ["成立自评工作小组，由分管领导任组长，业务科室和财务人员分工负责。\n"],
    "实施与管理过程": ["项目实行专人负责，按月调度进度，年底组织验收。\n"],
}


def _amount(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


@st.composite
def _split(draw: Any, total: int, parts: int) -> list[int]:
    """`parts` positive integers summing to `total`."""
    if parts <= 1 or total < parts:
        return [total]
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True)))
    edges = [0, *cuts, total]
    return [b - a for a, b in zip(edges, edges[1:])]


@st.composite
def _indicator(draw: Any, level1: str, weight: int, evaluation: bool) -> dict[str, Any]:
    direction = draw(st.sampled_from(["≥", "≥", "≤", "=", "定性"]))
    row: dict[str, Any] = {"一级指标": level1, "二级指标": draw(st.sampled_from(LEVEL2)), "指标性质": direction}
    outcome = draw(st.sampled_from(["met", "met", "missed", "over"]))
    if direction == "定性":
        name, target = draw(st.sampled_from(QUAL))
        level = {"met": "达成", "over": "达成", "missed": draw(st.sampled_from(["部分达成", "未达成"]))}[outcome]
        row.update({"三级指标": name, "指标值": target, "完成值": level, "分值": weight})
        if level != "达成" or evaluation:
            lo, hi = {"达成": (81, 100), "部分达成": (61, 78), "未达成": (1, 58)}[level]  # inside the rubric's band
            score = Decimal(weight) * draw(st.integers(lo, hi)) / 100
            row["得分"] = f"{score:.2f}".rstrip("0").rstrip(".")
    else:
        name, unit, typical = draw(st.sampled_from(QUANT))
        target = draw(st.integers(max(1, typical // 2), typical * 2)) if unit != "%" else min(typical, 100)
        if direction == "≥":
            actual = {"met": target, "missed": draw(st.integers(0, max(0, target - 1))),
                      "over": draw(st.integers(target, target * 2))}[outcome]
        elif direction == "≤":
            actual = {"met": draw(st.integers(0, target)), "over": draw(st.integers(0, target)),
                      "missed": draw(st.integers(target + 1, target * 2 + 1))}[outcome]
        else:
            actual = target if outcome != "missed" else draw(st.integers(1, target * 2).filter(lambda v: v != target))
        row.update({"三级指标": name, "指标值": target, "计量单位": unit, "完成值": actual, "分值": weight})
        if evaluation and draw(st.booleans()):
            row["得分"] = draw(st.integers(0, weight))
    if outcome != "met" or row.get("完成值") in ("部分达成", "未达成"):
        row["偏差原因"] = "【原因】"  # filled in by _indicators: each reason once per report
    return row


@st.composite
def _indicators(draw: Any, levels: dict[str, int], evaluation: bool = False) -> list[dict[str, Any]]:
    rows = []
    for level1, weight in levels.items():
        count = draw(st.integers(1, min(3, weight)))
        for w in draw(_split(weight, count)):
            rows.append(draw(_indicator(level1, w, evaluation)))
    seen: dict[str, int] = {}
    for row in rows:  # a real table names each indicator once
        n = seen[row["三级指标"]] = seen.get(row["三级指标"], 0) + 1
        if n > 1:
            row["三级指标"] = f"{row['三级指标']}（{'二三四五六七八九'[n - 2]}类）"
    start = draw(st.integers(0, len(REASONS) - 1))
    for k, row in enumerate(r for r in rows if "偏差原因" in r):  # a report says each reason once
        row["偏差原因"] = REASONS[(start + k) % len(REASONS)] + "。"
    return rows


@st.composite
def _budget(draw: Any) -> dict[str, Any]:
    """年初/全年预算, 到位, 执行 in cents with the notes the rubric asks for."""
    budget = draw(st.integers(1_000, 500_000_000))
    initial = budget if draw(st.booleans()) else draw(st.integers(1_000, 500_000_000))
    received = budget if draw(st.integers(0, 3)) else draw(st.integers(budget // 2, budget))
    spent = draw(st.sampled_from([received, received * 99 // 100, received * 95 // 100, received * 3 // 4,
                                   draw(st.integers(0, received))]))
    return {"budget": budget, "initial": initial, "received": received, "spent": spent}


@st.composite
def _funds(draw: Any, least_sources: int = 0) -> dict[str, Any]:
    """`least_sources`: 1 where the report prints the national 附1 (its 其中 rows need the sources;
    without them they are 【待填】, a pending draft)."""
    b = draw(_budget())
    funds: dict[str, Any] = {"金额单位": "万元", "年初预算数": _amount(b["initial"]), "全年预算数": _amount(b["budget"]),
                             "到位数": _amount(b["received"]), "执行数": _amount(b["spent"])}
    count = draw(st.integers(least_sources, 3))
    if count:
        budgets = draw(_split(b["budget"], count))
        spent = [budgets[i] * b["spent"] // b["budget"] for i in range(count)]  # each source as executed as the whole
        spent[0] += b["spent"] - sum(spent)
        funds["资金来源"] = [{"名称": SOURCES[i], "预算数": _amount(budgets[i]), "执行数": _amount(spent[i])}
                         for i in range(len(budgets))]
    if b["initial"] != b["budget"]:
        funds["预算调整说明"] = "年中根据工作任务变化调整预算。"
    if b["received"] < b["budget"]:
        funds["到位偏差说明"] = "部分上级补助资金年末未下达。"
    if b["spent"] * 10 < b["budget"] * 9:
        funds["执行偏差说明"] = draw(st.sampled_from(EXEC_REASONS)) + "，相应资金结转下年使用。"
    funds["资金管理情况"] = "资金实行专账核算，按进度支付，支出审批手续完整。\n"
    return funds


@st.composite
def project_data(draw: Any) -> dict[str, Any]:
    data = _base("project_self")
    data["资金"] = draw(_funds(least_sources=1))
    # the project fields real reports have, each present or absent (all optional)
    for key, values in PROJECT_FIELDS.items():
        choice = draw(st.sampled_from([None, *values]))
        if choice is None:
            data.pop(key, None)
        else:
            data[key] = choice
    data["绩效分析"] = {k: v for k, v in data.get("绩效分析", {}).items() if draw(st.booleans())}
    if not data["绩效分析"]:
        del data["绩效分析"]
    scheme = draw(st.sampled_from([
        (None, {"产出指标": 50, "效益指标": 30, "满意度指标": 10}),
        ("财预〔2021〕101号含成本指标", {"成本指标": 20, "产出指标": 40, "效益指标": 20, "满意度指标": 10}),
        ("财预〔2021〕101号无满意度指标", {"产出指标": 50, "效益指标": 40}),
    ]))
    if scheme[0]:
        data["权重方案"] = scheme[0]
    data["绩效指标"] = draw(_indicators(scheme[1]))
    for key in ("自评得分", "自评等级"):
        data.pop(key, None)
    return data


@st.composite
def department_data(draw: Any) -> dict[str, Any]:
    data = _base("department_self")
    b = draw(_budget())
    income = draw(st.integers(b["spent"] // 2 + 1, b["spent"] * 2 + 2))
    carried_in = draw(st.integers(max(0, b["spent"] - income), b["spent"] + 10_000))
    acc: dict[str, Any] = {"金额单位": "万元", "本年收入": _amount(income), "年初结转结余": _amount(carried_in),
                           "本年支出": _amount(b["spent"]), "年末结转结余": _amount(income + carried_in - b["spent"]),
                           "年初预算数": _amount(b["initial"]), "全年预算数": _amount(b["budget"])}
    if draw(st.booleans()):
        parts = draw(_split(income, 2))
        acc["收入构成"] = [{"名称": n, "金额": _amount(v)} for n, v in zip(["财政拨款收入", "其他收入"], parts)]
    if draw(st.booleans()) and b["spent"] >= 2:
        parts = draw(_split(b["spent"], 2))
        acc["支出构成"] = [{"名称": n, "金额": _amount(v)} for n, v in zip(["基本支出", "项目支出"], parts)]
    if b["initial"] != b["budget"]:
        acc["预算调整说明"] = "年中追加专项工作经费。"
    if b["spent"] * 10 < b["budget"] * 9 or b["spent"] > b["budget"]:
        acc["执行偏差说明"] = draw(st.sampled_from(EXEC_REASONS)) + "。"
    data["收支"] = acc
    data["绩效指标"] = draw(_indicators({"履职效能": 60, "管理效率": 30}))
    tasks = [t["名称"] for t in data.get("重点工作完成情况", [])]
    for row in data["绩效指标"]:  # 履职效能 by 重点工作: some indicators under a task, others on their own
        row.pop("重点工作", None)
        if row["一级指标"] == "履职效能" and tasks and draw(st.booleans()):
            row["重点工作"] = draw(st.sampled_from(tasks))
    data.update(draw(_department_detail()))
    for key in ("自评得分", "自评等级"):
        data.pop(key, None)
    return data


@st.composite
def _three_public_item(draw: Any) -> dict[str, str]:
    budget = draw(st.sampled_from([0, draw(st.integers(1, 5_000_000))]))
    spent = 0 if budget == 0 else draw(st.integers(0, budget))  # “三公”经费不超预算
    last = draw(st.sampled_from([0, spent, draw(st.integers(0, 5_000_000))]))
    return {"预算数": _amount(budget), "支出数": _amount(spent), "上年支出数": _amount(last)}


@st.composite
def _department_detail(draw: Any) -> dict[str, Any]:
    """机构和人员, “三公”经费, 预决算公开, 政府采购, 资产管理 with every figure the report computes from."""
    authorised = draw(st.integers(1, 400))
    staff = draw(st.integers(max(1, authorised - 30), authorised + draw(st.sampled_from([0, 0, 3]))))
    org: dict[str, Any] = {"编制数": authorised, "实有人数": staff,
                           "内设机构": draw(st.lists(st.sampled_from(["办公室", "财务科", "业务一科", "业务二科", "信息中心"]),
                                                   min_size=1, max_size=5, unique=True))}
    if draw(st.booleans()):
        org["离退休人数"] = draw(st.integers(0, 200))
    if draw(st.booleans()):
        org["下属单位"] = ["某某服务中心"]
    year = 2023  # the base example's 评价年度; 填报日期 2024-06-14
    pro_budget = draw(st.integers(1, 300_000_000))
    pro_amount = draw(st.integers(0, pro_budget))
    procurement: dict[str, Any] = {"金额单位": "万元", "采购预算数": _amount(pro_budget), "采购金额": _amount(pro_amount),
                                   "说明": "采购程序符合规定。"}
    if pro_amount and draw(st.booleans()):
        procurement["中小企业合同金额"] = _amount(draw(st.integers(0, pro_amount)))
    total = draw(st.integers(1, 900_000_000))
    assets: dict[str, Any] = {"金额单位": "万元", "资产总额": _amount(total), "固定资产": _amount(draw(st.integers(0, total))),
                              "说明": "资产账实相符。"}
    if draw(st.booleans()):
        assets["车辆数"] = draw(st.integers(0, 20))
    return {
        "机构和人员": org,
        "三公经费": {"金额单位": "万元", "因公出国（境）费": draw(_three_public_item()),
                   "公务用车购置及运行费": draw(_three_public_item()), "公务接待费": draw(_three_public_item())},
        "预决算公开": {"预算公开时间": f"{year}-0{draw(st.integers(1, 3))}-{draw(st.integers(10, 28))}",
                   "决算公开时间": draw(st.sampled_from([f"{year + 1}-0{m}-{d}" for m in (5, 6, 8, 9) for d in (10, 28)])),
                   "公开渠道": draw(st.sampled_from(["区政府门户网站", "本单位门户网站“信息公开”专栏"]))},
        "政府采购": procurement,
        "资产管理": assets,
    }


@st.composite
def evaluation_data(draw: Any) -> dict[str, Any]:
    data = _base("project_evaluation")
    data["资金"] = draw(_funds())
    ob = draw(st.integers(60, 90))
    output = draw(st.integers(20, ob - 20))
    rest = 100 - ob
    decision = draw(st.integers(5, rest - 5)) if rest >= 10 else rest // 2
    data["绩效指标"] = draw(_indicators({"决策": decision, "过程": rest - decision, "产出": output,
                                         "效益": ob - output}, evaluation=True))
    issues = data.get("问题与建议", [])  # 问题 and 建议 one to one; some reports list them the old way
    if draw(st.booleans()):
        data["问题与建议"] = issues[:draw(st.integers(1, len(issues)))]
        if draw(st.booleans()):
            data["问题与建议"][0] = {k: v for k, v in data["问题与建议"][0].items() if k != "原因"}
    else:
        data.pop("问题与建议", None)
        data["存在问题"] = [i["问题"] + "。" for i in issues]
        data["有关建议"] = [i["建议"].strip() for i in issues]
    if draw(st.booleans()):  # one 评价方法和标准 paragraph instead of the three parts
        data.pop("评价方法与标准", None)
        data["评价工作"]["评价方法和标准"] = "采用比较法和公众评判法，以年初绩效目标为评价标准。"
    for key in ("自评得分", "自评等级"):
        data.pop(key, None)
    return data


STRATEGIES = {"project_self": project_data, "department_self": department_data, "project_evaluation": evaluation_data}

_BASE_CACHE: dict[str, dict[str, Any]] = {}


def _base(kind: str) -> dict[str, Any]:
    if kind not in _BASE_CACHE:
        _BASE_CACHE[kind] = yaml.load((EXAMPLES / BASES[kind]).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return copy.deepcopy(_BASE_CACHE[kind])


def write_data(data: dict[str, Any], folder: Path) -> Path:
    path = Path(tempfile.mkstemp(suffix=".yaml", dir=folder)[1])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_generated(kind: str, runs: int, folder: Path, check: Any) -> int:
    """Draw `runs` valid data files of report type `kind` (the same ones every run), write each to
    `folder` and call check(path); returns how many were checked."""
    seen: list[Path] = []

    @settings(max_examples=runs, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[kind]())
    def one(data: dict[str, Any]) -> None:
        path = write_data(data, folder)
        check(path)
        seen.append(path)

    one()
    return len(seen)


DATA_KINDS = ("data_compare", "draft_agreement")  # the only kinds that read ctx.data


def findings_for(path: Path) -> tuple[list[Any], list[Any], str]:
    """Draft `path` to Markdown in-process and check it without and with the data (the same draft).

    Without: the whole `check` pipeline. With: the report type is the data's (as `check --data`
    forces it); when detection found the same type, every rule but the data kinds sees exactly the
    same input, so only those run again (half the time, same answer)."""
    from writer.check_pipeline import check_read
    from writer.checks.engine import Ctx, load_rules, run_rules
    from writer.pipeline import draft_report
    from writer import rubric as rubric_mod
    from writer.read.outline import build_outline
    from writer.read.text_reader import read_markdown

    drafted = draft_report(path)
    md = drafted.doc.markdown()
    checked = check_read(read_markdown(path.with_suffix(".md"), md))
    if checked.rubric.id != drafted.rubric.id:
        with_data = check_read(read_markdown(path.with_suffix(".md"), md), data=path).findings
    else:
        doc = read_markdown(path.with_suffix(".md"), md)
        rubric = build_outline(doc, rubric_mod.load_all(), drafted.rubric)
        rules = [r for r in load_rules(rubric) if r.kind in DATA_KINDS]
        with_data = checked.findings + run_rules(Ctx(doc, rubric, drafted), rules)
    return checked.findings, with_data, md


def serious(findings: list[Any]) -> list[str]:
    return [f"{f.rule} {f.level} {f.message} | {f.excerpt}" for f in findings if f.level in ("error", "warning")]
