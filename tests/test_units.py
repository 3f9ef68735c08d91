"""Small units: money, numbering, scoring methods."""
from __future__ import annotations

from decimal import Decimal

import pytest

from writer import money
from writer.numbering import chinese_numeral, parse_chinese_numeral, parse_marker


@pytest.mark.parametrize("text,value", [("160.00", "160.00"), ("1,234.5", "1234.5"), ("１２３", "123"),
                                         ("-3", "-3"), ("abc", None), ("", None), ("1.2.3", None)])
def test_parse_number(text: str, value: str | None) -> None:
    got = money.parse_number(text)
    assert (str(got) if got is not None else None) == value


def test_half_up_rounding() -> None:
    assert money.q2(Decimal("4.325")) == Decimal("4.33")
    assert money.rate(Decimal(2768), Decimal(3200)) == Decimal("86.50")
    assert money.fmt_percent(Decimal("100.00")) == "100%"
    assert money.fmt_percent(Decimal("93.5")) == "93.50%"


def test_units_to_wan() -> None:
    assert money.to_wan(Decimal(4450000), "元") == Decimal("445.0000")
    assert money.split_unit("445万元") == ("445", "万元")
    assert money.split_unit("445美元") == ("445", "美元")


@pytest.mark.parametrize("n", [1, 9, 10, 11, 19, 20, 21, 99])
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese_numeral(chinese_numeral(n)) == n


@pytest.mark.parametrize("line,level,value,standard", [
    ("一、基本情况", 1, 1, True), ("4、 项目资金使用绩效", 3, 4, False), ("（二）存在问题", 2, 2, True),
    ("(一)项目概况", 2, 1, False), ("（2） 评价年度", 4, 2, True), ("1.资金到位", 3, 1, True),
    ("1、落实", 3, 1, False), ("十二、其他", 1, 12, True),
])
def test_parse_marker(line: str, level: int, value: int, standard: bool) -> None:
    m = parse_marker(line)
    assert m is not None and (m.level, m.value, m.standard) == (level, value, standard)


def test_decimal_number_is_not_a_heading() -> None:
    assert parse_marker("1.5万元用于培训") is None
