"""Batch never loses or falsifies a unit: name collisions, formula text, units that raise anything."""
from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from conftest import EXAMPLES
from writer.batch import _draft_one as _REAL_DRAFT_ONE
from writer.cli import main

SRC = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
BASE = SRC.replace("自评得分: 100\n", "").replace("自评等级: 优\n", "")  # totals are computed per unit


def _book(tmp_path: Path, rows: list[list[object]], shared: list[list[object]] | None = None) -> Path:
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "资金.执行数", "资金.资金来源.1.执行数"])
    for r in rows:
        ws.append(r)
    sheet = wb.create_sheet("共同设置")
    for r in shared or [["基础数据文件", "base.yaml"]]:
        sheet.append(r)
    book = tmp_path / "units.xlsx"
    wb.save(book)
    return book


def _summary(out: Path) -> dict[str, tuple]:  # type: ignore[type-arg]
    rows = load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True)
    return {f"{r[0]}|{r[1]}": r for r in rows}


def test_colliding_unit_names_get_distinct_stable_files(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = _book(tmp_path, [["甲 单位", "445", "445"], ["甲/单位", "333.75", "333.75"], ["甲:单位", "400", "400"],
                            ["甲 单位", "222.5", "222.5"]])
    out = tmp_path / "out"
    assert main(["batch", str(book), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    docx = sorted(p.name for p in out.glob("*.docx"))
    assert len(docx) == 4, docx
    assert len(list((out / "数据").glob("*.yaml"))) == 4
    rows = list(load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    # each row shows its own unit's figures and its own report
    assert [r[6] for r in rows] == ["100%", "75%", "89.89%", "50%"]
    assert len({r[3] for r in rows}) == 4
    assert "文件名" in err  # the renaming is reported
    # a rerun keeps the same names and drafts nothing again
    assert main(["batch", str(book), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.docx")) == docx
    assert capsys.readouterr().out.count("未变，跳过") == 4


def test_folder_units_differing_only_in_a_space(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    units = tmp_path / "units"
    units.mkdir()
    (units / "甲 单位.yaml").write_text(SRC, encoding="utf-8")
    (units / "甲_单位.yaml").write_text(SRC.replace('执行数: "445.00"\n  资金来源', '执行数: "333.75"\n  资金来源')
                                       .replace("自评得分: 100\n", "").replace("自评等级: 优\n", ""),
                                       encoding="utf-8")
    out = tmp_path / "out"
    main(["batch", str(units), "-o", str(out)])
    assert len(list(out.glob("*.docx"))) == 2
    assert sorted(r[6] for r in _summary(out).values()) == ["100%", "75%"]


def test_formula_strings_are_text_in_the_summary(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
    book = _book(tmp_path, [[name, "445", "445"] for name in hostile])
    out = tmp_path / "out"
    main(["batch", str(book), "-o", str(out)])
    with zipfile.ZipFile(out / "汇总.xlsx") as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s or "<f " in s for s in sheets)
    wb = load_workbook(out / "汇总.xlsx")
    names = [c.value for c in wb["汇总"]["A"][1:]]
    assert names == [h.replace("\r", "\n") if h.startswith("\r") else h for h in hostile] or len(names) == len(hostile)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_a_unit_that_raises_anything_is_skipped_and_reported(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    units = tmp_path / "units"
    units.mkdir()
    (units / "a-good.yaml").write_text(SRC, encoding="utf-8")
    (units / "b-huge.yaml").write_text(SRC.replace('执行数: "445.00"\n  资金来源',
                                                   '执行数: "1234567890123456789012345678901"\n  资金来源'), encoding="utf-8")
    (units / "c-control.yaml").write_text(SRC.replace("中共湛江市委组织部", "中共\x01湛江"), encoding="utf-8")
    (units / "d-gbk.yaml").write_bytes(SRC.encode("gbk"))
    (units / "e-list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (units / "f-bad.yaml").write_text("单位名称: [unclosed\n", encoding="utf-8")
    (units / ("g" * 240 + ".yaml")).write_text(SRC, encoding="utf-8")
    (units / "h-dir.yaml").mkdir()
    (units / "z-good.yaml").write_text(SRC, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["batch", str(units), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert (out / "汇总.xlsx").exists() and (out / ".jixiao-batch.json").exists()
    rows = _summary(out)
    assert len(rows) == 9
    good = [r for r in rows.values() if r[2] == "已生成"]
    assert {r[1] for r in good} >= {"a-good.yaml", "z-good.yaml"}
    for r in rows.values():
        if r[2] != "已生成":
            assert r[11], r  # every failure says why
    assert "程序内部错误" not in err or "已跳过" in err
    # a rerun resumes in the same folder without --force
    assert main(["batch", str(units), "-o", str(out)]) == 1


def test_workbook_row_with_a_long_or_control_character_name(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = _book(tmp_path, [["乙" * 300, "445", "445"], ["丁单位", "445", "445"]])
    out = tmp_path / "out"
    assert main(["batch", str(book), "-o", str(out)]) == 0
    rows = list(load_workbook(out / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["乙" * 300, "丁单位"]
    assert rows[0][2] == "已生成" and len(rows[0][3].encode()) < 200 and (out / rows[0][3]).exists()
    # a control character in a unit's name (here its file name) is shown, not a crash
    units = tmp_path / "units"
    units.mkdir()
    (units / "丙\x01单位.yaml").write_text(SRC, encoding="utf-8")
    (units / "戊单位.yaml").write_text(SRC, encoding="utf-8")
    main(["batch", str(units), "-o", str(tmp_path / "out2")])
    rows = list(load_workbook(tmp_path / "out2" / "汇总.xlsx")["汇总"].iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "丙\\u0001单位" and rows[0][3] == "丙_单位.docx"


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    import time

    units = tmp_path / "units"
    units.mkdir()
    (units / "a.yaml").write_text(SRC, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from writer.batch import folder_lock\n"
                               "with folder_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(30)",
                               str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert main(["batch", str(units), "-o", str(out)]) == 2
        assert "另一个 jixiao batch 正在写入" in capsys.readouterr().err
        assert not (out / "a.docx").exists()
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert main(["batch", str(units), "-o", str(out)]) == 0  # the lock died with its holder


def test_workers_die_with_a_killed_batch_and_the_rerun_resumes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import signal
    import subprocess
    import sys
    import time

    import psutil

    units = tmp_path / "units"
    units.mkdir()
    for i in range(60):
        (units / f"u{i:02d}.yaml").write_text(SRC.replace("中共湛江市委组织部", f"第{i}单位"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "writer", "batch", str(units), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(out.glob("*.docx")) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert workers
    gone, alive = psutil.wait_procs(workers, timeout=3)
    assert not alive, "pool workers outlived the killed batch"
    written = len(list(out.glob("*.docx")))
    assert written < 60
    time.sleep(0.5)
    assert len(list(out.glob("*.docx"))) == written  # nobody writes after the kill
    # the rerun needs no --force, drafts the rest and leaves no temp file behind
    assert main(["batch", str(units), "-o", str(out), "--jobs", "2"]) == 0
    assert len(list(out.glob("*.docx"))) == 60
    assert not list(out.glob(".*.tmp"))


def _across_rows(out: Path) -> list[tuple]:  # type: ignore[type-arg]
    return list(load_workbook(out / "汇总.xlsx")["跨单位一致性"].iter_rows(min_row=2, values_only=True))


def test_unchanged_rerun_reads_no_report_and_an_edited_report_is_read_again(tmp_path: Path, monkeypatch) -> None:
    import docx

    import writer.across
    import writer.check_pipeline

    units = tmp_path / "units"
    units.mkdir()
    for i in range(3):
        t = SRC.replace("中共湛江市委组织部", f"第{i}单位")
        if i == 2:
            t = t.replace("三级指标: 培训人次", "三级指标: 参训人次")
        (units / f"u{i}.yaml").write_text(t, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(units), "-o", str(out)]) == 0
    first = _across_rows(out)
    assert first

    def no(*a: object, **k: object) -> None:
        raise AssertionError("no DOCX work on an unchanged rerun")

    with monkeypatch.context() as m:
        m.setattr(writer.check_pipeline, "read_document", no)
        m.setattr(writer.across, "check_across", no)
        assert main(["batch", str(units), "-o", str(out)]) == 0
    assert _across_rows(out) == first
    # a report edited by hand is read again (once), and the cross-unit check runs again
    d = docx.Document(str(out / "u0.docx"))
    d.add_paragraph("我单位自评报告说明。")
    d.save(str(out / "u0.docx"))
    reads = []
    real = writer.check_pipeline.read_document
    with monkeypatch.context() as m:
        m.setattr(writer.check_pipeline, "read_document", lambda p: reads.append(p) or real(p))
        assert main(["batch", str(units), "-o", str(out)]) == 0
    assert [Path(p).name for p in reads] == ["u0.docx"]
    assert _across_rows(out) != first


def test_the_report_checked_in_memory_is_the_report_on_disk(tmp_path: Path) -> None:
    from writer.batch import UnitInput, _draft_one
    from writer.check_pipeline import check_document

    data = tmp_path / "a.yaml"
    data.write_text(SRC.replace("自评得分: 100\n", ""), encoding="utf-8")
    res, doc = _draft_one(UnitInput("a", data, "a.yaml", "a"), tmp_path)
    on_disk = check_document(tmp_path / "a.docx")
    assert [(b.kind, b.text, b.level, b.section) for b in doc.blocks] == \
        [(b.kind, b.text, b.level, b.section) for b in on_disk.doc.blocks]
    assert res.counts == {lvl: sum(1 for f in on_disk.findings if f.level == lvl) for lvl in ("error", "warning", "info")}


def test_a_bad_shared_base_file_is_a_chinese_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    book = _book(tmp_path, [["甲单位", "445", "445"]], shared=[["基础数据文件", "shared.yaml"]])
    for bad in ("dir", b"- 1\n", "单位名称: [x\n".encode(), BASE.encode("gbk")):
        target = tmp_path / "shared.yaml"
        if target.is_dir():
            target.rmdir()
        elif target.exists():
            target.unlink()
        if bad == "dir":
            target.mkdir()
        else:
            target.write_bytes(bad)  # type: ignore[arg-type]
        assert main(["batch", str(book), "-o", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert "共同设置：基础数据文件 shared.yaml" in err and "Traceback" not in err


def _crash_on_b(unit, outdir, *rest):  # type: ignore[no-untyped-def]
    import os

    if unit.name == "b":
        os._exit(9)  # as if the worker ran out of memory
    return _REAL_DRAFT_ONE(unit, outdir, *rest)


def test_a_unit_that_kills_its_worker_is_reported_and_the_rest_are_drafted(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    import pytest

    import writer.batch

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched worker function reaches the pool only when workers are forked")
    monkeypatch.setattr(writer.batch, "_draft_one", _crash_on_b)
    units = tmp_path / "units"
    units.mkdir()
    for name in "abcd":
        (units / f"{name}.yaml").write_text(SRC, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(units), "-o", str(out), "--jobs", "2"]) == 1
    rows = _summary(out)
    assert {k.split("|")[0]: r[2] for k, r in rows.items()} == {"a": "已生成", "b": "出错", "c": "已生成", "d": "已生成"}
    assert "工作进程意外退出" in rows["b|b.yaml"][11]
