"""rollover → draft → check: years move on, figures become 上年数据, and check lists exactly
the placeholders left."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES
from writer.check_pipeline import check_document
from writer.cli import main
from writer.pipeline import draft_report
from writer.read.docx_reader import read_docx


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_rollover_draft_check(name: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = EXAMPLES / f"{name}.yaml"
    before = src.read_bytes()
    nxt = tmp_path / "next.yaml"
    assert main(["rollover", str(src), "-o", str(nxt)]) == 0
    assert src.read_bytes() == before
    text = nxt.read_text(encoding="utf-8")
    old = draft_report(src)
    new = draft_report(nxt)
    assert new.loaded.data["year"] == old.loaded.data["year"] + 1
    assert new.loaded.data["report_date"].year == old.loaded.data["report_date"].year + 1
    prev = new.loaded.data["previous"]
    assert prev["total"] == old.figures.total and prev["grade"] == old.figures.grade
    # this year's figures are placeholders; targets and weights carry over
    assert new.loaded.pending and all(w == "待填" for w in new.loaded.pending.values())
    assert [r["target"] for r in new.loaded.data["indicators"]] == [r["target"] for r in old.loaded.data["indicators"]]
    assert all(r["actual"] is None for r in new.loaded.data["indicators"])
    # comments survive, narrative is marked
    for line in (l for l in src.read_text(encoding="utf-8").splitlines() if l.startswith("#")):
        assert line in text
    assert "【待更新】" in text
    docx_path = tmp_path / "next.docx"
    capsys.readouterr()
    assert main(["draft", str(nxt), "-o", str(docx_path)]) == 0
    err = capsys.readouterr().err
    assert f"还有 {len(new.loaded.pending)} 处待填" in err
    checked = check_document(docx_path)
    left = sum(len(re.findall(r"【待(?:填|更新)[^】]*】", b.text)) for b in read_docx(docx_path).blocks)
    assert left > 0
    assert {f.rule for f in checked.findings} == {"LEF06"}
    assert len(checked.findings) == left


def test_rollover_year_must_move_forward(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["rollover", str(EXAMPLES / "project-zhanjiang-2020.yaml"), "--year", "2019",
                 "-o", str(tmp_path / "x.yaml")]) == 2
    assert "应晚于" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_previous_year_comparison_in_draft(tmp_path: Path) -> None:
    src = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
    data = tmp_path / "d.yaml"
    data.write_text(src.replace("绩效指标:\n", "上年数据:\n  全年预算数: \"400.00\"\n绩效指标:\n", 1), encoding="utf-8")
    assert "全年预算数较上年（400.00万元）增长11.25%" in draft_report(data).doc.body


def test_pending_draft_claims_nothing_it_does_not_know(tmp_path: Path) -> None:
    nxt = tmp_path / "next.yaml"
    assert main(["rollover", str(EXAMPLES / "project-zhanjiang-2020.yaml"), "-o", str(nxt)]) == 0
    body = draft_report(nxt).doc.body
    for claim in ("未能全部到位", "足额到位", "全部完成", "低于预期", "已全部支出", "执行情况良好", "总体完成"):
        assert claim not in body, claim
    assert "资金到位率为【待填】。" in body and "完成情况【待填】" in body


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_rollover_leaves_no_stale_year_unmarked(name: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Every paragraph of next year's draft that still names last year (or earlier) is highlighted,
    so check lists it (LEF06); years in names are rolled, cited notices of last year are marked."""
    src = EXAMPLES / f"{name}.yaml"
    old_year = draft_report(src).loaded.data["year"]
    nxt = tmp_path / "next.yaml"
    assert main(["rollover", str(src), "-o", str(nxt)]) == 0
    docx_path = tmp_path / "next.docx"
    assert main(["draft", str(nxt), "-o", str(docx_path)]) == 0
    blocks = read_docx(docx_path).blocks
    texts = [b.text for b in blocks if b.kind != "table"] + [c for b in blocks if b.kind == "table" for r in b.rows for c in r]
    stale = []
    for t in texts:
        years = [int(y) for y in re.findall(r"(?<![\d〔])((?:19|20)\d{2})(?=\s*年)", t)]
        if any(y <= old_year for y in years) and "【待" not in t:
            stale.append(t)
    assert stale == []
    listed = {f.excerpt for f in check_document(docx_path).findings if f.rule == "LEF06"}
    assert any("待更新" in e for e in listed)


def test_rollover_is_a_fixed_point_and_keeps_previous_figures(tmp_path: Path) -> None:
    """Rolling a rolled-over file again changes the year and nothing else: no second header, no
    repeated notes, no 【待更新】【待更新】, and 上年数据 is not replaced by {} when the year was never filled."""
    src = EXAMPLES / "project-zhanjiang-2020.yaml"
    one, two, three = (tmp_path / f"{n}.yaml" for n in ("one", "two", "three"))
    assert main(["rollover", str(src), "-o", str(one)]) == 0
    assert main(["rollover", str(one), "-o", str(two)]) == 0
    assert main(["rollover", str(two), "-o", str(three)]) == 0

    def shape(p: Path) -> list[str]:
        return [re.sub(r"(?:19|20)\d{2}", "Y", ln) for ln in p.read_text(encoding="utf-8").splitlines()[1:]]

    assert shape(two) == shape(three)
    text = three.read_text(encoding="utf-8")
    assert text.count("# 由 jixiao rollover") == 1
    assert "【待更新】【待更新】" not in text and "【待更新】待填" not in text and "【待更新】待核实" not in text
    prev = draft_report(three).loaded.data["previous"]
    first = draft_report(one).loaded.data["previous"]
    assert prev == first and prev["budget"] is not None  # the only figures there are, kept


@pytest.mark.parametrize("year, day", [("2020年度", "2021-06-28"), ("2020年", "2021-6-28"),
                                       ("2020", "2021年6月28日"), ("2020", "2021/6/28")])
def test_rollover_moves_every_year_and_date_form_the_data_file_accepts(year: str, day: str, tmp_path: Path,
                                                                      capsys) -> None:  # type: ignore[no-untyped-def]
    """评价年度 2020年度 stopped rollover with an internal error; 2021-6-28 too; 2021年6月28日
    became today's date a year on."""
    src = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
    data = tmp_path / "d.yaml"
    data.write_text(src.replace("评价年度: 2020", f"评价年度: {year}").replace("填报日期: 2021-06-28", f"填报日期: {day}"),
                    encoding="utf-8")
    nxt = tmp_path / "next.yaml"
    assert main(["rollover", str(data), "-o", str(nxt)]) == 0, capsys.readouterr().err
    new = draft_report(nxt).loaded.data
    assert new["year"] == 2021
    assert str(new["report_date"]) == "2022-06-28"
