"""Start `jixiao serve` on a free local port for a browser test or a bench, and always stop it."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerURL(str):
    """The base URL, carrying the server's process id (for the bench's memory samples)."""

    pid: int = 0


@contextlib.contextmanager
def running_server(workers: int = 1, extra: list[str] | None = None, wait: float = 60) -> Iterator[ServerURL]:
    """Yield the server's base URL ("http://127.0.0.1:PORT/"); the whole process group is stopped after."""
    port = free_port()
    cmd = [sys.executable, "-m", "writer", "serve", "--port", str(port), "--workers", str(workers), *(extra or [])]
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=log,
                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = ServerURL(f"http://127.0.0.1:{port}/")
    url.pid = proc.pid
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"jixiao serve 未能启动：{log.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("jixiao serve 在规定时间内没有响应 /healthz")
            time.sleep(0.2)
        yield url
    finally:
        stop(proc)
        log.close()


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (workers included), then SIGKILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError):  # stray workers left in the group
        os.killpg(proc.pid, signal.SIGKILL)
