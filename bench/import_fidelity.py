"""Import fidelity: how much of last year's report reaches this year's draft.

For every report in ../shared/corpus (and openings/ when present), as the TXT and as a DOCX made
from it (one paragraph per line, pipe-separated rows as a real table): `import` → `draft` → read
the draft back, then count the source's sentences and figures (number + unit) found in the draft.
Targets: self-evaluation reports ≥ 95 % sentences and ≥ 98 % figures; evaluation reports ≥ 90 % /
95 %. Also checks per draft: no `None`, every required section present, and `check` findings
other than LEF06 placeholders (listed, they are faults of the source text the draft carries).

Run:  python bench/import_fidelity.py [--corpus ../shared/corpus] [--show-lost]
Exit 1 when a report misses its target.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from writer.check_pipeline import check_document, read_document  # noqa: E402
from writer.draft.docx_build import build  # noqa: E402
from writer.importer import import_report  # noqa: E402
from writer.pipeline import draft_report  # noqa: E402
from writer.read.text_reader import decode  # noqa: E402

_HALF = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？",
                       "\u3000": "", " ": "", "\t": "", "〔": "〔", "[": "〔", "]": "〕"})
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|亿元|元|%|％|人次|人|个|项|次|家|户|公里|千米|米|吨|亩|期|天|小时|份|所|篇|场|件|台|套|分)")
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]")
_CHROME = re.compile(r"^(来源[:：]|索引号|文号|发布机构|发文|公开|生效日期|统一登记号|文件名称|浏览|字体|文字大小|背景色|分享|打印|关闭)")


def norm(text: str) -> str:
    return text.translate(_HALF)


def source_text(path: Path) -> tuple[str, list[str]]:
    """The report's lines without the page chrome around it, and (for an opening) without the cut tail."""
    lines = decode(path.read_bytes(), str(path)).splitlines()
    body = [ln for ln in lines if ln.strip() and not _CHROME.match(ln.strip())]
    if "openings" in path.parts and body:
        body = body[:-1]  # the opening is cut mid-text: its last line is a fragment
    return "\n".join(body), body


def sentences(text: str) -> list[str]:
    out = []
    for s in _SENTENCE.findall(text):
        s = s.strip()
        if len(re.findall(r"[\u4e00-\u9fff]", s)) >= 6 and "|" not in s:
            out.append(norm(s))
    return out


def figures(text: str) -> Counter[tuple[Decimal, str]]:
    out: Counter[tuple[Decimal, str]] = Counter()
    for m in _FIGURE.finditer(text):
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            continue
        out[(value.normalize(), m.group(2).replace("％", "%"))] += 1
    return out


def docx_from_txt(path: Path, out: Path) -> Path:
    """A DOCX a user could have: each line a paragraph, runs of pipe rows a real table."""
    d = docx.Document()
    lines = [ln for ln in decode(path.read_bytes(), str(path)).splitlines() if ln.strip()]
    i = 0
    while i < len(lines):
        if "|" in lines[i]:
            rows = []
            while i < len(lines) and "|" in lines[i]:
                rows.append([c.strip() for c in lines[i].split("|")])
                i += 1
            width = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    t.cell(r, c).text = text
            continue
        d.add_paragraph(lines[i].strip())
        i += 1
    d.save(str(out))
    return out


def measure(src: Path, as_docx: bool, tmp: Path, show_lost: bool) -> dict[str, object]:
    report = docx_from_txt(src, tmp / (src.stem + ".docx")) if as_docx else src
    imported = import_report(report)
    data = tmp / (src.stem + (".d" if as_docx else ".t") + ".yaml")
    data.write_text(imported.yaml(report.name), encoding="utf-8")
    drafted = draft_report(data)
    out = tmp / (src.stem + ".draft.docx")
    out.write_bytes(build(drafted.doc, drafted.rubric.raw["format"]))
    draft_doc = read_document(out)
    draft_text = norm("\n".join([b.text for b in draft_doc.blocks]
                                + ["".join(c for row in b.rows for c in row) for b in draft_doc.blocks if b.rows]))
    draft_flat = draft_text.replace("\n", "")
    text, _ = source_text(src)
    sents = sentences(text)
    kept = [s for s in sents if s.rstrip("。！？；") in draft_flat]
    figs = figures(text)
    got = figures(draft_text)
    fig_total = sum(figs.values())
    fig_kept = sum(min(n, got[k]) for k, n in figs.items())
    findings = check_document(out).findings
    other = Counter(f.rule for f in findings if f.rule != "LEF06")
    md = drafted.doc.markdown()
    missing_sections = [s.title for s in drafted.rubric.sections if s.required and s.title not in md]
    if show_lost:
        for s in sents:
            if s not in kept:
                print(f"    失：{s[:70]}")
        for k, n in figs.items():
            if got[k] < n:
                print(f"    失数：{k[0]}{k[1]}")
    return {"type": drafted.rubric.name, "sent": (len(kept), len(sents)), "fig": (fig_kept, fig_total),
            "none": "None" in md, "missing": missing_sections, "other": other}


def _pct(a: int, b: int) -> Decimal:
    return Decimal(100) if b == 0 else (Decimal(a) * 100 / b).quantize(Decimal("0.1"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--show-lost", action="store_true")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt")) + sorted((args.corpus / "openings").glob("*.txt"))
    if not files:
        print(f"没有找到语料：{args.corpus}")
        return 2
    bad = 0
    totals = Counter()
    print(f"{'报告':<40} {'形式':<4} {'类型':<14} {'句子':>14} {'数字':>14}  其他检查结果")
    with tempfile.TemporaryDirectory() as td:
        for f in files:
            for as_docx in (False, True):
                r = measure(f, as_docx, Path(td), args.show_lost)
                s_ok, s_all = r["sent"]  # type: ignore[misc]
                f_ok, f_all = r["fig"]  # type: ignore[misc]
                evaluation = "评价报告" in str(r["type"]) and "自评" not in str(r["type"])
                want_s, want_f = (90, 95) if evaluation else (95, 98)
                ok = _pct(s_ok, s_all) >= want_s and _pct(f_ok, f_all) >= want_f and not r["none"] and not r["missing"]
                bad += not ok
                totals["s_ok"] += s_ok
                totals["s_all"] += s_all
                totals["f_ok"] += f_ok
                totals["f_all"] += f_all
                other = " ".join(f"{k}×{v}" for k, v in sorted(r["other"].items()))  # type: ignore[union-attr]
                flags = ("None! " if r["none"] else "") + (f"缺章节{r['missing']} " if r["missing"] else "")
                print(f"{f.stem[:40]:<40} {'DOCX' if as_docx else 'TXT':<4} {str(r['type'])[:14]:<14} "
                      f"{s_ok:>4}/{s_all:<4}{_pct(s_ok, s_all):>5}% {f_ok:>4}/{f_all:<4}{_pct(f_ok, f_all):>5}%  "
                      f"{'达标' if ok else '未达标'} {flags}{other}")
    print(f"合计：句子 {totals['s_ok']}/{totals['s_all']}（{_pct(totals['s_ok'], totals['s_all'])}%），"
          f"数字 {totals['f_ok']}/{totals['f_all']}（{_pct(totals['f_ok'], totals['f_all'])}%），未达标 {bad} 份")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
