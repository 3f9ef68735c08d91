"""Shared fixtures: paths, a DOCX text dump, and golden-file comparison."""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# The per-user cache (writer/cache.py) of a test run is its own, removed at the end: tests never
# read or grow the cache of the person running them (subprocesses inherit the variable).
_CACHE = tempfile.mkdtemp(prefix="jixiao-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
if sys.platform == "win32":
    os.environ["LOCALAPPDATA"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
CORPUS = ROOT.parent / "shared" / "corpus"


def assert_golden(path: Path, actual: str) -> None:
    """Compare with a reviewed golden file; rewrite only when JIXIAO_UPDATE_GOLDEN=1."""
    if os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; run with JIXIAO_UPDATE_GOLDEN=1 and review it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; review and rerun with JIXIAO_UPDATE_GOLDEN=1"


@pytest.fixture
def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def rubric_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of rubrics/ with one setting changed, to show that YAML alone changes the output."""
    import shutil

    rubrics = tmp_path / "rubrics"
    shutil.copytree(ROOT / "rubrics", rubrics)
    target = rubrics / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")
    return rubrics
