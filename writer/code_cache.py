"""The methods `dataclasses` writes for each class, compiled once and kept between processes.

For every @dataclass the standard library writes __init__, __repr__, __eq__ … as Python source and
compiles it with exec() when the module is imported: ~120 compilations on a `jixiao check`,
a tenth of its instructions. The compiled code depends only on that source text and the Python
build, so it is stored in the per-user cache (writer/cache.py, a key of the Python build) and the
next process runs the stored code instead of compiling the same text again. The classes are the
same: the same text, compiled by the same Python, runs with the globals and locals dataclasses
passes. A text not in the table (another class, another Python) is compiled as before and added.

How: dataclasses calls the name `exec`; a module-level `exec` in dataclasses' namespace (set
here) is found before the built-in one. Where a Python version does not call it, nothing changes.
Installed by the CLI only, before the first dataclass is made; JIXIAO_NO_CACHE=1 turns it off.
"""
from __future__ import annotations

import sys

from . import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_MAX_ENTRIES = 3000  # past this (other programs' classes pile up) only this process's texts are kept
_state: dict[str, Any] = {}


def install() -> None:
    """Route dataclasses' exec() through the stored table (once per process); save new code at exit."""
    if _state or cache.directory() is None:
        return
    import builtins
    import dataclasses
    import marshal

    digest = cache.key([f"dataclass-code\0{sys.hexversion}\0{sys.implementation.cache_tag}"])
    stored = cache.load("dataclass-code", digest)
    table: dict[str, Any] = {}
    if isinstance(stored, bytes):
        try:
            loaded = marshal.loads(stored)
            if isinstance(loaded, dict):
                table = loaded
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh
            table = {}
    used: set[str] = set()
    _state.update(table=table, stored=len(table), used=used)
    run = builtins.exec

    def exec_(source: Any, globals_: Any = None, locals_: Any = None) -> None:
        if isinstance(source, str):
            code = table.get(source)
            if code is None:
                # the flags of dataclasses' own exec(): none inherited from this module (no __future__)
                code = compile(source, "<string>", "exec", dont_inherit=True)
                table[source] = code
            used.add(source)
            source = code
        run(source, globals_, locals_)

    dataclasses.exec = exec_  # type: ignore[attr-defined]
    import atexit

    atexit.register(_save, digest)


def _save(digest: str) -> None:
    table: dict[str, Any] = _state["table"]
    if len(table) == _state["stored"]:
        return
    if len(table) > _MAX_ENTRIES:
        table = {k: v for k, v in table.items() if k in _state["used"]}
    import marshal

    try:
        data = marshal.dumps(table)
    except ValueError:  # something unmarshallable: keep nothing rather than fail at exit
        return
    cache.store("dataclass-code", digest, data)
    _state["stored"] = len(_state["table"])
