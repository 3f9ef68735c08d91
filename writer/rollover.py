"""`jixiao rollover`: next year's data file from this year's, comments kept.

Years and dates move on; this year's figures become 上年数据 reference values and are emptied
as 待填; narrative is kept but marked 【待更新】; indicator targets carry over as next year's.
Which fields are which comes from their kinds in rubrics/fields.yaml.
"""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import DataError, Problem
from .figures import compute
from .money import fmt_amount, fmt_number
from .pipeline import load_data
from .schema import Field, parse_date, parse_year
from .ui_text import ui
from .words import get as word_group, is_placeholder, key_of, placeholder

PENDING = placeholder("fill")
UPDATE = f"【{placeholder('update')}】"
_YEAR = str(word_group("data_values")["date_words"][0])  # 年: after a year in a name or a title
NUMERIC = {"amount", "number", "percent", "value"}
CLEARED = {"stated_total", "stated_grade", "score", "deviation_reason", "adjustment_note", "receipt_note",
           "execution_note", "overspend_note"}  # judgements about last year that do not carry over
KEPT = {"target", "weight", "direction", "measure_unit", "unit"}  # next year's targets are last year's


def _shift(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


NOTE = ui("待更新：上年内容，请按本年实际改写并删去【待更新】")


def _note(node: CommentedMap, key: str, depth: int, text: str = NOTE) -> None:
    node.yaml_set_comment_before_after_key(key, before=text, indent=depth * 2)


STALE = UPDATE
HEAD = ui("# 由 jixiao rollover 从 {name} 生成：{old} → {new}年度。\n"
          "# “待填”处填入本年数字，“【待更新】”处按本年实际改写；jixiao draft 会列出还没填的地方。\n")
HEADER = tuple(line.split("{")[0] for line in HEAD.splitlines())  # an earlier run's header, found again


def _roll_years(text: str, old_year: int, years: int) -> str:
    """2025年农村公路养护工程 → 2026年农村公路养护工程: the budget year inside a name moves on."""
    return re.sub(rf"(?<!\d){old_year}(?=\s*{re.escape(_YEAR)})", str(old_year + years), text)


def _walk(node: Any, fields: tuple[Field, ...], log: list[str], years: int, depth: int = 0,
          old_year: int = 0) -> None:
    if not isinstance(node, CommentedMap):
        return
    for f in fields:
        if f.key not in node:
            continue
        value = node[f.key]
        if f.name in CLEARED:
            del node[f.key]
            continue
        if f.name == "previous":
            continue  # replaced as a whole from this year's figures (or kept when there are none)
        if f.kind == "group":
            _walk(value, f.fields, log, years, depth + 1, old_year)
        elif f.kind == "list" and isinstance(value, CommentedSeq):
            if f.name == "documents":
                _stale_documents(node, f.key, value, depth, old_year, log, key_of(f.fields, "title"))
                continue
            for item in value:  # a record's keys sit one step in (“- 问题:” / “  表现:”): a note deeper
                _walk(item, f.fields, log, years, depth + 1, old_year)  # would fall inside the block text above
        elif f.name in ("period", "project", "implementer", "agency", "supervisor") and isinstance(value, str) \
                and not is_placeholder(value):
            rolled = _roll_years(value, old_year, years)
            if rolled != value:
                node[f.key] = type(value)(rolled) if type(value) is not str else rolled
                log.append(ui(f"{f.key}中的年份已顺延：{value} → {rolled}"))
        elif f.name in KEPT or f.kind in {"text", "choice", "code"}:
            continue
        elif is_placeholder(value):
            continue  # still 待填 from last year: no second marker (“【待更新】待填”)
        elif f.kind in NUMERIC or f.name == "actual":
            node[f.key] = PENDING
            log.append(f.key)
        elif f.kind == "year":
            year = parse_year(str(value))  # 2025, 2025年, 2025年度: what the data file accepts
            node[f.key] = year + years if year is not None else PENDING
        elif f.kind == "date":
            try:
                day = parse_date(str(value))  # 2025-6-8, 2025/6/8, 2025年6月8日 …
            except ValueError:
                day = None
            node[f.key] = str(_shift(day, years)) if day is not None else PENDING
        elif f.kind == "paragraphs" and isinstance(value, str) and not value.startswith(UPDATE):
            node[f.key] = type(value)(UPDATE + value) if type(value) is not str else UPDATE + value
            _note(node, f.key, depth)
        elif f.kind in {"paragraphs", "list_text"} and isinstance(value, CommentedSeq):
            for i, item in enumerate(value):
                if isinstance(item, str) and not item.startswith(UPDATE) and not is_placeholder(item):
                    value[i] = UPDATE + item
            _note(node, f.key, depth)


def _stale_documents(node: CommentedMap, key: str, docs: CommentedSeq, depth: int, old_year: int,
                     log: list[str], title_key: str) -> None:
    """A notice cited last year (关于开展2025年度…的通知, its 文号) is not this year's: marked, not guessed."""
    stale = False
    for item in docs:
        if not isinstance(item, CommentedMap):
            continue
        title = str(item.get(title_key, ""))
        years = [int(y) for y in re.findall(rf"(?<!\d)((?:19|20)\d{{2}})(?=\s*{re.escape(_YEAR)})", title)]
        # the notice for evaluating year Y is named Y or Y+1; a title without a year (a 管理办法) stays valid
        if any(y <= old_year + 1 for y in years) and not title.startswith(STALE):
            item[title_key] = STALE + title
            log.append(ui(f"引用文件《{title}》是上年的，已标【待更新】"))
            stale = True
    if stale:
        _note(node, key, depth, ui("待核实：带【待更新】的是上年引用的文件，请换成本年的文件名称和文号"))


def rollover(path: Path, year: int | None) -> tuple[str, list[str]]:
    loaded, rubric = load_data(path)
    figures = compute(loaded, rubric)
    if figures.errors:
        raise DataError(figures.errors)
    old_year = loaded.data["year"]
    new_year = year or old_year + 1
    if new_year <= old_year:
        raise DataError([Problem(str(path), *loaded.where(("year",))[:2], "评价年度",
                                 f"新年度（{new_year}）应晚于数据文件的评价年度（{old_year}）")])
    yaml = YAML()  # round trip: comments, key order and quoting survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    doc = yaml.load(path.read_text(encoding="utf-8-sig"))
    log: list[str] = []
    _walk(doc, rubric.schema, log, new_year - old_year, 0, old_year)
    prev = CommentedMap()
    money_block = loaded.data.get("funds") or {}
    acc = loaded.data.get("accounts") or {}
    budget = money_block.get("budget") if money_block else acc.get("budget")
    spent = money_block.get("spent") if money_block else acc.get("spending")
    def key(name: str) -> str:
        return key_of(rubric.schema, name)

    if budget is not None:
        prev[key("previous.budget")] = fmt_amount(budget)
    if spent is not None:
        prev[key("previous.spent")] = fmt_amount(spent)
    if figures.execution_rate is not None:
        prev[key("previous.execution_rate")] = fmt_number(figures.execution_rate)
    if figures.total is not None:
        prev[key("previous.total")] = fmt_number(figures.total)
        prev[key("previous.grade")] = figures.grade
    previous, indicators = key("previous"), key("indicators")
    if prev:  # an unfilled year has no figures to carry: the 上年数据 already there stay
        if previous in doc:
            del doc[previous]
        keys = list(doc.keys())
        anchor = keys.index(indicators) if indicators in keys else len(keys)
        doc.insert(anchor, previous, prev, comment=ui(f"{old_year}年度的数字，由 jixiao rollover 填写，报告中用于与上年比较"))
    out = io.StringIO()
    yaml.dump(doc, out)
    return HEAD.format(name=path.name, old=old_year, new=new_year) + _without_repeats(out.getvalue()), log


def _without_repeats(text: str) -> str:
    """A file rolled over again keeps one copy of each note: the earlier run's header goes, and
    a comment line directly repeated (the same note added twice) is written once."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith(HEADER):
            continue
        if line.lstrip().startswith("#") and out and out[-1] == line:
            continue
        out.append(line)
    return "".join(out)
