"""The one normaliser: canonical text for matching, raw text and place for reporting."""
from __future__ import annotations

import pytest

from writer.read.normalise import normal_text, normalise


@pytest.mark.parametrize("raw,want", [
    ("其中:12万元用于设备;8万元用于培训", "其中：12万元用于设备；8万元用于培训"),
    ("共3个,即甲、乙、丙", "共3个，即甲、乙、丙"),
    ("实际支出48.50 万元", "实际支出48.50万元"),
    ("执行率71. 4%", "执行率71.4%"),
    ("加 强 管 理", "加强管理"),
    ("预算１２．５０万元，完成９５％", "预算12.50万元，完成95%"),
    ("预算1,234.56万元，12:30开会", "预算1,234.56万元，12:30开会"),
    ("(二)培训情况", "（二）培训情况"),
    ("满意度\\%与\\*号", "满意度%与*号"),
    ("$\\geq 90$", "$\\geq 90$"),
    ("采用 PPP 模式与 Wi Fi", "采用PPP模式与Wi Fi"),
    ("第一行\n第二行", "第一行第二行"),
    ("英文 and, or 保留", "英文and, or保留"),
])
def test_normal_forms(raw: str, want: str) -> None:
    assert normal_text(raw) == want


@pytest.mark.parametrize("raw", ["实际支出 48.50 万元，其中:设备 12 万元", "（一）已规范的文字。", "Ａ级 ３ 项;\n完成"])
def test_every_normalised_span_maps_back_to_raw(raw: str) -> None:
    n = normalise(raw)
    for i in range(len(n.text)):
        s, e = n.raw_span(i, i + 1)
        assert 0 <= s < e <= len(raw)
        assert normal_text(raw[s:e]) == n.text[i]
    assert n.raw_excerpt(0, len(n.text)) == raw.strip(" \n")


def test_match_reports_raw_excerpt() -> None:
    n = normalise("本年实际支出 36.00 万元。")
    i = n.text.index("36.00万元")
    assert n.raw_excerpt(i, i + len("36.00万元")) == "36.00 万元"


def test_clean_text_shares_identity_map() -> None:
    n = normalise("本项目预算80万元。")
    assert n.offsets is None and n.text == n.raw and n.raw_span(2, 4) == (2, 4)
