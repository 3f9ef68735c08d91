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
