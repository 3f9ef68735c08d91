"""The per-user cache (writer/cache.py): a hit gives what parsing gives, an edited source misses,
a corrupt or unwritable cache is ignored, JIXIAO_NO_CACHE=1 turns it off."""
from __future__ import annotations

import os
import re
import re._compiler
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from writer import cache, located_yaml, regex_cache, rubric
from writer.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    return tmp_path / "xdg" / "jixiao"


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\u\AppData\Local")
    assert cache.directory() == os.path.join(r"C:\Users\u\AppData\Local", "jixiao", "cache")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == str(tmp_path / "jixiao")
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert cache.directory() is None


def _rubric_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(data_dir("rubrics"), folder)
    return folder


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process sees: nothing built in memory, only the per-user cache (which, for the
    test, also keeps rubrics from a temporary folder, as it does the shipped ones)."""
    monkeypatch.setattr(rubric, "_cacheable", lambda path: True)
    monkeypatch.setattr(rubric, "_BUILT", {})
    rubric._parsed.cache_clear()  # noqa: SLF001
    rubric._field_groups_cached.cache_clear()  # noqa: SLF001


def test_rubrics_from_cache_equal_parsed_and_an_edit_misses(cache_dir: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _rubric_copy(tmp_path)
    _fresh_process(monkeypatch)
    parsed = rubric.load_all(folder)
    assert list(cache_dir.glob("rubrics-*.pickle"))
    _fresh_process(monkeypatch)
    cached = rubric.load_all(folder)
    assert [(r.id, r.name, r.raw, r.sections) for r in cached] == [(r.id, r.name, r.raw, r.sections) for r in parsed]
    # the source edited (same size, so only the content tells): the next process parses afresh
    f = folder / "project_self.yaml"
    text = f.read_text(encoding="utf-8")
    name = next(r.name for r in parsed if r.id == "project_self")
    f.write_text(text.replace(f"name: {name}", f"name: {name[:-1]}表", 1), encoding="utf-8")
    _fresh_process(monkeypatch)
    assert next(r.name for r in rubric.load_all(folder) if r.id == "project_self") == name[:-1] + "表"


def test_corrupt_cache_is_ignored(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _rubric_copy(tmp_path)
    _fresh_process(monkeypatch)
    parsed = [(r.id, r.raw) for r in rubric.load_all(folder)]
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"\x80\x05not a pickle")
    _fresh_process(monkeypatch)
    assert [(r.id, r.raw) for r in rubric.load_all(folder)] == parsed
    _fresh_process(monkeypatch)  # and the broken entries were replaced by good ones
    assert [(r.id, r.raw) for r in rubric.load_all(folder)] == parsed


def test_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # a file where the cache folder should be: nothing can be written under it
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    folder = _rubric_copy(tmp_path)
    _fresh_process(monkeypatch)
    assert {r.id for r in rubric.load_all(folder)} >= {"project_self"}
    assert cache.cached("x", [b"1"], lambda: 42) == 42


def test_no_cache_env_turns_it_off(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    folder = _rubric_copy(tmp_path)
    _fresh_process(monkeypatch)
    rubric.load_all(folder)
    assert not cache_dir.exists()


def test_packaged_yaml_cached_and_edit_misses(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(located_yaml, "packaged", lambda path: True)
    f = tmp_path / "words.yaml"
    f.write_text("甲: 一\n", encoding="utf-8")
    assert located_yaml.load_file(f).value["甲"].value == "一"
    assert len(list(cache_dir.glob("yaml-*.pickle"))) == 1
    assert located_yaml.load_file(f).value["甲"].value == "一"
    f.write_text("甲: 二\n", encoding="utf-8")
    assert located_yaml.load_file(f).value["甲"].value == "二"
    assert len(list(cache_dir.glob("yaml-*.pickle"))) == 1  # the stale entry was replaced


PATTERNS = [(r"(?<=[\u4e00-\u9fff，。])[ \u3000]+(?=[\u4e00-\u9fff])", 0), (r"(?P<n>\d+(?:\.\d+)?)\s*(万元|元)", 0),
            (r"^[一二三四五六七八九十]+、", re.M), (r"[\x00-\x08\ud800-\udfff]", 0), (rb"ab+c", re.I), (r"x{2,}|[a-z]", re.I)]
SAMPLES = ["项目 资金 共计 12.5万元，", "一、总体\n二、目标", "ABBC xx abbc", "\x01控制", "中 文　字"]


def test_replayed_regexes_behave_as_compiled() -> None:
    table: dict[object, object] = {}
    compile_ = regex_cache.replaying(table, re._compiler.compile)
    first = [compile_(p, f) for p, f in PATTERNS]
    assert len(table) == len(PATTERNS)
    replayed = [compile_(p, f) for p, f in PATTERNS]
    for (p, f), a, b in zip(PATTERNS, first, replayed):
        ref = re._compiler.compile(p, f)
        for got in (a, b):
            assert (got.pattern, got.flags, got.groups, got.groupindex) == (ref.pattern, ref.flags, ref.groups, ref.groupindex)
            for s in SAMPLES:
                text = s.encode() if isinstance(p, bytes) else s
                assert [m.span() for m in got.finditer(text)] == [m.span() for m in ref.finditer(text)]
    table[PATTERNS[0]] = ("damaged",)  # a broken entry is compiled afresh
    assert compile_(*PATTERNS[0]).pattern == PATTERNS[0][0]
    with pytest.raises(re.error):
        compile_("(unclosed", 0)


def test_check_same_output_with_cold_warm_corrupt_and_no_cache(tmp_path: Path) -> None:
    """The CLI end to end in fresh processes: the findings never depend on the cache's state."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    src = tmp_path / "a.txt"
    src.write_text("一、项目概况\n项目资金共计 12.5万元，其中财政资金 10万元、自筹 3万元。\n【待补充】\n", encoding="utf-8")

    def run(extra: dict[str, str]) -> str:
        out = subprocess.run([sys.executable, "-m", "writer", "check", str(src), "--format", "json"], cwd=ROOT,
                             env={**env, **extra}, capture_output=True, text=True, timeout=120)
        assert out.returncode in (0, 1), out.stderr
        return out.stdout

    cold = run({})
    assert any((tmp_path / "xdg" / "jixiao").glob("regex-*.pickle"))
    assert run({}) == cold
    for entry in (tmp_path / "xdg" / "jixiao").iterdir():
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    assert run({}) == cold
    assert run({"JIXIAO_NO_CACHE": "1"}) == cold


# ---- safety and pruning ---------------------------------------------------------------------------

def _entry(folder: Path, name: str, days_old: float, now: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\x80\x05N.")  # pickle of None
    os.utime(path, (now - days_old * 86400, now - days_old * 86400))
    return path


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_a_cache_folder_others_can_write_is_made_private_or_not_used(cache_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Pickles run code when loaded: a folder of ours that others may write into (made under
    umask 002 before jixiao made it 0o700) loses their write permission before it is used — an
    entry someone else put there is still never read (owner check per entry); a folder whose
    permission cannot be changed is not used."""
    monkeypatch.setattr(cache, "_TRUST", {})
    assert cache.cached("x", [b"1"], lambda: "stored") == "stored"
    assert cache.cached("x", [b"1"], lambda: "built") == "stored"  # a hit while the folder is private
    for mode in (0o777, 0o775):
        cache_dir.chmod(mode)
        monkeypatch.setattr(cache, "_TRUST", {})
        assert cache.directory() is not None
        assert not cache_dir.stat().st_mode & 0o022
        assert cache.cached("x", [b"1"], lambda: "built") == "stored"
    cache_dir.chmod(0o775)
    monkeypatch.setattr(cache, "_TRUST", {})

    def refuse(*_: object) -> None:
        raise PermissionError
    monkeypatch.setattr(cache.os, "chmod", refuse)
    assert cache.directory() is None
    assert cache.cached("x", [b"1"], lambda: "built") == "built"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="changing owners needs root")
def test_a_cache_folder_or_entry_owned_by_someone_else_is_not_used(cache_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_TRUST", {})
    assert cache.cached("x", [b"1"], lambda: "stored") == "stored"
    (entry,) = cache_dir.glob("x-*.pickle")
    os.chown(entry, 4242, -1)
    assert cache.cached("x", [b"1"], lambda: "built") == "built"  # the entry is not unpickled
    os.chown(cache_dir, 4242, -1)
    monkeypatch.setattr(cache, "_TRUST", {})
    assert cache.directory() is None


def test_a_new_cache_folder_is_private(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_TRUST", {})
    cache.store("x", cache.key([b"1"]), 1)
    if hasattr(os, "getuid"):
        assert cache_dir.stat().st_mode & 0o077 == 0


def test_stale_entries_are_pruned_when_an_entry_is_written(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries an upgrade left behind (other names, other Jinja tags) go; what is in use stays."""
    import time

    now = time.time()
    old = [_entry(cache_dir, "rubrics-old-checkout-" + "a" * 32 + ".pickle", 40, now),
           _entry(cache_dir, "jinja-markdown-0123456789ab-" + "b" * 40 + ".cache", 31, now),
           _entry(cache_dir, ".x-abc.tmp", 0.1, now)]  # a write that never finished
    recent = [_entry(cache_dir, "words-" + "c" * 32 + ".pickle", 2, now),
              _entry(cache_dir, "jinja-plain-0123456789ab-" + "d" * 40 + ".cache", 0, now)]
    in_use = _entry(cache_dir, "limits-" + "e" * 32 + ".pickle", 40, now)
    assert cache.load("limits", "e" * 32) is None  # read: marked as in use
    cache.store("new", cache.key([b"1"]), 1)
    assert [p for p in old if p.exists()] == []
    assert all(p.exists() for p in recent) and in_use.exists()
    assert cache.load("new", cache.key([b"1"])) == 1
    again = _entry(cache_dir, "other-" + "f" * 32 + ".pickle", 40, now)
    cache.store("new2", cache.key([b"2"]), 2)
    assert again.exists()  # pruned at most once a day


def test_the_number_of_entries_is_bounded(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    now = time.time()
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    made = [_entry(cache_dir, f"n{i}-" + "a" * 32 + ".pickle", 10 - i, now) for i in range(5)]
    assert cache.prune(str(cache_dir), now) == 2
    assert [p.exists() for p in made] == [False, False, True, True, True]  # the oldest went
