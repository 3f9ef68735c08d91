"""Checking speed on generated long drafts, and cold start of the CLI side by side.

    python bench/check_bench.py            # warm check of 5/30/100/300-page DOCX and TXT (with tables)
    python bench/check_bench.py --cold     # also cold processes side by side (bench/cold_bench.py, hyperfine)

A page is ~700 characters of body text (GB/T 9704: 22 lines × 28 characters, a little less with
headings); every 3 pages carry an indicator table. Targets (issue 11): time per page flat within
1.5× from 30 to 300 pages; 300 pages ≤ 0.6 s warm; cold `jixiao check` ≤ 1.5× and `jixiao draft`
≤ 2.0× `python -c "import docx"`, `jixiao --version` ≤ 0.5×. The machine may be shared: compare
ratios measured in the same run, not absolute times across runs.
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


def warm(path: Path, repeat: int) -> float:
    check_document(path)  # rubrics loaded once, as in a long-running process
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        check_document(path)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


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
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print(f"python {sys.version.split()[0]}; a page = {PAGE_CHARS} characters; warm = median of {args.repeat}")
        print(f"{'draft':<10} {'pages':>5} {'warm check':>12} {'ms/page':>9}")
        for fmt, writer in (("docx", write_docx), ("txt", write_txt)):
            per_page = {}
            for pages in SIZES:
                p = tmp / f"p{pages}.{fmt}"
                writer(p, pages)
                s = warm(p, args.repeat if pages < 300 else max(3, args.repeat // 2))
                per_page[pages] = s / pages
                print(f"{fmt:<10} {pages:>5} {s * 1000:9.0f} ms {s / pages * 1000:9.2f}")
            print(f"{fmt:<10} time per page, 300 vs 30 pages: {per_page[300] / per_page[30]:.2f}×")
        if args.cold:
            cold(tmp, args.runs)


if __name__ == "__main__":
    main()
