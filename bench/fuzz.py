"""Full hostile-corpus run: every case of tests/fuzz/corpus.py in a child process with a time limit.

    python bench/fuzz.py [--jobs 2] [--only PREFIX] [--list]

Prints cases / crashes / hangs / inputs changed / written outside / per-check counters, then the
failing cases with their last stderr lines. Exit 1 when any case fails. The machine is shared:
hangs are judged against a generous per-case limit (tests/fuzz/runner.py CASE_TIMEOUT).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz.corpus import cases  # noqa: E402
from tests.fuzz.runner import run  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="", help="run only cases whose name starts with this")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    todo = [c for c in cases(full=True) if c.name.startswith(args.only)]
    if args.list:
        for c in todo:
            print(c.name, " ".join(c.argv))
        return 0
    start = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run, todo))
    wall = time.monotonic() - start
    counters: Counter[str] = Counter()
    for r in results:
        counters.update(r.counters)
    exits = Counter(str(r.code) for r in results)
    print(f"cases            {len(results)}")
    print(f"crashes          {sum(r.crash for r in results)}")
    print(f"hangs            {sum(r.hang for r in results)}")
    print(f"inputs changed   {sum(bool(r.inputs_changed) for r in results)}")
    print(f"written outside  {sum(bool(r.outside_writes) for r in results)}")
    for k in sorted(counters):
        print(f"{k:<16} {counters[k]}")
    print(f"exit codes       {dict(sorted(exits.items()))}")
    slow = sorted(results, key=lambda r: -r.seconds)[:5]
    print("slowest          " + ", ".join(f"{r.case} {r.seconds:.1f}s" for r in slow))
    print(f"wall time        {wall:.0f}s with {args.jobs} jobs")
    bad = [r for r in results if not r.ok]
    for r in bad:
        print(f"\nFAIL {r.case}: exit {r.code} hang={r.hang} changed={r.inputs_changed} outside={r.outside_writes} {r.counters}")
        print("   " + "\n   ".join(r.stderr.strip().splitlines()[-4:]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
