"""check --data (DAT01) now, and as it was at a git revision, side by side in one process.

Three measures:
- edit kinds: every hand edit of tests/test_data_edits.py made to a drafted DOCX; is it found on
  the edited paragraph or cell (by DAT01), now and at the revision;
- false alarms: DAT01 findings on the untouched drafts of the three examples and on the drafts of
  `--generated N` random data files per report type (tests/draft_variants.py), DOCX and Markdown;
- time: warm `check --data` of the three example drafts (whole check, best of --runs), and DAT01
  alone on a growing document (the example draft with a figure changed in every paragraph and N
  paragraphs a person added after each: --sizes) — time per unit must stay flat.

    python bench/dat01_bench.py [--against main] [--generated 50] [--sizes 0,4,16,64] [--runs 5]

The revision's DAT01 rendered a reference draft (it called ctx.data.draft_doc()); the bench gives
it one, rendered as it did, so the old method is timed with its rendering.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import test_data_edits as E  # noqa: E402
from writer import pipeline  # noqa: E402
from writer.check_pipeline import check_document, check_read  # noqa: E402
from writer.checks import engine  # noqa: E402
from writer.read.text_reader import read_markdown  # noqa: E402


def _module_at(rev: str) -> Any:
    src = subprocess.run(["git", "show", f"{rev}:writer/checks/draft_agreement.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    src = src.replace("from ..", "from writer.").replace("from .engine", "from writer.checks.engine") \
             .replace("from .params", "from writer.checks.params").replace("from . import", "from writer.checks import") \
             .replace("from .data_labels", "from writer.checks.data_labels")
    src = src.replace('@register("draft_agreement"', '@(lambda *a, **k: (lambda f: f))("draft_agreement"')
    path = Path(tempfile.mkdtemp()) / "old_draft_agreement.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_draft_agreement", path)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["old_draft_agreement"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    checks = yaml.safe_load(subprocess.run(["git", "show", f"{rev}:rubrics/_checks.yaml"], cwd=ROOT, check=True,
                                           capture_output=True, text=True).stdout)
    mod.PARAMS = next(c for c in checks["checks"] if c["id"] == "DAT01").get("params", {})
    return mod


class _Reference:
    """What the old DAT01 read from ctx.data: the figures, and a draft rendered on demand."""

    def __init__(self, drafted: Any) -> None:
        self._d = drafted
        self._doc = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._d, name)

    def draft_doc(self) -> Any:
        if self._doc is None:
            job = pipeline.Job(Path(self._d.loaded.file), rubric=self._d.rubric, loaded=self._d.loaded,
                               figures=self._d.figures)
            pipeline._render(job)
            self._doc = job.doc
        return self._doc


def _use(old: Any | None) -> None:
    """DAT01 runs the revision's function (old) or today's (None)."""
    spec = engine.REGISTRY["draft_agreement"]
    now = getattr(_use, "now", None) or spec.run
    _use.now = now  # type: ignore[attr-defined]
    if old is None:
        run = now
    else:
        def run(ctx: Any, rule: Any) -> Any:
            r = rule.copy()
            r.params.update(old.PARAMS)
            r.compiled.clear()
            return old.draft_agreement(dataclasses.replace(ctx, data=_Reference(ctx.data)), r)
    engine.REGISTRY["draft_agreement"] = dataclasses.replace(spec, run=run)


def _kinds() -> Any:
    for k in E.TEXT_EDITS:
        yield ("text", E.DATA, *k)
    for k in E.CELL_EDITS:
        yield ("cell", E.DATA, *k)
    for k in E.DEPT_TEXT_EDITS:
        yield ("text", E.DEPT, *k)
    for k in E.DEPT_CELL_EDITS:
        yield ("cell", E.DEPT, *k)
    yield ("cell", E.EVAL, "评价报告得分（附3）", "一级指标", "产出", "得分", "19")
    yield ("cell", E.EVAL, "评价报告权重（指标体系表）", "一级指标", "决策", "权重", "15")


def _edit_kinds(tmp: Path, drafts: dict[Path, bytes], versions: list[tuple[str, Any]]) -> None:
    found = {name: 0 for name, _ in versions}
    total = 0
    for how, data, kind, *rest in _kinds():
        total += 1
        if how == "text":
            contains, old, new = rest
            edited = E._edit_text(drafts[data], contains, old, new)
        else:
            first, row_label, column, new = rest
            edited, at = E._edit_cell(drafts[data], first, row_label, column, new)
        path = tmp / "edited.docx"
        path.write_bytes(edited)
        marks = []
        for name, mod in versions:
            _use(mod)
            checked = check_document(path, data=data)
            hits = E._at_paragraph(checked, contains) if how == "text" else E._at_cell(checked, first, at)
            ok = any(f.rule == "DAT01" for f in hits)
            found[name] += ok
            marks.append(name if ok else "-" * len(name))
        if not all(m in found for m in marks):
            print(f"  {' '.join(marks)}  {kind}")
    print(f"edit kinds: {total}; found on the edited paragraph or cell: "
          + ", ".join(f"{name} {n}" for name, n in found.items()))


def _false_alarms(tmp: Path, drafts: dict[Path, bytes], generated: int, versions: list[tuple[str, Any]]) -> None:
    for name, mod in versions:
        _use(mod)
        false = 0
        for data, raw in drafts.items():
            path = tmp / "untouched.docx"
            path.write_bytes(raw)
            found = [f for f in check_document(path, data=data).findings if f.rule == "DAT01"]
            false += len(found)
            for f in found:
                print(f"  {name}: false alarm on {data.name}: {f.message}")
        n = 0
        if generated:
            import draft_variants as dv
            from writer.draft.docx_build import build

            for kind in sorted(dv.STRATEGIES):
                def check(path: Path) -> None:
                    nonlocal false, n
                    d = pipeline.draft_report(path)
                    md = tmp / "g.md"
                    md.write_text(d.doc.markdown(), encoding="utf-8")  # type: ignore[union-attr]
                    docx = tmp / "g.docx"
                    docx.write_bytes(build(d.doc, d.rubric.raw["format"]))  # type: ignore[arg-type]
                    for doc in (md, docx):
                        found = [f for f in check_document(doc, data=path).findings if f.rule == "DAT01"]
                        n += 1
                        false += len(found)
                        for f in found[:2]:
                            print(f"  {name}: false alarm on a generated {kind} {doc.suffix}: {f.message}")
                dv.run_generated(kind, generated, tmp, check)
        print(f"{name}: DAT01 findings on {len(drafts)} example drafts and {n} generated drafts: {false}")


def _warm(tmp: Path, drafts: dict[Path, bytes], runs: int, versions: list[tuple[str, Any]]) -> None:
    """Whole `check --data` of each example's DOCX, and DAT01 alone on it (best of `runs`, the
    versions interleaved run by run so that the machine's load falls on both alike)."""
    from writer.read.load import read_document

    for data, raw in drafts.items():
        path = tmp / f"{data.stem}.docx"
        path.write_bytes(raw)
        doc = read_document(path)
        checked = check_read(doc, data=data, disabled={"*"})
        rule = next(r for r in engine.load_rules(checked.rubric) if r.id == "DAT01")
        whole = {name: float("inf") for name, _ in versions}
        alone = dict(whole)
        for _ in range(runs):
            for name, mod in versions:
                _use(mod)
                whole[name] = min(whole[name], _timed(lambda: check_document(path, data=data)))
                run = engine.REGISTRY["draft_agreement"].run
                ctx = engine.Ctx(doc, checked.rubric, pipeline.figures_only(data))
                alone[name] = min(alone[name], _timed(lambda: list(run(ctx, rule))))
        print(f"warm check --data {data.name:32} "
              + " · ".join(f"{name} {whole[name] * 1000:6.1f} ms (DAT01 alone {alone[name] * 1000:5.1f} ms)"
                           for name, _ in versions))


def _timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _edited(md: str, times: int, seed: int = 1) -> str:
    """Every drafted paragraph with one figure changed, and after each `times` paragraphs a person
    added (a drafted paragraph with its characters shuffled)."""
    rnd = random.Random(seed)
    head, _, body = md.partition("\n\n")
    paras = [p for p in body.split("\n\n") if p.strip()]
    prose = [p for p in paras if not p.startswith(("|", "#", "---"))]
    out = []
    for p in paras:
        if p.startswith(("|", "#", "---")):
            out.append(p)
            continue
        out.append(p.replace("0", "1", 1))
        for _ in range(times):
            chars = list(rnd.choice(prose))
            rnd.shuffle(chars)
            out.append("".join(chars))
    return head + "\n\n" + "\n\n".join(out)


def _scaling(sizes: list[int], runs: int, versions: list[tuple[str, Any]]) -> None:
    md = pipeline.draft_report(E.DATA).doc.markdown()  # type: ignore[union-attr]
    print(f"{'×':>4} {'lines':>6} " + " ".join(f"{name + ' ms':>12} {'findings':>8}" for name, _ in versions))
    for times in sizes:
        doc = read_markdown(Path("edited.md"), _edited(md, times))
        checked = check_read(doc, data=E.DATA, disabled={"*"})
        rule = next(r for r in engine.load_rules(checked.rubric) if r.id == "DAT01")
        ctx = engine.Ctx(doc, checked.rubric, pipeline.figures_only(E.DATA))
        lines = sum(len(b.text.split("\n")) for b in doc.blocks)
        cols = []
        for name, mod in versions:
            _use(mod)
            run = engine.REGISTRY["draft_agreement"].run
            best, hits = float("inf"), []
            for _ in range(runs):
                t = time.perf_counter()
                hits = list(run(ctx, rule))
                best = min(best, time.perf_counter() - t)
            cols.append(f"{best * 1000:>12.1f} {len(hits):>8}")
        print(f"{times:>4} {lines:>6} " + " ".join(cols), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--against", default=None, help="git revision whose DAT01 to run alongside")
    ap.add_argument("--generated", type=int, default=0, help="random data files per report type")
    ap.add_argument("--sizes", default="0,4,16,64")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    versions: list[tuple[str, Any]] = [("now", None)]
    if args.against:
        versions.append((args.against, _module_at(args.against)))
    tmp = Path(tempfile.mkdtemp())
    drafts = {d: E._draft(d) for d in (E.DATA, E.DEPT, E.EVAL)}
    _edit_kinds(tmp, drafts, versions)
    _false_alarms(tmp, drafts, args.generated, versions)
    _warm(tmp, drafts, args.runs, versions)
    _scaling([int(x) for x in args.sizes.split(",")], args.runs, versions)
    _use(None)


if __name__ == "__main__":
    main()
