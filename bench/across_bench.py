"""Cross-unit consistency, measured: recall per drift kind, false pairs, time for 200 units.

Generated batches (5–200 units) of one project type are drafted with the real pipeline; then
drifts of every kind are planted in a minority of units (indicator names, terms,
self-references, grade words, reworded standard sentences), and some units get a
different-but-similar indicator (another subject, another unit of measure, another head word
or modifier), a negated standard sentence, a place called 本市 and a 财政局 calling itself 我局
among 组织部s calling themselves 我部, none of which may be paired with the majority's. Every across finding that is not
a planted drift counts as a false pair.

Run:  python bench/across_bench.py [--sizes 5 20 50 200] [--seed 7] [--unseen] [--scaling 800]
Targets: recall ≥ 95 % per kind, 0 false pairs.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from writer import rubric as rubric_mod  # noqa: E402
from writer.across import Unit, check_across  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402
from writer.read.outline import build_outline  # noqa: E402
from writer.read.text_reader import read_markdown  # noqa: E402

BASE = (ROOT / "examples" / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
FREE = "经费使用严格执行培训费和差旅费管理规定，资金由财政直接支付，支出审批手续完整。"
TERMS = "经费使用严格执行培训费和差旅费管理规定，预算执行率按月通报，资金到位率按季分析，绩效自评报告按时报送。"

# other names a unit may give the same indicator (same slot, unit of measure, subject, head concept)
NAME_DRIFTS = {
    "培训人次": ["参训人次", "培训人数", "培训人员数量", "受训人次", "参训人数"],
    "举办党校主体班期数": ["举办党校主体班班次", "开展党校主体班期数", "组织党校主体班期数"],
    "学员结业率": ["参训学员结业率", "培训学员结业率"],
    "年度培训计划按时完成率": ["培训计划按时完成率", "年度培训计划按期完成率", "全年培训计划按时完成率"],
    "参训学员满意度": ["学员满意度", "培训学员满意度", "参训学员满意率"],
}
# different indicators of the same shape: another subject, unit of measure, head word or modifier
NEAR_MISSES = {
    "参训学员满意度": ["受益农户满意度", "参训干部满意度", "用人单位满意度", "授课教师满意度"],
    "培训人次": ["培训天数", "培训课时", "参训单位数"],
    "学员结业率": ["学员考核合格率", "学员到课率"],
    "举办党校主体班期数": ["举办专题研讨班期数", "举办党校进修班期数"],
}
NEAR_UNITS = {"培训天数": "天", "培训课时": "课时", "参训单位数": "个"}
TERM_DRIFTS = {"预算执行率": ["资金执行率", "资金支出率", "预算支出率"], "资金到位率": ["资金到账率"],
               "绩效自评报告": ["绩效自我评价报告"]}
SELF_DRIFTS = ["本局", "我局", "我单位", "本部门", "我委", "该中心", "我镇", "本中心", "我办"]
GRADE_DRIFTS = {"自评等级为“优”": "自评等级为“优秀”"}
SENTENCE_DRIFTS = {
    "资金均按计划足额到位": ["资金均已足额拨付到位", "资金都已按时足额到位", "资金已经全部足额到位"],
    "针对上述问题，下一步拟采取以下措施：": ["今后我们将重点做好以下工作：", "针对上述问题，下一步将采取以下措施：",
                                "针对上述问题，下步拟采取以下措施："],
    "经自评，本年度绩效目标总体完成": ["经过自评，本年度绩效目标全面完成", "通过自评，本年度绩效目标总体完成"],
    "公开内容与报送财政部门的材料一致": ["公开的内容与报送财政部门的材料保持一致", "公开内容与报送财政部门的材料均一致"],
    "预算资金已全部支出": ["预算资金已经全部支出完毕", "预算资金都已全部支出"],
}
# --unseen: other names the thesaurus does not list, to show where recall ends (not tuned for)
UNSEEN = {
    "NAME_DRIFTS": {"培训人次": ["培训总人次", "干部培训人次"], "学员结业率": ["学员毕业率"],
                    "举办党校主体班期数": ["党校主体班举办期数"], "参训学员满意度": ["参训学员满意程度"],
                    "年度培训计划按时完成率": ["年度培训计划完成及时率"]},
    "TERM_DRIFTS": {"预算执行率": ["财政资金执行率", "预算资金执行率"], "资金到位率": ["资金到账比例"],
                    "绩效自评报告": ["绩效自评价报告"]},
    "SELF_DRIFTS": ["我们单位", "本级", "我部门", "本委", "我所"],
    "SENTENCE_DRIFTS": {"资金均按计划足额到位": ["资金均已及时足额拨付", "资金全部按期足额到位"],
                        "针对上述问题，下一步拟采取以下措施：": ["下一步，我们将从以下几个方面加以改进：",
                                                    "针对以上问题，下一步拟采取如下措施："],
                        "经自评，本年度绩效目标总体完成": ["经自评，本年度各项绩效目标总体完成"],
                        "公开内容与报送财政部门的材料一致": ["公开内容同报送财政部门的材料一致"],
                        "预算资金已全部支出": ["预算资金已支付完毕"]},
}
KIND_RULE = {"indicator_name": "TRM11", "term_variant": "TRM12", "phrase_deviation": "TRM13", "grade_word": "TRM14",
             "self_reference": "TRM15"}


MISSED: list[str] = []


@dataclass(frozen=True)
class Planted:
    kind: str
    unit: str
    written: str  # what the unit now says (a substring of the finding's excerpt's sentence)


def _data(i: int, rng: random.Random, plants: list[Planted], near: bool) -> str:
    name = f"b{i:03d}"
    t = BASE.replace("中共湛江市委组织部", f"第{i}区委组织部").replace(FREE, TERMS)
    t = t.replace("完成值: 96", f"完成值: {90 + rng.randint(0, 9)}").replace("完成值: 98", f"完成值: {96 + rng.randint(0, 3)}")
    if near:  # a different indicator of the same shape, never to be paired with the majority's;
        # and a 局 among 部s, whose 我局 is its own name, not a drift
        t = t.replace(f"第{i}区委组织部", f"第{i}区财政局").replace("我部成立", "我局成立")
        base_name = rng.choice(sorted(NEAR_MISSES))
        other = rng.choice(NEAR_MISSES[base_name])
        t = t.replace(f"三级指标: {base_name}", f"三级指标: {other}")
        if other in NEAR_UNITS:
            t = t.replace("计量单位: 人次", f"计量单位: {NEAR_UNITS[other]}", 1)
    for p in plants:
        if p.unit != name:
            continue
        if p.kind == "indicator_name":
            base_name = next(k for k, v in NAME_DRIFTS.items() if p.written in v)
            t = t.replace(f"三级指标: {base_name}", f"三级指标: {p.written}")
        elif p.kind == "term_variant":
            base_term = next(k for k, v in TERM_DRIFTS.items() if p.written in v)
            t = t.replace(f"{base_term}按", f"{p.written}按")
        elif p.kind == "self_reference":
            t = t.replace("我部成立", f"{p.written}成立")
    return t


# text that looks like a drift but is not: a negated standard sentence, a place called 本市
NEAR_TEXT = {"资金均按计划足额到位": "资金未按计划足额到位，差额部分结转下年",
             "我部成立": "按照本市要求，我部成立"}


def _plant_text(md: str, name: str, plants: list[Planted], near: bool = False) -> str:
    if near:
        for old, new in NEAR_TEXT.items():
            md = md.replace(old, new)
    for p in plants:
        if p.unit != name:
            continue
        if p.kind == "grade_word":
            md = md.replace("自评等级为“优”", "自评等级为“优秀”")
        elif p.kind == "phrase_deviation":
            std = next(k for k, v in SENTENCE_DRIFTS.items() if p.written in v)
            assert std in md, std
            md = md.replace(std, p.written)
    return md


def make_batch(n: int, rng: random.Random) -> tuple[list[Unit], list[Planted], set[str], float]:
    names = [f"b{i:03d}" for i in range(1, n + 1)]
    per_kind = max(1, n // 8)  # each kind in about one unit in eight: always a minority
    plants: list[Planted] = []
    pools = {"indicator_name": [v for vs in NAME_DRIFTS.values() for v in vs],
             "term_variant": [v for vs in TERM_DRIFTS.values() for v in vs], "self_reference": SELF_DRIFTS,
             "grade_word": ["优秀"], "phrase_deviation": [v for vs in SENTENCE_DRIFTS.values() for v in vs]}
    for kind, pool in pools.items():
        for unit in rng.sample(names, per_kind):
            if kind == "indicator_name":  # one other name per indicator per unit
                taken = {next(k for k, v in NAME_DRIFTS.items() if p.written in v) for p in plants
                         if p.unit == unit and p.kind == kind}
                pool = [v for k, vs in NAME_DRIFTS.items() if k not in taken for v in vs]
            plants.append(Planted(kind, unit, rng.choice(pool)))
    planted_units = {p.unit for p in plants}
    free = [u for u in names if u not in planted_units] or names
    near_units = set(rng.sample(free, min(len(free), max(1, n // 5))))
    rubrics = rubric_mod.load_all()
    units, t0 = [], time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(names, 1):
            path = Path(tmp) / f"{name}.yaml"
            path.write_text(_data(i, rng, plants, name in near_units), encoding="utf-8")
            drafted = draft_report(path)
            md = _plant_text(drafted.doc.markdown(), name, plants, name in near_units)
            doc = read_markdown(Path(f"{name}.md"), md)
            build_outline(doc, rubrics, drafted.rubric)
            units.append(Unit(name, doc))
    return units, plants, near_units, time.perf_counter() - t0


def score(units: list[Unit], plants: list[Planted]) -> tuple[Counter[str], Counter[str], list[str], float]:
    t0 = time.perf_counter()
    found = check_across(units)
    elapsed = time.perf_counter() - t0
    hit: Counter[str] = Counter()
    planted: Counter[str] = Counter(p.kind for p in plants)
    explained = set()
    for p in plants:
        fs = [f for f in found[p.unit] if f.rule == KIND_RULE[p.kind] and
              (p.written in f.excerpt or f.excerpt in p.written or p.written in f.message)]
        if fs:
            hit[p.kind] += 1
            explained.update(id(f) for f in fs)
        else:
            MISSED.append(f"{p.unit}: {p.kind} {p.written}")
    false = [f"{u}: {f.rule} {f.message}" for u, fs in found.items() for f in fs if id(f) not in explained]
    return planted, hit, false, elapsed


def scaling(n: int, seed: int) -> int:
    """Is the check linear? The same batch cut to 100, 200, 400 … units, best of three each."""
    units, _plants, _near, _t = make_batch(n, random.Random(seed))
    check_across(units[:5])  # load the dictionary and the phrase bank once
    size = 100
    while size <= n:
        best = min(_timed(units[:size]) for _ in range(3))
        print(f"{size:>6} 个单位  {best:.2f} s  {1000 * best / size:.1f} ms／单位")
        size *= 2
    return 0


def _timed(units: list[Unit]) -> float:
    t0 = time.perf_counter()
    check_across(units)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 50, 200])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--unseen", action="store_true", help="plant only variants the thesaurus does not list")
    ap.add_argument("--scaling", type=int, metavar="N", help="time the check on 100, 200, 400 … N units of one batch")
    args = ap.parse_args()
    if args.scaling:
        return scaling(args.scaling, args.seed)
    if args.unseen:
        globals().update(UNSEEN)
    total_planted: Counter[str] = Counter()
    total_hit: Counter[str] = Counter()
    all_false: list[str] = []
    print(f"{'单位数':>6} {'起草(s)':>8} {'跨单位检查(s)':>12} {'植入':>5} {'检出':>5} {'误配':>5} {'相似而不同的指标':>8}")
    for n in args.sizes:
        rng = random.Random(args.seed * 1000 + n)
        units, plants, near, t_draft = make_batch(n, rng)
        planted, hit, false, t_check = score(units, plants)
        total_planted += planted
        total_hit += hit
        all_false += false
        print(f"{n:>6} {t_draft:>8.2f} {t_check:>12.2f} {sum(planted.values()):>5} {sum(hit.values()):>5} "
              f"{len(false):>5} {len(near):>8}")
    print("\n按类型的检出率：")
    for kind in KIND_RULE:
        p, h = total_planted[kind], total_hit[kind]
        print(f"  {kind:<18} {KIND_RULE[kind]}  {h}/{p}  {100 * h / p if p else 0:.1f}%")
    print(f"漏检：{len(MISSED)}")
    for line in MISSED[:20]:
        print("  " + line)
    print(f"误配（报告了但不是植入的不一致）：{len(all_false)}")
    for line in all_false[:20]:
        print("  " + line)
    ok = all(total_hit[k] >= 0.95 * total_planted[k] for k in KIND_RULE) and not all_false
    print("达标" if ok else "未达标（目标：每类检出率 ≥ 95%，误配 0）")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
