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
    _check_port(host, args.port)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{args.port}/"
    out.print(f"jixiao 网页已启动：{url}（按 Ctrl+C 停止）", markup=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"注意：监听 {host}，同一网络中的其他电脑也能访问", markup=False)
    if args.open:
        threading.Timer(1.5, lambda: webbrowser.open(url)).start()
    uvicorn.run("writer.web.app:create_app", factory=True, host=host, port=args.port, workers=args.workers,
                log_level="warning", timeout_graceful_shutdown=5)
    return ExitCode.OK


def _check_port(host: str, port: int) -> None:
    """Say it in Chinese before uvicorn would say it in English."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise JixiaoError(f"监听地址“{host}”无法识别（本机使用请写 127.0.0.1）") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if os.name != "nt":  # as uvicorn binds: a port in TIME_WAIT after a restart is free
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise JixiaoError(f"无法在 {host}:{port} 启动网页：端口已被占用或无权使用（{exc.strerror}）；"
                              f"可换一个端口，如 --port {port + 1}") from None
