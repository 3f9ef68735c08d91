"""Which form does a batch agree on? Each unit votes once, with the form it uses most."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    majority: str | None  # None when two forms tie for first place: nothing to suggest
    count: int  # units that use the majority form as their usual one
    accepted: frozenset[str]  # forms nobody should be asked to change (majority, or used by most units)


def vote(per_unit: dict[str, Counter[str]]) -> Verdict:
    """`per_unit`: unit -> how often it uses each form. A form used by more than half of the
    units is accepted even when it is not the usual one (本单位门户网站 beside 我部)."""
    users = Counter(form for c in per_unit.values() for form in c)
    # a unit's usual form; on a tie the more distinctive one (a form every unit has comes from shared text)
    usual = Counter(max(c.items(), key=lambda kv: (kv[1], -users[kv[0]], kv[0]))[0] for c in per_unit.values() if c)
    if not usual:
        return Verdict(None, 0, frozenset())
    ranked = usual.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return Verdict(None, 0, frozenset())
    majority, count = ranked[0]
    half = len(per_unit) / 2
    return Verdict(majority, count, frozenset({majority, *(f for f, n in users.items() if n > half)}))
