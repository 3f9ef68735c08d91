"""Cold start of the CLI against `python -c "import docx"`, side by side in ONE hyperfine run.

    python bench/cold_bench.py                 # the issue 11 targets, with the per-user cache warm
    python bench/cold_bench.py --no-cache      # the same with JIXIAO_NO_CACHE=1 (first run after an upgrade)
    python bench/cold_bench.py --runs 40 --repeat 3   # three hyperfine runs: the spread of the ratios
    /path/to/venv/bin/python bench/cold_bench.py      # the jixiao installed in that venv (pip install .)
    python bench/cold_bench.py --instructions  # + instructions counted by valgrind: the same however busy the machine
    python bench/cold_bench.py --interleave    # commands timed in turn, round after round (a shared machine)
    python bench/cold_bench.py --interleave --against /old/venv/bin/python   # that install's check/draft too

Targets (issue 11 item 5): `jixiao draft <example>` ≤ 2.0 ×, `jixiao check <a draft.docx>` ≤ 1.5 ×,
`jixiao --version` ≤ 0.5 × the time of `python -c "import docx"`. The machine may be shared: only
ratios measured in the same run mean anything; CPU (user + system) ratios are printed too, as
they move less than wall time under load.

Like an installed package, the run uses compiled bytecode (.pyc): the package is byte-compiled
first and PYTHONDONTWRITEBYTECODE is removed from the commands' environment (a pip-installed
wheel ships .pyc files; without them every module is compiled from source on each start).

The cache is a folder of the run's own (XDG_CACHE_HOME in a temporary folder), filled by one run of
each command before timing: on a shared machine other people's jixiao processes write the same
per-user cache (the stored regex table, for instance), which would make one run differ from the next.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "project-zhanjiang-2020.yaml"
TARGETS = {"jixiao --version": 0.5, "jixiao check": 1.5, "jixiao draft": 2.0}


def _jixiao() -> list[str]:
    beside = Path(sys.executable).with_name("jixiao")
    found = str(beside) if beside.exists() else shutil.which("jixiao")
    return [found] if found else [sys.executable, "-m", "writer"]


def instructions(command: str, env: dict[str, str]) -> float:
    """Instructions the command executes (valgrind's callgrind): unlike time, the same on a busy machine."""
    import re
    import shlex

    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *shlex.split(command)],
                         capture_output=True, text=True, env={**env, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    return float(found.group(1)) if found else float("nan")


def measure(tmp: Path, runs: int, no_cache: bool, count: bool = False,
            interleave: bool = False, against: str | None = None) -> dict[str, dict[str, float]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")  # this run's own per-user cache, warmed below
    if no_cache:
        env["JIXIAO_NO_CACHE"] = "1"
    import writer

    compileall.compile_dir(str(Path(writer.__file__).parent), quiet=1)
    jixiao = " ".join(_jixiao())
    draft = tmp / "draft.docx"
    subprocess.run([*_jixiao(), "draft", str(EXAMPLE), "-o", str(draft)], check=True, env=env, capture_output=True)
    subprocess.run([*_jixiao(), "check", str(draft), "--format", "json"], env=env, capture_output=True)  # warm
    commands = {
        "import docx": f'{sys.executable} -c "import docx"',
        "jixiao --version": f"{jixiao} --version",
        "jixiao check": f"{jixiao} check {draft} --format json",
        "jixiao draft": f"{jixiao} draft {EXAMPLE} -o {tmp / 'out.docx'} --force",
    }
    if against:  # another install (e.g. the last release) in the same rounds, with a cache of its own
        other = Path(against).with_name("jixiao")
        env_other = f"env XDG_CACHE_HOME={tmp / 'cache-other'}"
        for argv in (["draft", str(EXAMPLE), "-o", str(tmp / "other.docx"), "--force"], ["check", str(draft), "--format", "json"]):
            subprocess.run([str(other), *argv], env={**env, "XDG_CACHE_HOME": str(tmp / "cache-other")}, capture_output=True)
        commands["other check"] = f"{env_other} {other} check {draft} --format json"
        commands["other draft"] = f"{env_other} {other} draft {EXAMPLE} -o {tmp / 'other.docx'} --force"
    if interleave:
        results = _interleaved(commands, runs, env)
    else:
        results = _hyperfine(commands, runs, env, tmp)
    if count:
        for name, c in commands.items():
            results[name]["ir"] = instructions(c, env)
    return results


def _interleaved(commands: dict[str, str], runs: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Round after round, each command once per round: a busy spell on a shared machine falls on
    all commands alike (hyperfine runs one command's runs back to back)."""
    import shlex
    import time

    argv = {name: shlex.split(c) for name, c in commands.items()}
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(runs + 3):  # three rounds of warm-up
        for name, words in argv.items():
            start = time.perf_counter()
            proc = subprocess.Popen(words, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            _, _, usage = os.wait4(proc.pid, 0)
            if i >= 3:
                times[name].append(time.perf_counter() - start)
                cpu[name].append(usage.ru_utime + usage.ru_stime)
    return {name: {"median": statistics.median(times[name]), "cpu": statistics.median(cpu[name])} for name in commands}


def _hyperfine(commands: dict[str, str], runs: int, env: dict[str, str], tmp: Path) -> dict[str, dict[str, float]]:
    hyperfine = shutil.which("hyperfine")
    if not hyperfine:
        sys.exit("hyperfine is needed (apt-get install hyperfine)")
    export = tmp / "hf.json"
    cmd = [hyperfine, "-N", "-i", "--warmup", "3", "--runs", str(runs), "--export-json", str(export)]
    for name, c in commands.items():
        cmd += ["-n", name, c]
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return {r["command"]: {"median": statistics.median(r["times"]), "cpu": r["user"] + r["system"]}
            for r in json.loads(export.read_text())["results"]}


def report(results: dict[str, dict[str, float]], runs: int, no_cache: bool, interleave: bool = False) -> bool:
    base = results["import docx"]
    how = f"{runs} rounds of all commands in turn" if interleave else f"hyperfine -N --warmup 3 --runs {runs}"
    print(f"cold start, {how}, one run side by side"
          f"{'，JIXIAO_NO_CACHE=1' if no_cache else ''} (load average {os.getloadavg()[0]:.1f}; {' '.join(_jixiao())}):")
    count = "ir" in base
    print(f"  {'command':<18} {'median':>9} {'× docx':>7} {'target':>7}  {'CPU':>8} {'× docx':>7}"
          + (f"  {'instructions':>12} {'× docx':>7}" if count else ""))
    ok = True
    for name, r in results.items():
        ratio, cpu_ratio = r["median"] / base["median"], r["cpu"] / base["cpu"]
        target = TARGETS.get(name)
        met = target is None or ratio <= target
        ok &= met
        tgt = f"≤{target:.1f}" if target else ""
        ir = f"  {r['ir'] / 1e6:10.1f} M {r['ir'] / base['ir']:6.2f}×" if count else ""
        print(f"  {name:<18} {r['median'] * 1000:7.1f}ms {ratio:6.2f}× {tgt:>7}  {r['cpu'] * 1000:6.1f}ms {cpu_ratio:6.2f}×"
              + ir + ("" if met else "  NOT MET"))
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--no-cache", action="store_true", help="JIXIAO_NO_CACHE=1 for every command")
    ap.add_argument("--repeat", type=int, default=1, help="hyperfine runs one after another (the spread of the ratios)")
    ap.add_argument("--interleave", action="store_true",
                    help="time the commands in turn, round after round, instead of hyperfine (median wall and CPU time)")
    ap.add_argument("--against", metavar="PYTHON", help="also time the jixiao installed beside this python (before/after)")
    ap.add_argument("--instructions", action="store_true",
                    help="also count each command's instructions once with valgrind (callgrind): a ratio load does not move")
    args = ap.parse_args()
    ok, ratios = True, []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            results = measure(Path(tmp), args.runs, args.no_cache, args.instructions, args.interleave, args.against)
        ok &= report(results, args.runs, args.no_cache, args.interleave)
        ratios.append({name: r["median"] / results["import docx"]["median"] for name, r in results.items()})
    if args.repeat > 1:
        print(f"spread over {args.repeat} runs (median wall time × import docx): "
              + "; ".join(f"{name} {min(r[name] for r in ratios):.2f}–{max(r[name] for r in ratios):.2f}×"
                          for name in TARGETS))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
