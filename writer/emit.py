"""Write typed data back as a hand-editable data file: Chinese keys, quoted values, comments.

Used by `jixiao import`; the output loads with the same located loader as any data file.
"""
from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from .money import fmt_amount, fmt_number
from .schema import Field

Path = tuple[Any, ...]

# control characters (NUL from a damaged file, form feeds from a PDF) are not text and YAML refuses them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def clean(value: str) -> str:
    return _CONTROL.sub("", value)


def _scalar(f: Field, value: Any) -> str:
    if isinstance(value, Decimal):
        return json.dumps(fmt_amount(value) if f.kind == "amount" else fmt_number(value), ensure_ascii=False)
    if isinstance(value, date):
        return f'"{value.isoformat()}"'
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(clean(str(value)), ensure_ascii=False)


def _block(text_items: list[str], pad: str) -> list[str]:
    lines = []
    for i, para in enumerate(text_items):
        if i:
            lines.append("")
        # a line's own leading spaces would change the block's indentation: YAML would not read it back
        lines += [pad + "  " + ln.strip() for ln in clean(para).splitlines() if ln.strip()]
    return lines


def emit(fields: tuple[Field, ...], data: dict[str, Any], notes: dict[Path, str], header: list[str]) -> str:
    out = [f"# {h}" for h in header]

    def walk(fs: tuple[Field, ...], d: dict[str, Any], path: Path, indent: int, first_dash: bool = False) -> None:
        for i, f in enumerate(fs):
            value = d.get(f.name)
            p = path + (f.name,)
            pad = " " * indent
            lead = (" " * (indent - 2) + "- ") if first_dash and i == 0 else pad
            note = notes.get(p)
            if value in (None, [], {}) and note is None:
                continue
            if note:
                out.append(f"{pad}# {note}")
            if f.kind == "group":
                out.append(f"{lead}{f.key}:")
                walk(f.fields, value or {}, p, indent + 2)
            elif f.kind == "list":
                if isinstance(value, str):  # a placeholder for a whole list
                    out.append(f"{lead}{f.key}: {json.dumps(value, ensure_ascii=False)}")
                    continue
                out.append(f"{lead}{f.key}:")
                for k, item in enumerate(value or []):
                    walk(f.fields, item, p + (k,), indent + 4, first_dash=True)
            elif f.kind == "paragraphs":
                if isinstance(value, str):
                    out.append(f"{lead}{f.key}: {json.dumps(value, ensure_ascii=False)}")
                    continue
                out.append(f"{lead}{f.key}: |")
                out.extend(_block(value, pad))
            elif f.kind == "list_text":
                if isinstance(value, str):
                    out.append(f"{lead}{f.key}: {json.dumps(value, ensure_ascii=False)}")
                    continue
                out.append(f"{lead}{f.key}:")
                out.extend(f"{pad}  - {json.dumps(clean(x), ensure_ascii=False)}" for x in value)
            else:
                out.append(f"{lead}{f.key}: {_scalar(f, value)}")

    walk(fields, data, (), 0)
    return "\n".join(out) + "\n"
