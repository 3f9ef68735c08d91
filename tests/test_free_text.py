"""Titles and free text (issue 8 item 6): titles without doubled years or 项目项目, 自称 any 我X/本X,
values with units and other notations, a Chinese colon or a tab in the data file explained in
Chinese at the line where it was typed."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import EXAMPLES
from writer.cli import main
from writer.pipeline import draft_report

BASE = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")


def _with(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "data.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_title_has_no_doubled_year_or_xiangmu(tmp_path: Path) -> None:
    text = re.sub(r"项目名称: .*", "项目名称: 2020年农村公路养护工程项目", BASE)
    d = draft_report(_with(tmp_path, text))
    assert d.doc.title == "中共湛江市委组织部2020年度农村公路养护工程项目支出绩效自评报告"
    assert ("项目名称", "2020年农村公路养护工程项目") in d.doc.cover  # the cover keeps the name as written


@pytest.mark.parametrize("word", ["我镇", "我乡", "我区", "我县", "我市", "我街道", "本中心", "我局"])
def test_self_reference_accepts_any_unit_word(tmp_path: Path, word: str) -> None:
    text = re.sub(r"自称: .*", f"自称: {word}", BASE)
    assert draft_report(_with(tmp_path, text)).loaded.data["self_ref"] == word


def test_self_reference_explains_what_it_wants(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = re.sub(r"自称: .*", "自称: 单位", BASE)
    assert main(["draft", str(_with(tmp_path, text)), "-o", str(tmp_path / "r.docx")]) == 2
    assert "应为“我”或“本”加单位简称" in capsys.readouterr().err


def test_values_with_units_and_notations(tmp_path: Path) -> None:
    text = BASE.replace("指标性质: ≥\n    指标值: 5000\n    计量单位: 人次", "指标性质: 正向\n    指标值: 不低于5000人次", 1)
    assert text != BASE
    d = draft_report(_with(tmp_path, text))
    row = d.loaded.data["indicators"][0]
    assert row["direction"] == "≥" and row["target"] == Decimal("5000") and row["measure_unit"] == "人次"
    text = BASE.replace("指标性质: ≥", "指标性质: '>='", 1)
    assert draft_report(_with(tmp_path, text)).loaded.data["indicators"][0]["direction"] == "≥"


@pytest.mark.parametrize("bad, line, words", [
    ("单位名称：某局", 3, "中文冒号"),
    ("\t评价年度: 2020", 3, "制表符"),
])
def test_chinese_colon_and_tab_get_a_chinese_hint_at_their_line(tmp_path: Path, capsys, bad: str, line: int,
                                                                 words: str) -> None:  # type: ignore[no-untyped-def]
    text = "报告类型: 项目支出绩效自评报告\n项目名称: 某项目\n" + bad + "\n填报日期: 2021-06-28\n"
    assert main(["draft", str(_with(tmp_path, text)), "-o", str(tmp_path / "r.docx")]) == 2
    err = capsys.readouterr().err
    assert f"第{line}行" in err and words in err
