"""Harmonise a data file: rewrite its text values, keep everything else (comments, order, quoting)."""
from __future__ import annotations

import io
from typing import Any, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .harmonise import Change, Manual, UnitFile, changed_part
from .ui_text import ui


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, key order and quoting survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def _strings(node: Any, path: str, skip: frozenset[str] = frozenset()) -> Iterator[tuple[Any, Any, str, int | None]]:
    """(container, key, Chinese path, line) of every text value, fields in `skip` left out."""
    if isinstance(node, CommentedMap):
        for k, v in node.items():
            if k in skip:
                continue
            here = f"{path}·{k}" if path else str(k)
            if isinstance(v, str):
                line = node.lc.value(k)[0] + 1 if node.lc.data and k in node.lc.data else None
                yield node, k, f"「{here}」", line
            else:
                yield from _strings(v, here, skip)
    elif isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            here = ui(f"{path}第{i + 1}条")
            if isinstance(v, str):
                line = node.lc.item(i)[0] + 1 if node.lc.data and i in node.lc.data else None
                yield node, i, f"「{here}」", line
            else:
                yield from _strings(v, here, skip)


def harmonise_data(unit: UnitFile) -> None:
    """Set unit.output (the rewritten file) and unit.changes; edits that touch nothing go to manual."""
    yaml = _yaml()
    tree = yaml.load(unit.path.read_text(encoding="utf-8-sig"))
    used: set[int] = set()
    from .across_thesaurus import load

    for container, key, place, line in _strings(tree, "", load().skip_fields):
        old = container[key]
        new = old
        for i, e in enumerate(unit.edits):
            after = e.apply(new)
            if after != new:
                used.add(i)
                new = after
        if new != old:
            container[key] = type(old)(new) if type(old) is not str else new  # keep | block style
            where = ui(f"{place}（第{line}行）") if line else place
            unit.changes.append(Change(unit.name, where, *changed_part(old, new)))
    for i, e in enumerate(unit.edits):
        if i not in used:
            unit.manual.append(Manual(e.rule, e.found, e.agreed, ui("数据文件中没有这段文字（来自报告模板、用语库或 Excel 自评表），请在草稿中修改")))
    buf = io.StringIO()
    yaml.dump(tree, buf)
    unit.output = buf.getvalue().encode("utf-8")
