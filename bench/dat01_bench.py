"""DAT01 (check --data) time against the document's length: the alignment must stay linear.

The example data's draft with a figure changed in every paragraph and, after each, N paragraphs a
person added (N = 0/4/16: the document grows, the changed stretches are long and have no anchors). Prints units and milliseconds per run for DAT01 alone; with
`--against REV` the same inputs are timed with DAT01 as it was at a git revision, side by side.

    python bench/dat01_bench.py [--sizes 1,4,16] [--against main]
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from writer.check_pipeline import check_read  # noqa: E402
from writer.checks import draft_agreement  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402
from writer.read.text_reader import read_markdown  # noqa: E402

DATA = ROOT / "examples" / "project-zhanjiang-2020.yaml"


def _edited(md: str, times: int, seed: int = 1) -> str:
    """Every drafted paragraph with one figure changed, and after each `times` paragraphs a person
    added (a drafted paragraph with its characters shuffled): long changed stretches, few anchors."""
    rnd = random.Random(seed)
    head, _, body = md.partition("\n\n")
    paras = [p for p in body.split("\n\n") if p.strip()]
    prose = [p for p in paras if not p.startswith(("|", "#", "---"))]
    out = []
    for p in paras:
        if p.startswith(("|", "#", "---")):
            out.append(p)
            continue
        out.append(p.replace("0", "1", 1))
        for _ in range(times):
            chars = list(rnd.choice(prose))
            rnd.shuffle(chars)
            out.append("".join(chars))
    return head + "\n\n" + "\n\n".join(out)


def _module_at(rev: str):  # type: ignore[no-untyped-def]
    src = subprocess.run(["git", "show", f"{rev}:writer/checks/draft_agreement.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    src = src.replace("from ..", "from writer.").replace("from .engine", "from writer.checks.engine") \
             .replace("from .params", "from writer.checks.params")
    src = src.replace('@register("draft_agreement"', '@(lambda *a, **k: (lambda f: f))("draft_agreement"')
    path = Path(tempfile.mkdtemp()) / "old_draft_agreement.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_draft_agreement", path)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["old_draft_agreement"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="0,4,16,64")
    ap.add_argument("--against", default=None, help="git revision whose DAT01 to time alongside")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    drafted = draft_report(DATA)
    md = drafted.doc.markdown()  # type: ignore[union-attr]
    old = _module_at(args.against) if args.against else None
    print(f"{'×':>4} {'units':>6} {'findings':>8} {'now ms':>8}" + (f" {args.against + ' ms':>10}" if old else ""))
    for times in [int(x) for x in args.sizes.split(",")]:
        doc = read_markdown(Path("edited.md"), _edited(md, times))
        checked = check_read(doc, data=DATA, disabled={"*"})  # builds outline and ctx once
        from writer.checks.engine import Ctx, load_rules

        rule = next(r for r in load_rules(checked.rubric) if r.id == "DAT01")
        ctx = Ctx(doc, checked.rubric, drafted)
        units = len(draft_agreement._units(doc))
        row = []
        for fn in [draft_agreement.draft_agreement] + ([old.draft_agreement] if old else []):
            best = float("inf")
            for _ in range(args.runs):
                t = time.perf_counter()
                hits = list(fn(ctx, rule))
                best = min(best, time.perf_counter() - t)
            row.append((len(hits), best * 1000))
        line = f"{times:>4} {units:>6} {row[0][0]:>8} {row[0][1]:>8.1f}"
        if old:
            line += f" {row[1][1]:>10.1f}   (old findings {row[1][0]})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
