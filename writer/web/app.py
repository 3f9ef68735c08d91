"""`jixiao serve`: the three jobs in the browser (检查, 起草, 批量) and a small HTTP API.

Server-rendered pages (Jinja2, autoescaped) with a little plain JavaScript; every engine call
goes through the same functions the CLI uses, in a worker process with a time limit (tasks.py,
runner.py). Each request works in its own temporary folder, removed when it ends.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, AsyncIterator
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response, \
    StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__
from ..errors import JixiaoError
from ..findings import LEVEL_ZH
from ..rubric import field_key
from ..ui_text import ui
from . import form as form_mod
from . import highlight, tasks
from .guard import CHECK_TYPES, DATA_TYPES, IMPORT_TYPES, BodyLimit, Limits, UploadRefused, check_zip, \
    shown_name, suffix_for, too_large_message
from .runner import Runner, TaskCrashed, TaskTimeout

HERE = Path(__file__).resolve().parent
MAX_FILES = 20  # files in one check request


@dataclass(frozen=True)
class Settings:
    limits: Limits = Limits()
    timeout: float = 60.0  # seconds for one engine call
    pool: int = 1  # engine worker processes per server worker
    batch_timeout: float = 1800.0  # seconds for a whole batch (each unit also has the engine's limit)

    @classmethod
    def from_env(cls) -> "Settings":
        """`jixiao serve` passes its options through the environment (uvicorn's workers start fresh)."""
        mb = float(os.environ.get("JIXIAO_MAX_UPLOAD_MB", "20"))
        return cls(Limits(max_upload=int(mb * 1024 * 1024)), float(os.environ.get("JIXIAO_TIMEOUT", "60")),
                   int(os.environ.get("JIXIAO_POOL", str(max(1, os.cpu_count() or 1)))),
                   float(os.environ.get("JIXIAO_BATCH_TIMEOUT", "1800")))


# -- helpers -------------------------------------------------------------------------------------
def _error(lines: list[str] | str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": [lines] if isinstance(lines, str) else lines, **extra}, status_code=status)


def _download(data: bytes, name: str, media: str) -> Response:
    """Content-Disposition with the Chinese name (RFC 5987) and an ASCII fallback."""
    ascii_name = name if name.isascii() and '"' not in name else "jixiao" + Path(name).suffix
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@lru_cache(maxsize=1)
def _rubrics() -> list[Any]:
    from ..rubric import load_all

    return load_all()


def _rubric(type_id: str | None) -> Any:
    if not type_id:
        return None
    return next((r for r in _rubrics() if type_id in (r.id, r.name)), None)


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    from ..commands_check import all_rules

    return {r.id: r for r in all_rules()}


def _safe_json(text: str) -> Any:
    """JSON text inside <script type="application/json">: no "</script>" can end it early."""
    from markupsafe import Markup

    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Web:
    """The application's state: settings, the worker pool, the templates."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._runner: Runner | None = None
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.filters["safe_json"] = _safe_json
        self.templates.env.globals.update(version=__version__, level_zh=LEVEL_ZH)

    @property
    def runner(self) -> Runner:
        if self._runner is None:  # made on first use: each server worker has its own pool
            self._runner = Runner(self.settings.pool, self.settings.timeout)
        return self._runner

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    async def run(self, fn: Any, *args: Any, timeout: float | None = None) -> Any:
        try:
            return await self.runner.run(fn, *args, timeout=timeout)
        except TaskTimeout:
            raise UploadRefused(f"处理超时：超过 {timeout or self.settings.timeout:g} 秒仍未完成，已停止。"
                                "文件可能过大或格式异常，请拆分或另存后再试", 504) from None
        except TaskCrashed:
            raise UploadRefused("处理这个文件时程序异常退出（可能内存不足），请另存或拆分后再试", 500) from None

    async def read_form(self, request: Request) -> FormData:
        try:
            return await request.form(max_files=MAX_FILES, max_fields=5000, max_part_size=4 * 1024 * 1024)
        except ClientDisconnect:
            if request.scope.get("jixiao.too_large"):
                raise UploadRefused(too_large_message(self.settings.limits.max_upload), 413) from None
            raise
        except MultiPartException as exc:
            raise UploadRefused(f"上传的内容无法解析（{exc.message}）", 400) from None

    async def save(self, upload: Any, folder: Path, allowed: dict[str, str], what: str, n: int = 0) -> tuple[Path, str]:
        """An upload → folder/uploadN.ext; returns that path and the name to show."""
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UploadRefused("请选择要上传的文件", 400)
        shown = shown_name(upload.filename)
        ext = suffix_for(shown, allowed, what)
        path = folder / f"upload{n}{ext}"
        data = await upload.read()
        if not data:
            raise UploadRefused(f"{shown} 是空文件", 400)
        path.write_bytes(data)
        if ext in (".docx", ".xlsx"):
            check_zip(path, shown, self.settings.limits)
        return path, shown


@asynccontextmanager
async def _workdir() -> AsyncIterator[Path]:
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-web-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _web(request: Request) -> Web:
    return request.app.state.web


# -- pages ---------------------------------------------------------------------------------------
async def home(request: Request) -> Response:
    return RedirectResponse("/check", status_code=302)


async def check_page(request: Request) -> Response:
    return _web(request).templates.TemplateResponse(request, "check.html", {"rubrics": _rubrics(), "page": "check"})


async def check_view(request: Request) -> Response:
    """The uploaded drafts, highlighted, with their findings (an HTML fragment for the page)."""
    web = _web(request)
    form = await web.read_form(request)
    uploads = form.getlist("file")
    if not uploads:
        raise UploadRefused("请选择要检查的文件（DOCX、TXT 或 Markdown）", 400)
    forced = str(form.get("type") or "") or None
    if forced and _rubric(forced) is None:
        raise UploadRefused(f"“{forced}”不是已知的报告类型", 400)
    async with _workdir() as tmp:
        files = [await web.save(u, tmp, CHECK_TYPES, ui("检查"), n) for n, u in enumerate(uploads)]
        result = await web.run(tasks.check_files, [(str(p), s) for p, s in files], forced,
                               form.get("across") == "1")
    views = []
    for n, r in enumerate(result["files"]):
        if "view" in r:
            v = r["view"]
            views.append({"n": n, "name": r["name"], "view": v, "blocks": highlight.view_blocks(v),
                          "groups": highlight.grouped(v), "counts": highlight.counts(v), "json": r["json"],
                          "rules": sorted({(f["rule"], f["name"]) for f in v["findings"]})})
        else:
            views.append({"n": n, "name": r["name"], "error": r["error"]})
    return web.templates.TemplateResponse(request, "check_result.html", {"files": views, "rubrics": _rubrics()})


async def check_comments(request: Request) -> Response:
    web = _web(request)
    form = await web.read_form(request)
    async with _workdir() as tmp:
        path, shown = await web.save(form.get("file"), tmp, {".docx": ".docx"}, ui("写批注（只支持 .docx）"))
        result = await web.run(tasks.comments_docx, str(path), shown, str(form.get("type") or "") or None)
    if "error" in result:
        return _error(result["error"], 422)
    return _download(result["docx"], ui(f"{Path(shown).stem}-批注.docx"), DOCX)


async def explain(request: Request) -> Response:
    from ..commands_check import explain_text

    rule = _rules().get(request.path_params["rule"].upper())
    if rule is None:
        return PlainTextResponse("没有这条规则", status_code=404)
    return PlainTextResponse(explain_text(rule))


async def draft_page(request: Request) -> Response:
    # the report most units write is the one offered first
    rubric = _rubric(request.query_params.get("type")) or _rubric("project_self") or _rubrics()[0]
    return _web(request).templates.TemplateResponse(
        request, "draft.html", {"rubrics": _rubrics(), "rubric": rubric, **_form_ctx(rubric, {}), "page": "draft"})


def _form_ctx(rubric: Any, values: dict[str, Any], note: str = "") -> dict[str, Any]:
    return {"rubric": rubric, "widgets": form_mod.form_for(rubric, values), "note": note,
            "level1": form_mod.level1_choices(rubric), "level2": form_mod.indicator_choices()}


def _form_fragment(request: Request, rubric: Any, values: dict[str, Any], note: str = "") -> Response:
    return _web(request).templates.TemplateResponse(request, "draft_form.html", _form_ctx(rubric, values, note))


async def draft_form(request: Request) -> Response:
    rubric = _rubric(request.query_params.get("type"))
    if rubric is None:
        raise UploadRefused("未知的报告类型", 400)
    return _form_fragment(request, rubric, {})


def _values_rubric(text: str, fallback: Any = None) -> tuple[Any, dict[str, Any]]:
    values = form_mod.from_yaml(text)
    rubric = _rubric(str(values.get(field_key("report_type"), "")).strip()) or fallback
    if rubric is None:
        raise UploadRefused("数据文件中的「报告类型」不是已知的报告类型", 422)
    return rubric, values


async def draft_import(request: Request) -> Response:
    """Last year's report or a 自评表 (kind=report), or a data file (kind=data) → the form, filled."""
    web = _web(request)
    form = await web.read_form(request)
    forced = str(form.get("type") or "") or None
    async with _workdir() as tmp:
        if form.get("kind") == "data":
            path, shown = await web.save(form.get("file"), tmp, DATA_TYPES, ui("数据文件"))
            result = await web.run(tasks.import_file, str(path), shown, None)
            note = ui(f"已读入数据文件 {shown}")
        else:
            path, shown = await web.save(form.get("file"), tmp, IMPORT_TYPES, ui("导入"))
            result = await web.run(tasks.import_file, str(path), shown, forced)
            note = ui(f"已从 {shown} 导入；黄色的是“待核实”“待填”，请对照原文核实或补填")
    if "error" in result:
        return _error(result["error"], 422)
    rubric, values = _values_rubric(result["yaml"], _rubric(result.get("report_type")))
    return _form_fragment(request, rubric, values, note)


async def _form_to_file(request: Request, tmp: Path) -> tuple[Any, Path, str, dict[str, str]]:
    form = await _web(request).read_form(request)
    rubric = _rubric(str(form.get(field_key("report_type"), "")))
    if rubric is None:
        raise UploadRefused("请先选择报告类型", 400)
    renames: dict[str, str] = {}
    values = form_mod.collect(rubric.schema, {k: v for k, v in form.items() if isinstance(v, str)}, "", renames)
    values[field_key("report_type")] = rubric.name
    text = form_mod.to_yaml(values)
    path = tmp / "form.yaml"  # a temporary name nobody sees (the user is shown 表单)
    path.write_text(text, encoding="utf-8")
    return rubric, path, text, renames


def _placed(result: dict[str, Any], text: str, renames: dict[str, str]) -> dict[str, Any]:
    by_field, general = form_mod.place_problems(result.get("problems") or [], text, renames)
    if not result.get("problems"):
        general = result["error"]
    return {"error": result["error"], "fields": by_field, "general": general}


async def _on_form(request: Request, fn: Any, *args: Any) -> tuple[Any, dict[str, Any], Response | None]:
    """The form as a data file → fn(path, "表单", *args) in a worker; a data problem becomes the
    422 answer that puts each message beside its field."""
    async with _workdir() as tmp:
        rubric, path, text, renames = await _form_to_file(request, tmp)
        result = await _web(request).run(fn, str(path), ui("表单"), *args)
    if "error" in result:
        return rubric, result, JSONResponse(_placed(result, text, renames), status_code=422)
    return rubric, result, None


async def draft_preview(request: Request) -> Response:
    from .preview import to_html

    _, result, refused_form = await _on_form(request, tasks.draft, False)
    if refused_form:
        return refused_form
    return JSONResponse({"html": to_html(result["markdown"]), "total": result["total"], "grade": result["grade"],
                         "pending": result["pending"], "missing": result["missing"], "title": result["title"]})


async def draft_docx(request: Request) -> Response:
    _, result, refused_form = await _on_form(request, tasks.draft, True)
    return refused_form or _download(result["docx"], result["file_name"], DOCX)


async def draft_data(request: Request) -> Response:
    async with _workdir() as tmp:
        rubric, path, text, _ = await _form_to_file(request, tmp)
    values = form_mod.from_yaml(text)
    name = "".join(str(values.get(field_key(k), "")) for k in ("agency", "project")) or ui("数据")
    name = "".join(c for c in name if c not in '\\/:*?"<>|\r\n\t ')[:60]
    return _download(text.encode("utf-8"), f"{name}-{values.get(field_key('year'), '')}.yaml", "application/x-yaml")


async def draft_rollover(request: Request) -> Response:
    rubric, result, refused_form = await _on_form(request, tasks.rollover_file)
    if refused_form:
        return refused_form
    rubric, values = _values_rubric(result["yaml"], rubric)
    note = ui(f"已生成下一年的数据：{len(result['emptied'])} 处数字待填，文字标了【待更新】，请按本年实际改写")
    return _form_fragment(request, rubric, values, note)


async def batch_page(request: Request) -> Response:
    return _web(request).templates.TemplateResponse(request, "batch.html", {"page": "batch"})


async def batch_run(request: Request) -> Response:
    """Progress as lines of JSON, then the result with the zip of reports (base64)."""
    from .batch_stream import stream

    web = _web(request)
    form = await web.read_form(request)
    upload = form.get("file")
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-web-"))
    try:
        path, shown = await web.save(upload, tmp, {".xlsx": ".xlsx", ".zip": ".zip"}, ui("批量"))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StreamingResponse(stream(web, path, shown, tmp), media_type="application/x-ndjson")


# -- API -----------------------------------------------------------------------------------------
async def api_check(request: Request) -> Response:
    web = _web(request)
    form = await web.read_form(request)
    forced = str(form.get("type") or "") or None
    if forced and _rubric(forced) is None:
        return _error(ui(f"“{forced}”不是已知的报告类型，可选：{'、'.join(r.name for r in _rubrics())}"), 422)
    async with _workdir() as tmp:
        path, shown = await web.save(form.get("file"), tmp, CHECK_TYPES, ui("检查"))
        result = await web.run(tasks.check_files, [(str(path), shown)], forced, False)
    r = result["files"][0]
    if "error" in r:
        return _error(r["error"], 422)
    return Response(r["json"], media_type="application/json")


async def api_draft(request: Request) -> Response:
    web = _web(request)
    form = await web.read_form(request)
    async with _workdir() as tmp:
        path, shown = await web.save(form.get("file"), tmp, DATA_TYPES, ui("起草（数据文件）"))
        if path.suffix == ".xlsx":
            imported = await web.run(tasks.import_file, str(path), shown, None)
            if "error" in imported:
                return _error(imported["error"], 422, problems=imported.get("problems", []))
            path = tmp / "upload-form.yaml"
            path.write_text(imported["yaml"], encoding="utf-8")
        result = await web.run(tasks.draft, str(path), shown, True)
    if "error" in result:
        return _error(result["error"], 422, problems=result.get("problems", []))
    return _download(result["docx"], result["file_name"], DOCX)


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok", "version": __version__})


# -- errors --------------------------------------------------------------------------------------
async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UploadRefused)
    return _error(str(exc), exc.status)


async def user_error(request: Request, exc: Exception) -> Response:
    return _error(exc.lines() if isinstance(exc, JixiaoError) else str(exc), 422)


async def not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    return _error(ui("没有这个页面") if status == 404 else ui("请求方式不对"), status)


async def internal(request: Request, exc: Exception) -> Response:
    return _error(ui("程序内部错误，请把这个文件和操作步骤发给维护人员"), 500)


def create_app(settings: Settings | None = None) -> Any:
    settings = settings or Settings.from_env()
    web = Web(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        web.close()

    routes = [
        Route("/", home), Route("/check", check_page), Route("/check/view", check_view, methods=["POST"]),
        Route("/check/comments", check_comments, methods=["POST"]), Route("/rules/{rule}", explain),
        Route("/draft", draft_page), Route("/draft/form", draft_form),
        Route("/draft/import", draft_import, methods=["POST"]),
        Route("/draft/preview", draft_preview, methods=["POST"]), Route("/draft/docx", draft_docx, methods=["POST"]),
        Route("/draft/data", draft_data, methods=["POST"]), Route("/draft/rollover", draft_rollover, methods=["POST"]),
        Route("/batch", batch_page), Route("/batch/run", batch_run, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]), Route("/api/draft", api_draft, methods=["POST"]),
        Route("/healthz", healthz),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        UploadRefused: refused, JixiaoError: user_error, HTTPException: not_found, Exception: internal})
    app.state.web = web
    return BodyLimit(app, settings.limits.max_upload)

