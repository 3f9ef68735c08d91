"""Engine work in worker processes with a time limit, so one bad document cannot hang the server.

A pebble process pool kills the worker whose task runs past the limit and starts a fresh one;
the request gets a Chinese error, the other requests carry on.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Callable

from pebble import ProcessPool
from pebble.common import ProcessExpired


def _trim() -> None:
    """Hand freed memory back to the system after each task (glibc keeps it otherwise, and a
    worker that read a large DOCX would stay at its high-water mark)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (Windows, macOS, musl): nothing to do
        pass


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        return fn(*args)
    finally:
        _trim()


class TaskTimeout(Exception):
    """The task ran past the time limit; its worker was stopped."""


class TaskCrashed(Exception):
    """The worker died (out of memory, killed); the request fails, the server does not."""


class Runner:
    def __init__(self, workers: int, timeout: float, max_tasks: int = 1000) -> None:
        # max_tasks: a worker is replaced after this many tasks, so a shared service that runs
        # for months keeps a bounded footprint whatever the documents do to the allocator
        self.timeout = timeout
        self._pool = ProcessPool(max_workers=max(1, workers), max_tasks=max_tasks)

    async def run(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        future = self._pool.schedule(_call, args=(fn, args), timeout=timeout or self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            raise TaskTimeout() from None
        except ProcessExpired:
            raise TaskCrashed() from None

    def close(self) -> None:
        self._pool.stop()
        self._pool.join(timeout=5)
