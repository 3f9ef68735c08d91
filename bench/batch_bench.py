"""Batch speed and memory: generated units → DOCX, an unchanged rerun, a rerun with one unit
changed; and import of a 30-page DOCX.

Run:  python bench/batch_bench.py [--units 1000] [--jobs N] [--no-import] [--against main]
Targets (issue 11): 1,000 units ≤ 25 s on 2 cores; unchanged rerun ≤ 5 s; memory flat from
200 to 1,000 units. Each size gets a fresh units folder and a fresh output folder; memory is
the peak of the summed RSS of the whole process tree (the batch and its pool workers), sampled
every 50 ms. The machine load is printed with the figures: compare runs made side by side.
CPU seconds are those of the whole tree (the batch and its workers, user + sys): on a shared
machine they say more than the wall time. `--against REV` runs the same sizes with the jixiao
code of a git revision (or of a folder holding another checkout) in the same run, alternating,
and prints the ratio of CPU seconds.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def make_units(folder: Path, n: int) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in examples]
    for i in range(n):
        t = texts[i % len(texts)]
        t = t.replace("单位名称: ", f"单位名称: 第{i + 1}号", 1)
        (folder / f"unit{i + 1:04d}.yaml").write_text(t, encoding="utf-8")


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """Wall seconds, peak MB of the process tree, exit code, CPU seconds of the tree (user+sys,
    workers included: they are waited for). On a shared machine CPU seconds ÷ cores is what the
    run would take on idle cores, if it parallelises fully."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # run from a neutral folder: `python -m writer` puts the current folder first on sys.path
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir())
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(err[-2000:])
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, peak / 2 ** 20, proc.returncode, cpu


def run(n: int, cmd: list[str], tmp: Path, jobs: list[str], env: dict[str, str] | None = None,
        label: str = "") -> float:
    """One size: first run, unchanged rerun, one unit changed. Returns the first run's CPU seconds."""
    units, out = Path(tempfile.mkdtemp(dir=tmp, prefix=f"units{n}-")), tmp / f"out{n}-{time.time_ns()}"
    make_units(units, n)
    batch = cmd + ["batch", str(units), "-o", str(out), *jobs]
    first, mem, code, cpu1 = timed(batch, env)
    made = len(list(out.glob("*.docx")))
    again, mem2, _, cpu2 = timed(batch, env)
    one = units / "unit0001.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace("单位名称: 第1号", "单位名称: 第1号改", 1), encoding="utf-8")
    changed, _, _, cpu3 = timed(batch, env)
    cores = os.cpu_count() or 1
    print(f"{label}{n:5d} units: first run {first:6.1f} s wall, {cpu1:6.1f} CPU s (÷{cores} cores = {cpu1 / cores:5.1f} s; "
          f"{cpu1 / n * 1000:5.1f} CPU ms/unit), {made} DOCX, exit {code}; unchanged rerun {again:5.2f} s wall "
          f"({cpu2:5.2f} CPU s); one changed {changed:5.2f} s wall ({cpu3:5.2f} CPU s); "
          f"peak memory of the process tree {mem:6.1f} MB (rerun {mem2:5.1f} MB); "
          f"load {os.getloadavg()[0]:.1f}")
    return cpu1


def bench_import(cmd: list[str], tmp: Path) -> None:
    from check_bench import thirty_pages

    from writer.importer import import_report

    long_doc = tmp / "thirty.docx"
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
        subprocess.run(cmd + ["import", str(long_doc), "-o", str(tmp / "imp.yaml"), "--force"], capture_output=True)
        cold.append(time.perf_counter() - t)
    print(f"import of a 30-page DOCX: {statistics.median(warm) * 1000:.0f} ms warm, "
          f"{statistics.median(cold) * 1000:.0f} ms cold (whole jixiao import process)")


def on_path(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}


def checkout(rev: str, folder: Path) -> Path:
    """The files of a git revision (git archive), to run its code beside this one's."""
    import io
    import tarfile

    tar = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return folder


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--small", type=int, default=200, help="the smaller size, for the memory comparison")
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--no-import", action="store_true")
    ap.add_argument("--against", help="a git revision (or another checkout's folder): its jixiao runs the same sizes")
    args = ap.parse_args()
    jixiao = shutil.which("jixiao")
    cmd = [jixiao] if jixiao and not args.against else [sys.executable, "-m", "writer"]
    # `python -m writer` runs this checkout's code (PYTHONPATH; the runs start in a neutral folder)
    codes: list[tuple[str, dict[str, str] | None]] = [("", None if cmd == [jixiao] else on_path(ROOT))]
    other_tmp = tempfile.TemporaryDirectory()
    if args.against:  # both as `python -m writer` with the code on PYTHONPATH, so neither is favoured
        other = Path(args.against)
        if not other.is_dir():
            other = checkout(args.against, Path(other_tmp.name))
        codes = [(f"{args.against}: ", on_path(other.resolve())), ("this: ", on_path(ROOT))]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at start")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for n in dict.fromkeys([args.small, args.units]):
            cpu = [run(n, cmd, tmpdir, jobs, env, label) for label, env in codes]
            if len(cpu) == 2:
                print(f"{n:5d} units: CPU seconds this / {codes[0][0].rstrip(': ')} = {cpu[1] / cpu[0]:.2f}")
        if not args.no_import:
            bench_import(cmd, tmpdir)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at end")
    other_tmp.cleanup()


if __name__ == "__main__":
    main()
