"""Checking speed on generated long drafts, and cold start of the CLI side by side.

    python bench/check_bench.py            # warm check of 5/30/100/300-page DOCX and TXT (with tables)
    python bench/check_bench.py --cold     # also cold processes side by side (bench/cold_bench.py, hyperfine)
    python bench/check_bench.py --against ../main   # A/B: the same drafts checked by another checkout
                                                    # (e.g. main) and this one, alternating, in one run

A page is ~700 characters of body text (GB/T 9704: 22 lines × 28 characters, a little less with
headings); every 3 pages carry an indicator table. Targets (issue 11): time per page flat within
1.5× from 30 to 300 pages; 300 pages ≤ 0.6 s warm; cold `jixiao check` ≤ 1.5× and `jixiao draft`
≤ 2.0× `python -c "import docx"`, `jixiao --version` ≤ 0.5×. The machine may be shared: compare
ratios measured in the same run, not absolute times across runs.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from writer.check_pipeline import check_document  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402

PAGE_CHARS = 700
SIZES = (5, 30, 100, 300)
EXAMPLE = ROOT / "examples" / "department-panyu-2023.yaml"


def _parts() -> tuple[list[tuple[int, str]], list[list[str]]]:
    """(heading level or 0, text) of the example draft, and its indicator table rows."""
    md = draft_report(EXAMPLE).doc.markdown().splitlines()
    blocks: list[tuple[int, str]] = []
    table: list[list[str]] = []
    for ln in md:
        s = ln.strip()
        if not s or s.startswith("---") or set(s) <= set("|-: "):
            continue
        if s.startswith("|"):
            if not table or len(table) < 40:
                table.append([c.strip() for c in s.strip("|").split("|")])
        elif s.startswith("#"):
            blocks.append((min(len(s) - len(s.lstrip("#")), 4), s.lstrip("# ")))
        else:
            blocks.append((0, s.strip("* ")))
    return blocks, table


def long_draft(pages: int) -> tuple[list[tuple[int, str]], list[list[str]]]:
    """The example's sections in order, body paragraphs repeated until the draft has `pages` pages;
    a ("table", …) marker every 3 pages."""
    blocks, table = _parts()
    body_chars = sum(len(t) for lvl, t in blocks if lvl == 0) or 1
    repeat = max(1, round(pages * PAGE_CHARS / body_chars))
    out: list[tuple[int, str]] = []
    chars = 0
    for lvl, text in blocks:
        if lvl:
            out.append((lvl, text))
            continue
        for _ in range(repeat):
            out.append((0, text))
            chars += len(text)
            if chars >= PAGE_CHARS * 3:
                out.append((-1, "table"))
                chars = 0
    return out, table


def write_docx(path: Path, pages: int) -> None:
    import docx

    blocks, table = long_draft(pages)
    d = docx.Document()
    for lvl, text in blocks:
        if lvl > 0:
            d.add_heading(text, level=min(lvl, 4))
        elif lvl == 0:
            d.add_paragraph(text)
        else:
            t = d.add_table(rows=len(table), cols=max(len(r) for r in table))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    d.save(str(path))


def write_txt(path: Path, pages: int) -> None:
    blocks, table = long_draft(pages)
    lines = []
    for lvl, text in blocks:
        lines += ["\t".join(r) for r in table] if lvl < 0 else [text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def warm(path: Path, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of a warm check. On a shared machine the CPU time is what the
    check costs (wall time also holds the waits for a core); compare both."""
    check_document(path)  # rubrics loaded once, as in a long-running process
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        check_document(path)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


# one warm measurement in a fresh process, with the code of the checkout at argv[1] (A/B runs)
_WORKER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from writer.check_pipeline import check_document
out = {}
for name in sys.argv[3:]:
    p = Path(name)
    findings = len(check_document(p).findings)
    walls, cpus = [], []
    for _ in range(int(sys.argv[2])):
        t, c = time.perf_counter(), time.process_time()
        check_document(p)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    out[name] = (sorted(walls)[len(walls) // 2], min(cpus), findings)
print(json.dumps(out))
"""


def against(tmp: Path, other: Path, rounds: int, repeat: int) -> None:
    """The 30- and 300-page drafts checked by `other` (another checkout) and by this one, in
    fresh processes taking turns, so both see the same load: median wall and least CPU per side,
    the ratio this/other, and whether both report the same number of findings."""
    import json
    import subprocess

    files = []
    for fmt, writer in (("docx", write_docx), ("txt", write_txt)):
        for pages in (30, 300):
            p = tmp / f"ab{pages}.{fmt}"
            writer(p, pages)
            files.append(str(p))
    sides = {"other": other.resolve(), "this": ROOT}
    seen: dict[str, list[dict[str, list[float]]]] = {k: [] for k in sides}
    for _ in range(rounds):
        for side, root in sides.items():
            run = subprocess.run([sys.executable, "-c", _WORKER, str(root), str(repeat), *files],
                                 capture_output=True, text=True, check=True)
            seen[side].append(json.loads(run.stdout))
    print(f"A/B: {other} (other) against {ROOT} (this), {rounds} rounds of {repeat}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'draft':<12} {'other wall':>11} {'this wall':>10} {'other CPU':>10} {'this CPU':>9} {'CPU this/other':>15} findings")
    for f in files:
        o = [r[f] for r in seen["other"]]
        t = [r[f] for r in seen["this"]]
        ow, tw = statistics.median(x[0] for x in o), statistics.median(x[0] for x in t)
        oc, tc = min(x[1] for x in o), min(x[1] for x in t)
        same = "same" if o[0][2] == t[0][2] else f"{o[0][2]} vs {t[0][2]}"
        print(f"{Path(f).name:<12} {ow * 1000:8.0f} ms {tw * 1000:7.0f} ms {oc * 1000:7.0f} ms {tc * 1000:6.0f} ms "
              f"{tc / oc:14.2f}× {same}")


def cold(tmp: Path, runs: int) -> None:
    """The cold-start part lives in bench/cold_bench.py (one hyperfine run, ratios to import docx)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import cold_bench

    cold_bench.report(cold_bench.measure(tmp, runs, no_cache=False), runs, no_cache=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--against", type=Path, help="another checkout of jixiao (e.g. main) to compare with, A/B")
    ap.add_argument("--rounds", type=int, default=3, help="A/B: processes per side, taking turns")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.against is not None:
            against(tmp, args.against, args.rounds, args.repeat)
            return
        print(f"python {sys.version.split()[0]}; a page = {PAGE_CHARS} characters; warm = median of {args.repeat}")
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        print(f"{'draft':<10} {'pages':>5} {'warm wall':>11} {'warm CPU':>11} {'wall ms/page':>13} {'CPU ms/page':>12}")
        for fmt, writer in (("docx", write_docx), ("txt", write_txt)):
            per_page, cpu_page = {}, {}
            for pages in SIZES:
                p = tmp / f"p{pages}.{fmt}"
                writer(p, pages)
                s, c = warm(p, args.repeat if pages < 300 else max(3, args.repeat // 2))
                per_page[pages], cpu_page[pages] = s / pages, c / pages
                print(f"{fmt:<10} {pages:>5} {s * 1000:8.0f} ms {c * 1000:8.0f} ms {s / pages * 1000:13.2f} {c / pages * 1000:12.2f}")
            print(f"{fmt:<10} time per page, 300 vs 30 pages: wall {per_page[300] / per_page[30]:.2f}×, "
                  f"CPU {cpu_page[300] / cpu_page[30]:.2f}×")
        if args.cold:
            cold(tmp, args.runs)


if __name__ == "__main__":
    main()
