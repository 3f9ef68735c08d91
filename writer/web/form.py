"""The 起草 form: built from the report type's fields (rubrics/fields.yaml), read back into a
data file, filled from one, and each located problem put beside its field.

A form field's name is the field's path of Chinese keys (资金.执行数, 绩效指标.2.完成值); a
data file written from the form has one value per line, so a problem's line names the field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..rubric import Rubric, field_key
from ..schema import Field
from ..ui_text import ui
from ..words import pending_prefixes

@dataclass
class Widget:
    """One field of the form as the template draws it."""

    field: Field
    name: str  # dotted path of Chinese keys
    value: Any = ""  # str for inputs; list of row dicts for list fields; list of Widgets for groups
    children: list["Widget"] = field(default_factory=list)
    rows: list[list["Widget"]] = field(default_factory=list)
    template_row: list["Widget"] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return isinstance(self.value, str) and self.value.strip().startswith(pending_prefixes())


@lru_cache(maxsize=1)
def indicator_choices() -> dict[str, list[str]]:
    """一级指标 → its usual 二级指标 (财预〔2020〕10号 and 财预〔2021〕101号)."""
    raw = yaml.safe_load(Path(__file__).with_name("choices.yaml").read_text(encoding="utf-8"))
    return {str(k): [str(x) for x in v] for k, v in raw["level2"].items()}


def level1_choices(rubric: Rubric) -> list[str]:
    names: list[str] = []
    for scheme in rubric.schemes:
        names += [n for n in scheme.levels if n not in names]
    names += [n for n in rubric.raw.get("scoring", {}).get("levels", []) or [] if n not in names]
    names += [n for n in indicator_choices() if n not in names]
    return names


def _text(value: Any, kind: str) -> str:
    """A data-file value as the text a form input holds."""
    if value is None:
        return ""
    if isinstance(value, list):
        sep = "\n\n" if kind == "paragraphs" else "\n"
        return sep.join(str(v).strip() for v in value)
    return str(value).strip() if kind != "paragraphs" else str(value).strip("\n")


def widgets(fields: tuple[Field, ...], values: Mapping[str, Any] | None, prefix: str = "") -> list[Widget]:
    values = values if isinstance(values, Mapping) else {}
    out = []
    for f in fields:
        name = prefix + f.key
        v = values.get(f.key)
        if f.kind == "group":
            out.append(Widget(f, name, children=widgets(f.fields, v, name + ".")))
        elif f.kind == "list":
            items = v if isinstance(v, list) else []
            w = Widget(f, name, value=v if isinstance(v, str) else "")
            w.rows = [widgets(f.fields, item, f"{name}.{i}.") for i, item in enumerate(items, 1)]
            w.template_row = widgets(f.fields, {}, f"{name}.__ROW__.")
            out.append(w)
        else:
            value = _text(v, f.kind)
            if not value and f.name == "report_type":
                value = ""
            out.append(Widget(f, name, value=value))
    return out


def form_for(rubric: Rubric, values: Mapping[str, Any] | None) -> list[Widget]:
    values = dict(values or {})
    values[field_key("report_type")] = rubric.name
    return widgets(rubric.schema, values)


# -- form → data file -----------------------------------------------------------------------
def collect(fields: tuple[Field, ...], form: Mapping[str, str], prefix: str = "",
            renames: dict[str, str] | None = None) -> dict[str, Any]:
    """Every field present (empty ones as ""), so a missing value is reported on its own line.

    Empty rows are dropped; `renames` maps a kept row's place in the data file back to its
    place in the form (绩效指标.2. → 绩效指标.3. when the form's second row was empty)."""
    renames = {} if renames is None else renames
    out: dict[str, Any] = {}
    for f in fields:
        name = prefix + f.key
        if f.kind == "group":
            out[f.key] = collect(f.fields, form, name + ".", renames)
        elif f.kind == "list":
            whole = str(form.get(name, "")).strip()
            rows = []
            for i in _row_numbers(form, name):
                row = collect(f.fields, form, f"{name}.{i}.", renames)
                if any(v not in ("", [], {}) for v in row.values()):
                    rows.append(row)
                    renames[f"{name}.{len(rows)}."] = f"{name}.{i}."
            out[f.key] = rows or whole  # "" when empty: a required list then says so
        elif f.kind == "list_text":
            lines = [ln.strip() for ln in str(form.get(name, "")).splitlines() if ln.strip()]
            out[f.key] = lines or ""
        elif f.kind == "paragraphs":
            out[f.key] = str(form.get(name, "")).replace("\r\n", "\n").strip()
        else:
            out[f.key] = str(form.get(name, "")).strip()
    return out


def _row_numbers(form: Mapping[str, str], name: str) -> list[int]:
    lead = name + "."
    found = set()
    for key in form:
        if key.startswith(lead):
            head = key[len(lead):].split(".", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


def to_yaml(data: dict[str, Any]) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return ui("# 由 jixiao 网页表单生成；可用 jixiao draft 本文件 -o 报告.docx 继续\n") + body


def from_yaml(text: str) -> dict[str, Any]:
    """A data file's values, all as strings (as the data loader reads them)."""
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


# -- problems → fields ------------------------------------------------------------------------
def field_lines(text: str) -> dict[int, str]:
    """Line → form field name, for every value (and every list/group key) in a data file."""
    from ..located_yaml import parse_text

    out: dict[int, str] = {}

    def walk(node: Any, path: str) -> None:
        if node.is_map:
            for key, child in node.value.items():
                p = f"{path}.{key}" if path else key
                if child.key_line is not None:
                    out.setdefault(child.key_line, p)
                walk(child, p)
        elif node.is_list:
            for i, child in enumerate(node.value, 1):
                walk(child, f"{path}.{i}")
        else:
            out[node.line] = path

    walk(parse_text(text, ui("表单")), "")
    return out


def place_problems(problems: list[dict[str, Any]], text: str,
                   renames: dict[str, str] | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """(field name → its messages, messages not tied to one field)."""
    lines = field_lines(text)
    for line, name in lines.items():
        for yaml_prefix, form_prefix in (renames or {}).items():
            if name.startswith(yaml_prefix):
                lines[line] = form_prefix + name[len(yaml_prefix):]
                break
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        name = lines.get(p.get("line") or 0)
        msg = (f"「{p['field']}」" if p.get("field") else "") + str(p["message"])
        if name:
            by_field.setdefault(name, []).append(msg)
        else:
            general.append(msg)
    return by_field, general
