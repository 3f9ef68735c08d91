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

_VALUE = re.compile(r"^(?:[-—–/]|[≥≤>=<≧≦＞＜]*\s*[\d,.]+\s*(?:%|％|万元|元|分)?)$")
_FUNDS_HEAD = re.compile(r"年初预算|全年预算|调整后预算|全年执行|预算执行数|分值|权重|执行率|得分")
_IND_HEAD = re.compile(r"一级指标|二级指标|三级指标|指标名称|指标值|完成值|目标值|实际值|分值|权重|得分|评分标准|评分细则|"
                       r"偏差原因|扣分原因|原因分析|指标性质|计量单位")
_GOAL_HEAD = ("预期目标", "实际完成情况")
_END = re.compile(r"^(?:总分|合计|总计|自评得分|评价结论|存在问题|改进措施|项目负责人|填表人|说明[:：]?)")
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "决策", "过程", "产出", "效益")
_LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
           "可持续影响指标", "服务对象满意度指标", "满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
           # 评价报告（财预〔2020〕10号 附2）
           "项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "产出数量", "产出质量", "产出时效", "产出成本",
           "项目效益", "实施效益", "满意度")
_HEAD_WORDS = {"序号", "备注", "说明", "单位", "金额", "项目名称", "名称"}  # a list's header row, not a value
_TARGETISH = re.compile(r"[\d%％≥≤>=<≧≦＞＜]|达到|不低于|不少于|不高于|完成|合格|及时|有效|明显|提升|改善")


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
        if _is_value(label) or len(label) > 16 or re.search(r"目标|指标", label):
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
    c1 = next((k for h, k in cols.items() if "一级" in h), None)
    c2 = next((k for h, k in cols.items() if "二级" in h), None)
    c3 = next((k for h, k in cols.items() if "三级" in h or "指标名称" in h), None)
    if c3 is None:
        return [], i
    rest = [k for k in range(len(head)) if k not in (c1, c2, c3)]  # target, actual, weight, score, reason …
    reason_col = next((k for k in rest if re.search(r"原因|说明|措施", head[k])), None)  # optional, last
    value_cols = [k for k in rest if k != reason_col]
    rows: list[list[str]] = []
    l1 = l2 = ""
    while i < len(cells):
        cell = cells[i]
        if _END.match(cell):
            break
        if _key(cell) in _LEVEL1 and c1 is not None:
            l1, i = cell, i + 1
            continue
        if _key(cell) in _LEVEL2 and c2 is not None:
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
            if i >= len(cells) or _key(cells[i]) in _LEVEL1 + _LEVEL2 or _END.match(cells[i]):
                break
            row[k] = cells[i]
            i += 1
        if reason_col is not None and i + 1 < len(cells) and not _is_value(cells[i]) \
                and _key(cells[i]) not in _LEVEL1 + _LEVEL2 and not _END.match(cells[i]) \
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
        dense = list(islice((c for c in cells[i:] if c), 60))
        n = _header(dense, 0, _FUNDS_HEAD, 3)
        if n and any("预算" in c for c in dense[:n]) and any("执行" in c for c in dense[:n]):
            rows, used = _funds(dense, n, n)
            if rows and any(len(r) > 1 for r in rows):
                out += ["|".join([""] + dense[:n])] + ["|".join(r) for r in rows]
                tables += 1
                i = _skip(cells, i, used)
                continue
        if dense[:2] == list(_GOAL_HEAD) and len(dense) >= 4:
            out += [f"总体目标：{dense[2]}", f"实际完成情况：{dense[3]}"]
            i = _skip(cells, i, 4)
            continue
        dense = [c for c in cells[i:] if c]
        n = _header(dense, 0, _IND_HEAD, 4)
        if n and any(re.search(r"三级指标|指标名称", c) for c in dense[:n]):
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
