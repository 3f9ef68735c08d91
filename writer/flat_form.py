"""A 自评表 flattened by PDF extraction, one cell per line, back into rows.

Copying the national 附1 form (or a provincial one) out of a PDF or a web page often gives every
cell on its own line, empty cells dropped:

    项目名称 / “三支一扶”补助资金 / 主管部门 / 某局 / …
    年初预算数 / 全年预算数(A) / 全年执行数(B) / 分值 / 执行率(B/A) / 得分 /
    年度资金总额: / 99 / 99 / 99 / 10 / 100% / 10 / 其中:本年财政拨款 / 99 / … / 上年结转资金 / - / -
    年度总体目标 / 预期目标 / 实际完成情况 / <目标> / <完成情况>
    一级指标 / 二级指标 / 三级指标 / 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施 /
    产出指标 / 数量指标 / 补助人数 / ≥50人 / 52人 / 20 / 20 / 质量指标 / 发放准确率 / 100% / 100% / 10 / 10 / …

`rebuild` turns such a run back into what the importer reads: cover lines “项目名称：…”, the funds
and indicator blocks as pipe rows (the header names the columns; a row starts at its label, the
一级/二级 cells at the level names the form prints once for a merged block), 总体目标：… lines.
Everything else passes through unchanged, in order.
"""
from __future__ import annotations

import re
from itertools import islice

from . import words

_W = words.get("flat_form")  # rubrics/_words.yaml: the form's header and level words
_VALUE = re.compile(_W["value"])
_FUNDS_HEAD = re.compile(_W["funds_head"])
_IND_HEAD = re.compile(_W["indicator_head"])
_NAME_HEAD = re.compile(_W["name_head"])
_GOAL_HEAD = list(_W["goal_head"])
_END = re.compile(_W["end"])
_LEVELS = tuple(_W["level1"]) + tuple(_W["level2"])
_TARGETISH = re.compile(_W["targetish"])
_HEAD_WORDS = set(_W["head_words"])  # a list's header row, not a value


def _key(cell: str) -> str:
    return re.sub(r"[\s（(][^）)]*[）)]|\s+|[:：]$", "", cell)


def _is_value(cell: str) -> bool:
    return bool(_VALUE.match(cell.strip()))


def _header(cells: list[str], i: int, rx: re.Pattern[str], need: int) -> int:
    """How many cells from i form a header of this kind (0 when fewer than `need`)."""
    j = i
    while j < len(cells) and len(cells[j]) <= 16 and rx.search(cells[j]) and not _is_value(cells[j]):
        j += 1
    return j - i if j - i >= need else 0


def _funds(cells: list[str], i: int, width: int) -> tuple[list[list[str]], int]:
    """Rows after a funds header: a label, then the values up to the next label."""
    rows: list[list[str]] = []
    while i < len(cells):
        label = cells[i]
        if _is_value(label) or len(label) > 16 or re.search(_W["not_funds_label"], label):
            break
        j = i + 1
        while j < len(cells) and _is_value(cells[j]) and j - i <= width:
            j += 1
        rows.append([label] + cells[i + 1:j])
        i = j
    return rows, i


def _indicators(cells: list[str], i: int, head: list[str]) -> tuple[list[list[str]], int]:
    """Rows after an indicator header, laid out under `head` (一级/二级 cells only where printed)."""
    cols = {_key(h): k for k, h in enumerate(head)}
    c1 = next((k for h, k in cols.items() if _W["level1_head"] in h), None)
    c2 = next((k for h, k in cols.items() if _W["level2_head"] in h), None)
    c3 = next((k for h, k in cols.items() if _NAME_HEAD.search(h)), None)
    if c3 is None:
        return [], i
    rest = [k for k in range(len(head)) if k not in (c1, c2, c3)]  # target, actual, weight, score, reason …
    reason_col = next((k for k in rest if re.search(_W["reason_head"], head[k])), None)  # optional, last
    value_cols = [k for k in rest if k != reason_col]
    rows: list[list[str]] = []
    l1 = l2 = ""
    while i < len(cells):
        cell = cells[i]
        if _END.match(cell):
            break
        if _key(cell) in _W["level1"] and c1 is not None:
            l1, i = cell, i + 1
            continue
        if _key(cell) in _W["level2"] and c2 is not None:
            l2, i = cell, i + 1
            continue
        if _is_value(cell) or len(cell) > 40:
            break  # not a name where a name must be: the block ends
        row = [""] * len(head)
        row[c3] = cell
        if c1 is not None:
            row[c1] = l1
        if c2 is not None:
            row[c2] = l2
        i += 1
        for k in value_cols:
            if i >= len(cells) or _key(cells[i]) in _LEVELS or _END.match(cells[i]):
                break
            row[k] = cells[i]
            i += 1
        if reason_col is not None and i + 1 < len(cells) and not _is_value(cells[i]) \
                and _key(cells[i]) not in _LEVELS and not _END.match(cells[i]) \
                and not _TARGETISH.search(cells[i + 1]):
            row[reason_col] = cells[i]  # a reason, not the next indicator (whose target would follow)
            i += 1
        rows.append(row)
    return rows, i


def rebuild(lines: list[str], cover_labels: set[str]) -> tuple[list[str], int]:
    """Lines of a TXT; a flattened form inside is returned as cover lines and pipe rows. Also says
    how many tables were rebuilt."""
    cover_labels = {_key(c) for c in cover_labels}
    cells = [ln.strip() for ln in lines]
    out: list[str] = []
    tables = 0
    i = 0
    while i < len(cells):
        cell = cells[i]
        if not cell:
            out.append(lines[i])
            i += 1
            continue
        nxt = next((c for c in cells[i + 1:i + 3] if c), "")
        if _key(cell) in cover_labels and nxt and len(nxt) <= 60 and _key(nxt) not in cover_labels \
                and _key(nxt) not in _HEAD_WORDS and not re.search(r"[：:]", cell) and not _is_value(nxt):
            out.append(f"{cell}：{nxt}")
            i = cells.index(nxt, i + 1) + 1
            continue
        dense = list(islice((cells[k] for k in range(i, len(cells)) if cells[k]), 60))  # no copy of the rest
        n = _header(dense, 0, _FUNDS_HEAD, 3)
        if n and all(any(w in c for c in dense[:n]) for w in _W["funds_need"]):
            rows, used = _funds(dense, n, n)
            if rows and any(len(r) > 1 for r in rows):
                out += ["|".join([""] + dense[:n])] + ["|".join(r) for r in rows]
                tables += 1
                i = _skip(cells, i, used)
                continue
        if dense[:2] == _GOAL_HEAD and len(dense) >= 4:
            out += [f"{label}：{text}" for label, text in zip(_W["goal_lines"], dense[2:4])]
            i = _skip(cells, i, 4)
            continue
        n = _header(dense, 0, _IND_HEAD, 4)
        if n and any(_NAME_HEAD.search(c) for c in dense[:n]):
            dense = [c for c in cells[i:] if c]  # the rows may run to the end: copied only for a header
            rows, used = _indicators(dense, n, dense[:n])
            if rows:
                out += ["|".join(dense[:n])] + ["|".join(r) for r in rows]
                tables += 1
                i = _skip(cells, i, used)
                continue
        out.append(lines[i])
        i += 1
    return out, tables


def _skip(cells: list[str], i: int, used: int) -> int:
    """Index in `cells` after `used` non-empty cells from i."""
    while used and i < len(cells):
        if cells[i]:
            used -= 1
        i += 1
    return i
