"""Per-user cache of what every process would otherwise rebuild from the package's own files:
parsed rubric/phrase-bank/thesaurus YAML, compiled Jinja templates, compiled regular expressions.

Where: %LOCALAPPDATA%\\jixiao\\cache on Windows, $XDG_CACHE_HOME/jixiao (default ~/.cache/jixiao)
elsewhere; JIXIAO_NO_CACHE=1 turns it off. Each entry is keyed by a hash of its sources' content,
the package version and the Python build, so an edited source or an upgrade simply misses (never a
stale answer). Entries are written atomically; a corrupt, unreadable or unwritable cache is ignored
and the caller parses as if there were none.

Entries are pickles (and Jinja bytecode), which run code when loaded, so on POSIX the folder is
used only when the user owns it and nobody else can write to it (not group- or world-writable),
and an entry only when the user owns it; otherwise `directory()` says None and every caller works
without a cache. (Windows: %LOCALAPPDATA% is per user by its access rights.)

Stale entries (left by an upgrade, an edited rubric folder, a crashed write) are pruned when an
entry is written, at most once a day: entries not read for PRUNE_AGE_DAYS go, and the oldest go
while more than MAX_ENTRIES remain. A read refreshes an entry's time at most once a day, so what
is in use stays. Pruning is bounded and never waits: any error just leaves the file.
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
PRUNE_AGE_DAYS = 30
MAX_ENTRIES = 1000
_DAY = 86400.0
_SCAN_LIMIT = 20_000  # names looked at per prune (a folder someone filled with junk is not walked to the end)
_STAMP = ".pruned"  # its time: the last prune


def directory() -> str | None:
    """The cache folder (not created here), or None when the cache is turned off or not safe to use."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        return os.path.join(base, "jixiao", "cache")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    folder = os.path.join(base, "jixiao")
    return folder if _trusted(folder) else None


_TRUST: dict[str, bool] = {}


def _trusted(folder: str) -> bool:
    """The user owns the folder and nobody else may write into it (checked once per process);
    a folder not made yet is made by store() with mode 0o700."""
    if folder not in _TRUST:
        try:
            st = os.stat(folder)
        except FileNotFoundError:
            return True  # not cached: looked at again once it exists
        except OSError:
            _TRUST[folder] = False
        else:
            _TRUST[folder] = _owned(st) and (not st.st_mode & 0o022 or _tighten(folder, st))
    return _TRUST[folder]


def _tighten(folder: str, st: os.stat_result) -> bool:
    """A folder of ours that group/others may write into (made before jixiao made it 0o700, e.g.
    under umask 002): take their write permission away rather than never caching again."""
    try:
        os.chmod(folder, st.st_mode & 0o7755)
    except OSError:
        return False
    return True


def _owned(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def owned_file(path: str) -> bool:
    """The file exists and the user owns it (a missing file is simply a miss)."""
    try:
        return _owned(os.stat(path))
    except OSError:
        return False


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
            st = os.fstat(f.fileno())
            if not _owned(st):  # an entry someone else put in the folder is never unpickled
                return _MISS
            data = f.read()
        touch(path, st.st_mtime)
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
        os.makedirs(folder, mode=0o700, exist_ok=True)
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
        return
    prune(os.path.dirname(path))


def touch(path: str, mtime: float) -> None:
    """Mark an entry as in use (at most once a day, so a read rarely writes)."""
    import time

    now = time.time()
    if now - mtime > _DAY:
        try:
            os.utime(path, (now, now))
        except OSError:
            pass


def prune(folder: str, now: float | None = None) -> int:
    """Remove entries not used for PRUNE_AGE_DAYS, then the oldest beyond MAX_ENTRIES; at most once
    a day per folder. Returns how many went; never raises."""
    import time

    now = time.time() if now is None else now
    stamp = os.path.join(folder, _STAMP)
    try:
        if now - os.stat(stamp).st_mtime < _DAY:
            return 0
    except OSError:
        pass
    try:
        with open(stamp, "wb"):
            pass
        os.utime(stamp, (now, now))
        entries = []
        with os.scandir(folder) as it:
            for i, e in enumerate(it):
                if i >= _SCAN_LIMIT:
                    break
                if e.name != _STAMP and e.is_file(follow_symlinks=False) and e.name.endswith((".pickle", ".cache", ".tmp")):
                    entries.append((e.stat(follow_symlinks=False).st_mtime, e.path))
    except OSError:
        return 0
    entries.sort()
    old = now - PRUNE_AGE_DAYS * _DAY
    removed = 0
    for i, (mtime, path) in enumerate(entries):
        # a .tmp is a write that never finished once it is an hour old
        stale = mtime < old or len(entries) - i > MAX_ENTRIES or (path.endswith(".tmp") and now - mtime > 3600)
        if not stale:
            continue
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
    return removed


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
