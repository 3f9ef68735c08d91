"""Run one hostile case in a fresh folder, in a child process with a time limit, and judge it.

A case passes when jixiao exits 0, 1 or 2 without a traceback or "程序内部错误" within the
limit, leaves its inputs byte-identical, writes nothing outside out/, keeps injected template
strings literal in the DOCX, and writes formula-like text to 汇总.xlsx as text. More counters:
append a function to EXTRA_CHECKS (case, folder, result) -> {counter: n}.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .corpus import OUT, ROOT, Case

# The fuzz run's own limits: small enough that the size cases stay cheap to generate
FUZZ_LIMITS = "input_bytes: 8000000\nseconds_per_document: 20\n"
CASE_TIMEOUT = 45.0  # seconds: past the 20 s budget plus start-up, on a loaded machine


@dataclass
class Result:
    case: str
    code: int | None
    seconds: float
    crash: bool = False
    hang: bool = False
    inputs_changed: list[str] = field(default_factory=list)
    outside_writes: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return not (self.crash or self.hang or self.inputs_changed or self.outside_writes
                    or any(self.counters.values()))


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def _literals_lost(case: Case, folder: Path, result: Result) -> dict[str, int]:
    """Template-injection strings must reach the DOCX as typed, never evaluated."""
    docx = folder / OUT / "r.docx"
    if not case.literal or result.code != 0 or not docx.exists():
        return {}
    from xml.sax.saxutils import escape

    text = _docx_text(docx)
    return {"injections-evaluated": sum(1 for s in case.literal if escape(s) not in text)}


def _formula_cells(case: Case, folder: Path, result: Result) -> dict[str, int]:
    """Every cell of every summary workbook must be a value, never a formula."""
    books = list((folder / OUT).rglob("*.xlsx"))
    if not books:
        return {}
    from openpyxl import load_workbook

    n = 0
    for book in books:
        wb = load_workbook(book)
        n += sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f")
    return {"formula-cells": n}


EXTRA_CHECKS: list[Callable[[Case, Path, Result], dict[str, int]]] = [_literals_lost, _formula_cells]


def run(case: Case, timeout: float = CASE_TIMEOUT, keep: Path | None = None) -> Result:
    with tempfile.TemporaryDirectory(prefix="jixiao-fuzz-") as tmp:
        folder = keep or Path(tmp)
        for rel, data in case.files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        (folder / OUT).mkdir(exist_ok=True)
        (folder / ".limits.yaml").write_text(FUZZ_LIMITS, encoding="utf-8")
        before = _digest(folder)
        env = {**os.environ, "JIXIAO_LIMITS": str(folder / ".limits.yaml"), "PYTHONPATH": str(ROOT),
               "HOME": str(folder / OUT / ".home"), "XDG_CACHE_HOME": str(folder / OUT / ".cache")}
        start = time.monotonic()
        try:
            proc = subprocess.run([sys.executable, "-m", "writer", *case.argv], cwd=folder, env=env,
                                  capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
            result = Result(case.name, proc.returncode, time.monotonic() - start,
                            stderr=proc.stderr.decode("utf-8", "replace")[-2000:])
            result.crash = proc.returncode not in (0, 1, 2) or "Traceback" in result.stderr \
                or "程序内部错误" in result.stderr
        except subprocess.TimeoutExpired:
            result = Result(case.name, None, time.monotonic() - start, hang=True)
        after = _digest(folder)
        result.inputs_changed = sorted(k for k, v in before.items() if after.get(k) != v)
        result.outside_writes = sorted(k for k in after if k not in before and not k.startswith(OUT + os.sep))
        if not result.hang:
            for check in EXTRA_CHECKS:
                for k, v in check(case, folder, result).items():
                    result.counters[k] = result.counters.get(k, 0) + v
        return result
