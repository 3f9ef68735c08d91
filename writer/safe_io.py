"""Outputs are written atomically and never overwrite without --force; inputs are never touched.

Every command plans its outputs before doing any work (`plan_outputs`): two outputs that are
one file, an output that is one of the inputs (also through a symlink, a hard link or another
spelling of the path), a folder where a file is expected, or a folder that cannot be written
are refused with a Chinese message and exit 2, and nothing is written.

Temporary files are named `.NAME.jixiao-PID-XXXX.tmp`; one left by a process that was killed
(kill -9, power cut) is removed the next time jixiao writes into that folder.
"""
from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from .errors import JixiaoError, OutputExistsError
from .ui_text import ui

_REASONS = {
    errno.EACCES: ui("没有权限"), errno.EPERM: ui("没有权限"), errno.EROFS: ui("磁盘是只读的"),
    errno.ENOSPC: ui("磁盘空间不足"), errno.ENAMETOOLONG: ui("文件名太长"), errno.EISDIR: ui("这是一个文件夹"),
    errno.ENOTDIR: ui("路径中有一段不是文件夹"), errno.ENOENT: ui("文件或文件夹不存在"), errno.EDQUOT: ui("超出磁盘配额"),
}


def os_reason(exc: OSError) -> str:
    """An OS error's reason in Chinese (the English strerror as a fallback)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


class OutputError(JixiaoError):
    """An output cannot be written where the user asked (exit 2, nothing written)."""

    code = "E411"


# -- which file a path names -----------------------------------------------------------------
def _identity(path: Path) -> tuple[object, ...]:
    """The same value for two paths that name one file: its inode when it exists (symlinks
    and hard links included), else its resolved path (case-folded where file names are)."""
    try:
        st = os.stat(path)
        return ("inode", st.st_dev, st.st_ino)
    except (OSError, ValueError):
        real = os.path.realpath(path)
        return ("path", os.path.normcase(real) if sys.platform == "win32" else real)


def same_file(a: Path, b: Path) -> bool:
    return _identity(a) == _identity(b)


def plan_outputs(outputs: dict[str, Path | None], inputs: dict[str, Path | None], force: bool) -> None:
    """Refuse, before any work, every way the outputs could lose data. Keys are the option
    names the user typed (-o, --md, --comments, --data …), used in the messages."""
    outs = {k: p for k, p in outputs.items() if p is not None}
    ins = {k: p for k, p in inputs.items() if p is not None}
    seen: dict[tuple[object, ...], str] = {}
    for opt, path in outs.items():
        ident = _identity(path)
        if ident in seen:
            raise OutputError(f"{seen[ident]} 和 {opt} 指向同一个文件 {path}，请为它们指定不同的文件")
        seen[ident] = opt
        for in_opt, src in ins.items():
            if src.exists() and _identity(src) == ident:
                raise OutputError(f"输出文件 {path}（{opt}）就是输入文件（{in_opt}），输入文件不会被改写，请换一个输出文件名")
    for opt, path in outs.items():
        check_target(path, force, opt)


def check_target(path: Path, force: bool, opt: str = "") -> None:
    """One output: not a folder, in a folder that exists and can be written, not there yet
    unless --force."""
    label = f"（{opt}）" if opt else ""
    if path.is_dir():
        raise OutputError(f"输出{label} {path} 是一个文件夹，请指定文件名，如 {path / ('报告' + (path.suffix or '.docx'))}")
    parent = path.parent
    if not parent.exists():
        raise OutputError(f"输出目录 {parent} 不存在")
    if not parent.is_dir():
        raise OutputError(f"输出目录 {parent} 不是文件夹")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"没有写入输出目录 {parent} 的权限，请换一个文件夹")
    if path.exists() and not force:
        raise OutputExistsError(f"输出文件 {path} 已存在；如需覆盖请加 --force")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"输出文件 {path} 是只读的，无法覆盖")


def check_writable(path: Path, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """One output against some inputs (plan_outputs for several outputs at once)."""
    plan_outputs({"-o": path}, {ui(f"输入{i + 1}"): p for i, p in enumerate(inputs)}, force)


# -- writing ---------------------------------------------------------------------------------
_TMP = re.compile(r"^\..+\.jixiao-(\d+)-[a-z0-9_]+\.tmp$")
_STALE_AFTER = 24 * 3600  # seconds; for temp files whose process cannot be checked
_swept: set[str] = set()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no safe signal-0 probe: rely on age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_temps(folder: Path) -> None:
    """Remove temp files of jixiao's own naming whose writer is gone (once per folder and run)."""
    key = os.path.realpath(folder)
    if key in _swept:
        return
    _swept.add(key)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for e in entries:
        m = _TMP.match(e.name)
        if not m:
            continue
        try:
            if not _alive(int(m.group(1))) or now - e.stat().st_mtime > _STALE_AFTER:
                os.unlink(e.path)
        except OSError:
            pass


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename over it in one step."""
    sweep_stale_temps(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.jixiao-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法在 {path.parent} 中写入 {path.name}（{os_reason(exc)}）") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"无法写入 {path}（{os_reason(exc)}）；原有文件未改动") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
