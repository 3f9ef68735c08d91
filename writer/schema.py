"""Field kinds: turn a located YAML tree into typed values, listing every problem at once.

The fields themselves (Chinese keys, required or not, help text) are data in
rubrics/fields.yaml; this module only knows how each *kind* of value is read.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import money, words
from .errors import Problem
from .located_yaml import Node
from .ui_text import ui

KINDS = {"text", "paragraphs", "list_text", "amount", "percent", "number", "value", "date",
         "year", "choice", "code", "group", "list", "self_ref"}


@dataclass(frozen=True)
class Field:
    key: str
    name: str
    kind: str
    required: bool = False
    help: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    default: str | None = None
    fields: tuple["Field", ...] = ()


Path = tuple[Any, ...]


@dataclass
class Loaded:
    """Typed data (English internal names) plus where each value was written."""

    file: str
    data: dict[str, Any]
    nodes: dict[Path, Node] = field(default_factory=dict)
    labels: dict[Path, str] = field(default_factory=dict)
    pending: dict[Path, str] = field(default_factory=dict)  # 待填/待核实 values: path → marker word

    def label_path(self, path: Path) -> str:
        """资金 → 执行数, 绩效指标第3条 → 完成值: how a user finds a value in the data file."""
        parts = []
        for i in range(1, len(path) + 1):
            p = path[:i]
            if isinstance(p[-1], int):
                parts[-1] = ui(f"{parts[-1]}第{p[-1] + 1}条")
            else:
                parts.append(self.labels.get(p, str(p[-1])))
        return " → ".join(parts)

    def where(self, path: Path) -> tuple[int | None, int | None, str | None]:
        """Line, column and Chinese field name of a value (or of its nearest written parent)."""
        p = tuple(path)
        label = self.labels.get(p)
        while p and p not in self.nodes:
            p = p[:-1]
            label = label or self.labels.get(p)
        node = self.nodes.get(p)
        if node is None:
            return None, None, label
        if not node.is_scalar and node.key_line is not None:  # a list or group: point at its key
            return node.key_line, node.key_col, label or node.key
        return node.line, node.col, label or node.key

    def problem(self, path: Path, message: str) -> Problem:
        line, col, label = self.where(path)
        return Problem(self.file, line, col, label, message)


@lru_cache(maxsize=1)
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    """2026-06-20, 2026/6/20, 2026.6.20 and the Chinese 2026年6月20日 (its three words in
    rubrics/_words.yaml data_values.date_words)."""
    y, m, d = (re.escape(w) for w in words.get("data_values")["date_words"])
    return (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
            re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
            re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
            re.compile(rf"^(\d{{4}}){y}(\d{{1,2}}){m}(\d{{1,2}}){d}$"))


def parse_year(text: str) -> int | None:
    """2025, 2025年, 2025年度 → 2025 (None when it is not a year a data file may give)."""
    t = text.strip()
    for suffix in words.get("data_values")["year_suffixes"]:
        t = t.removesuffix(suffix)
    return int(t) if re.fullmatch(r"\d{4}", t) and 1990 <= int(t) <= 2100 else None


def parse_date(text: str) -> date | None:
    """A date in any form a data file may give it (None if none; ValueError if no such day)."""
    for rx in _date_patterns():
        m = rx.match(text.strip())
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


@lru_cache(maxsize=1)
def _self_ref() -> re.Pattern[str]:
    """我单位、本中心: a self-reference prefix and one to six ideographs."""
    prefixes = "".join(re.escape(p) for p in words.get("import_self_reference")["prefixes"])
    return re.compile(rf"[{prefixes}][\u4e00-\u9fff]{{1,6}}")


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.nodes: dict[Path, Node] = {}
        self.labels: dict[Path, str] = {}
        self.pending: dict[Path, str] = {}
        self.units: dict[Path, str] = {}  # a unit written with a value (105公里), per record
        self.row_path: Path = ()

    def _placeholder(self, node: Node) -> str | None:
        """A value still to be filled (待填, 待核实, 【待填：…】) is allowed and listed, not an error."""
        return words.placeholder_of(node.value) if node.is_scalar else None

    def fail(self, node: Node, f: Field, msg: str) -> None:
        self.problems.append(Problem(self.file, node.line, node.col, f.key, msg))

    # -- mappings -------------------------------------------------------------------
    def read_map(self, node: Node, fields: tuple[Field, ...], path: Path,
                 unit: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        by_key = {f.key: f for f in fields}
        if not node.is_map:
            self.problems.append(Problem(self.file, node.line, node.col, node.key,
                                         "应为“字段: 值”形式的一组字段"))
            return out
        assert isinstance(node.value, dict)
        for key, child in node.value.items():
            if key not in by_key:
                near = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.4)
                self.problems.append(Problem(self.file, child.key_line, child.key_col, key,
                                             f"不是本报告类型的字段，是否想写「{near[0]}」？" if near
                                             else "不是本报告类型的字段，请删除或改正"))
        unit_field = next((f for f in fields if f.name == "unit"), None)
        if unit_field is not None:
            unit_node = node.value.get(unit_field.key)
            unit = unit or unit_field.default
            if unit_node is not None and unit_node.is_scalar and unit_node.value.strip() in money.unit_in_wan():
                unit = str(unit_node.value).strip()
        for f in fields:
            child = node.value.get(f.key)
            p = path + (f.name,)
            self.labels[p] = f.key
            if child is None or (child.is_scalar and str(child.value).strip() == ""):
                if f.required:
                    self.problems.append(Problem(self.file, node.line if child is None else child.line,
                                                 node.col if child is None else child.col, f.key,
                                                 "是必填字段，请填写" + (f"（{f.help}）" if f.help else "")))
                out[f.name] = self.empty(f)
                continue
            self.nodes[p] = child
            out[f.name] = self.read(child, f, p, unit)
        return out

    def empty(self, f: Field) -> Any:
        if f.kind in {"paragraphs", "list_text", "list"}:
            return []
        if f.kind == "group":
            return {sub.name: self.empty(sub) for sub in f.fields}
        if f.kind in ("choice", "self_ref") and f.default is not None:
            return f.default
        return None

    # -- one value --------------------------------------------------------------------
    def read(self, node: Node, f: Field, path: Path, unit: str | None) -> Any:
        kind = f.kind
        marker = self._placeholder(node)
        if marker is not None:
            self.pending[path] = marker
            return self.empty(f)
        if kind == "group":
            return self.read_map(node, f.fields, path, unit)
        if kind == "list":
            if not node.is_list:
                self.fail(node, f, "应为多条记录（每条以“- ”开头）")
                return []
            assert isinstance(node.value, list)
            rows = []
            for i, item in enumerate(node.value):
                self.nodes[path + (i,)] = item
                self.row_path = path + (i,)
                row = self.read_map(item, f.fields, path + (i,), unit)
                if row.get("measure_unit") is None and self.units.get(self.row_path) and "measure_unit" in row:
                    row["measure_unit"] = self.units[self.row_path]  # 指标值 “105公里” → 计量单位 公里
                rows.append(row)
            self.row_path = ()
            return rows
        if kind in {"paragraphs", "list_text"}:
            if node.is_list:
                assert isinstance(node.value, list)
                items = []
                for i, item in enumerate(node.value):
                    if not item.is_scalar:
                        self.fail(item, f, "每一项应为一段文字")
                        continue
                    self.nodes[path + (i,)] = item
                    items.append(str(item.value).strip())
                return [t for t in items if t]
            if not node.is_scalar:
                self.fail(node, f, "应为文字")
                return []
            text = str(node.value).strip()
            return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        if not node.is_scalar:
            self.fail(node, f, "应为单个值，而不是一组字段或列表")
            return None
        text = str(node.value).strip()
        return getattr(self, f"kind_{kind}")(node, f, text, unit)

    def kind_text(self, node: Node, f: Field, text: str, unit: str | None) -> str:
        return text

    kind_code = kind_text

    def kind_choice(self, node: Node, f: Field, text: str, unit: str | None) -> str | None:
        if text in f.choices:
            return text
        if f.name == "direction":  # >=、正向、反向 …: the same three signs, written another way
            from .target_notation import DIRECTION_WORDS

            if DIRECTION_WORDS.get(text) in f.choices:
                return DIRECTION_WORDS[text]
        self.fail(node, f, f"应为以下之一：{'、'.join(f.choices)}，实际为“{text}”")
        return None

    def kind_self_ref(self, node: Node, f: Field, text: str, unit: str | None) -> str | None:
        """我单位、我局、我镇、我街道、本中心…: “我”或“本”加一到六个字的单位简称。"""
        if _self_ref().fullmatch(text):
            return text
        self.fail(node, f, f"应为“我”或“本”加单位简称（如 我单位、我局、我镇、我街道、本中心），实际为“{text}”")
        return None

    def kind_amount(self, node: Node, f: Field, text: str, unit: str | None) -> Decimal | None:
        number, written_unit = money.split_unit(text)
        value = money.parse_number(number)
        if written_unit is not None and written_unit not in money.unit_in_wan():
            self.fail(node, f, f"金额单位“{written_unit}”无法识别，只能用 万元、元 或 亿元")
            return None
        if value is None:
            self.fail(node, f, f"应为金额数字（如 160.00，默认单位万元），实际为“{text}”")
            return None
        if value < 0:
            self.fail(node, f, f"金额不能为负数（{text}）")
            return None
        if value.adjusted() >= money.MAX_DIGITS:
            self.fail(node, f, f"金额位数过多（整数部分最多{money.MAX_DIGITS}位），实际为“{text}”")
            return None
        return money.to_wan(value, written_unit or unit or words.get("data_values")["money_unit"])

    def kind_number(self, node: Node, f: Field, text: str, unit: str | None) -> Decimal | None:
        value = money.parse_number(text.rstrip(words.get("data_values")["score_unit"]))
        if value is None:
            self.fail(node, f, f"应为数字，实际为“{text}”")
            return None
        if value < 0:
            self.fail(node, f, f"不能为负数（{text}）")
            return None
        return value

    def kind_percent(self, node: Node, f: Field, text: str, unit: str | None) -> Decimal | None:
        return self.kind_number(node, f, text.rstrip("%％"), unit)

    def kind_value(self, node: Node, f: Field, text: str, unit: str | None) -> Decimal | str:
        value = money.parse_number(text.rstrip("%％"))
        if value is not None:
            return value
        from .target_notation import parse

        t = parse(text)  # “105公里”, “≥95%”, “不低于90%”: the number, its unit kept for 计量单位
        if t is not None:
            self.units.setdefault(self.row_path, t.unit or "")
            return t.value
        return text

    def kind_year(self, node: Node, f: Field, text: str, unit: str | None) -> int | None:
        year = parse_year(text)
        if year is not None:
            return year
        self.fail(node, f, f"应为四位年份（如 2025），实际为“{text}”")
        return None

    def kind_date(self, node: Node, f: Field, text: str, unit: str | None) -> date | None:
        try:
            found = parse_date(text)
        except ValueError:
            self.fail(node, f, f"日期“{text}”不存在（请核对月份和天数）")
            return None
        if found is not None:
            return found
        self.fail(node, f, f"应为日期（如 2026-06-20 或 2026年6月20日），实际为“{text}”")
        return None


def read_data(root: Node, fields: tuple[Field, ...], file: str) -> tuple[Loaded, list[Problem]]:
    reader = _Reader(file)
    data = reader.read_map(root, fields, ())
    return Loaded(file, data, reader.nodes, reader.labels, reader.pending), reader.problems


def parse_fields(raw: list[dict[str, Any]]) -> tuple[Field, ...]:
    """Build Field objects from plain dicts (already checked by the rubric loader)."""
    out = []
    for d in raw:
        out.append(Field(
            key=str(d["key"]), name=str(d["name"]), kind=str(d["kind"]),
            required=str(d.get("required", "false")).lower() == "true",
            help=str(d.get("help", "")), example=str(d.get("example", "")),
            choices=tuple(str(c) for c in d.get("choices", [])),
            default=None if d.get("default") is None else str(d["default"]),
            fields=parse_fields(d.get("fields", [])),
        ))
    return tuple(out)
