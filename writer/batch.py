"""`jixiao batch`: many units at once, one wording.

UNITS is a folder of data files, or a workbook with one row per unit (columns are field
paths such as 单位名称 or 资金.执行数, or 绩效指标.1.完成值) plus a 共同设置 sheet of shared
defaults (基础数据文件 names a data file every unit starts from). Units are drafted in a
process pool sized to the CPUs; a unit with bad data is reported and skipped; unchanged units
are not drafted again; a summary workbook and the cross-unit checks close the run.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import JixiaoError
from .paths import set_path
from .resources import data_dir
from .safe_io import write_atomic

MANIFEST = ".jixiao-batch.json"


@dataclass
class UnitInput:
    name: str
    data: Path  # the unit's data file (written into OUTDIR/数据 for workbook units)
    source: str  # where the user wrote it: a file, or a sheet row


@dataclass
class UnitResult:
    name: str
    source: str
    status: str  # 已生成 | 未变，跳过 | 出错
    output: str = ""
    total: str = ""
    grade: str = ""
    execution_rate: str = ""
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    errors: list[str] = field(default_factory=list)


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "unit"


def _rules_version() -> str:
    h = hashlib.sha256(__version__.encode())
    for d in ("rubrics", "phrasebank", "sections"):
        for p in sorted(data_dir(d).rglob("*")):
            if p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _input_hash(unit: UnitInput, rules: str) -> str:
    h = hashlib.sha256(rules.encode())
    h.update(unit.data.read_bytes())
    for m in re.finditer(r"(\S+\.xlsx)", unit.data.read_text(encoding="utf-8", errors="replace")):
        book = unit.data.parent / m.group(1)
        if book.exists():
            h.update(book.read_bytes())
    return h.hexdigest()


# -- reading the units -----------------------------------------------------------------------
def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def units_from_workbook(book: Path, outdir: Path) -> list[UnitInput]:
    import yaml
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from .limits import check_workbook

    check_workbook(book)
    try:
        wb = load_workbook(str(book), data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same advice
        raise JixiaoError(f"{book} 不是有效的 .xlsx 工作簿（.xls 请另存为 .xlsx）") from None
    defaults: dict[str, Any] = {}
    base: dict[str, Any] = {}
    if "共同设置" in wb.sheetnames:
        for row in wb["共同设置"].iter_rows(min_row=1, values_only=True):
            if row and row[0] and row[1] is not None:
                key, value = _cell_text(row[0]), _cell_text(row[1])
                if key == "基础数据文件":
                    path = book.parent / value
                    if not path.exists():
                        raise JixiaoError(f"{book} 共同设置：基础数据文件 {value} 不存在")
                    base = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader)
                else:
                    defaults[key] = value
    ws = wb["单位"] if "单位" in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise JixiaoError(f"{book} 的“{ws.title}”表是空的")
    header = [_cell_text(h) if h is not None else "" for h in rows[0]]
    if "单位名称" not in header:
        raise JixiaoError(f"{book} 的“{ws.title}”表第1行须有“单位名称”列")
    units = []
    folder = outdir / "数据"
    folder.mkdir(parents=True, exist_ok=True)
    for r, row in enumerate(rows[1:], 2):
        if not any(v not in (None, "") for v in row):
            continue  # blank rows
        doc: dict[str, Any] = json.loads(json.dumps(base))
        for key, value in defaults.items():
            set_path(doc, key, value)
        name = ""
        cells: dict[str, str] = {}
        for c, (key, value) in enumerate(zip(header, row), 1):
            if key and value not in (None, ""):
                set_path(doc, key, _cell_text(value))
                cells[key] = f"{book.name}“{ws.title}”表{get_column_letter(c)}{r}"
                if key == "单位名称":
                    name = _cell_text(value)
        source = f"{book.name}“{ws.title}”表第{r}行"
        name = name or f"第{r}行"
        path = folder / f"{_safe_name(name)}.yaml"
        text = f"# 由 jixiao batch 从 {source} 生成\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                                                                        width=4096)
        write_atomic(path, _mark_cells(text, cells).encode("utf-8"))
        units.append(UnitInput(name, path, source))
    return units


_CELL_NOTE = "  # 来自 "


def _mark_cells(text: str, cells: dict[str, str]) -> str:
    """Put the workbook cell beside each value that came from one, so an error can name it."""
    from .located_yaml import parse_text

    root = parse_text(text, "unit")
    lines = text.split("\n")
    for dotted, cell in cells.items():
        node = root
        for k in dotted.split("."):
            value = node.value
            if isinstance(value, list) and k.isdigit() and int(k) - 1 < len(value):
                node = value[int(k) - 1]
            elif isinstance(value, dict) and k in value:
                node = value[k]
            else:
                node = None  # type: ignore[assignment]
                break
        if node is not None and node.is_scalar:
            lines[node.line - 1] += _CELL_NOTE + cell
    return "\n".join(lines)


def _with_cells(unit: UnitInput, lines: list[str]) -> list[str]:
    """"第37行" of a generated unit file → also the workbook cell the value came from."""
    try:
        text = unit.data.read_text(encoding="utf-8").split("\n")
    except OSError:
        return lines
    out = []
    for line in lines:
        m = re.search(r"第(\d+)行", line)
        n = int(m.group(1)) if m else 0
        if m and 0 < n <= len(text) and _CELL_NOTE in text[n - 1]:
            line += f"（即{text[n - 1].split(_CELL_NOTE, 1)[1]}）"
        out.append(line)
    return out


def units_from_folder(folder: Path) -> list[UnitInput]:
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))
    if not files:
        raise JixiaoError(f"{folder} 中没有数据文件（*.yaml）")
    return [UnitInput(p.stem, p, p.name) for p in files]


# -- drafting one unit (in a worker process) ------------------------------------------------
def _draft_one(unit: UnitInput, outdir: Path) -> tuple[UnitResult, Any]:
    from .check_pipeline import check_document
    from .draft.docx_build import build
    from .money import fmt_number, fmt_percent
    from .pipeline import draft_report

    try:
        d = draft_report(unit.data)
        out = outdir / f"{_safe_name(unit.name)}.docx"
        write_atomic(out, build(d.doc, d.rubric.raw["format"]))
        res = UnitResult(unit.name, unit.source, "已生成", out.name,
                         fmt_number(d.figures.total) if d.figures.total is not None else "待填", d.figures.grade,
                         fmt_percent(d.figures.execution_rate) if d.figures.execution_rate is not None else "")
        checked = check_document(out)
        for f in checked.findings:
            res.counts[f.level] += 1
        return res, _light(checked.doc)
    except JixiaoError as exc:
        return UnitResult(unit.name, unit.source, "出错", errors=exc.lines()), None


def _light(doc: Any) -> Any:
    """The document without its XML (which would keep every unit's whole DOCX tree alive)."""
    for b in doc.blocks:
        b.element = None
        for c in b.cells:
            c.element = None
    return doc


@dataclass
class BatchResult:
    results: list[UnitResult]
    across: dict[str, list[Any]]


def run_batch(units: list[UnitInput], outdir: Path, jobs: int | None, progress: Any = None) -> BatchResult:
    rules = _rules_version()
    manifest_path = outdir / MANIFEST
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    todo, results = [], []
    docs: dict[str, Any] = {}
    for u in units:
        key = _input_hash(u, rules)
        prev = manifest.get(u.name)
        if prev and prev.get("hash") == key and (outdir / prev.get("output", "")).exists():
            r = UnitResult(**{**prev["result"], "status": "未变，跳过"})
            results.append(r)
        else:
            todo.append((u, key))
    task = progress.add_task("起草", total=len(units)) if progress else None
    if progress:
        progress.update(task, advance=len(results))
    workers = jobs or os.cpu_count() or 1
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_draft_one, u, outdir): (u, key) for u, key in todo}
            for fut in as_completed(futures):
                u, key = futures[fut]
                r, doc = fut.result()
                r.errors = _with_cells(u, r.errors)
                results.append(r)
                if doc is not None:
                    docs[u.name] = doc
                if r.status == "已生成":
                    manifest[u.name] = {"hash": key, "output": r.output, "result": r.__dict__}
                else:
                    manifest.pop(u.name, None)
                if progress:
                    progress.update(task, advance=1)
    order = {u.name: i for i, u in enumerate(units)}
    results.sort(key=lambda r: order.get(r.name, 0))
    write_atomic(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    across = _across(outdir, [r for r in results if r.status != "出错"], docs)
    return BatchResult(results, across)


def _across(outdir: Path, done: list[UnitResult], docs: dict[str, Any]) -> dict[str, list[Any]]:
    from .across import Unit, check_across
    from .check_pipeline import read_document
    from .read.outline import build_outline
    from .rubric import load_all

    rubrics = load_all()
    units = []
    for r in done:
        doc = docs.get(r.name)
        if doc is None:  # skipped as unchanged: read its report once more
            doc = _light(read_document(outdir / r.output))
            build_outline(doc, rubrics)
        units.append(Unit(r.name, doc))
    return check_across(units) if len(units) > 1 else {}


def summary_workbook(batch: BatchResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位", "来源", "状态", "报告文件", "总分", "等级", "预算执行率", "错误", "警告", "提示", "跨单位问题", "出错原因"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in batch.results:
        ws.append([r.name, r.source, r.status, r.output, r.total, r.grade, r.execution_rate, r.counts["error"],
                   r.counts["warning"], r.counts["info"], len(batch.across.get(r.name, [])), "\n".join(r.errors)])
    across = wb.create_sheet("跨单位一致性")
    across.append(["单位", "规则", "级别", "问题", "原文", "建议"])
    for unit, findings in batch.across.items():
        for f in findings:
            across.append([unit, f.rule, f.level, f.message, f.excerpt, f.suggestion])
    for sheet, widths in ((ws, [18, 30, 10, 24, 8, 6, 10, 6, 6, 6, 10, 60]), (across, [18, 8, 8, 50, 20, 30])):
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(65 + i)].width = w
    from .across_sheet import add_consistency_sheet  # one row per drift, for a supervisor

    add_consistency_sheet(wb, batch.across)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

