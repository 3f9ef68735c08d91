"""Per-user cache of what every process would otherwise rebuild from the package's own files:
parsed rubric/phrase-bank/thesaurus YAML, compiled Jinja templates, compiled regular expressions.

Where: %LOCALAPPDATA%\\jixiao\\cache on Windows, $XDG_CACHE_HOME/jixiao (default ~/.cache/jixiao)
elsewhere; JIXIAO_NO_CACHE=1 turns it off. Each entry is keyed by a hash of its sources' content,
the package version and the Python build, so an edited source or an upgrade simply misses (never a
stale answer). Entries are written atomically; a corrupt, unreadable or unwritable cache is ignored
and the caller parses as if there were none. Only files the user can write are read (pickle).
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing, pathlib and hashlib are imported only when the cache is used
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Callable, Iterable, TypeVar

    T = TypeVar("T")

ENV_OFF = "JIXIAO_NO_CACHE"
_MISS = object()


def directory() -> str | None:
    """The cache folder (not created here), or None when the cache is turned off."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        return os.path.join(base, "jixiao", "cache")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "jixiao")


def digest(data: bytes = b"") -> Any:
    """A BLAKE2b hash object; _blake2 directly, since hashlib loads OpenSSL (~3 ms of a start)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python implementation
        from hashlib import blake2b
    return blake2b(data, digest_size=16)


def key(parts: Iterable[bytes | str]) -> str:
    """Hash of the sources, the package version and the Python build (pickles and bytecode differ)."""
    from . import __version__

    h = digest(f"{__version__}\0{sys.version}\0".encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _path(name: str, digest: str) -> str | None:
    folder = directory()
    return None if folder is None else os.path.join(folder, f"{name}-{digest}.pickle")


def load(name: str, digest: str) -> Any:
    """The stored value, or _MISS (no cache, no entry, unreadable or corrupt entry)."""
    path = _path(name, digest)
    if path is None:
        return _MISS
    try:
        with open(path, "rb") as f:
            data = f.read()
        import pickle

        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - a broken cache entry is a miss, never an error
        return _MISS


def store(name: str, digest: str, value: Any) -> None:
    """Write atomically (temporary file + rename); drop older entries of the same name; never raise."""
    path = _path(name, digest)
    if path is None:
        return
    try:
        import pickle
        import tempfile

        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        prefix, keep = f"{name}-", os.path.basename(path)
        for old in os.listdir(folder):  # the same name with other sources: stale for good
            if old.startswith(prefix) and old != keep and old.endswith(".pickle") \
                    and len(old) == len(keep):
                try:
                    os.unlink(os.path.join(folder, old))
                except OSError:
                    pass
    except Exception:  # noqa: BLE001 - unwritable or full disk: work on without a cache
        pass


def cached(name: str, sources: Iterable[bytes | str], build: Callable[[], T]) -> T:
    """build() once per change of the sources; later processes read the stored result."""
    digest = key(sources)
    value = load(name, digest)
    if value is _MISS:
        value = build()
        store(name, digest, value)
    return value


def code_of(*modules: str) -> list[bytes]:
    """The source of the modules that build a cached value: in a checkout, editing the code (not
    only the data) must miss too, even though the package version stays the same."""
    return [_source(name) for name in modules]


_SOURCES: dict[str, bytes] = {}


def _source(module: str) -> bytes:
    if module not in _SOURCES:
        import importlib

        try:
            with open(importlib.import_module(module).__file__, "rb") as f:  # type: ignore[arg-type]
                _SOURCES[module] = f.read()
        except (OSError, ImportError, TypeError):
            _SOURCES[module] = module.encode()
    return _SOURCES[module]


def entry_name(path: Path) -> str:
    """A file-system-safe cache name for a source file (its folder and stem)."""
    stem = f"{path.parent.name}-{path.stem}"
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:60]
