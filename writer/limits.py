"""Processing limits as data (rubrics/_limits.yaml, overridable with JIXIAO_LIMITS=file.yaml).

Every reader and loader calls one of the small guards below before doing work whose cost
grows with the input; a limit that is reached raises LimitError naming the limit (exit 2).
"""
from __future__ import annotations

import os
import re
import signal
import threading
import time
import zipfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .errors import LimitError
from .resources import data_dir
from .ui_text import ui

ENV = "JIXIAO_LIMITS"

# Chinese names of the limits, for messages (the keys are the YAML keys users override)
NAMES = {
    "input_bytes": ui("输入文件大小上限"), "zip_uncompressed_bytes": ui("解压后大小上限"),
    "zip_entries": ui("压缩包内文件个数上限"), "zip_ratio": ui("压缩比上限"), "yaml_aliases": ui("YAML 别名展开次数上限"),
    "nesting_depth": ui("嵌套层数上限"), "yaml_nodes": ui("YAML 节点总数上限"),
    "text_field_chars": ui("单个文字字段字数上限"), "paragraphs": ui("段落数上限"), "table_cells": ui("表格单元格数上限"),
    "seconds_per_document": ui("每份文档处理时间上限"),
}


@lru_cache(maxsize=1)
def _settings(override: str | None) -> dict[str, int]:
    from . import cache

    shipped = (data_dir("rubrics") / "_limits.yaml").read_bytes()
    values = dict(cache.cached("limits", [shipped], lambda: _safe_load(shipped)))
    if override:
        import yaml

        try:
            extra = yaml.safe_load(Path(override).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise LimitError(f"上限设置文件 {override}（环境变量 {ENV}）无法读取：{exc}", code="E501") from None
        unknown = sorted(set(extra) - set(values)) if isinstance(extra, dict) else ["?"]
        if unknown:
            raise LimitError(f"上限设置文件 {override} 中有未知的项：{'、'.join(map(str, unknown))}；"
                             f"可设置：{'、'.join(values)}", code="E501")
        values.update(extra)
    return {k: int(v) for k, v in values.items()}


def _safe_load(raw: bytes) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(raw.decode("utf-8"))


def get(name: str) -> int:
    return _settings(os.environ.get(ENV))[name]


def fail(name: str, where: str, found: str = "") -> LimitError:
    found_text = ui(f"（实际 {found}）") if found else ""
    return LimitError(f"{where} 超过{NAMES[name]} {name}={get(name)}{found_text}；"
                      f"如确需处理，可在 {ENV} 指定的设置文件中调大此项", code=_CODES[name])


_CODES = {name: f"E5{i:02d}" for i, name in enumerate(NAMES, 10)}


def check_count(name: str, count: int, where: str) -> None:
    if count > get(name):
        raise fail(name, where, str(count))


def check_file_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words
    if size > get("input_bytes"):
        raise fail("input_bytes", str(path), f"{size} 字节")


def check_zip(path: Path, z: zipfile.ZipFile) -> None:
    """Zip bombs: too many entries, too much when unpacked, or an absurd compression ratio.

    Declared sizes bound what zipfile will inflate (it stops at file_size and checks the CRC),
    so checking them before any entry is read is enough."""
    infos = z.infolist()
    check_count("zip_entries", len(infos), str(path))
    total = sum(i.file_size for i in infos)
    if total > get("zip_uncompressed_bytes"):
        raise fail("zip_uncompressed_bytes", str(path), f"{total} 字节")
    ratio = get("zip_ratio")
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > ratio * max(i.compress_size, 1):
            raise fail("zip_ratio", f"{path} 中的 {i.filename}", f"{i.file_size // max(i.compress_size, 1)} 倍")


_CELL = re.compile(rb"<(?:\w+:)?c[ >/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell [^>]*ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_workbook(path: Path) -> None:
    """Before openpyxl loads a workbook: file size, zip limits, and the cells (and merged areas)
    each sheet would expand to, counted on the raw XML in one pass."""
    check_file_size(path)
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl's own error is turned into the caller's message
    with z:
        check_zip(path, z)
        cells = 0
        for info in z.infolist():
            if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
                continue
            data = z.read(info)
            cells += len(_CELL.findall(data))
            for m in _MERGE.finditer(data):
                cells += (abs(_col(m.group(3)) - _col(m.group(1))) + 1) * (abs(int(m.group(4)) - int(m.group(2))) + 1)
            check_count("table_cells", cells, str(path))


def check_document_size(doc: Any) -> None:
    """After reading a draft: paragraphs and table cells."""
    blocks = doc.blocks
    check_count("paragraphs", sum(1 for b in blocks if b.kind != "table"), doc.path)
    check_count("table_cells", sum(len(b.cells) for b in blocks if b.kind == "table"), doc.path)


class _Deadline:
    __slots__ = ("until", "what")

    def __init__(self, until: float, what: str) -> None:
        self.until, self.what = until, what


_local = threading.local()


@contextmanager
def time_budget(what: str) -> Iterator[None]:
    """Run a block under `seconds_per_document`. In the main thread of a Unix process a timer
    signal interrupts even a single slow step; elsewhere (web threads, Windows) the budget is
    checked between steps by `check_time()`."""
    seconds = get("seconds_per_document")
    previous = getattr(_local, "deadline", None)
    _local.deadline = _Deadline(time.monotonic() + seconds, what)
    use_signal = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and previous is None
    old_handler: Any = None
    if use_signal:
        def _ring(signum: int, frame: Any) -> None:
            raise fail("seconds_per_document", what, f"超过 {seconds} 秒")

        old_handler = signal.signal(signal.SIGALRM, _ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        _local.deadline = previous


def check_time() -> None:
    """Cooperative check of the current time budget (between rules, between pages)."""
    d = getattr(_local, "deadline", None)
    if d is not None and time.monotonic() > d.until:
        raise fail("seconds_per_document", d.what, f"超过 {get('seconds_per_document')} 秒")
