"""Batch speed and memory: 1,000 generated units → DOCX on this machine, and import of a
30-page DOCX.

Run:  python bench/batch_bench.py [--units 1000]
Targets: ≤ 60 s wall for 1,000 units, flat memory (peak RSS of 200 vs 1,000 units), import of
a 30-page DOCX ≤ 300 ms.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from check_bench import thirty_pages  # noqa: E402

from writer.importer import import_report  # noqa: E402


def make_units(folder: Path, n: int) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in examples]
    for i in range(n):
        t = texts[i % len(texts)]
        t = t.replace("单位名称: ", f"单位名称: 第{i + 1}号", 1)
        (folder / f"unit{i + 1:04d}.yaml").write_text(t, encoding="utf-8")


def run(n: int, cmd: list[str], tmp: Path) -> tuple[float, float]:
    units, out = tmp / f"units{n}", tmp / f"out{n}"
    units.mkdir()
    make_units(units, n)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(cmd + ["batch", str(units), "-o", str(out)], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stderr[-2000:])
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    made = len(list(out.glob("*.docx")))
    print(f"{n:5d} units: {wall:6.1f} s wall, {made} DOCX, {wall / n * 1000:5.1f} ms per unit, "
          f"peak RSS of one process {peak:6.1f} MB")
    return wall, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    args = ap.parse_args()
    jixiao = shutil.which("jixiao")
    cmd = [jixiao] if jixiao else [sys.executable, "-m", "writer"]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        run(200, cmd, tmpdir)
        run(args.units, cmd, tmpdir)
        long_doc = tmpdir / "thirty.docx"
        thirty_pages(long_doc)
        import_report(long_doc)
        warm = []
        for _ in range(10):
            t = time.perf_counter()
            import_report(long_doc)
            warm.append(time.perf_counter() - t)
        cold = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(cmd + ["import", str(long_doc), "-o", str(tmpdir / "imp.yaml"), "--force"], capture_output=True)
            cold.append(time.perf_counter() - t)
        print(f"import of a 30-page DOCX: {statistics.median(warm) * 1000:.0f} ms warm, "
              f"{statistics.median(cold) * 1000:.0f} ms cold (whole jixiao import process)")


if __name__ == "__main__":
    main()
