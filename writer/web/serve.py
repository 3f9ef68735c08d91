"""`jixiao serve`: start the web pages (uvicorn), optionally open the browser."""
from __future__ import annotations

import argparse
import os
import threading
import webbrowser

from rich.console import Console

from ..errors import ExitCode, JixiaoError


def run_serve(args: argparse.Namespace, out: Console, err: Console) -> int:
    try:
        import uvicorn
    except ImportError:
        raise JixiaoError("网页功能需要 uvicorn 和 starlette：请运行 pip install jixiao（或 pip install -e .）重新安装") from None
    if args.workers < 1:
        raise JixiaoError("--workers 至少为 1")
    # Settings reach every worker process through the environment (see app.Settings.from_env).
    os.environ["JIXIAO_MAX_UPLOAD_MB"] = str(args.max_upload_mb)
    os.environ["JIXIAO_TIMEOUT"] = str(args.timeout)
    os.environ.setdefault("JIXIAO_POOL", str(max(1, (os.cpu_count() or 1) // args.workers)))
    host = args.host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{args.port}/"
    out.print(f"jixiao 网页已启动：{url}（按 Ctrl+C 停止）", markup=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"注意：监听 {host}，同一网络中的其他电脑也能访问", markup=False)
    if args.open:
        threading.Timer(1.5, lambda: webbrowser.open(url)).start()
    try:
        uvicorn.run("writer.web.app:create_app", factory=True, host=host, port=args.port, workers=args.workers,
                    log_level="warning", timeout_graceful_shutdown=5)
    except OSError as exc:
        raise JixiaoError(f"无法在 {host}:{args.port} 启动：{exc.strerror}（端口被占用时可换 --port）") from None
    return ExitCode.OK
