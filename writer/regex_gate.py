"""A cheap test that rules a text out before a costly regex runs on it.

Most rule patterns find nothing in most paragraphs, yet the engine tries them at every position
(a pattern that opens with a look-behind or a CJK range has no literal prefix to jump to). Every
match of `A\\d{4}〔…〕号` contains a 号, though: a text without one cannot match. `gate(patterns)`
reads the parsed patterns and finds such a set of characters (a character class each match must
touch), then searching for that class is a single fast scan; only texts that pass run the real
patterns. The set is derived from the pattern, so what the real patterns find is unchanged: the
gate can only say "cannot match" when that is certain, and gives up (None) when unsure.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Callable, Iterable

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

try:
    from _sre import unicode_iscased as _iscased
except ImportError:  # pragma: no cover
    def _iscased(ch: int) -> bool:
        return chr(ch).lower() != chr(ch).upper()

# a class item is ("lit", code) | ("range", (lo, hi)) | ("cat", escape); its cost guesses how
# often it occurs in a Chinese report: ASCII letters and most ASCII marks are rare there, CJK
# characters common, full-width punctuation (，。：、（）), the marks of numbers (. , % - :) and
# digits (every amount has some) the commonest
Item = tuple[str, object]
_DIGIT_COST, _ASCII_COST, _OTHER_COST, _MARK_COST = 50, 1, 10, 30
_NUMBER_MARKS = frozenset(map(ord, ".,%-:"))
_CATEGORIES = {_c.CATEGORY_DIGIT: "\\d"}  # \s and \w are too common to help
_CATEGORY_COST = {"\\d": 10 * _DIGIT_COST}
_MAX_COST = 1000  # a class this common (a CJK range, …) passes nearly every text: no gate


def _char_cost(ch: int) -> int:
    if 0x3000 <= ch <= 0x303F or 0xFF00 <= ch <= 0xFFEF:
        return _MARK_COST
    if ch >= 128:
        return _OTHER_COST
    if ch in _NUMBER_MARKS:
        return _MARK_COST
    return _DIGIT_COST if 48 <= ch <= 57 else _ASCII_COST


def _cost_of(items: list[Item]) -> int:
    cost = 0
    for kind, v in items:
        if kind == "lit":
            cost += _char_cost(v)  # type: ignore[arg-type]
        elif kind == "range":
            lo, hi = v  # type: ignore[misc]
            if hi - lo > _MAX_COST:
                return _MAX_COST + 1
            cost += sum(_char_cost(ch) for ch in range(lo, hi + 1))
        else:
            cost += _CATEGORY_COST[v]  # type: ignore[index]
    return cost


def _element(op: object, av: object, icase: bool) -> list[Item] | None:
    """The class one consuming element must match, or None (zero-width, optional or unbounded)."""
    if op == _c.LITERAL:
        return None if icase and _iscased(av) else [("lit", av)]  # type: ignore[arg-type, list-item]
    if op == _c.IN:
        items: list[Item] = []
        for iop, iav in av:  # type: ignore[attr-defined]
            if iop == _c.LITERAL:
                if icase and _iscased(iav):
                    return None
                items.append(("lit", iav))
            elif iop == _c.RANGE:
                lo, hi = iav
                if icase and any(_iscased(ch) for ch in range(lo, hi + 1)):
                    return None
                items.append(("range", (lo, hi)))
            elif iop == _c.CATEGORY and iav in _CATEGORIES:
                items.append(("cat", _CATEGORIES[iav]))
            else:  # NEGATE, \s, \w, \D …: too wide or unknown
                return None
        return items
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op == getattr(_c, "POSSESSIVE_REPEAT", object()):
        lo, _hi, sub = av  # type: ignore[misc]
        return _sequence(sub, icase) if lo >= 1 else None
    if op == _c.SUBPATTERN:
        _group, add, remove, sub = av  # type: ignore[misc]
        if (add | remove) & (re.LOCALE | re.ASCII):
            return None
        icase = (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
        return _sequence(sub, icase)
    if op == getattr(_c, "ATOMIC_GROUP", object()):
        return _sequence(av, icase)
    if op == _c.BRANCH:
        union: list[Item] = []
        for branch in av[1]:  # type: ignore[index]
            one = _sequence(branch, icase)
            if one is None:
                return None
            union += one
        return union
    return None  # anchors, look-arounds, back-references, ANY, NOT_LITERAL …: nothing required


def _sequence(sub: Iterable[tuple[object, object]], icase: bool) -> list[Item] | None:
    """Of the elements every match goes through, the one with the rarest class."""
    best: list[Item] | None = None
    best_cost = 0
    for op, av in sub:
        items = _element(op, av, icase)
        if items is not None:
            cost = _cost_of(items)
            if best is None or cost < best_cost:
                best, best_cost = items, cost
    return best


def required(pattern: str, flags: int = 0) -> list[Item] | None:
    """A class of characters every match of `pattern` contains one of; None when none is known."""
    try:
        tree = _p.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - re.compile reports a bad pattern; no gate here
        return None
    state = tree.state.flags
    if state & (re.LOCALE | re.ASCII):
        return None
    return _sequence(tree, bool(state & re.IGNORECASE))


def _class_text(items: list[Item]) -> str:
    out = []
    for kind, v in items:
        if kind == "lit":
            out.append(re.escape(chr(v)))  # type: ignore[arg-type]
        elif kind == "range":
            out.append(re.escape(chr(v[0])) + "-" + re.escape(chr(v[1])))  # type: ignore[index]
        else:
            out.append(str(v))
    return "[" + "".join(out) + "]"


@lru_cache(maxsize=512)
def gate(patterns: tuple[str, ...], flags: int = 0) -> Callable[[str], object] | None:
    """A test `could_match(text)` (a compiled class's `search`: `could_match(text, pos)` works
    too): false only when none of the patterns can match the text. None when no useful class is
    known for one of them (then every text must be tried)."""
    table = _stored()
    key = (patterns, int(flags))
    if key not in table:
        table[key] = _gate_class(patterns, flags)
    found = table[key]
    return None if found is None else re.compile(found).search


def _gate_class(patterns: tuple[str, ...], flags: int) -> str | None:
    union: list[Item] = []
    for p in patterns:
        items = required(p, flags)
        if items is None:
            return None
        union += [i for i in items if i not in union]
    if not union or _cost_of(union) > _MAX_COST:
        return None
    return _class_text(union)


# the classes found, kept in the per-user cache (writer/cache.py) between processes: reading
# every rule's patterns again would cost a cold `jixiao check` a few milliseconds
_STATE: dict[str, object] = {}


def _stored() -> dict[tuple[tuple[str, ...], int], str | None]:
    table = _STATE.get("table")
    if table is None:
        from . import cache

        digest = cache.key(["regex-gates", sys.version, *cache.code_of(__name__)])
        table = cache.load("regex-gates", digest)
        if not isinstance(table, dict):
            table = {}
        _STATE.update(table=table, digest=digest, stored=len(table))
        import atexit

        atexit.register(_save)
    return table  # type: ignore[return-value]


def _save() -> None:
    table = _STATE.get("table")
    if isinstance(table, dict) and len(table) != _STATE.get("stored") and len(table) <= 2000:
        from . import cache

        cache.store("regex-gates", str(_STATE["digest"]), dict(table))
        _STATE["stored"] = len(table)


def could_match(rx: re.Pattern[str]) -> Callable[[str], object]:
    """`gate` of one compiled pattern, as a test that is always true when no gate is known."""
    found = gate((rx.pattern,), rx.flags & ~re.UNICODE)
    return found if found is not None else _always


def _always(text: str) -> bool:
    return True
