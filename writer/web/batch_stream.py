"""批量 in the browser: a workbook or a zip of data files → progress lines → a zip of reports.

The job is `jixiao batch` itself (batch.run_batch, tasks.batch_job) in a process of its own,
which starts its pool of drafting workers; its progress comes back through a queue. A batch
running past its time limit is stopped with its workers (they exit with their parent). The
response is lines of JSON, so one request carries the whole job and its progress.
"""
from __future__ import annotations

import asyncio
import base64
import io
import json
import multiprocessing
import queue as queue_mod
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any, AsyncIterator

from ..batch import SUMMARY
from ..ui_text import ui
from . import tasks
from .guard import UploadRefused, extract_data_files

# spawn: a clean process (the server's threads are not copied into it), on every platform
_CTX = multiprocessing.get_context("spawn")


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _zip(outdir: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(outdir.glob("*.docx")) + sorted(outdir.glob(SUMMARY)):
            z.write(p, p.name)
    return buf.getvalue()


async def stream(web: Any, path: Path, shown: str, tmp: Path) -> AsyncIterator[bytes]:
    try:
        async for line in _steps(web, path, shown, tmp):
            yield line
    except UploadRefused as exc:
        yield _line({"error": [str(exc)]})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


async def _steps(web: Any, path: Path, shown: str, tmp: Path) -> AsyncIterator[bytes]:
    settings = web.settings
    outdir = tmp / "out"
    outdir.mkdir()
    source = path
    if path.suffix == ".zip":
        source = tmp / "in"
        source.mkdir()
        if extract_data_files(path, source, shown, settings.limits) == 0:
            yield _line({"error": [ui(f"{shown} 中没有数据文件（.yaml）或单位工作簿（.xlsx）")]})
            return
    q = _CTX.Queue()
    proc = _CTX.Process(target=tasks.batch_job, args=(str(source), str(outdir), shown, settings.pool, q))
    proc.start()
    deadline = time.monotonic() + settings.batch_timeout
    try:
        while True:
            try:
                msg = await asyncio.to_thread(q.get, True, 0.5)
            except queue_mod.Empty:
                if not proc.is_alive():
                    yield _line({"error": [ui("批量处理进程意外退出（可能内存不足），请减少单位数后再试")]})
                    return
                if time.monotonic() > deadline:
                    yield _line({"error": [ui(f"批量处理超时：超过 {settings.batch_timeout:g} 秒仍未完成，已停止；"
                                              "请减少单位数分批上传")]})
                    return
                continue
            if msg.get("total", 0) > settings.limits.max_units and "done" not in msg:
                yield _line({"error": [ui(f"单位过多（{msg['total']} 个），一次最多 {settings.limits.max_units} 个，"
                                          "请分批上传")]})
                return
            if msg.get("finished"):
                msg["zip"] = base64.b64encode(_zip(outdir)).decode("ascii")
                yield _line(msg)
                return
            yield _line(msg)
            if "error" in msg:
                return
    finally:
        if proc.is_alive():
            proc.terminate()
        await asyncio.to_thread(proc.join, 10)
        if proc.is_alive():
            proc.kill()
        q.close()
