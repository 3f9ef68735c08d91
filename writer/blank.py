"""`jixiao new`: a blank data file with every field present and a Chinese comment beside it."""
from __future__ import annotations

from .rubric import Rubric
from .schema import Field
from .ui_text import ui
from .words import placeholder


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(f: Field) -> str:
    need = ui("必填") if f.required else ui("选填")
    extra = ui(f"；可选：{'、'.join(f.choices)}") if f.choices else ""
    return f"# {f.help or f.key}（{need}{extra}）"


def _lines(fields: tuple[Field, ...], indent: int, rubric: Rubric, list_item: bool = False) -> list[str]:
    out: list[str] = []
    pad = " " * indent
    for i, f in enumerate(fields):
        lead = pad
        if list_item and i == 0:
            lead = " " * (indent - 2) + "- "
        out.append(pad + _comment(f))
        if f.kind == "group":
            out.append(f"{lead}{f.key}:")
            out += _lines(f.fields, indent + 2, rubric)
        elif f.kind == "list":
            out.append(f"{lead}{f.key}:")
            out += _lines(f.fields, indent + 4, rubric, list_item=True)
        elif f.kind in {"paragraphs"}:
            out.append(f"{lead}{f.key}: |")
            out.append(f"{pad}  {placeholder('fill')}")
        elif f.kind == "list_text":
            out.append(f"{lead}{f.key}:")
            out.append(f"{pad}  - {placeholder('fill')}")
        else:
            value = f.default or ""
            if f.name == "report_type":
                value = rubric.name
            out.append(f"{lead}{f.key}: {_quote(value)}")
    return out


def blank_data(rubric: Rubric) -> str:
    head = [
        ui(f"# {rubric.name} 数据文件（由 jixiao new 生成）"),
        ui("# 填写说明：冒号后填值；金额默认单位为万元，两位小数；日期写 2026-06-20；"),
        ui("# 文字较长时用“|”后换行缩进书写；“待填”须替换为实际内容。"),
        ui("# 填好后运行：jixiao draft 本文件 -o 报告.docx"),
        "",
    ]
    return "\n".join(head + _lines(rubric.schema, 0, rubric)) + "\n"
