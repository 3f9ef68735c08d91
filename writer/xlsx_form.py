"""The national 项目支出绩效自评表 (财预〔2020〕10号 附1) as an .xlsx sheet: write a blank one, read
a filled one (merged cells, blank rows, numbers stored as text), with errors naming sheet and cell.

Cells are found by their labels (年初预算数, 三级指标 …), not by fixed positions, so a sheet
whose rows were inserted or whose header was merged differently still reads.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import money, words
from .errors import DataError, Problem
from .target_notation import parse as parse_target
from .ui_text import ui
from .words import form as layout, placeholder

PENDING = placeholder("fill")  # a number the form leaves empty
_W = words.get("xlsx_form")
_PARTS_LEAD = re.compile(rf"^{re.escape(words.get('quantity_words')['parts_lead'])}[：:]?")  # “其中：当年财政拨款”
# the data-file fields the form fills, by their names in rubrics/fields.yaml (keys: _keys())
_FIELDS = ("report_type", "year", "targets", "targets.overall", "achievement_note", "funds", "funds.initial_budget",
           "funds.budget", "funds.spent", "funds.sources", "funds.sources.name", "funds.sources.budget",
           "funds.sources.spent", "indicators", "indicators.level1", "indicators.level2", "indicators.name",
           "indicators.direction", "indicators.target", "indicators.measure_unit", "indicators.actual",
           "indicators.weight", "indicators.score", "indicators.deviation_reason")


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    """The data file's Chinese key of each field the form fills (the form's own report type)."""
    from .rubric import find

    rubric = find(layout("report_type"))
    if rubric is None:
        from .errors import JixiaoError

        raise JixiaoError(f"rubrics/_words.yaml 中 self_evaluation_form.report_type 写的“{layout('report_type')}”"
                          "不是已知的报告类型", code="E201")
    return {name: words.key_of(rubric.schema, name) for name in _FIELDS}



@dataclass
class Sheet:
    file: str
    index: int  # 1-based position of the sheet
    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)  # merged ranges filled from their top-left
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def where(self, r: int, c: int) -> str:
        from openpyxl.utils import get_column_letter

        return ui(f"第{self.index}张表（{self.name}）{get_column_letter(c)}{r}")

    def text(self, r: int, c: int) -> str:
        v = self.cells.get((r, c))
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    def find(self, labels: list[str]) -> tuple[int, int] | None:
        for (r, c), v in sorted(self.cells.items()):
            if isinstance(v, str) and any(v.strip().startswith(lab) for lab in labels):
                return r, c
        return None


def open_sheet(path: Path) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from .limits import check_workbook

    check_workbook(path)
    try:
        wb = load_workbook(str(path), data_only=True)
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, None, "文件不存在")]) from None
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile):
        raise DataError([Problem(str(path), None, None, None,
                                 "不是有效的 .xlsx 工作簿（.xls 请在 Excel/WPS 中另存为 .xlsx）")]) from None
    name_head = words.columns("name")[0]
    ws = next((w for w in wb.worksheets if any(name_head == str(c.value).strip() for row in w.iter_rows() for c in row
                                            if c.value is not None)), wb.worksheets[0])
    sheet = Sheet(str(path), wb.worksheets.index(ws) + 1, ws.title)
    formulas = load_workbook(str(path), data_only=False).worksheets[wb.worksheets.index(ws)]
    problems = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                f = formulas.cell(c.row, c.column).value
                if isinstance(f, str) and f.startswith("="):  # a formula Excel never calculated (no cached value)
                    problems.append(Problem(str(path), None, None, None,
                                            f"（{sheet.where(c.row, c.column)}）是公式“{f}”，但没有计算结果；"
                                            "请在 Excel/WPS 中打开并保存后再导入，或直接填写数值"))
                continue
            if isinstance(c.value, str) and not c.value.strip():
                continue
            value = c.value
            if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (c.number_format or ""):
                # a percent-formatted cell stores 98 % as 0.98: read what the user sees
                value = f"{money.fmt_number(Decimal(str(value)) * 100)}%"
            sheet.cells[(c.row, c.column)] = value
    if problems:
        raise DataError(problems)
    for rng in ws.merged_cells.ranges:  # a merged cell reads the same everywhere it covers
        top = (rng.min_row, rng.min_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if top in sheet.cells:
                    sheet.cells.setdefault((r, c), sheet.cells[top])
                sheet.origin[(r, c)] = top
    return sheet


def _number(sheet: Sheet, r: int, c: int, label: str, problems: list[Problem], allow_unit: bool = False) -> Decimal | None:
    raw = sheet.text(r, c)
    if not raw or raw in ("—", "-", "/"):
        return None
    t = money.to_halfwidth(raw).replace("，", ",")
    m = re.match(r"^\s*(-?\d[\d,]*(?:\.\d+)?)\s*(\S*)\s*$", t)
    value = money.parse_number(m.group(1)) if m else None
    if value is None or (m and m.group(2) and not allow_unit and m.group(2) not in words.cell_units()):
        problems.append(Problem(sheet.file, None, None, label, f"（{sheet.where(r, c)}）应为数字，实际为“{raw}”"))
        return None
    return value


def read_indicators(path: Path) -> list[dict[str, Any]]:
    """The 绩效指标 rows as data-file values (strings), 一级/二级 filled down over merged cells."""
    sheet = open_sheet(path)
    problems: list[Problem] = []
    name_head = words.columns("name")[0]
    head = sheet.find([name_head])
    if head is None:
        raise DataError([Problem(sheet.file, None, None, name_head,
                                 f"在{sheet.where(1, 1)[:-2]}中找不到“{name_head}”表头，请使用 jixiao new --xlsx 生成的表样")])
    hr = head[0]
    cols: dict[str, int] = {}
    headers = words.indicator_columns()
    for key, labels in headers.items():
        for (r, c), v in sheet.cells.items():
            if r == hr and isinstance(v, str) and any(v.strip().startswith(lab) for lab in labels) and key not in cols:
                cols[key] = c
    missing = [headers[k][0] for k in ("name", "target", "actual", "weight") if k not in cols]
    if missing:
        raise DataError([Problem(sheet.file, None, None, None, f"（{sheet.where(hr, 1)}所在行）缺少表头：{'、'.join(missing)}")])
    rows = []
    k = _keys()
    last_row = max(r for r, _ in sheet.cells)
    for r in range(hr + 1, last_row + 1):
        first = sheet.text(r, min(cols.values()))
        if first.startswith(words.total_rows()):
            break
        name = sheet.text(r, cols["name"])
        if not name:
            continue  # blank rows, and 二级指标 left without a 三级指标
        target = sheet.text(r, cols["target"])
        t = parse_target(target)
        row: dict[str, Any] = {k["indicators.level1"]: sheet.text(r, cols.get("level1", 0)),
                               k["indicators.level2"]: sheet.text(r, cols.get("level2", 0)), k["indicators.name"]: name}
        if t is not None:
            row[k["indicators.direction"]], row[k["indicators.target"]] = t.direction, money.fmt_number(t.value)
            if t.unit:
                row[k["indicators.measure_unit"]] = t.unit
            actual = _number(sheet, r, cols["actual"], headers["actual"][0], problems, allow_unit=True)
            row[k["indicators.actual"]] = money.fmt_number(actual) if actual is not None else PENDING
        else:
            row[k["indicators.direction"]], row[k["indicators.target"]] = words.get("qualitative"), target.strip() or PENDING
            row[k["indicators.actual"]] = sheet.text(r, cols["actual"]) or PENDING
        weight_head = headers["weight"][0]
        weight = _number(sheet, r, cols["weight"], weight_head, problems)
        if weight is None and not problems:
            problems.append(Problem(sheet.file, None, None, weight_head,
                                    f"（{sheet.where(r, cols['weight'])}）没有填写{weight_head}"))
        row[k["indicators.weight"]] = money.fmt_number(weight) if weight is not None else "0"
        if "score" in cols:
            s = _number(sheet, r, cols["score"], headers["score"][0], problems)
            if s is not None:
                row[k["indicators.score"]] = money.fmt_number(s)
        if "reason" in cols and sheet.text(r, cols["reason"]):
            row[k["indicators.deviation_reason"]] = sheet.text(r, cols["reason"])
        row["_cell"] = sheet.where(r, cols["name"])
        rows.append(row)
    if problems:
        raise DataError(problems)
    return rows


def _below(sheet: Sheet, at: tuple[int, int]) -> str:
    """The text under a header cell (年度总体目标: 预期目标 / 实际完成情况), merged cells read once."""
    r, c = at
    for rr in range(r + 1, r + 4):
        v = sheet.text(rr, c)
        if v and v not in layout("goal_columns") and sheet.origin.get((rr, c), (rr, c)) != sheet.origin.get(at, at):
            return v
    return ""


def read_form(path: Path) -> dict[str, Any]:
    """The whole 自评表: project, funds and indicators, as a data file's values (Chinese keys)."""
    sheet = open_sheet(path)
    problems: list[Problem] = []
    k = _keys()
    data: dict[str, Any] = {k["report_type"]: layout("report_type")}
    for label in layout("header_fields"):  # the label is the data file's key
        at = sheet.find([label])
        if at:
            c = at[1] + 1
            while (at[0], c) in sheet.origin and sheet.origin[(at[0], c)] == sheet.origin.get(at):
                c += 1
            value = sheet.text(at[0], c)
            if value:
                data[label] = value
    title = sheet.find([layout("title")])
    if title:
        y = re.search(r"(\d{4})", sheet.text(*title))
        if y:
            data[k["year"]] = y.group(1)
    goal_label, done_label = layout("goal_columns")
    goal = sheet.find([goal_label])
    done = sheet.find([done_label])
    if goal:
        text = _below(sheet, goal)
        if text:
            data[k["targets"]] = {k["targets.overall"]: text}
    if done:
        text = _below(sheet, done)
        if text:
            data[k["achievement_note"]] = text
    initial, full, spent = layout("funds_columns")[:3]  # the headers write_blank puts in the sheet
    heads = {k: sheet.find([k]) for k in (initial, full, spent)}
    total = sheet.find([layout("funds_rows")[0]])
    if total and all(heads.values()):
        funds: dict[str, Any] = {}
        for label, key in ((initial, k["funds.initial_budget"]), (full, k["funds.budget"]), (spent, k["funds.spent"])):
            v = _number(sheet, total[0], heads[label][1], label, problems)  # type: ignore[index]
            funds[key] = money.fmt_amount(v) if v is not None else PENDING
        sources = []
        for r in range(total[0] + 1, total[0] + 6):
            name = _PARTS_LEAD.sub("", sheet.text(r, total[1])).strip()
            if not name or _W["funds_end"] in name:
                break
            b = _number(sheet, r, heads[full][1], full, problems)  # type: ignore[index]
            if b is not None and b != 0:
                s = _number(sheet, r, heads[spent][1], spent, problems)  # type: ignore[index]
                sources.append({k["funds.sources.name"]: name, k["funds.sources.budget"]: money.fmt_amount(b),
                                **({k["funds.sources.spent"]: money.fmt_amount(s)} if s is not None else {})})
        if sources:
            funds[k["funds.sources"]] = sources
        data[k["funds"]] = funds
    if problems:
        raise DataError(problems)
    data[k["indicators"]] = [{key: v for key, v in row.items() if key != "_cell"} for row in read_indicators(path)]
    return data


def write_blank(path: Path, year: str = "") -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = layout("title")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(cell: str, value: Any = None, bold: bool = False) -> None:
        ws[cell] = value
        ws[cell].alignment = center
        if bold:
            ws[cell].font = Font(bold=True)

    # 财预〔2020〕10号 附1: nine columns; column A holds the block labels (项目资金、年度总体目标、绩效指标)
    ws.merge_cells("A1:I1")
    put("A1", _W["blank_title"].format(title=layout("title"), year=year or "    "), bold=True)
    project, department, agency = layout("header_fields")
    put("A2", project)
    ws.merge_cells("B2:I2")
    put("A3", department)
    ws.merge_cells("B3:D3")
    put("E3", agency)
    ws.merge_cells("F3:I3")
    ws.merge_cells("A4:A8")
    put("A4", layout("funds_block"))
    ws.merge_cells("B4:C4")
    for col, label in zip("DEFGHI", layout("funds_columns")):
        put(f"{col}4", label, bold=True)
    for r, label in zip(range(5, 9), layout("funds_rows")):
        ws.merge_cells(f"B{r}:C{r}")
        put(f"B{r}", label)
    put("G5", 10)
    for r in range(6, 9):
        for col in "GHI":
            put(f"{col}{r}", "—")
    ws.merge_cells("A9:A10")
    goal, done = layout("goal_columns")
    put("A9", layout("goal_block"))
    ws.merge_cells("B9:E9")
    put("B9", goal, bold=True)
    ws.merge_cells("F9:I9")
    put("F9", done, bold=True)
    ws.merge_cells("B10:E10")
    ws.merge_cells("F10:I10")
    for col, label in zip("BCDEFGHI", layout("indicator_columns")):
        put(f"{col}11", label, bold=True)
    r = 12
    for level1, level2s in layout("levels").items():
        start = r
        for level2 in level2s:
            put(f"C{r}", level2)
            r += 1
        ws.merge_cells(f"B{start}:B{r - 1}")
        put(f"B{start}", level1)
    ws.merge_cells(f"A11:A{r - 1}")
    put("A11", layout("indicator_block"), bold=True)
    ws.merge_cells(f"A{r}:F{r}")
    put(f"A{r}", layout("total_row"), bold=True)
    put(f"G{r}", 100)
    for row in ws.iter_rows(min_row=2, max_row=r, max_col=9):
        for c in row:
            c.border = border
    for col, width in zip("ABCDEFGHI", [10, 12, 16, 20, 14, 14, 8, 8, 24]):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def form_to_yaml(path: Path) -> str:
    """A data file from a filled 自评表; what the sheet does not hold is marked 待核实."""
    import yaml

    from .rubric import find

    data = read_form(path)
    rubric = find(layout("report_type"))
    if rubric is None:
        from .errors import JixiaoError

        raise JixiaoError(f"rubrics/_words.yaml 中 self_evaluation_form.report_type 写的“{layout('report_type')}”"
                          "不是已知的报告类型", code="E201")
    def complete(fields: Any, given: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:  # the schema's order, every required field present
            if f.key in given:
                out[f.key] = complete(f.fields, given[f.key]) if f.kind == "group" else given[f.key]
            elif f.required:
                out[f.key] = placeholder("verify")
        return out

    full = complete(rubric.schema, data)
    head = ui(f"# 由 jixiao import 从 {path.name}（自评表）导入。“待核实”处请补填（单位名称、填报日期、各节文字等自评表中没有）。\n")
    return head + yaml.safe_dump(full, allow_unicode=True, sort_keys=False, width=4096)
