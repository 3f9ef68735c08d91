"""Compiled regular expressions kept between processes (a third of `jixiao check`'s start-up).

The rules and readers compile ~250 patterns; Python spends most of that building character sets
for CJK ranges (a pure-Python loop per class), and re's own cache lives only as long as the process.
What the compiler hands to the C engine (flags, code words, group names) depends only on the
pattern, the flags and the Python build, so it is stored in the per-user cache (writer/cache.py)
under a key of the Python build, and replayed through _sre.compile on the next start. Any surprise
(another Python, a corrupt file, an internal change) falls back to re's normal compiler.
Installed by the CLI only; JIXIAO_NO_CACHE=1 turns it off with the rest of the cache.
"""
from __future__ import annotations

import sys
import threading
from array import array

from . import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

_CODE = "I"  # the engine's code words are 32-bit (_sre.CODESIZE 4); install() checks
_lock = threading.Lock()
_state: dict[str, object] = {}
_MAX_ENTRIES = 1500  # past this (users' own patterns pile up) only this process's patterns are kept


def install() -> None:
    """Route re's compiler through the stored table (once per process); save new entries at exit."""
    if _state or cache.directory() is None:
        return
    try:
        import _sre
        import re._compiler as compiler
        import re._parser as parser
    except ImportError:  # Python 3.10 names these modules differently: no cache there
        return
    if not all(hasattr(m, a) for m, a in ((compiler, "compile"), (compiler, "_code"), (parser, "parse"))) \
            or array(_CODE).itemsize != getattr(_sre, "CODESIZE", 0):
        return
    digest = cache.key([f"regex\0{getattr(_sre, 'MAGIC', '')}\0{sys.hexversion}"])
    table = cache.load("regex", digest)
    if not isinstance(table, dict):
        table = {}
    used: set[Any] = set()
    _state.update(table=table, stored=len(table), used=used)
    compiler.compile = replaying(table, compiler.compile, used)
    import atexit

    atexit.register(lambda: _save(digest))


def replaying(table: dict[Any, Any], original: Callable[..., Any], used: set[Any] | None = None) -> Callable[..., Any]:
    """re._compiler.compile that replays stored compiler output and records what it compiles."""
    import _sre
    import re._compiler as compiler
    import re._parser as parser

    used = set() if used is None else used

    def compile(p: Any, flags: int = 0) -> Any:  # noqa: A001 - the name re._compiler uses
        if not isinstance(p, (str, bytes)) or flags & compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        entry = table.get((p, flags))
        if entry is not None:
            try:
                pattern = _sre.compile(p, entry[0], array(_CODE, entry[1]).tolist(), *entry[2:])
                used.add((p, flags))
                return pattern
            except Exception:  # noqa: BLE001 - a stale or damaged entry: compile afresh
                pass
        try:  # the same steps as re._compiler.compile (Python 3.11–3.13), keeping the arguments
            parsed = parser.parse(p, flags)
            code = [int(c) for c in compiler._code(parsed, flags)]  # noqa: SLF001 - opcodes are int subclasses
            groupindex = parsed.state.groupdict
            indexgroup = [None] * parsed.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            args = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))
            pattern = _sre.compile(p, *args)
            stored = (args[0], array(_CODE, code).tobytes(), *args[2:])  # bytes: unpickled far faster than int lists
        except Exception:  # noqa: BLE001 - let re raise its own error for a bad pattern
            return original(p, flags)
        with _lock:
            table[(p, int(flags))] = stored  # plain ints: RegexFlag would pickle by reference
            used.add((p, flags))
        return pattern

    return compile


# Fewer new patterns than this are not worth rewriting the whole table at exit: a pattern built from
# a set (markdown-it's inline terminators) is spelt differently in every process (string hashing),
# so a `jixiao draft` rewrote ~200 KB at every run; those few are compiled afresh instead.
_MIN_NEW = 8


def _save(digest: str) -> None:
    if len(_state["table"]) - _state["stored"] >= _MIN_NEW:  # type: ignore[operator]
        with _lock:  # a copy: storing may compile patterns itself (the first `import pickle` does)
            table: dict[Any, Any] = dict(_state["table"])  # type: ignore[call-overload]
            if len(table) > _MAX_ENTRIES:
                table = {k: v for k, v in table.items() if k in _state["used"]}  # type: ignore[operator]
        cache.store("regex", digest, table)
        _state["stored"] = len(table)
