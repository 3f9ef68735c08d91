"""One system, long run: many random valid data files per report type, drafted and checked
(without and with --data); prints per type how many were clean and the rules that fired.

Run:  python bench/one_system_bench.py [--runs 1000] [--docx]
--docx checks the DOCX (built, written beside the data file and read back) instead of the Markdown text.
Fresh random data every run (the test suite's run is derandomized); exit 1 when any finding
at warning or above appears, with the data file kept under /tmp for a look.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

import draft_variants as dv  # noqa: E402


def _docx_findings(path: Path) -> tuple[list, list]:  # type: ignore[type-arg]
    from writer.check_pipeline import check_read
    from writer.draft.docx_build import build
    from writer.pipeline import draft_report
    from writer.read.docx_reader import read_docx

    d = draft_report(path)
    docx_path = path.with_suffix(".docx")  # beside the random data file, in the bench's own folder
    docx_path.write_bytes(build(d.doc, d.rubric.raw["format"]))
    return check_read(read_docx(docx_path)).findings, check_read(read_docx(docx_path), data=path).findings


def run(kind: str, runs: int, as_docx: bool, folder: Path) -> tuple[int, collections.Counter, dict]:  # type: ignore[type-arg]
    fired: collections.Counter = collections.Counter()  # type: ignore[type-arg]
    example: dict = {}  # type: ignore[type-arg]
    count = [0]

    @settings(max_examples=runs, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(dv.STRATEGIES[kind]())
    def one(data: dict) -> None:  # type: ignore[type-arg]
        path = dv.write_data(data, folder)
        plain, with_data = _docx_findings(path) if as_docx else dv.findings_for(path)[:2]
        count[0] += 1
        for tag, found in (("", plain), ("--data ", with_data)):
            for s in dv.serious(found):
                key = tag + s.split()[0]
                fired[key] += 1
                example.setdefault(key, (s, path))

    one()
    return count[0], fired, example


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--docx", action="store_true")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jixiao-one-system-"))
    bad = 0
    for kind in sorted(dv.STRATEGIES):
        t = time.perf_counter()
        n, fired, example = run(kind, args.runs, args.docx, folder)
        took = time.perf_counter() - t
        print(f"{kind:20s} {n:5d} drafts  {took / max(n, 1) * 1000:6.1f} ms each  "
              f"{'clean' if not fired else 'FINDINGS'}")
        for key, c in fired.most_common():
            bad += c
            print(f"    {c:4d} × {key}: {example[key][0]}  ({example[key][1]})")
    print(f"data files kept in {folder}" if bad else "all clean")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
