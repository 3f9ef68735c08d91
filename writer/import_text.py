"""Text clean-up for `jixiao import`: the page around a published report, its title, and the
surface of what the author wrote (punctuation width, spaces from PDF extraction, 文号 brackets).

Only the form changes, never the words: a half-width comma between Chinese characters becomes
the full-width one the report was meant to have, `湘政办发[2020]12号` becomes `湘政办发〔2020〕12号`
(and the import says so in a 待核实 note).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import words

_CJK = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》]"
_HALF = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}

# the web page around a published report: navigation, metadata grids, reading aids
_W = words.get("import_text")  # rubrics/_words.yaml
_CHROME = re.compile(_W["chrome"])
# traces of a Word/PDF conversion, not words of the author
_LEFTOVER = re.compile(r"\[bookmark:\s*_?\w*\]|\{#_\w+\}")
_TITLE_FIELD = re.compile(_W["title_field"])
_REPORT_END = re.compile(_W["report_end"])
_PROJECT_WORDS = re.compile(_W["project_words"])
_DOC_NUMBER_BRACKETS = re.compile(_W["doc_number_brackets"])
_CHROME_CELL = re.compile(_W["chrome_cell"])
_YEAR = re.compile(_W["year"])
_PROJECT_TAIL = re.compile(_W["project_tail"])


# a document-sharing mirror's own line around the file it shows
_MIRROR = re.compile(words.get("import_review")["mirror_chrome"])


def is_chrome(text: str) -> bool:
    """A line of the web page around the report (索引号 grid, 来源 URL, 字体大小), not of the report."""
    t = text.strip()
    if _CHROME.match(t) or (len(t) <= 160 and _MIRROR.search(t)):
        return True
    cells = [c.strip() for c in t.split("|")]
    if len(cells) >= 3 and all(len(c) <= 40 for c in cells) and \
            any(_CHROME_CELL.match(c) for c in cells):
        return True
    return False


def title_from_chrome(text: str) -> str | None:
    m = _TITLE_FIELD.match(text)
    if m and _W["title_word"] in m.group(1):
        return m.group(1).split("|")[0].strip()
    return None


_POINT = re.compile(r"^(\d{1,2})\s*[、，,]\s*(?=\D)")


def point_number(text: str) -> str:
    """“2、” (or “2,”) opening a point, as the source wrote it; tidy() writes it “2.”. "" if none."""
    m = _POINT.match(text.strip())
    return m.group(0).strip() if m else ""


def tidy(text: str) -> str:
    """Full-width punctuation and no stray spaces between Chinese characters; words unchanged."""
    t = text
    for half, full in _HALF.items():
        t = re.sub(rf"(?<={_CJK})\s*{re.escape(half)}\s*|\s*{re.escape(half)}\s*(?={_CJK})", full, t)
    t = re.sub(rf"(?<={_CJK})\(([^()]{{0,60}})\)|\(([^()]{{0,60}})\)(?={_CJK})",
               lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", t)
    t = re.sub(rf"(?<={_CJK})[ \u3000\t]+(?={_CJK})", "", t)
    t = re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff])", "", t)
    t = _LEFTOVER.sub("", t)
    t = _POINT.sub(r"\1.", t)  # “1、” opening a point is written “1.” (GB/T 9704)
    t = re.sub(r"(?<=\d)\s+(?=[%％])", "", t)
    return t.strip()


def fix_doc_numbers(text: str) -> tuple[str, list[str]]:
    """湘政办发[2020]12号 → 湘政办发〔2020〕12号; returns the text and the numbers changed."""
    changed: list[str] = []

    def sub(m: re.Match[str]) -> str:
        tail = re.sub(r"\s+", "", m.group(3))
        good = f"{m.group(1)}〔{m.group(2)}〕{tail}"
        if good != m.group(0):
            changed.append(f"{m.group(0)}→{good}")
        return good

    return _DOC_NUMBER_BRACKETS.sub(sub, text), changed


@dataclass
class TitleParts:
    year: int | None = None
    agency: str | None = None
    project: str | None = None
    kind: str | None = None  # project_self | department_self | project_evaluation


def parse_title(title: str, subtitle: str = "") -> TitleParts:
    """“昌宁县第一示范小学2023年度项目支出绩效自评报告” + “(教育专项工作经费)” → year, unit, project."""
    t = re.sub(r"\s+", "", title)
    out = TitleParts()
    if _W["kind_self"] in t:
        out.kind = "department_self" if _W["kind_department"] in t else "project_self"
    elif _W["kind_evaluation"] in t:
        out.kind = "project_evaluation"
    m = _YEAR.search(t)
    before, after = (t[:m.start()], t[m.end():]) if m else ("", t)
    if m:
        out.year = int(m.group(1))
    rest = _REPORT_END.sub("", after)
    sub = re.sub(r"^[（(](.+)[）)]$", r"\1", re.sub(r"\s+", "", subtitle)) if subtitle else ""
    if out.kind == "department_self":
        out.agency = before or rest or None
        return out
    if before and rest:
        out.agency, out.project = before, rest
    elif before:
        if sub:
            out.agency, out.project = before, sub
        elif _PROJECT_WORDS.search(before):
            out.project = before
        else:
            out.agency = before
    elif rest:
        out.project = rest
    elif sub:
        out.project = sub
    if out.project:
        if out.project.endswith(_W["project_tail_word"]):
            out.project = _PROJECT_TAIL.sub("", out.project)
    return out
