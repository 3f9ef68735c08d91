"""Recall and false alarms of the figure, count, list, form and wording rules on a seeded
defect-injection corpus.

For every rule below, its defect is written by a generator (seeded numbers, no sentence from a
real report) and injected in ≥ 5 surface variants (as drafted, half-width punctuation, spaces
inside numbers, a line break inside the sentence, other wording or a table cell) into correct
documents: the drafted examples (examples/*.yaml → Markdown), a plain skeleton report, and
../shared/corpus/*.txt when present. A hit counts when the rule reports more findings than on
the same document without the injection. The must-not-flag set injects correct arithmetic
(parts in totals, weighted averages, per-year and per-item figures, shares) and counts every
new finding of these rules as a false alarm.

    python bench/accuracy.py            # full run: every base document, seeds 0–2
    python bench/accuracy.py --quick    # one base, one seed (what tests/test_accuracy.py runs)
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from writer.check_pipeline import check_document  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
WATCHED = ("FIG01", "FIG02", "FIG03", "FIG05", "FIG07", "FIG08", "FIG09", "FIG10", "FIG11", "FIG12",
           "NUM06", "DEV05", "DUP03", "SCO07", "SCO08", "SCO09", "REF06", "LEF07", "TRM04")

SKELETON = """# 某单位2024年度培训项目支出绩效自评报告

## 一、基本情况

本单位负责全市干部教育培训工作。

## 二、绩效自评工作开展情况

成立自评工作小组，逐项核对佐证材料。

## 三、存在的问题

培训形式较为单一。

## 四、改进措施

丰富培训形式。
"""

Gen = Callable[[random.Random], str]


def _amount(r: random.Random, lo: int = 50, hi: int = 900) -> int:
    return r.randint(lo, hi)


# ---------------------------------------------------------------- defects, one generator per wording
def fig01(r: random.Random) -> str:
    a, b = _amount(r), _amount(r)
    return f"本年收入{a + b - 7}.00万元，其中财政拨款{a}.00万元、事业收入{b}.00万元。"


def fig02(r: random.Random) -> str:
    b = _amount(r, 100)
    s = b - r.randint(10, 40)
    return f"本项目全年预算数为{b}万元，全年执行数为{s}万元，预算执行率为100%。"


def fig02b(r: random.Random) -> str:
    b = _amount(r, 100)
    s = b - r.randint(10, 40)
    return f"本项目调整后预算{b}万元，实际支出金额{s}万元，资金执行率为99.5%。"


def fig03(r: random.Random) -> str:
    b = _amount(r)
    return f"本项目预算为{b}万元，实际到位{b}万元。本项目预算安排为{b + 35}万元。"


def fig03b(r: random.Random) -> str:
    b = _amount(r)
    return f"本项目全年预算数{b}万元。本项目总预算{b + 12}万元，全部到位。"


def fig05(r: random.Random) -> str:
    return "主要存在3个方面的问题，即资金拨付慢、项目进度滞后。"


def fig05b(r: random.Random) -> str:
    return "本年度重点推进4项工作，分别为制度建设、人员培训、督导检查。"


def fig11(r: random.Random) -> str:
    a, b = r.randint(3, 9), r.randint(3, 9)
    return f"本年度共实施{a + b - 1}个子项目，其中市级{a}个、区级{b}个。"


def fig11b(r: random.Random) -> str:
    a, b = r.randint(3, 9), r.randint(3, 9)
    return f"全年共举办培训{a + b + 2}期，分别为：春季{a}期、秋季{b}期。"


def num06(r: random.Random) -> str:
    return "主要做法：1.建立制度；2.加强培训；4.规范管理；4.强化监督；5.公开结果。"


def num06b(r: random.Random) -> str:
    return "存在问题：（1）资金拨付慢；（2）进度滞后；（2）宣传不足。"


def dev05(r: random.Random) -> str:
    b = _amount(r, 100)
    return f"本项目预算数{b}.00万元，决算数{b // 4}.00万元。各项绩效目标全面完成。"


def dev05b(r: random.Random) -> str:
    b = _amount(r, 100)
    return f"本项目预算资金{b}万元，实际列支{b // 5}万元。年度目标已全部实现。"


def dup03(r: random.Random) -> str:
    return "项目实施有效改善了农村人居环境改善了农村人居环境，群众满意。"


def dup03b(r: random.Random) -> str:
    return "通过培训显著提升了基层干部履职能力，显著提升了基层干部履职能力。"


def sco07(r: random.Random) -> str:
    return f"## （九）满意度指标\n\n效益指标共{r.choice([10, 20, 30])}分，得分全部取得。"


def ref06(r: random.Random) -> str:
    m, d = r.choice([(6, 31), (4, 31), (2, 30), (9, 31), (11, 31)])
    return f"本报告于{m}月{d}日前在门户网站公开。"


def lef07(r: random.Random) -> str:
    return r.choice(["2024-03-05T08:12:33Z", "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "True False True False"])


def trm04(r: random.Random) -> str:
    return r.choice(["截止2024年12月31日，资金已到位。", "资金已全部拔付到位。", "受益群众超过500人以上。",
                     "群众满意度≥100%。"])


def fig09(r: random.Random) -> str:
    a, b = _amount(r), _amount(r)
    return (f"| 项目 | 预算数（万元） |\n| --- | --- |\n| 设备购置 | {a} |\n| 人员培训 | {b} |\n"
            f"| 合计 | {a + b + 10} |")


def fig12(r: random.Random) -> str:
    return ("项目支出绩效自评表\n\n项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n\n"
            "年度资金总额 | 0 | 0 | 0 | 10 | 0.00% | 0")


def sco09(r: random.Random) -> str:
    w = r.choice([15, 20, 25])
    return ("项目支出绩效自评表\n\n一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n\n"
            "产出指标 | 数量指标 | 培训人次 | ≥500人次 | 520人次 | 60 | 60\n\n"
            f"满意度指标 | 服务对象满意度 | 学员满意度 | ≥90% | 95% | {w + 30} | {w + 30}")


DEFECTS: dict[str, list[Gen]] = {
    "FIG01": [fig01], "FIG02": [fig02, fig02b], "FIG03": [fig03, fig03b], "FIG05": [fig05, fig05b],
    "FIG11": [fig11, fig11b], "NUM06": [num06, num06b], "DEV05": [dev05, dev05b], "DUP03": [dup03, dup03b],
    "SCO07": [sco07], "REF06": [ref06], "LEF07": [lef07], "TRM04": [trm04], "FIG09": [fig09],
    "FIG12": [fig12], "SCO09": [sco09],
}
# rules whose defect only shows in a document without its own reasons/forms
SKELETON_ONLY = {"DEV05", "FIG12", "SCO09"}
# rules matched on the raw surface
RAW = {"LEF07"}
# rules about prose only: no table-cell variant
TABLE_CELL = {"REF06", "TRM04", "LEF07"}


# ---------------------------------------------------------------- surface variants
def halfwidth(s: str) -> str:
    return s.translate(str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "。": "."}))


def spaced(s: str) -> str:
    import re

    return re.sub(r"(\d)(万元|个|期|%|分)", r"\1 \2", s)


def linebreak(s: str) -> str:
    if "\n" in s or len(s) < 12:
        return s
    cut = len(s) // 2
    return s[:cut] + "\n" + s[cut:]


def fullwidth_digits(s: str) -> str:
    return s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def table_cell(s: str) -> str:
    return f"| 说明 |\n| --- |\n| {s} |"


VARIANTS: dict[str, Callable[[str], str]] = {"as_drafted": lambda s: s, "halfwidth": halfwidth, "spaced": spaced,
                                             "linebreak": linebreak, "fullwidth_digits": fullwidth_digits}


# ---------------------------------------------------------------- correct arithmetic: must not flag
MUST_NOT_FLAG: list[Gen] = [
    lambda r: (lambda a, b: f"全年收入{a + b}.00万元，其中财政拨款{a}.00万元、其他收入{b}.00万元。")(_amount(r), _amount(r)),
    lambda r: "2021年预算执行率为88.00%，2022年为92.00%，2023年为93.60%，四年平均执行率为91.20%。",
    lambda r: (lambda a, b: f"1、A子项目预算数{a}万元，实际支出{a}万元；2、B子项目预算数{b}万元，实际支出{b}万元。")(_amount(r), _amount(r)),
    lambda r: (lambda a, b: f"2022年预算资金{a}万元，2023年预算资金{b}万元。")(_amount(r), _amount(r)),
    lambda r: "总支出为1564.48万元，其中基本支出1042.92万元、占比66.66%，项目支出521.56万元、占比33.34%。",
    lambda r: (lambda a, b: f"本年度共实施{a + b}个子项目，其中市级{a}个、区级{b}个。")(r.randint(2, 9), r.randint(2, 9)),
    lambda r: "该项目共编制12个绩效指标，其中一级指标3个，二级指标9个，三级指标12个。",
    lambda r: (lambda a, b: f"| 项目 | 预算数（万元） | 占比 |\n| --- | --- | --- |\n| 设备购置 | {a} | 50% |\n"
               f"| 人员培训 | {a} | 50% |\n| 合计 | {2 * a} | 100% |")(_amount(r), 0),
    lambda r: "主要做法：1.建立制度；2.加强培训；3.规范管理。资金1.5万元，增长2.3%。",
    lambda r: "本报告于6月30日前公开，2024年2月29日报送。截至2024年12月31日，资金全部拨付。",
]


# ---------------------------------------------------------------- running
SHOW_MISSES = False


def bases(quick: bool) -> list[tuple[str, str, str]]:
    """(name, suffix, text) of correct documents to inject into."""
    out = [("skeleton", ".md", SKELETON)]
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for p in examples[:1] if quick else examples:
        out.append((p.stem, ".md", draft_report(p).doc.markdown()))
    if not quick and CORPUS.exists():
        out += [(p.stem, ".txt", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    return out


def inject(text: str, snippet: str, suffix: str) -> str:
    """After the first body paragraph (a blank line around it), so it sits inside the report."""
    lines = text.split("\n")
    at = next((i + 1 for i, ln in enumerate(lines) if i > 2 and ln.strip() and not ln.startswith(("#", "|"))),
              len(lines))
    if suffix == ".txt":  # a TXT draft has no Markdown: headings are plain numbered lines
        snippet = snippet.replace("\n\n", "\n").replace("## ", "")
    block = ["", snippet, ""]
    return "\n".join(lines[:at] + block + lines[at:])


def findings(tmp: Path, name: str, suffix: str, text: str) -> Counter[str]:
    p = tmp / f"{name}{suffix}"
    p.write_text(text, encoding="utf-8")
    return Counter(f.rule for f in check_document(p).findings if f.rule in WATCHED)


BY_VARIANT: dict[tuple[str, str], list[int]] = {}  # (variant, base kind) → [hits, trials], filled by run


def run(quick: bool = False, seeds: int = 3) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per rule (hits, trials), and a description of every false alarm."""
    BY_VARIANT.clear()
    recall: dict[str, tuple[int, int]] = {}
    alarms: list[str] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        docs = bases(quick)
        base_counts = {n: findings(tmp, n, s, t) for n, s, t in docs}
        for rule, gens in DEFECTS.items():
            hits = trials = 0
            variants = dict(VARIANTS)
            if rule in TABLE_CELL:
                variants["table_cell"] = table_cell
            if rule in RAW:  # machine-written ASCII: never full-width; often runs into the title
                del variants["fullwidth_digits"]
                variants["run_into_title"] = lambda s: s + " 某单位2024年度项目支出绩效自评报告"
            for seed in range(1 if quick else seeds):
                r = random.Random(f"{rule}-{seed}")
                for gen in gens:
                    snippet = gen(r)
                    for vname, vary in variants.items():
                        for name, suffix, text in docs:
                            if rule in SKELETON_ONLY and name != "skeleton":
                                continue
                            if suffix == ".txt" and "|" in snippet and rule not in ("FIG12", "SCO09"):
                                continue  # a Markdown table means nothing in a TXT draft
                            got = findings(tmp, name, suffix, inject(text, vary(snippet), suffix))
                            trials += 1
                            hit = got[rule] > base_counts[name][rule]
                            hits += hit
                            if not hit and SHOW_MISSES:
                                print(f"漏报 {rule} {vname} {name}{suffix}: {vary(snippet)!r}")
                            tally = BY_VARIANT.setdefault((vname, suffix), [0, 0])
                            tally[0] += hit
                            tally[1] += 1
            recall[rule] = (hits, trials)
        for seed in range(1 if quick else seeds):
            r = random.Random(f"clean-{seed}")
            for k, gen in enumerate(MUST_NOT_FLAG):
                snippet = gen(r)
                for vname, vary in VARIANTS.items():
                    for name, suffix, text in docs:
                        if suffix == ".txt" and "|" in snippet:
                            continue
                        got = findings(tmp, name, suffix, inject(text, vary(snippet), suffix))
                        extra = got - base_counts[name]
                        if extra:
                            alarms.append(f"{name} · must-not-flag #{k} · {vname}: {dict(extra)}")
    return recall, alarms


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one base document and one seed")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--show-misses", action="store_true", help="print every injection that was not found")
    args = ap.parse_args()
    global SHOW_MISSES
    SHOW_MISSES = args.show_misses
    recall, alarms = run(args.quick, args.seeds)
    print(f"{'规则':<8}{'命中/注入':>12}{'召回率':>10}")
    for rule, (h, t) in sorted(recall.items()):
        print(f"{rule:<8}{f'{h}/{t}':>12}{h / t * 100:>9.1f}%")
    total_h = sum(h for h, _ in recall.values())
    total_t = sum(t for _, t in recall.values())
    print(f"{'合计':<8}{f'{total_h}/{total_t}':>12}{total_h / total_t * 100:>9.1f}%")
    print("按变体（底稿类型）：" + "；".join(f"{v}{s} {h}/{t}" for (v, s), (h, t) in sorted(BY_VARIANT.items())))
    print(f"误报（必须不报的正确算式）：{len(alarms)}")
    for a in alarms:
        print("  " + a)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
