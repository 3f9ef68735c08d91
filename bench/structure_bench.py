"""Full-length reports with structure (目录, 摘要, 附件, merged-cell tables): warm check time at
44 pages and at ~300 pages, so linearity shows as time per page staying flat.

Run:  python bench/structure_bench.py [--repeat 5]
Target: a 300-page DOCX checks in under a second warm (issue 7 item 9).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import long_report  # noqa: E402
from writer.check_pipeline import check_document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, 7):
            p = Path(tmp) / f"long{copies}.docx"
            pages = long_report.to_docx(p, copies)
            check_document(p)  # warm: rubrics, rules and imports loaded
            times, cpu = [], []
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                found = check_document(p).findings
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            med = statistics.median(times)
            # CPU time too: on a shared machine the wall clock includes waiting for a core
            print(f"{pages:4d} pages: {med * 1000:7.1f} ms warm (min {min(times) * 1000:.1f}), "
                  f"CPU {statistics.median(cpu) * 1000:7.1f} ms, {med * 1000 / pages:5.2f} ms/page, "
                  f"{len(found)} findings")


if __name__ == "__main__":
    main()
