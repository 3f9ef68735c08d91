"""`jixiao batch`: many units at once, one wording.

UNITS is a folder of data files, or a workbook with one row per unit (columns are field
paths such as 单位名称 or 资金.执行数, or 绩效指标.1.完成值) plus a 共同设置 sheet of shared
defaults (基础数据文件 names a data file every unit starts from). Units are drafted in a
process pool sized to the CPUs; a unit that fails for any reason is reported and skipped;
unchanged units are not drafted again; a summary workbook and the cross-unit checks close the run.

A unit is identified by its key (the file stem its report is written under), never by its
name alone: two units whose names sanitise to the same file name get distinct, stable keys.
"""
from __future__ import annotations

import enum
import hashlib
import io
import json
import os
import re
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from . import __version__, words
from .errors import DataError, JixiaoError
from .paths import set_path
from .resources import data_dir
from .safe_io import os_reason, same_file, write_atomic
from .ui_text import ui

MANIFEST = ".jixiao-batch.json"
SUMMARY: str = words.batch_summary("file")  # 汇总.xlsx
LOCK = ".jixiao-batch.lock"
_MANIFEST_VERSION = 2


class UnitStatus(enum.Enum):
    """What happened to a unit; the value is what users read."""

    DRAFTED = ui("已生成")
    UNCHANGED = ui("未变，跳过")
    FAILED = ui("出错")


@dataclass
class UnitInput:
    name: str
    data: Path  # the unit's data file (written into OUTDIR/数据 for workbook units)
    source: str  # where the user wrote it: a file, or a sheet row
    key: str = ""  # file stem of its outputs, unique in the batch (see assign_keys)
    note: str = ""  # why the key differs from the plain name, if it does


@dataclass
class UnitResult:
    name: str
    source: str
    status: UnitStatus
    key: str = ""
    output: str = ""
    total: str = ""
    grade: str = ""
    execution_rate: str = ""
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    errors: list[str] = field(default_factory=list)
    note: str = ""
    report_hash: str = ""  # sha256 of the DOCX written, the key of its cross-unit cache entry

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "status": self.status.name}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "UnitResult":
        return cls(**{**d, "status": UnitStatus[d["status"]]})


# -- file names: one per unit, legal on Windows, stable across runs ---------------------------
_ILLEGAL = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.I)
_MAX_CHARS, _MAX_BYTES = 60, 150  # leaves room for a suffix, ".docx" and a temp name in 255 bytes


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def file_stem(name: str) -> str:
    """A unit name as a file name: no characters Windows forbids, not reserved, not too long."""
    stem = _ILLEGAL.sub("_", unicodedata.normalize("NFC", name)).strip("_. ") or "unit"
    if _RESERVED.match(stem):
        stem = "_" + stem
    cut = stem[:_MAX_CHARS]
    while len(cut.encode("utf-8", "surrogatepass")) > _MAX_BYTES:
        cut = cut[:-1]
    return cut if cut == stem else f"{cut}-{_short_hash(name)}"


def assign_keys(units: list[UnitInput]) -> None:
    """Give every unit a distinct key. Units whose file names would be the same (compared as
    Windows does, ignoring case) each get a suffix from their source, so the names stay the
    same from run to run whatever else is in the batch."""
    groups: dict[str, list[UnitInput]] = {}
    for u in units:
        groups.setdefault(file_stem(u.name).casefold(), []).append(u)
    taken: set[str] = set()
    for group in groups.values():
        for u in group:
            base = file_stem(u.name)
            if len(group) == 1:
                u.key = base
            else:
                u.key = f"{base}-{_short_hash(u.source)}"
                u.note = ui(f"与其他 {len(group) - 1} 个单位的文件名相同（{base}），报告另存为 {u.key}.docx")
            n = 2
            while u.key.casefold() in taken:  # a unit literally named like another's suffixed key
                u.key, n = f"{base}-{_short_hash(u.source)}-{n}", n + 1
            taken.add(u.key.casefold())


# -- what changed since the last run ---------------------------------------------------------
def _rules_version() -> str:
    h = hashlib.sha256(__version__.encode())
    for d in ("rubrics", "phrasebank", "sections"):
        for p in sorted(data_dir(d).rglob("*")):
            if p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _input_hash(unit: UnitInput, rules: str) -> str:
    """Of the unit's data and any workbook it names; raises OSError if the data is unreadable."""
    h = hashlib.sha256(rules.encode())
    raw = unit.data.read_bytes()
    h.update(raw)
    for line in raw.decode("utf-8", errors="replace").splitlines():  # linear: no regex over long values
        if ".xlsx" not in line:
            continue
        value = line.split(":", 1)[-1].split(" #")[0].strip().strip("\"'")
        book = unit.data.parent / value
        if value.lower().endswith(".xlsx") and book.is_file():
            h.update(book.read_bytes())
    return h.hexdigest()


# -- reading the units -----------------------------------------------------------------------
def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _base_data(book: Path, value: str) -> dict[str, Any]:
    """The 共同设置 基础数据文件: every unit starts from it, so a bad one stops the batch (exit 2)."""
    import yaml

    path = book.parent / value
    where = ui(f"{book} {words.batch_workbook('settings_sheet')}：{words.batch_workbook('base_data')} {value}")
    if not path.exists():
        raise JixiaoError(f"{where} 不存在")
    if not path.is_file():
        raise JixiaoError(f"{where} 不是文件")
    try:
        base = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader)
    except UnicodeDecodeError:
        raise JixiaoError(f"{where} 不是 UTF-8 编码，请用记事本或 WPS 另存为 UTF-8") from None
    except OSError as exc:
        raise JixiaoError(f"{where} 无法读取（{os_reason(exc)}）") from None
    except yaml.YAMLError as exc:
        raise JixiaoError(f"{where} 的 YAML 格式有误：{exc}") from None
    if not isinstance(base, dict):
        raise JixiaoError(f"{where} 应为“字段: 值”形式")
    return base


def units_from_workbook(book: Path, outdir: Path) -> list[UnitInput]:
    import yaml
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from .limits import check_workbook
    from .rubric import header_fields

    settings, base_key = words.batch_workbook("settings_sheet"), words.batch_workbook("base_data")
    units_sheet, name_column = words.batch_workbook("units_sheet"), words.key_of(header_fields(), "agency")
    check_workbook(book)
    try:
        wb = load_workbook(str(book), data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same advice
        raise JixiaoError(f"{book} 不是有效的 .xlsx 工作簿（.xls 请另存为 .xlsx）") from None
    defaults: dict[str, Any] = {}
    base: dict[str, Any] = {}
    base_name = ""
    if settings in wb.sheetnames:
        for row in wb[settings].iter_rows(min_row=1, values_only=True):
            if row and len(row) > 1 and row[0] and row[1] is not None:
                key, value = _cell_text(row[0]), _cell_text(row[1])
                if key == base_key:
                    base, base_name = _base_data(book, value), value
                else:
                    defaults[key] = value
    ws = wb[units_sheet] if units_sheet in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise JixiaoError(f"{book} 的“{ws.title}”表是空的")
    header = [_cell_text(h) if h is not None else "" for h in rows[0]]
    if name_column not in header:
        raise JixiaoError(f"{book} 的“{ws.title}”表第1行须有“{name_column}”列")
    folder = outdir / words.batch_workbook("data_folder")
    folder.mkdir(parents=True, exist_ok=True)
    units, texts = [], []
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
                cells[key] = ui(f"{book.name}“{ws.title}”表{get_column_letter(c)}{r}")
                if key == name_column:
                    name = _cell_text(value)
        source = ui(f"{book.name}“{ws.title}”表第{r}行")
        text = ui(f"# 由 jixiao batch 从 {source} 生成\n") + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                                                                            width=4096)
        units.append(UnitInput(name or ui(f"第{r}行"), Path(), source))
        texts.append(_mark_cells(text, cells))
    assign_keys(units)
    inputs = [book] + ([book.parent / base_name] if base_name else [])
    for u, text in zip(units, texts):
        u.data = folder / f"{u.key}.yaml"
        if any(same_file(u.data, p) for p in inputs):
            raise JixiaoError(f"{u.data} 是本次的输入文件，不会被改写；请换一个输出文件夹")
        write_atomic(u.data, text.encode("utf-8"))
    return units


_CELL_NOTE = words.batch_workbook("cell_note")  # written beside a value in a generated data file, read back by _error_lines


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


def units_from_folder(folder: Path) -> list[UnitInput]:
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))
    if not files:
        raise JixiaoError(f"{folder} 中没有数据文件（*.yaml）")
    units = [UnitInput(p.stem, p, p.name) for p in files]
    assign_keys(units)
    return units


# -- drafting one unit (in a worker process) ------------------------------------------------
def _error_lines(exc: BaseException, unit: UnitInput) -> list[str]:
    """The error as the user should read it; a data problem also names the workbook cell its
    line came from (generated unit files note the cell beside each value)."""
    if not isinstance(exc, JixiaoError):
        return [ui(f"错误：处理该单位时程序出错（{type(exc).__name__}：{str(exc)[:200]}），已跳过此单位；"
                   f"请检查 {unit.source} 的数据，或把它发给维护人员")]
    if not isinstance(exc, DataError):
        return exc.lines()
    try:
        text = unit.data.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        text = []
    out = []
    for p in exc.problems:
        line = p.render(exc.code)
        n = p.line or 0
        if 0 < n <= len(text) and _CELL_NOTE in text[n - 1]:
            line += ui(f"（即{text[n - 1].split(_CELL_NOTE, 1)[1]}）")
        out.append(line)
    return out


def _draft_one(unit: UnitInput, outdir: Path, disabled: frozenset[str] = frozenset()) -> tuple[UnitResult, Any]:
    """Draft, write and check one unit. Whatever goes wrong is this unit's failure only."""
    from .gc_pause import fewer_collections

    with fewer_collections():  # a unit leaves little cyclic garbage
        done = _draft_checked(unit, outdir, disabled)
    _settle()
    return done


_worker = {"started": False, "settled": False}


def _settle() -> None:
    """After a worker's first unit, what every unit shares (modules, rubrics, templates, the
    skeleton) is left out of garbage collection: the collector stops walking it again and again."""
    if _worker["started"] and not _worker["settled"]:
        import gc

        gc.collect()
        gc.freeze()
        _worker["settled"] = True


def _draft_checked(unit: UnitInput, outdir: Path, disabled: frozenset[str]) -> tuple[UnitResult, Any]:
    try:
        from .batch_cache import store
        from .check_pipeline import check_built
        from .draft.docx_build import build_document
        from .money import fmt_number, fmt_percent
        from .pipeline import draft_report

        d = draft_report(unit.data)
        data, body, styles = build_document(d.doc, d.rubric.raw["format"])
        out = outdir / f"{unit.key}.docx"
        write_atomic(out, data)
        res = UnitResult(unit.name, unit.source, UnitStatus.DRAFTED, unit.key, out.name,
                         fmt_number(d.figures.total) if d.figures.total is not None else words.placeholder("fill"),
                         d.figures.grade,
                         fmt_percent(d.figures.execution_rate) if d.figures.execution_rate is not None else "",
                         note=unit.note)
        checked = check_built(body, styles, out, disabled)  # the document just built, not the file read back
        for f in checked.findings:
            res.counts[f.level] += 1
        doc = _light(checked.doc)
        res.report_hash = store(outdir, data, doc)
        return res, doc
    except Exception as exc:  # noqa: BLE001 - one unit's failure, whatever raised it, never ends the batch
        return _failed(unit, _error_lines(exc, unit)), None


def _failed(unit: UnitInput, errors: list[str]) -> UnitResult:
    return UnitResult(unit.name, unit.source, UnitStatus.FAILED, unit.key, errors=errors, note=unit.note)


def _light(doc: Any) -> Any:
    from .batch_cache import light

    return light(doc)


def _worker_start(parent: int) -> None:
    """Workers end when the batch ends, however it ends (kill -9 included)."""
    from .rubric import hold_file_versions
    from .workers import die_with_parent

    die_with_parent(parent)
    hold_file_versions()
    _worker["started"] = True


# -- the run ---------------------------------------------------------------------------------
@dataclass
class BatchResult:
    results: list[UnitResult]
    across: dict[str, list[Any]]
    notes: list[str] = field(default_factory=list)  # problems of the run itself (not of a unit)


class FolderBusy(JixiaoError):
    """Another batch is writing into the same output folder."""

    code = "E412"


@contextmanager
def folder_lock(outdir: Path) -> Iterator[None]:
    """One batch per output folder at a time; the OS releases the lock if the process dies."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(outdir / LOCK), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise FolderBusy(f"另一个 jixiao batch 正在写入输出文件夹 {outdir}，请等它结束后再运行") from None
    try:
        yield
    finally:
        lock.release()


def _read_manifest(path: Path) -> dict[str, Any]:
    """Units drafted before, by key. A missing, old or damaged manifest means: redo them all."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _MANIFEST_VERSION or not isinstance(data.get("units"), dict):
        return {}
    return data["units"]


def start_manifest(outdir: Path) -> None:
    """Mark the folder as a batch folder before any unit is drafted, so a rerun after a crash
    resumes there without --force."""
    if not (outdir / MANIFEST).exists():
        _write_manifest(outdir, {})


def _write_manifest(outdir: Path, units: dict[str, Any]) -> None:
    data = {"version": _MANIFEST_VERSION, "jixiao": __version__, "units": units}
    # no indent: json's C encoder (indented output takes the pure-Python one, ten times slower; the
    # manifest is rewritten every few seconds while a batch of a thousand units runs)
    write_atomic(outdir / MANIFEST, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def run_batch(units: list[UnitInput], outdir: Path, jobs: int | None, progress: Any = None,
              disabled: frozenset[str] | set[str] = frozenset()) -> BatchResult:
    """Draft, write and check every unit (rules in `disabled` off, as `check --disable`), then the
    cross-unit stage. Units whose data, rules and switched-off rules are unchanged are not redone."""
    disabled = frozenset(disabled)
    rules = _rules_version() + ("|disable:" + ",".join(sorted(disabled)) if disabled else "")
    manifest = _read_manifest(outdir / MANIFEST)
    todo, results = [], []
    for u in units:
        try:
            key = _input_hash(u, rules)
        except OSError as exc:
            results.append(_failed(u, [ui(f"错误：{u.source} 无法读取（{os_reason(exc)}）")]))
            manifest.pop(u.key, None)
            continue
        prev = manifest.get(u.key)
        if prev and prev.get("hash") == key and (outdir / prev.get("output", "")).is_file():
            r = UnitResult.from_json(prev["result"])
            r.status, r.note = UnitStatus.UNCHANGED, u.note
            results.append(r)
        else:
            todo.append((u, key))
    task = progress.add_task(ui("起草"), total=len(units)) if progress else None
    if progress:
        progress.update(task, advance=len(results))
    docs: dict[str, Any] = {}
    last_save = time.monotonic()

    def record(u: UnitInput, key: str, r: UnitResult, doc: Any) -> None:
        nonlocal last_save
        results.append(r)
        if doc is not None:
            docs[u.key] = doc
        if r.status is UnitStatus.DRAFTED:
            manifest[u.key] = {"hash": key, "output": r.output, "result": r.to_json()}
        else:
            manifest.pop(u.key, None)
        if progress:
            progress.update(task, advance=1)
        if time.monotonic() - last_save > 5:  # a killed run resumes from here
            _write_manifest(outdir, manifest)
            last_save = time.monotonic()

    try:
        broken = _draft_all(todo, outdir, jobs or os.cpu_count() or 1, record, disabled)
        for u, key in broken:  # a worker died under these: try each alone, once
            lost = _draft_all([(u, key)], outdir, 1, record, disabled)
            for lu, lkey in lost:
                record(lu, lkey, _failed(lu, [ui("错误：处理该单位时工作进程意外退出（可能内存不足），已跳过此单位")]), None)
    finally:
        _write_manifest(outdir, manifest)
    order = {u.key: i for i, u in enumerate(units)}
    results.sort(key=lambda r: order.get(r.key, 0))
    notes: list[str] = []
    try:
        across = _across(outdir, [r for r in results if r.status is not UnitStatus.FAILED], docs, rules, disabled)
    except JixiaoError as exc:  # e.g. the time limit: the reports are written, the summary still is
        across = {}
        notes.append(ui(f"跨单位一致性检查未完成：{exc}；各单位报告和汇总表不受影响"))
    except Exception as exc:  # noqa: BLE001 - the reports are written; a failing cross-check must not hide them
        across = {}
        notes.append(ui(f"跨单位一致性检查出错（{type(exc).__name__}），本次未做；各单位报告和汇总表不受影响"))
    return BatchResult(results, across, notes)


def _draft_all(todo: list[tuple[UnitInput, str]], outdir: Path, workers: int,
               record: Any, disabled: frozenset[str] = frozenset()) -> list[tuple[UnitInput, str]]:
    """Draft in a process pool; returns the units whose worker died before answering."""
    if not todo:
        return []
    broken = []
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)), initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_draft_one, u, outdir, disabled): (u, key) for u, key in todo}
        for fut in as_completed(futures):
            u, key = futures[fut]
            try:
                r, doc = fut.result()
            except BrokenProcessPool:
                broken.append((u, key))
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
                r, doc = _failed(u, _error_lines(exc, u)), None
            record(u, key, r, doc)
    return broken


def _across(outdir: Path, done: list[UnitResult], docs: dict[str, Any], rules: str,
            disabled: frozenset[str] = frozenset()) -> dict[str, list[Any]]:
    """Cross-unit findings by unit key. Reports are hashed, not read, when unchanged."""
    from .batch_cache import across_signature, cached_across, cached_document, prune, report_digest, store_across

    if len(done) < 2:
        return {}
    for r in done:
        if r.key not in docs:  # unchanged: the report may have been edited by hand since
            r.report_hash = report_digest(outdir / r.output)
    signature = across_signature(rules, [(r.key, r.report_hash) for r in done])
    found = cached_across(outdir, signature)
    if found is None:
        from .across import Unit, check_across
        from .limits import time_budget

        units = [Unit(r.key, docs.get(r.key) or cached_document(outdir, outdir / r.output, r.report_hash)) for r in done]
        with time_budget(ui("跨单位一致性检查")):  # a limit, like any document's: the reports are written already
            found = check_across(units, disabled)
        store_across(outdir, signature, found)
    prune(outdir, {r.report_hash for r in done})
    return found


# -- the summary workbook --------------------------------------------------------------------
def summary_workbook(batch: BatchResult) -> bytes:
    """汇总.xlsx: one row per unit, then one sheet per cross-unit view. Every cell goes through
    xlsx_text.put, so text a user typed is never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .xlsx_text import write_rows

    wb = Workbook()
    ws = wb.active
    ws.title = words.batch_summary("sheet")
    rows = [list(words.batch_summary("header"))]
    for r in batch.results:
        rows.append([r.name, r.source, r.status.value, r.output, r.total, r.grade, r.execution_rate,
                     r.counts["error"], r.counts["warning"], r.counts["info"], len(batch.across.get(r.key, [])),
                     "\n".join(r.errors), r.note])
    write_rows(ws, rows)
    names = {r.key: r.name for r in batch.results}
    across = wb.create_sheet(words.batch_summary("findings_sheet"))
    arows: list[list[Any]] = [list(words.batch_summary("findings_header"))]
    for key, findings in batch.across.items():
        for f in findings:
            arows.append([names.get(key, key), f.rule, f.level, f.message, f.excerpt, f.suggestion])
    write_rows(across, arows)
    for sheet, widths in ((ws, [18, 30, 10, 24, 8, 6, 10, 6, 6, 6, 10, 60, 40]), (across, [18, 8, 8, 50, 20, 30])):
        for c in sheet[1]:
            c.font = Font(bold=True)
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(65 + i)].width = w
    from .across_sheet import add_consistency_sheet  # one row per drift, for a supervisor

    add_consistency_sheet(wb, batch.across, names)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
