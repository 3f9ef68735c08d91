"""Declared parameters of check kinds: name, type, default; YAML rules are validated against them.

A kind registers once with its parameters (see `declare` and `register` in engine's registry,
writer/checks/__init__.py); `load_rules` types every YAML value by the declaration, compiles
regexes once and reports an unknown key, a wrong type or a bad regex with file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from ..ui_text import ui

# The types a parameter may declare. YAML is read with every scalar a string, so each type
# says how to read that string.
TYPES = ("str", "regex", "int", "number", "bool", "list[str]", "list[regex]", "map[str,str]",
         "map[str,list[str]]", "list[list[str]]", "any")
REQUIRED: Any = object()  # declared default for a parameter every rule of the kind must give


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "str"
    default: Any = None
    doc: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown parameter type {self.type!r} for {self.name!r}; one of {TYPES}")

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


_DECLARED: dict[str, dict[str, Param]] = {}


def declare(kind: str, *declared: Param) -> None:
    _DECLARED[kind] = {p.name: p for p in declared}


def declared(kind: str) -> dict[str, Param]:
    return _DECLARED.get(kind, {})


def declared_default(kind: str, key: str) -> Any:
    p = _DECLARED.get(kind, {}).get(key)
    if p is None or p.required:
        return None
    return p.default


_BOOL = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _coerce(p: Param, v: Any) -> Any:
    """The typed value, or raise ValueError with a Chinese reason."""
    t = p.type
    if t == "any":
        return v
    if t in ("str", "regex"):
        if not _is_str(v):
            raise ValueError("应为一段文字")
        if t == "regex":
            _check_regex(v)
        return v
    if t == "int":
        if not _is_str(v) and not isinstance(v, int) or not re.fullmatch(r"-?\d{1,9}", str(v).strip()):
            raise ValueError("应为整数")
        return int(str(v).strip())
    if t == "number":
        try:
            return Decimal(str(v).strip())
        except (InvalidOperation, ValueError):
            raise ValueError("应为数字") from None
    if t == "bool":
        b = _BOOL.get(str(v).strip().lower()) if not isinstance(v, bool) else v
        if b is None:
            raise ValueError("应为 true 或 false")
        return b
    if t in ("list[str]", "list[regex]"):
        if not isinstance(v, list) or not all(_is_str(x) for x in v):
            raise ValueError("应为文字的列表，如 [甲, 乙]")
        if t == "list[regex]":
            for x in v:
                _check_regex(x)
        return list(v)
    if t == "list[list[str]]":
        if not isinstance(v, list) or not all(isinstance(x, list) and all(_is_str(y) for y in x) for x in v):
            raise ValueError("应为列表的列表，如 [[甲, 乙], [丙, 丁]]")
        return [list(x) for x in v]
    if t == "map[str,str]":
        if not isinstance(v, dict) or not all(_is_str(x) for x in v.values()):
            raise ValueError("应为“名称: 文字”的映射")
        return dict(v)
    if t == "map[str,list[str]]":
        if not isinstance(v, dict) or not all(isinstance(x, list) and all(_is_str(y) for y in x) for x in v.values()):
            raise ValueError("应为“名称: [文字, …]”的映射")
        return {k: list(x) for k, x in v.items()}
    raise AssertionError(t)


def _check_regex(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"正则表达式“{pattern}”有误（{exc.msg}，位置 {exc.pos}）") from None


def validate(kind: str, given: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(typed params, [(key, Chinese reason)]): unknown keys, wrong types, missing required ones."""
    decl = declared(kind)
    typed: dict[str, Any] = {}
    bad: list[tuple[str, str]] = []
    for key, value in given.items():
        p = decl.get(key)
        if p is None:
            known = "、".join(decl) or ui("（无参数）")
            bad.append((key, ui(f"没有参数“{key}”，可用参数：{known}")))
            continue
        try:
            typed[key] = _coerce(p, value)
        except ValueError as exc:
            bad.append((key, ui(f"参数“{key}”{exc}")))
    for p in decl.values():
        if p.required and p.name not in given:
            bad.append((p.name, ui(f"缺少必需参数“{p.name}”（{p.type}）")))
    return typed, bad


def compile_value(value: Any) -> Any:
    if isinstance(value, str):
        return re.compile(value)
    if isinstance(value, list):
        return [re.compile(v) for v in value]
    return value


def compile_regexes(kind: str, typed: dict[str, Any]) -> dict[str, Any]:
    """Every regex parameter (given or defaulted) compiled once, at load."""
    out: dict[str, Any] = {}
    for p in declared(kind).values():
        if p.type in ("regex", "list[regex]"):
            value = typed.get(p.name, None if p.required else p.default)
            if value is not None:
                out[p.name] = compile_value(value)
    return out


def describe(kind: str) -> list[str]:
    """One line per parameter, for `explain` and docs."""
    lines = []
    for p in declared(kind).values():
        default = ui("必填") if p.required else (ui(f"默认 {p.default}") if p.default not in (None, [], {}) else ui("可不填"))
        lines.append(f"{p.name}（{p.type}，{default}）{('：' + p.doc) if p.doc else ''}")
    return lines


KindFn = Callable[..., Any]
