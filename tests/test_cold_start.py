"""Start-up: each command imports only what it uses (issue 11 item 5); --debug anywhere on the line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from writer import cli

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(argv: list[str], cwd: Path) -> set[str]:
    """The modules a fresh interpreter holds after `jixiao ARGV` (stdout of the command discarded)."""
    code = ("import sys, io; from writer.cli import main\nreal = sys.stdout; sys.stdout = io.StringIO()\n"
            f"try: main({argv!r})\nexcept SystemExit: pass\nsys.stdout = real\nprint('\\n'.join(sorted(sys.modules)))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.split())


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_almost_nothing(argv: list[str]) -> None:
    mods = _modules_after(argv, ROOT)
    ours = {m for m in mods if m == "writer" or m.startswith("writer.")}
    assert ours <= {"writer", "writer.cli", "writer.cli_zh", "writer.console"}, ours
    assert not mods & {"yaml", "rich", "docx", "lxml", "jinja2", "markdown_it", "openpyxl", "dataclasses"}


def _boom(args: object) -> int:
    raise RuntimeError("boom")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_is_accepted_before_and_after_the_subcommand(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_lazy", lambda module, name: _boom)
    argv = ["--debug", "rules"] if where == "before" else ["rules", "--debug"]
    with pytest.raises(RuntimeError, match="boom"):
        cli.main(argv)


def test_internal_error_hint_shows_debug_after_the_command(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "_lazy", lambda module, name: _boom)
    assert cli.main(["rules"]) == 3
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "jixiao check 草稿.docx --debug" in err and "Traceback" not in err


HEAVY = {"yaml", "rich", "docx", "jinja2", "markdown_it", "openpyxl", "rjieba", "xml.sax"}


def test_each_command_imports_only_what_it_uses(tmp_path: Path) -> None:
    """With the per-user cache warm (second run), check reads no YAML and draws nothing with rich;
    draft builds the DOCX without python-docx (the skeleton is shipped pre-built)."""
    example = ROOT / "examples" / "project-zhanjiang-2020.yaml"
    draft = tmp_path / "d.docx"
    runs = {
        "draft": ["draft", str(example), "-o", str(draft), "--force"],
        "check json": ["check", str(draft), "--format", "json"],
        "check terminal": ["check", str(draft)],
    }
    for argv in runs.values():
        _modules_after(argv, ROOT)  # first run: parses and fills the cache
    allowed = {"draft": {"yaml", "jinja2", "markdown_it"}, "check json": set(), "check terminal": set()}
    for name, argv in runs.items():
        loaded = _modules_after(argv, ROOT) & HEAVY
        assert loaded <= allowed[name], (name, loaded)


_DATACLASSES = '''
import dataclasses, inspect, json, sys
from writer import code_cache
code_cache.install()
hits_before = len(code_cache._state.get("table", {}))
from dataclasses import dataclass, field

@dataclass(frozen=True)
class Point:
    x: int
    y: "float" = 0.5
    tags: tuple = field(default_factory=tuple)

@dataclass(order=True)
class Row:
    name: str
    n: int = 1

p, q = Point(1), Point(1, 0.5, ())
print(json.dumps({"sig": str(inspect.signature(Point.__init__)), "ann": {k: str(v) for k, v in Point.__init__.__annotations__.items()},
                  "repr": repr(p), "eq": p == q, "hash": hash(p) == hash(Point(1, 0.5, ())),
                  "order": sorted([Row("b"), Row("a", 2)]) == [Row("a", 2), Row("b")],
                  "replace": repr(dataclasses.replace(p, x=2)),
                  "stored": code_cache._state.get("stored", 0), "known_before": hits_before}))
'''


def test_dataclass_methods_replayed_from_the_cache_are_the_same(tmp_path: Path) -> None:
    """code_cache: the second process runs the stored code of the generated methods, and the classes
    behave as when dataclasses compiles them (signature, annotations, repr, eq, hash, order)."""
    import json
    import os

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("JIXIAO_NO_CACHE", None)
    runs = []
    for extra in ({"JIXIAO_NO_CACHE": "1"}, {}, {}):
        run = subprocess.run([sys.executable, "-c", _DATACLASSES], capture_output=True, text=True, cwd=ROOT,
                             env={**env, **extra}, timeout=120)
        assert run.returncode == 0, run.stderr
        runs.append(json.loads(run.stdout))
    plain, first, replayed = runs
    assert first["stored"] == 0 and replayed["stored"] > 0  # the third process found the code stored
    for result in (first, replayed):
        assert {k: v for k, v in result.items() if k not in ("stored", "known_before")} == \
               {k: v for k, v in plain.items() if k not in ("stored", "known_before")}
    assert plain["ann"] == {"x": "<class 'int'>", "y": "float", "tags": "<class 'tuple'>", "return": "None"}


def test_saving_new_patterns_at_exit_does_not_hang(tmp_path: Path) -> None:
    """regex_cache saved its table at exit while holding its lock; storing imports pickle, whose
    module compiles a pattern, which waited for that lock for ever (an empty cache: pickle not yet
    imported). The process now ends."""
    import os

    code = ("import sys\nfrom writer import regex_cache\nregex_cache.install()\nassert 'pickle' not in sys.modules\n"
            "import re\nfor i in range(10): re.compile(f'[a-z]+-new-pattern-{i}')\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("JIXIAO_NO_CACHE", None)
    try:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the process hung at exit saving the regex table")
    assert run.returncode == 0, run.stderr
    assert list((tmp_path / "xdg" / "jixiao").glob("regex-*.pickle"))


def test_a_few_new_patterns_do_not_rewrite_the_regex_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern spelt differently in each process (built from a set) made every draft rewrite the
    stored table at exit; a handful of new patterns is now compiled afresh instead of stored."""
    from writer import cache, regex_cache

    stored: list[int] = []
    monkeypatch.setattr(cache, "store", lambda name, digest, table: stored.append(len(table)))
    table = {(f"p{i}", 0): (0, b"", 0, {}, ()) for i in range(100)}
    monkeypatch.setattr(regex_cache, "_state", {"table": table, "stored": 99, "used": set()})
    regex_cache._save("d")  # noqa: SLF001
    assert stored == []
    monkeypatch.setattr(regex_cache, "_state", {"table": table, "stored": 100 - regex_cache._MIN_NEW, "used": set()})
    regex_cache._save("d")  # noqa: SLF001
    assert stored == [100]
