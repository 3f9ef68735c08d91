"""harmonise: preview, nothing written unless accepted, copies only, and no drift left afterwards."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from across_batch import data_files, plant_docx
from writer.across import Unit, find_drifts
from writer.cli import main
from writer.harmonise import read_unit


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _drifts_left(paths: list[Path]) -> list[tuple[str, str, str]]:
    units = [read_unit(p) for p in paths]
    return [(d.unit, d.rule.id, d.found) for d in find_drifts([Unit(u.name, u.doc) for u in units])]


def test_data_files_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_files(tmp_path / "data")
    before = _snapshot(tmp_path / "data")
    assert {d[1] for d in _drifts_left(data)} == {"TRM11", "TRM12", "TRM15"}
    out = tmp_path / "out"
    assert main(["harmonise", str(tmp_path / "data"), "-o", str(out), "--yes"]) == 0
    shown = capsys.readouterr().out
    assert "参训人次" in shown and "培训人次" in shown and "「绩效指标第1条·三级指标」（第48行）" in shown
    assert _snapshot(tmp_path / "data") == before  # inputs never modified
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in data]
    assert _drifts_left(sorted(out.iterdir())) == []
    text = (out / "u3.yaml").read_text(encoding="utf-8")
    assert "三级指标: 培训人次" in text and "我部制定" in text and "# 示例：项目支出绩效自评报告数据文件" in text
    assert "  项目背景: |\n" in text  # block style kept
    assert main(["harmonise", str(out), "-o", str(tmp_path / "again")]) == 0
    assert "没有需要统一的地方" in capsys.readouterr().out and not (tmp_path / "again").exists()


def test_nothing_written_unless_the_preview_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data_files(tmp_path / "data")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["harmonise", str(tmp_path / "data"), "-o", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "将要统一的" in captured.out and "没有写出任何文件" in captured.err
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script without --yes: no answer is no
    assert main(["harmonise", str(tmp_path / "data"), "-o", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["harmonise", str(tmp_path / "data"), "-o", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").iterdir())) == 5
    # an existing output is never silently overwritten
    assert main(["harmonise", str(tmp_path / "data"), "-o", str(tmp_path / "out"), "--yes"]) == 2
    assert "已存在" in capsys.readouterr().err


def test_to_standard_takes_the_thesaurus_word_even_against_the_majority(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    for p in data_files(folder, drifts=False):
        p.write_text(p.read_text(encoding="utf-8").replace("预算执行率按月通报", "资金执行率按月通报"), encoding="utf-8")
    assert main(["harmonise", str(folder), "-o", str(tmp_path / "m"), "--yes"]) == 0
    assert not (tmp_path / "m").exists()  # the majority already agrees: nothing to do
    assert main(["harmonise", str(folder), "--to", "standard", "-o", str(tmp_path / "s"), "--yes"]) == 0
    assert all("预算执行率按月通报" in p.read_text(encoding="utf-8") for p in (tmp_path / "s").iterdir())


def test_docx_copies_with_tracked_changes_and_no_drift_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docx"
    folder.mkdir()
    for data in data_files(tmp_path / "data"):
        docx = folder / f"{data.stem}.docx"
        assert main(["draft", str(data), "-o", str(docx)]) == 0
        plant_docx(docx, data.stem)
    before = _snapshot(folder)
    capsys.readouterr()
    main(["check", *map(str, sorted(folder.iterdir())), "--across", "--format", "json"])
    planted = [x for f in json.loads(capsys.readouterr().out)["files"] for x in f["findings"] if x["rule"] >= "TRM11"]
    assert len(planted) == 13
    out = tmp_path / "out"
    assert main(["harmonise", str(folder), "-o", str(out), "--yes"]) == 0
    assert _snapshot(folder) == before
    xml = zipfile.ZipFile(out / "u2.docx").read("word/document.xml").decode("utf-8")
    assert xml.count("<w:ins ") >= 3 and "<w:delText" in xml and 'w:author="jixiao 统一用语"' in xml
    assert "<w:delText xml:space=\"preserve\">参训</w:delText>" in xml
    capsys.readouterr()
    main(["check", *map(str, sorted(out.iterdir())), "--across", "--format", "json"])
    left = [x for f in json.loads(capsys.readouterr().out)["files"] for x in f["findings"] if x["rule"] >= "TRM11"]
    assert left == []


def test_bad_inputs_are_refused_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert main(["harmonise", str(tmp_path / "a.txt"), str(tmp_path / "b.yaml")]) == 2
    assert "不是数据文件" in capsys.readouterr().err
    data = data_files(tmp_path / "data")
    assert main(["harmonise", str(data[0])]) == 2
    assert "至少需要两个单位" in capsys.readouterr().err


def test_batch_summary_has_one_row_per_drift(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data_files(tmp_path / "data")
    assert main(["batch", str(tmp_path / "data"), "-o", str(tmp_path / "out"), "--jobs", "1"]) in (0, 1)
    book = load_workbook(tmp_path / "out" / "汇总.xlsx")
    assert book.sheetnames[:2] == ["汇总", "跨单位一致性"]
    rows = list(book["跨单位一致性"].iter_rows(values_only=True))
    assert rows[0][:6] == ("问题类型", "规则", "涉及内容", "多数写法（或标准用语）", "不同写法", "写法不同的单位")
    got = {(r[1], r[3], r[4], r[5], r[7][:1]) for r in rows[1:]}
    assert ("TRM11", "培训人次", "参训人次", "u2", "能") in got
    assert ("TRM11", "培训人次", "培训人员数量", "u3", "能") in got
    assert ("TRM15", "我部", "本局", "u3", "能") in got
    assert len(rows) - 1 == 8  # the 8 drifts planted in the data files, nothing paired wrongly


def test_bad_data_file_is_a_located_chinese_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = data_files(tmp_path / "data")
    data[1].write_text(data[1].read_text(encoding="utf-8").replace('执行数: "445.00"\n  资金来源', '执行数: 很多\n  资金来源'),
                       encoding="utf-8")
    assert main(["harmonise", str(tmp_path / "data"), "-o", str(tmp_path / "out"), "--yes"]) == 2
    assert "u2.yaml 第37行" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_titles_of_other_documents_are_quoted_as_they_are() -> None:
    import re

    from writer.harmonise import Edit

    e = Edit("TRM12", "资金支出率", "预算执行率", re.compile("(预算执行率|资金支出率)"))
    assert e.apply("按《资金支出率考核办法》，资金支出率为98%。") == "按《资金支出率考核办法》，预算执行率为98%。"
    assert e.apply("资金支出率") == "预算执行率"


def test_tracked_change_across_runs_keeps_formatting_and_reads_back(tmp_path: Path) -> None:
    import re

    from docx import Document

    from writer.harmonise import Edit, UnitFile
    from writer.harmonise_docx import harmonise_docx
    from writer.read.docx_reader import read_docx

    doc = Document()
    p = doc.add_paragraph("本项目")
    p.add_run("资金支").bold = True
    p.add_run("出率为98%，我单位")
    p.add_run("认真落实。")
    src = tmp_path / "a.docx"
    doc.save(str(src))
    unit = UnitFile("a", src, "docx", edits=[Edit("TRM12", "资金支出率", "预算执行率", re.compile("(预算执行率|资金支出率)")),
                                             Edit("TRM15", "我单位", "我部", re.compile("(我单位|我部)"))])
    harmonise_docx(unit)
    out = tmp_path / "b.docx"
    out.write_bytes(unit.output or b"")
    assert [b.text for b in read_docx(out).blocks] == ["本项目预算执行率为98%，我部认真落实。"]
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    deleted = "".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", xml))
    assert deleted == "资金支出率我单位" and "<w:b/>" in xml
    assert [(c.old, c.new) for c in unit.changes] == [("本项目资金支出率为98%，我单位认真落实。", "本项目预算执行率为98%，我部认真落实。")]
