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
