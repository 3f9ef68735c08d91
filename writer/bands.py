"""Numeric bands: grade bands (90/80/60) and any other 'at least X' table from YAML."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Band:
    name: str
    min: Decimal  # inclusive lower bound; the next band up starts the exclusive upper bound


def pick(bands: list[Band], value: Decimal) -> Band:
    """The band whose half-open interval [min, next.min) holds value (bands in any order)."""
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    for band in ordered:
        if value >= band.min:
            return band
    return ordered[-1]


def in_range(value: Decimal, lo: Decimal | None, hi: Decimal | None) -> bool:
    """lo <= value < hi, either bound optional (the phrase-bank and deviation convention)."""
    return (lo is None or value >= lo) and (hi is None or value < hi)
