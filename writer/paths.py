"""Dotted field paths (资金.执行数, 绩效指标.1.完成值): set or read a value deep in nested data."""
from __future__ import annotations

from typing import Any


def set_path(doc: Any, dotted: str, value: Any) -> None:
    """Create what is missing on the way; a number is a 1-based position in a list."""
    keys = dotted.split(".")
    cur = doc
    for i, k in enumerate(keys):
        last = i == len(keys) - 1
        if k.isdigit():
            idx = int(k) - 1
            while len(cur) <= idx:
                cur.append({})
            if last:
                cur[idx] = value
            else:
                cur = cur[idx]
            continue
        if last:
            cur[k] = value
        else:
            if k not in cur or not isinstance(cur[k], (dict, list)):
                cur[k] = [] if keys[i + 1].isdigit() else {}
            cur = cur[k]


def get_path(data: Any, dotted: str) -> Any:
    """The value at a dotted path of nested mappings, or None where any step is missing."""
    cur = data
    for k in dotted.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(k)
    return cur
