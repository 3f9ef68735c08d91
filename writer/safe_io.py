"""Outputs are written atomically and never overwrite without --force; inputs are never touched."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import JixiaoError, OutputExistsError


_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "磁盘是只读的", errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名太长", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOENT: "文件或文件夹不存在", errno.EDQUOT: "超出磁盘配额",
}


def os_reason(exc: OSError) -> str:
    """An OS error's reason in Chinese (the English strerror as a fallback)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def check_writable(path: Path, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse before any work is done, so a refused run leaves nothing behind."""
    for src in inputs:
        if src.exists() and path.exists() and path.resolve() == src.resolve():
            raise JixiaoError(f"输出文件 {path} 与输入文件相同，输入文件不会被改写，请换一个输出文件名")
    if path.exists() and not force:
        raise OutputExistsError(f"输出文件 {path} 已存在；如需覆盖请加 --force")
    if not path.parent.exists():
        raise JixiaoError(f"输出目录 {path.parent} 不存在")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename over it in one step."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
