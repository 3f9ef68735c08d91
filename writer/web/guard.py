"""Safety for a shared service: request size, zip and XML bombs, and file names that never
become paths.

An upload is saved as `upload.docx` (the extension from a fixed list) inside the request's own
temporary folder; the user's file name is only shown, never joined to a path.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable

from ..errors import JixiaoError
from ..ui_text import ui

CHECK_TYPES = {".docx": ".docx", ".txt": ".txt", ".text": ".txt", ".md": ".md", ".markdown": ".md"}
DATA_TYPES = {".yaml": ".yaml", ".yml": ".yaml", ".xlsx": ".xlsx"}
IMPORT_TYPES = {**CHECK_TYPES, ".xlsx": ".xlsx"}
OLD_FORMATS = {".doc": ui("旧版 Word 文档（.doc）"), ".wps": ui("WPS 文档（.wps）"), ".pdf": ui("PDF 文件"),
               ".xls": ui("旧版 Excel 工作簿（.xls）"), ".et": ui("WPS 表格（.et）"), ".rtf": ui("RTF 文件")}


@dataclass(frozen=True)
class Limits:
    """The web's own limits; what a file may expand to is the engine's (writer/limits.py)."""

    max_upload: int = 20 * 1024 * 1024  # whole request body, bytes
    max_units: int = 500  # units in one batch


class UploadRefused(JixiaoError):
    """Wrong type, too large, unsafe: the request is refused with this Chinese message."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def shown_name(name: str | None) -> str:
    """The user's file name as shown back: its last part only, no control characters, short."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or ui("未命名")
    return base[-120:]


def suffix_for(name: str, allowed: dict[str, str], what: str) -> str:
    ext = Path(shown_name(name)).suffix.lower()
    if ext in allowed:
        return allowed[ext]
    if ext in OLD_FORMATS:
        raise UploadRefused(f"{shown_name(name)} 是{OLD_FORMATS[ext]}，暂不支持，请在 Word/WPS/Excel 中另存为"
                            f"{'、'.join(sorted(set(allowed.values())))} 后再上传", 415)
    raise UploadRefused(f"{shown_name(name)} 的格式（{ext or '无扩展名'}）不能用于{what}；"
                        f"支持 {'、'.join(sorted(set(allowed.values())))}", 415)


def check_zip(path: Path, shown: str, limits: Limits) -> None:
    """DOCX, XLSX and batch uploads are zip files: refuse bombs before any reader unpacks them
    (the engine's own limits, rubrics/_limits.yaml), and XML entity declarations."""
    from .. import limits as engine_limits
    from ..errors import LimitError

    try:
        with zipfile.ZipFile(path) as z:
            try:
                engine_limits.check_zip(path, z)
            except LimitError as exc:
                raise UploadRefused(str(exc).replace(str(path), shown), 413) from None
            for info in z.infolist():
                if info.filename.endswith((".xml", ".rels")) and _has_doctype(z, info):
                    raise UploadRefused(f"{shown} 含有 XML 实体声明（DOCTYPE），Word/WPS 保存的文件不会有，已拒绝", 400)
    except zipfile.BadZipFile:
        raise UploadRefused(f"{shown} 不是有效的文件（已损坏，或扩展名与内容不符）", 400) from None


def _has_doctype(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """An entity declaration is how an XML bomb starts; Office parts never carry one."""
    with z.open(info) as fh:
        head = fh.read(4096)
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def extract_data_files(path: Path, dest: Path, shown: str, limits: Limits) -> int:
    """A zip of data files → flat files in dest, names rebuilt from a counter (no path from the zip)."""
    check_zip(path, shown, limits)
    n = 0
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            name = shown_name(info.filename)
            ext = Path(name).suffix.lower()
            if info.is_dir() or name.startswith(".") or ext not in (".yaml", ".yml", ".xlsx"):
                continue
            # the name kept (a workbook's 共同设置 names its base file), made safe and flat
            stem = re.sub(r'[^\w\u4e00-\u9fff（）()\-]+', "_", Path(name).stem)[:60] or "unit"
            target = dest / (f"{stem}{'.xlsx' if ext == '.xlsx' else '.yaml'}")
            if target.exists():
                n += 1
                target = dest / f"{stem}_{n}{target.suffix}"
            target.write_bytes(z.read(info))
            n += 1
    return n


class BodyLimit:
    """ASGI middleware: refuse a request body over the limit, declared or streamed."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                       send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:  # the route sees a disconnect and answers 413 (read_form)
                    scope["jixiao.too_large"] = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)


def too_large_message(max_bytes: int) -> str:
    return ui(f"上传的文件过大：单次上传不能超过 {max_bytes // (1024 * 1024)} MB")


async def _too_large(send: Callable[[dict[str, Any]], Awaitable[None]], max_bytes: int) -> None:
    import json

    body = json.dumps({"error": [too_large_message(max_bytes)]}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
