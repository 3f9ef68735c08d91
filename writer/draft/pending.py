"""Pending-safe drafting: what a template sees for a value that is not there yet.

A value written 待填/待核实 (or a required field the import did not find) reaches the templates
as a highlighted placeholder, never as `None` or an empty list: text fields become 【待核实】,
paragraph fields one placeholder paragraph naming the field. Amounts, numbers and dates stay
`None` (figures are computed from them) and the format filters print 【待填】 for them.
The rule lives here once, so no template has to remember it.
"""
from __future__ import annotations

import copy
from typing import Any

from .. import words
from ..schema import Field, Loaded

_TEXT_KINDS = {"text", "code", "choice", "year"}
_PARA_KINDS = {"paragraphs", "list_text"}


class Pending(str):
    """A placeholder shown in the draft (【待填】, 【待核实：项目背景】); format filters pass it through."""


def placeholder(word: str, label: str | None = None) -> Pending:
    return Pending(f"【{word}：{label}】" if label else f"【{word}】")


def _fill(fields: tuple[Field, ...], data: dict[str, Any], path: tuple[Any, ...], loaded: Loaded) -> None:
    for f in fields:
        p = path + (f.name,)
        value = data.get(f.name)
        word = loaded.pending.get(p)
        empty = value is None or value == [] or value == ""
        if f.kind == "group":
            if isinstance(value, dict):
                _fill(f.fields, value, p, loaded)
            continue
        if f.kind == "list":
            if isinstance(value, list):
                for i, row in enumerate(value):
                    if isinstance(row, dict):
                        _fill(f.fields, row, p + (i,), loaded)
            continue
        if not (word or (f.required and empty)):
            continue
        word = word or words.placeholder("fill")
        if f.kind in _PARA_KINDS:
            data[f.name] = [placeholder(word, f.key)]
        elif f.kind in _TEXT_KINDS:
            data[f.name] = placeholder(word)


def fill(loaded: Loaded, schema: tuple[Field, ...]) -> dict[str, Any]:
    """A copy of the data in which every pending or missing required text shows as a placeholder."""
    data = copy.deepcopy(loaded.data)
    _fill(schema, data, (), loaded)
    return data


def required_section(title: str) -> str:
    """The paragraph a required chapter gets when the data says nothing for it."""
    return words.word("missing_marks", "section").format(title=title)
