"""Where the data folders (rubrics/, sections/, phrasebank/) are, installed or in a checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """An installed wheel keeps them inside the package; a checkout keeps them beside it."""
    inside = _PKG / name
    if inside.is_dir():
        return inside
    return _PKG.parent / name


_DATA = ("rubrics", "sections", "phrasebank")
_RESOLVED: list[Path] = []  # the data folders resolved once (each resolve() walks every path component)


def packaged(path: Path) -> bool:
    """A file of the package's own data folders (cacheable: it changes only with the package)."""
    try:
        resolved = path.resolve()
        if not _RESOLVED:
            _RESOLVED.extend(data_dir(name).resolve() for name in _DATA)
    except OSError:
        return False
    return any(resolved.is_relative_to(folder) for folder in _RESOLVED)
