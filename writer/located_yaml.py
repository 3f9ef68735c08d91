"""Load YAML keeping every scalar a string and every node's line and column.

PyYAML's BaseLoader keeps `160.00`, `010` and `no` exactly as written; composing (not
constructing) keeps the marks, so every later error can name file, line and column.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from .errors import DataError, Problem

# libyaml's loader gives the same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

Value = Union[str, list["Node"], dict[str, "Node"]]


@dataclass
class Node:
    value: Value
    line: int  # 1-based
    col: int  # 1-based
    key: str | None = None  # the mapping key this node sits under (Chinese field name)
    key_line: int | None = None
    key_col: int | None = None

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return isinstance(self.value, str)


def _convert(node: yaml.Node, file: str, problems: list[Problem], key: str | None = None) -> Node:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        return Node(node.value, line, col, key)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(n, file, problems, key) for n in node.value], line, col, key)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                problems.append(Problem(file, k.start_mark.line + 1, k.start_mark.column + 1, None,
                                        "字段名必须是文字"))
                continue
            name = k.value
            kl, kc = k.start_mark.line + 1, k.start_mark.column + 1
            if name in out:
                first = out[name]
                problems.append(Problem(file, kl, kc, name,
                                        f"重复出现（第{first.key_line}行已写过），请删去一处"))
                continue
            child = _convert(v, file, problems, name)
            child.key_line, child.key_col = kl, kc
            out[name] = child
        return Node(out, line, col, key)
    raise AssertionError(f"unknown YAML node {node!r}")


def parse_text(text: str, file: str) -> Node:
    """Parse YAML text; raise DataError with located problems."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise DataError([Problem(file, line, col, None,
                                 "YAML 格式有误（常见原因：缩进不齐、冒号后缺空格、引号未闭合），"
                                 f"请检查这一行及上一行。解析器提示：{exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(file, None, None, None, f"YAML 格式有误：{exc}")]) from None
    if root is None:
        raise DataError([Problem(file, 1, 1, None, "文件是空的")])
    problems: list[Problem] = []
    node = _convert(root, file, problems)
    if problems:
        raise DataError(problems)
    return node


def load_file(path: Path) -> Node:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, None, "文件不存在")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), None, None, None, f"无法读取：{exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Problem(str(path), None, None, None,
                                 "不是 UTF-8 编码，请用记事本或 WPS 另存为 UTF-8 后再试")]) from None
    return parse_text(text, str(path))
