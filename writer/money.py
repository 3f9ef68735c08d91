"""Decimal amounts and rates: parsing as users write them, and the one rounding policy.

Every derived figure (draft) and every recomputed figure (check) is rounded here, half-up to
two places, so the writer and the checker can never disagree by a rounding step.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from . import words

TWO = Decimal("0.01")
HUNDRED = Decimal(100)


@lru_cache(maxsize=1)
def unit_in_wan() -> dict[str, Decimal]:
    """How many 万元 one unit is worth (rubrics/_words.yaml money_units). Data files and drafts
    state money in these units."""
    return {str(k): Decimal(str(v)) for k, v in words.get("money_units").items()}


# the most integer digits an amount may have: Excel keeps 15 significant digits, and 10^15 万元
# is beyond any budget; longer figures in a data file are typing errors
MAX_DIGITS = 15

_NUMBER = re.compile(r"^[+-]?(\d+(,\d{3})*|\d*)(\.\d+)?$")


def q2(x: Decimal) -> Decimal:
    """Round half-up to two decimal places (the project's only rounding)."""
    if not x.is_finite():
        return x
    # enough precision for any amount a user can type (40-digit amounts must not crash the draft)
    return x.quantize(TWO, rounding=ROUND_HALF_UP, context=Context(prec=max(28, x.adjusted() + 4)))


_HALFWIDTH = str.maketrans({ch: unicodedata.normalize("NFKC", ch) for ch in "０１２３４５６７８９．，％－＋"})


def round_places(x: Decimal, places: int) -> Decimal:
    """Half-up to `places` decimals, with room for any number of digits (a 31-digit figure in a
    draft must not raise InvalidOperation)."""
    if not x.is_finite():
        return x
    room = Context(prec=max(28, x.adjusted() + places + 2))
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=room)


def to_halfwidth(text: str) -> str:
    """Full-width digits and signs to half-width (１２３．４５ → 123.45); keeps Chinese as is."""
    return text.translate(_HALFWIDTH)


def parse_number(text: str) -> Decimal | None:
    """`1,234.50`, `１２３`, `-3` → Decimal; anything else → None."""
    t = to_halfwidth(text.strip())
    if not t or not _NUMBER.match(t) or t in {"+", "-", "."}:
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def split_unit(text: str) -> tuple[str, str | None]:
    """`445万元` → (`445`, `万元`); `445美元` → (`445`, `美元`); a bare number → (number, None)."""
    t = text.strip()
    m = re.match(r"^([-+0-9０-９.,，．]+)\s*([^-+0-9０-９.,，．\s]\S*)$", t)
    if m:
        return m.group(1), m.group(2)
    return t, None


def to_wan(amount: Decimal, unit: str) -> Decimal:
    return amount * unit_in_wan()[unit]


def rate(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage with two decimals; None when whole is zero."""
    if whole == 0:
        return None
    return q2(part / whole * HUNDRED)


def fmt_amount(x: Decimal) -> str:
    """Amount in 万元 with two decimals and no thousands separator (公文 practice)."""
    return f"{q2(x):.2f}"


def fmt_number(x: Decimal) -> str:
    """A count or score without trailing zeros: 5000, 92.5, 0.35."""
    s = f"{x.normalize():f}"
    return s


def fmt_percent(x: Decimal) -> str:
    """100.00 → 100%, 96.5 → 96.50%: whole rates stay short, others keep two places."""
    v = q2(x)
    if v == v.to_integral_value():
        return f"{int(v)}%"
    return f"{v:.2f}%"
