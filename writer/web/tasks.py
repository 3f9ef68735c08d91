"""The engine calls the web pages make, each run in a worker process (see runner.py).

Everything here takes plain paths and strings and returns plain data (dicts, str, bytes), so
it crosses a process boundary; a JixiaoError becomes {"error": [...]} with the CLI's wording.
Paths are the request's own temporary files, never anything a request named.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError, JixiaoError
from ..ui_text import ui


def _problems(exc: JixiaoError, shown_name: str, tmp_name: str) -> dict[str, Any]:
    """A located error as data; the temporary file's path is replaced by the user's file name."""
    def clean(text: str) -> str:
        return text.replace(tmp_name, shown_name)

    out: dict[str, Any] = {"error": [clean(line) for line in exc.lines()]}
    if isinstance(exc, DataError):
        out["problems"] = [{"file": clean(p.file), "line": p.line, "col": p.col, "field": p.field,
                            "message": p.message, "code": p.code or exc.code, "text": clean(p.render(exc.code))}
                           for p in exc.problems]
    return out


def _view(checked: Any) -> dict[str, Any]:
    """What the check page shows: every block's text and every finding with its place."""
    blocks = [{"i": b.index, "kind": b.kind, "level": b.level, "text": b.text, "rows": b.rows,
               "crumb": b.crumb} for b in checked.doc.blocks]
    findings = [{**f.as_dict(), "n": n} for n, f in enumerate(checked.findings)]
    return {"report_type": checked.rubric.id, "report_name": checked.rubric.name, "title": checked.doc.title,
            "blocks": blocks, "findings": findings}


def check_files(files: list[tuple[str, str]], forced_type: str | None, across: bool) -> dict[str, Any]:
    """files: (temporary path, the user's file name). One result per file, bad files reported alone."""
    from ..check_pipeline import check_document
    from ..reporters import machine

    results: list[dict[str, Any]] = []
    checked_ok = []
    for tmp, shown in files:
        try:
            c = check_document(Path(tmp), forced_type)
        except JixiaoError as exc:
            results.append({"name": shown, **_problems(exc, shown, tmp)})
            continue
        c.doc.path = shown
        checked_ok.append(c)
        results.append({"name": shown, "checked": c})
    if across and len(checked_ok) > 1:
        from ..across import Unit, check_across

        for unit, found in check_across([Unit(Path(c.doc.path).stem, c.doc) for c in checked_ok]).items():
            c = next(c for c in checked_ok if Path(c.doc.path).stem == unit)
            c.findings = sorted(c.findings + found, key=lambda f: f.sort_key())
    for r in results:
        c = r.pop("checked", None)
        if c is not None:
            r["json"] = machine.to_json([c])
            r["view"] = _view(c)
    return {"files": results}


def comments_docx(tmp: str, shown: str, forced_type: str | None) -> dict[str, Any]:
    """The Word copy with one comment per finding (the upload itself is only read)."""
    from ..check_pipeline import check_document
    from ..reporters.docx_comments import write_comments

    try:
        c = check_document(Path(tmp), forced_type)
        return {"docx": write_comments(c, Path(tmp)), "count": len(c.findings)}
    except JixiaoError as exc:
        return _problems(exc, shown, tmp)


def _report_file_name(title: str) -> str:
    import re

    return (re.sub(r'[\\/:*?"<>|\s]+', "", title) or ui("报告")) + ".docx"


def draft(data_path: str, shown: str, want_docx: bool) -> dict[str, Any]:
    """Draft from a data file: the Markdown (for the preview) and, when asked, the DOCX bytes."""
    from ..money import fmt_number
    from ..pipeline import draft_report

    try:
        d = draft_report(Path(data_path))
    except JixiaoError as exc:
        return _problems(exc, shown, data_path)
    out: dict[str, Any] = {
        "markdown": d.doc.markdown(), "title": d.doc.title, "file_name": _report_file_name(d.doc.title),
        "report_name": d.rubric.name,
        "total": fmt_number(d.figures.total) if d.figures.total is not None else None, "grade": d.figures.grade,
        "pending": [{"label": d.loaded.label_path(p), "line": d.loaded.where(p)[0], "word": w}
                    for p, w in d.loaded.pending.items()],
        "missing": [{"reason": m.reason, "label": m.label} for m in d.missing],
    }
    if want_docx:
        from ..draft.docx_build import build

        out["docx"] = build(d.doc, d.rubric.raw["format"])
    return out


def import_file(tmp: str, shown: str, forced_type: str | None) -> dict[str, Any]:
    """Last year's report (DOCX/TXT/MD) or a 自评表 workbook → the text of a data file; a data
    file itself passes the loader's limits (depth, size) before the form reads it."""
    try:
        if tmp.lower().endswith(".yaml"):
            from ..located_yaml import load_file

            load_file(Path(tmp))
            return {"yaml": Path(tmp).read_text(encoding="utf-8-sig")}
        from ..pipeline import import_data

        job = import_data(Path(tmp), forced_type, shown)
        if job.imported is None:  # a 自评表 workbook
            return {"yaml": job.text}
        return {"yaml": job.text, "report_type": job.imported.rubric.id}
    except JixiaoError as exc:
        return _problems(exc, shown, tmp)


def rollover_file(data_path: str, shown: str) -> dict[str, Any]:
    from ..rollover import rollover

    try:
        text, emptied = rollover(Path(data_path), None)
        return {"yaml": text, "emptied": emptied}
    except JixiaoError as exc:
        return _problems(exc, shown, data_path)


def _units(source: Path, outdir: Path) -> list[Any]:
    """A workbook (one row per unit), or a folder of data files → the list of units.

    A folder unpacked from a zip may hold a unit workbook with the files its 共同设置 names:
    the workbook whose first row has 单位名称 is then the list of units."""
    from ..batch import units_from_folder, units_from_workbook

    if source.is_dir():
        book = next((b for b in sorted(source.glob("*.xlsx")) if _is_unit_workbook(b)), None)
        return units_from_workbook(book, outdir) if book else units_from_folder(source)
    return units_from_workbook(source, outdir)


def _is_unit_workbook(path: Path) -> bool:
    from openpyxl import load_workbook

    from .. import words
    from ..rubric import field_key

    try:
        wb = load_workbook(str(path), read_only=True)
        sheet = words.batch_workbook("units_sheet")
        ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
        header = next(ws.iter_rows(max_row=1, values_only=True), ())
        wb.close()
        return field_key("agency") in [str(h).strip() for h in header if h is not None]
    except Exception:  # noqa: BLE001 - not a unit list; the folder reader reports real problems
        return False


class _QueueProgress:
    """run_batch's progress protocol (rich's add_task/update), sent to the page as counts."""

    def __init__(self, queue: Any) -> None:
        self.queue, self.done, self.total = queue, 0, 0

    def add_task(self, description: str, total: int) -> int:
        self.total = total
        return 0

    def update(self, task: int, advance: int = 0) -> None:
        if advance:
            self.done += advance
            self.queue.put({"done": self.done, "total": self.total})


def batch_job(source: str, outdir: str, shown: str, jobs: int, queue: Any) -> None:
    """The whole of `jixiao batch` in its own process (its pool of drafting workers under it):
    units, drafting with progress, cross-unit checks, 汇总.xlsx in outdir; results to the queue."""
    from ..batch import SUMMARY, UnitStatus, run_batch, summary_workbook

    out = Path(outdir)
    leads = sorted({str(Path(source).parent) + "/", str(Path(source)) + "/", str(out) + "/"}, key=len, reverse=True)

    def clean(line: str) -> str:  # the request's folders are nobody's business: 数据/单位.yaml
        for lead in leads:
            line = line.replace(lead, "")
        return line.replace(Path(source).name, shown) if Path(source).is_file() else line

    try:
        units = _units(Path(source), out)
        queue.put({"total": len(units)})
        result = run_batch(units, out, jobs, _QueueProgress(queue))
        (out / SUMMARY).write_bytes(summary_workbook(result))
        rows = [{"name": r.name, "source": r.source, "status": r.status.value, "failed": r.status is UnitStatus.FAILED,
                 "output": r.output, "total": r.total,
                 "grade": r.grade, "execution_rate": r.execution_rate, "counts": r.counts,
                 "errors": [clean(e) for e in r.errors], "note": r.note,
                 "across": len(result.across.get(r.key, []))} for r in result.results]
        queue.put({"finished": True, "results": rows, "notes": list(getattr(result, "notes", []))})
    except JixiaoError as exc:
        queue.put({"error": [clean(line) for line in exc.lines()]})
    except Exception as exc:  # noqa: BLE001 - the page must hear about it, not wait
        queue.put({"error": [ui(f"批量处理时程序出错（{type(exc).__name__}），请把文件发给维护人员")]})
