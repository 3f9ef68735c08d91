"""The two slips that break most hand-edited data files, found before the YAML parser's own
message (which points one line late and speaks English): a Chinese colon after a field name, and a
tab in the indentation."""
from __future__ import annotations

import re

from .errors import Problem

_CN_COLON_KEY = re.compile(r"^(\s*(?:-\s+)?)([\u4e00-\u9fff（）()A-Za-z0-9_.]{1,30})\s*：")
_HAS_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#：:][^：:]*:(?:\s|$)")


def hints(text: str, file: str) -> list[Problem]:
    """Lines written “字段：值” (Chinese colon, no YAML key) or indented with a tab."""
    out = []
    in_block = None  # indentation of a “|” block: its lines are text, a colon there is fine
    for no, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        if in_block is not None:
            if not line.strip() or indent > in_block:
                continue
            in_block = None
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[: len(line) - len(line.lstrip())].count("\t"):
            out.append(Problem(file, no, line.index("\t") + 1, None,
                               "行首用了制表符（Tab）缩进；数据文件只能用空格缩进，请把 Tab 换成空格（每级两个空格）",
                               code="E101"))
            continue
        m = _CN_COLON_KEY.match(line)
        if m and not _HAS_KEY.match(line):
            out.append(Problem(file, no, len(m.group(1)) + len(m.group(2)) + 1, m.group(2),
                               f"字段名后面用了中文冒号“：”；请改成英文冒号加空格，写作“{m.group(2)}: …”", code="E101"))
        if re.search(r":\s*[|>][-+]?\s*$", line):
            in_block = indent
    return out
