"""Outputs never land on inputs or on each other; bad targets are a Chinese error, exit 2."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES
from writer.cli import main
from writer.safe_io import sweep_stale_temps, write_atomic, OutputError

EXAMPLE = EXAMPLES / "project-zhanjiang-2020.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    p = tmp_path / "数据.yaml"
    shutil.copy(EXAMPLE, p)
    return p


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("extra", [
    ["-o", "{t}/x.docx", "--md", "{t}/x.docx"],
    ["-o", "{t}/x.docx", "--md", "{t}/sub/../x.docx"],
    ["-o", "{t}/x.docx", "--md", "{t}/link.docx"],
    ["-o", "{t}/bank.yaml", "--phrasebank", "{t}/bank.yaml", "--force"],
    ["-o", "{t}/数据.yaml", "--force"],
    ["-o", "{t}/data-link.yaml", "--force"],
    ["-o", "{t}/dir", "--force"],
    ["-o", "{t}/missing/x.docx"],
    ["-o", "{t}/afile/x.docx"],
])
def test_draft_refuses_outputs_that_would_lose_data(data: Path, tmp_path: Path, capsys, extra: list[str]) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sub").mkdir()
    (tmp_path / "dir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "bank.yaml").write_text("phrases: {}\n", encoding="utf-8")
    os.symlink(tmp_path / "x.docx", tmp_path / "link.docx")  # dangling until x.docx exists
    os.symlink(data, tmp_path / "data-link.yaml")
    before = _snapshot(tmp_path)
    args = [a.format(t=tmp_path) for a in extra]
    code = main(["draft", str(data), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("错误：") and "Traceback" not in err
    assert _snapshot(tmp_path) == before  # nothing written, nothing changed


def test_check_comments_may_not_overwrite_the_data_file(data: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    draft = tmp_path / "草稿.docx"
    assert main(["draft", str(data), "-o", str(draft)]) == 0
    before = _snapshot(tmp_path)
    for target in (data, draft):
        code = main(["check", str(draft), "--data", str(data), "--comments", str(target), "--force"])
        assert code == 2
    assert "输入文件不会被改写" in capsys.readouterr().err
    assert _snapshot(tmp_path) == before


def test_import_and_rollover_refuse_their_input_through_a_symlink(data: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    os.symlink(data, tmp_path / "alias.yaml")
    before = _snapshot(tmp_path)
    assert main(["rollover", str(data), "-o", str(tmp_path / "alias.yaml"), "--force"]) == 2
    assert _snapshot(tmp_path) == before


def test_an_unwritable_folder_is_a_chinese_error(data: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(tmp_path / "ro") else real(p, mode))
    (tmp_path / "ro").mkdir()
    assert main(["draft", str(data), "-o", str(tmp_path / "ro" / "x.docx")]) == 2
    assert "没有写入输出目录" in capsys.readouterr().err


def test_a_failing_write_is_a_chinese_error_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "x.docx"
    target.write_bytes(b"old")

    def full(*a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["x.docx"]


def test_stale_temp_files_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    stale = tmp_path / f".x.docx.jixiao-{dead}-abcd1234.tmp"
    stale.write_bytes(b"")
    mine = tmp_path / f".y.docx.jixiao-{os.getpid()}-abcd1234.tmp"
    mine.write_bytes(b"")
    foreign = tmp_path / ".x.docx.abcd1234.tmp"  # not jixiao's naming: left alone
    foreign.write_bytes(b"")
    write_atomic(tmp_path / "x.docx", b"new")
    assert not stale.exists() and mine.exists() and foreign.exists()
    sweep_stale_temps(tmp_path)  # once per folder and run
    assert (tmp_path / "x.docx").read_bytes() == b"new"
