"""Checking speed: warm (in process) and cold (`jixiao check` process) on the examples and on a
generated 30-page DOCX draft.

Run:  python bench/check_bench.py [--repeat 20]
Targets: ≤ 150 ms warm per 30-page DOCX; cold `jixiao check` ≤ 0.8 s.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from writer.check_pipeline import check_document  # noqa: E402
from writer.draft.docx_build import build  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f})"


def thirty_pages(path: Path) -> int:
    """A long draft: the examples' text four times over, one paragraph per line (≈30 A4 pages)."""
    lines: list[str] = []
    for ex in sorted((ROOT / "examples").glob("*.yaml")):
        lines += [ln for ln in draft_report(ex).doc.markdown().splitlines() if ln.strip() and not ln.startswith("|")]
    d = docx.Document()
    chars = 0
    for _ in range(4):
        for ln in lines:
            d.add_paragraph(ln.lstrip("#* "))
            chars += len(ln)
    d.save(str(path))
    return chars


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    jixiao = shutil.which("jixiao")
    cmd = [jixiao] if jixiao else [sys.executable, "-m", "writer"]
    with tempfile.TemporaryDirectory() as tmp:
        drafts = []
        for ex in sorted((ROOT / "examples").glob("*.yaml")):
            d = draft_report(ex)
            p = Path(tmp) / f"{ex.stem}.docx"
            p.write_bytes(build(d.doc, d.rubric.raw["format"]))
            drafts.append(p)
        long_doc = Path(tmp) / "thirty-pages.docx"
        chars = thirty_pages(long_doc)
        drafts.append(long_doc)
        print(f"python {sys.version.split()[0]}; 30-page draft: {chars} characters")
        print(f"{'draft':32} {'warm check':>26} {'cold jixiao check':>26}")
        for p in drafts:
            check_document(p)  # load rubrics once, as a long-running process would
            warm = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                check_document(p)
                warm.append(time.perf_counter() - t)
            cold = []
            for _ in range(max(5, args.repeat // 4)):
                t = time.perf_counter()
                subprocess.run(cmd + ["check", str(p), "--format", "json"], capture_output=True)
                cold.append(time.perf_counter() - t)
            print(f"{p.stem:32} {_ms(warm):>26} {_ms(cold):>26}")


if __name__ == "__main__":
    main()
