"""批量 in the browser: a workbook or a zip of data files → progress lines → a zip of reports.

The same steps as `jixiao batch` (batch.py): units read, each unit drafted and checked in a
worker process (its own time limit), then the cross-unit checks and 汇总.xlsx. The response is
lines of JSON, so the page can show progress and one request carries the whole job.
"""
from __future__ import annotations

import asyncio
import base64
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any, AsyncIterator

from . import tasks
from .guard import UploadRefused, extract_data_files


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _zip(outdir: Path, summary: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(outdir.glob("*.docx")):
            z.write(p, p.name)
        z.writestr("汇总.xlsx", summary)
    return buf.getvalue()


def _row(r: Any) -> dict[str, Any]:
    return {"name": r.name, "source": r.source, "status": r.status, "output": r.output, "total": r.total,
            "grade": r.grade, "execution_rate": r.execution_rate, "counts": r.counts, "errors": r.errors}


async def stream(web: Any, path: Path, shown: str, tmp: Path) -> AsyncIterator[bytes]:
    try:
        async for line in _steps(web, path, shown, tmp):
            yield line
    except UploadRefused as exc:
        yield _line({"error": [str(exc)]})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


async def _steps(web: Any, path: Path, shown: str, tmp: Path) -> AsyncIterator[bytes]:
    from ..batch import UnitResult

    limits = web.settings.limits
    outdir = tmp / "out"
    outdir.mkdir()
    source = path
    if path.suffix == ".zip":
        source = tmp / "in"
        source.mkdir()
        if extract_data_files(path, source, shown, limits) == 0:
            yield _line({"error": [f"{shown} 中没有数据文件（.yaml）或单位工作簿（.xlsx）"]})
            return
    read = await web.run(tasks.batch_units, str(source), str(outdir), shown)
    if "error" in read:
        yield _line({"error": read["error"]})
        return
    units = read["units"]
    if len(units) > limits.max_units:
        yield _line({"error": [f"单位过多（{len(units)} 个），一次最多 {limits.max_units} 个，请分批上传"]})
        return
    yield _line({"total": len(units)})
    results: dict[str, Any] = {}
    docs: dict[str, Any] = {}

    async def one(unit: Any) -> tuple[Any, Any]:
        try:
            return await web.run(tasks.batch_one, unit, str(outdir))
        except UploadRefused as exc:
            return UnitResult(unit.name, unit.source, "出错", errors=[f"错误：{exc}"]), None

    pending = [asyncio.ensure_future(one(u)) for u in units]
    try:
        for k, fut in enumerate(asyncio.as_completed(pending), 1):
            result, doc = await fut
            results[result.name] = result
            if doc is not None:
                docs[result.name] = doc
            yield _line({"done": k, "total": len(units), "unit": result.name, "status": result.status})
    finally:
        for fut in pending:
            fut.cancel()
    ordered = [results[u.name] for u in units if u.name in results]
    summary = await web.run(tasks.batch_finish, str(outdir), ordered, docs)
    yield _line({"finished": True, "results": [_row(r) for r in ordered],
                 "zip": base64.b64encode(_zip(outdir, summary)).decode("ascii")})
