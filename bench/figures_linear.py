"""Linearity of the figure, count and wording rules on an adversarial draft: one paragraph of
up to 100,000 characters with no sentence break, thousands of amounts, rates, counts and list
markers. Prints milliseconds per rule for 12.5k, 25k, 50k and 100k characters; a linear rule
roughly doubles from one column to the next (a quadratic one quadruples).

    python bench/figures_linear.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from writer import rubric as R  # noqa: E402
from writer.checks import subjects  # noqa: E402
from writer.checks.engine import Ctx, load_rules, run_rules  # noqa: E402
from writer.read.outline import build_outline  # noqa: E402
from writer.read.text_reader import read_text  # noqa: E402

RULES = ["FIG01", "FIG02", "FIG03", "FIG05", "FIG07", "FIG08", "FIG11", "NUM06", "DEV05", "DUP03", "REF06",
         "TRM04", "LEF07", "SCO07", "FIG12", "SCO09"]
UNIT = "1、预算数120万元，支出90万元，执行率75%，共12个，其中7个、6个，于6月31日，截止2022年，"


def main() -> int:
    print("chars   index " + " ".join(f"{r:>6}" for r in RULES))
    for n in (12500, 25000, 50000, 100000):
        text = "某单位项目支出绩效自评报告\n" + (UNIT * (n // len(UNIT) + 1))[:n] + "各项目标全面完成。\n"
        doc = read_text(Path("adversarial.txt"), text)
        rub = build_outline(doc, R.load_all(), None)
        rules = {r.id: r for r in load_rules(rub)}
        ctx = Ctx(doc, rub)
        t = time.perf_counter()
        subjects.index(ctx)  # builds ctx.quantities too
        cols = [time.perf_counter() - t]
        for rid in RULES:
            t = time.perf_counter()
            run_rules(ctx, [rules[rid]])
            cols.append(time.perf_counter() - t)
        print(f"{n:>6} " + " ".join(f"{c * 1000:>6.0f}" for c in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
