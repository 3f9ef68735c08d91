"""Load YAML keeping every scalar a string and every node's line and column.

PyYAML's BaseLoader keeps `160.00`, `010` and `no` exactly as written; composing (not
constructing) keeps the marks, so every later error can name file, line and column.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import re
from typing import Any, Iterator, Union

from .errors import DataError, Problem
from .resources import packaged
from .ui_text import ui

# yaml is imported where a file is parsed: package files usually come from the cache (writer/cache.py)


def _loader() -> Any:
    """libyaml's loader gives the same nodes and marks, several times faster."""
    import yaml

    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)

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


_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


class _Builder:
    """Nodes from the parser's event stream, in one pass with an explicit stack (no recursion:
    a deeply nested file cannot crash the composer), counting what aliases expand to so a
    "billion laughs" file or a recursive alias is refused before anything walks it."""

    def __init__(self, file: str) -> None:
        from . import limits

        self.file = file
        self.problems: list[Problem] = []
        self.max_depth = limits.get("nesting_depth")
        self.max_nodes = limits.get("yaml_nodes")
        self.max_aliases = limits.get("yaml_aliases")
        self.max_chars = limits.get("text_field_chars")
        self.anchors: dict[str, tuple[Node, int]] = {}  # anchor -> (node, expanded size)
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.aliases = 0

    def _limit(self, name: str, event: Any, found: str) -> None:
        from . import limits

        line = event.start_mark.line + 1 if event.start_mark else None
        raise limits.fail(name, f"{self.file}" + (f" 第{line}行" if line else ""), found)

    def _scalar(self, event: Any) -> Node:
        value = event.value
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if len(value) > self.max_chars:
            self._limit("text_field_chars", event, ui(f"{len(value)} 字"))
        bad = _BAD_CHARS.search(value)
        if bad:
            self.problems.append(Problem(self.file, line, col, None,
                                         f"含有不可见的控制字符 U+{ord(bad.group(0)):04X}（多由复制粘贴带入），请删去", code="E102"))
            value = _BAD_CHARS.sub("", value)
        return Node(value, line, col)

    def build(self, events: Iterator[Any]) -> Node | None:
        import yaml

        # stack items: [node, expanded size, anchor, pending mapping key (Node | None)]
        stack: list[list[Any]] = []
        root: Node | None = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    self.problems.append(Problem(self.file, line, 1, None, "文件中只能有一个 YAML 文档（删去多余的 ---）", code="E101"))
                    break
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= self.max_depth:
                    self._limit("nesting_depth", event, ui(f"超过 {self.max_depth} 层"))
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                node = Node({} if isinstance(event, yaml.MappingStartEvent) else [], line, col)
                if event.anchor:
                    self.open_anchors.add(event.anchor)
                stack.append([node, 1, event.anchor, None])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node, size, anchor, _ = stack.pop()
                if anchor:
                    self.open_anchors.discard(anchor)
                    self.anchors[anchor] = (node, size)
                child, child_size = node, size
            elif isinstance(event, yaml.ScalarEvent):
                child, child_size = self._scalar(event), 1
                if event.anchor:
                    self.anchors[event.anchor] = (child, 1)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in self.open_anchors:
                    line = event.start_mark.line + 1
                    self.problems.append(Problem(self.file, line, event.start_mark.column + 1, None,
                                                 f"别名 *{event.anchor} 引用了包含它自己的内容（循环引用），请改写", code="E103"))
                    return None
                if event.anchor not in self.anchors:
                    line = event.start_mark.line + 1
                    self.problems.append(Problem(self.file, line, event.start_mark.column + 1, None,
                                                 f"别名 *{event.anchor} 之前没有定义 &{event.anchor}", code="E101"))
                    return None
                self.aliases += 1
                if self.aliases > self.max_aliases:
                    self._limit("yaml_aliases", event, ui(f"{self.aliases} 次"))
                child, child_size = self.anchors[event.anchor]
            else:
                continue
            self.expanded += child_size if isinstance(event, yaml.AliasEvent) else (1 if isinstance(event, yaml.ScalarEvent) else 0)
            if self.expanded > self.max_nodes:
                self._limit("yaml_nodes", event, ui(f"超过 {self.max_nodes} 个"))
            if not stack:
                root = child
                continue
            self._attach(stack[-1], child, child_size)
        return root

    def _attach(self, parent: list[Any], child: Node, child_size: int) -> None:
        node = parent[0]
        parent[1] += child_size
        if isinstance(node.value, list):
            node.value.append(child if child.key is None else _rekey(child, node.key))
            if child.key is None:
                child.key = node.key
            return
        key = parent[3]
        if key is None:  # this child is a mapping key
            if not child.is_scalar:
                self.problems.append(Problem(self.file, child.line, child.col, None, "字段名必须是文字", code="E101"))
                parent[3] = Node("", child.line, child.col, key="\0bad")
            else:
                parent[3] = child
            return
        parent[3] = None
        if key.key == "\0bad":
            return
        name = str(key.value)
        if name in node.value:
            first = node.value[name]
            self.problems.append(Problem(self.file, key.line, key.col, name,
                                         f"重复出现（第{first.key_line}行已写过），请删去一处", code="E101"))
            return
        if child.key is not None or child.key_line is not None:
            child = _rekey(child, name)  # an aliased node reused under another key
        child.key, child.key_line, child.key_col = name, key.line, key.col
        _set_key_below(child, name)
        node.value[name] = child


def _rekey(node: Node, key: str | None) -> Node:
    return Node(node.value, node.line, node.col, key)


def _set_key_below(node: Node, key: str) -> None:
    """List items carry the key of the list they sit under (as composing did)."""
    if isinstance(node.value, list):
        for item in node.value:
            if item.key is None:
                item.key = key


def parse_text(text: str, file: str) -> Node:
    """Parse YAML text; raise DataError with located problems (LimitError past a limit)."""
    import yaml

    builder = _Builder(file)
    try:
        root = builder.build(yaml.parse(text, Loader=_loader()))
    except yaml.MarkedYAMLError as exc:
        from .yaml_hints import hints

        found = hints(text, file)  # 中文冒号、Tab 缩进: say so, at the line where it was typed
        if found:
            raise DataError(found) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise DataError([Problem(file, line, col, None,
                                 "YAML 格式有误（常见原因：缩进不齐、冒号后缺空格、引号未闭合），"
                                 f"请检查这一行及上一行。解析器提示：{exc.problem}", code="E101")]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        raise DataError([Problem(file, line, col, None,
                                 f"含有不允许的字符 U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X}"
                                 "（多为复制粘贴带入的控制字符），请删去", code="E102")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(file, None, None, None, f"YAML 格式有误：{exc}", code="E101")]) from None
    if builder.problems:
        raise DataError(builder.problems)
    if root is None:
        raise DataError([Problem(file, 1, 1, None, "文件是空的", code="E101")])
    return root


def _line_col(text: str, position: int) -> tuple[int, int]:
    # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
    import yaml

    before = text.encode("utf-8")[:position].decode("utf-8", "ignore") if _loader() is not yaml.BaseLoader \
        else text[:position]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def load_file(path: Path) -> Node:
    from . import limits

    limits.check_file_size(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, None, "文件不存在", code="E104")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), None, None, None, f"无法读取：{exc.strerror}")]) from None
    if packaged(path):  # the package's own rubrics, phrase bank, thesaurus: parsed once per change
        from . import cache

        return cache.cached(f"yaml-{cache.entry_name(path)}", [raw, str(path), *cache.code_of(__name__)],
                            lambda: _parse_bytes(raw, path))
    return _parse_bytes(raw, path)


def _parse_bytes(raw: bytes, path: Path) -> Node:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Problem(str(path), None, None, None,
                                 "不是 UTF-8 编码，请用记事本或 WPS 另存为 UTF-8 后再试", code="E105")]) from None
    return parse_text(text, str(path))
