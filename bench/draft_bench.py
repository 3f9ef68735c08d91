"""Drafting speed: warm per report, cold `jixiao draft` process, pandoc and plain python-docx.

Run:  python bench/draft_bench.py [--repeat 30]
Prints one table; figures go in README. Targets: warm ≤ 40 ms per report, cold ≤ 0.5 s,
and no segmentation library (rjieba/jieba) imported by `draft`.
"""
from __future__ import annotations

import argparse
import io
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

from writer.draft.docx_build import build  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (min {min(samples) * 1000:.1f})"


def warm(path: Path, repeat: int) -> tuple[list[float], bytes, str]:
    times = []
    data, md = b"", ""
    for _ in range(repeat):
        t = time.perf_counter()
        d = draft_report(path)
        data = build(d.doc, d.rubric.raw["format"])
        times.append(time.perf_counter() - t)
        md = d.doc.markdown()
    return times, data, md


def direct_python_docx(data: bytes, repeat: int) -> list[float]:
    """The same paragraphs and tables written straight with python-docx (no Markdown step)."""
    src = docx.Document(io.BytesIO(data))
    blocks = []
    for b in src.iter_inner_content():
        if hasattr(b, "style") and hasattr(b, "text") and not hasattr(b, "rows"):
            blocks.append(("p", b.style.name, b.text))
        else:
            blocks.append(("t", None, [[c.text for c in r.cells] for r in b.rows]))
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        d = docx.Document()
        for kind, style, content in blocks:
            if kind == "p":
                d.add_paragraph(content, style=style if style in ("Title", "Normal") or style.startswith("Heading") else None)
            else:
                rows = content
                table = d.add_table(rows=len(rows), cols=len(rows[0]))
                for row, texts in zip(table.rows, rows):
                    for cell, text in zip(row.cells, texts):
                        cell.text = text
        d.save(io.BytesIO())
        times.append(time.perf_counter() - t)
    return times


def cold(cmd: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    jixiao = shutil.which("jixiao")
    base_cmd = [jixiao] if jixiao else [sys.executable, "-m", "writer"]
    pandoc = shutil.which("pandoc")
    print(f"python {sys.version.split()[0]}, repeat {args.repeat}; cold command: {' '.join(base_cmd)} draft")
    print(f"{'example':32} {'warm jixiao':>26} {'python-docx direct':>26} {'cold jixiao draft':>26} {'pandoc md→docx':>26}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((ROOT / "examples").glob("*.yaml")):
            w, data, md = warm(path, args.repeat)
            direct = direct_python_docx(data, args.repeat)
            out = Path(tmp) / "out.docx"
            c = cold(base_cmd + ["draft", str(path), "-o", str(out), "--force"], max(5, args.repeat // 3))
            p = "not installed"
            if pandoc:
                mdfile = Path(tmp) / "r.md"
                mdfile.write_text(md, encoding="utf-8")
                p = _ms(cold([pandoc, "-f", "markdown", "-t", "docx", "-o", str(Path(tmp) / "p.docx"), str(mdfile)],
                             max(5, args.repeat // 3)))
            print(f"{path.stem:32} {_ms(w):>26} {_ms(direct):>26} {_ms(c):>26} {p:>26}")
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys, runpy; sys.argv=['jixiao','draft',sys.argv[1],'-o',sys.argv[2],'--force'];"
         "from writer.cli import main; main(sys.argv[1:]);"
         "print(sorted(m for m in sys.modules if 'jieba' in m))",
         str(ROOT / "examples" / "project-zhanjiang-2020.yaml"), str(Path(tempfile.gettempdir()) / "probe.docx")],
        capture_output=True, text=True, cwd=ROOT)
    print("segmentation modules imported by draft:", probe.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
