"""Worker processes that cannot outlive the process that started them.

A pool worker keeps running its queued tasks after its parent is killed (kill -9 gives the
parent no chance to stop them). Each worker watches its parent and exits as soon as it is
gone; on Linux the kernel is also asked to kill it (PR_SET_PDEATHSIG).
"""
from __future__ import annotations

import os
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def _ask_kernel() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no libc symbol: the watcher below still works
        pass


def _parent_alive(parent: int) -> bool:
    if os.getppid() != parent:  # re-parented: the parent is gone (POSIX; Windows keeps the id)
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, parent)  # type: ignore[attr-defined]
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))  # type: ignore[attr-defined]
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return code.value == 259  # STILL_ACTIVE
    return True


def die_with_parent(parent: int, interval: float = 0.2) -> None:
    """Call first thing in a worker; `parent` is the pid of the process that made the pool."""
    _ask_kernel()

    def watch() -> None:
        while _parent_alive(parent):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="jixiao-parent-watch", daemon=True).start()
