"""Numbers are found in one walk over the digit runs (writer/read/quantities.find), each run tried
against every kind's tail at once; the result must equal the four walks one kind after another
that it replaces (still used when a count unit holds a digit): generated texts of digits,
separators, decimals, units, line breaks and words compared quantity by quantity."""
from __future__ import annotations

import random

import pytest

from writer import rubric as rubric_mod
from writer.read import quantities

PIECES = ["1", "23", "4,567", "8，9", "0", "\n", ".", "．5", ".75", " ", "万元", "亿元", "元", "%", "％", "分", "分钟",
          "分配", "人次", "万亩", "个", "亩", "项", "公里", "其中", "。", "；", "预算", "执行率", "到位", "为", "，", "、",
          "（", "）", "年", "第", "１２", "３．４", "万", "次"]


def _seen(qs: list[quantities.Quantity]) -> list[tuple]:
    return [(q.kind, q.value, q.unit, q.label, q.start, q.end, q.raw, q.sentence, q.after_qizhong) for q in qs]


@pytest.mark.parametrize("units", [None, ["人次", "万亩", "个", "分"], []])
def test_one_walk_finds_what_the_walks_kind_by_kind_found(units: list[str] | None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    labeller, rubric_units = quantities.config(rubric_mod.load_all()[0].raw)
    units = rubric_units if units is None else units
    rnd = random.Random(len(units))
    texts = ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 40))) for _ in range(4000)]
    texts += ["预算数120.00万元，其中财政拨款100万元、自筹20万元，执行率95.5%，得分12.5分，培训300人次，耗时5分钟"]
    one_walk = [_seen(quantities.find(t, labeller, units)) for t in texts]
    monkeypatch.setattr(quantities, "_tails", lambda units: None)  # the walks kind by kind
    by_kind = [_seen(quantities.find(t, labeller, units)) for t in texts]
    assert one_walk == by_kind
    assert sum(map(len, one_walk)) > 1000  # the texts are full of numbers: the comparison means something


def test_a_count_unit_with_a_digit_is_matched_kind_by_kind() -> None:
    assert quantities._tails(("2号",)) is None and quantities._tails(("人次",)) is not None
