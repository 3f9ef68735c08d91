"""Document structure, before the outline: which part of the document each block is in.

Real reports are more than their numbered body: a cover, a table of contents (`（二）项目实施
情况……12`), a 摘要 that runs through the sections once more, attachments (`附件3：问卷调查报告`)
that restart their own 一、二、三, table and figure captions (`表2-3 资金使用情况表`), running
headers and page numbers. Each block gets a `role` and a numbering `scope`; the outline and the
sequence checks then work on the body and on each scope separately, and none of these parts is
read as a heading of the report. One pass over the blocks (plus a counter of repeated lines).
"""
from __future__ import annotations

import re
from collections import Counter

from .. import words
from ..numbering import parse_marker
from .document import Block, Document
from .normalise import normal_text

_LEADER = r"(?:[.．·•…⋯\-—_－]\s*){3,}|…{1,}|\t+"


def _role(name: str) -> re.Pattern[str]:
    """A block-role pattern from rubrics/_words.yaml (block_roles)."""
    return re.compile(str(words.get("block_roles")[name]).replace("{leader}", _LEADER))


_TOC_HEAD = _role("toc_head")
_TOC_ENTRY = _role("toc_entry")
_TOC_BARE = re.compile(r"^(?P<title>\S.{1,60}?[^\d\s.．])\s+\d{1,3}$")  # "一、基本情况 3" (no leaders)
_ABSTRACT = _role("abstract")
_ABSTRACT_RUN_IN = _role("abstract_run_in")
_BODY_START = _role("body_start")
# "附件3：问卷调查报告", "附表1 资金表", "附件2": a separator (or nothing) after the number, so a
# sentence such as "附件1中的评分表显示……" is not taken for the start of an attachment
_ATTACHMENT = _role("attachment")
_CAPTION = _role("caption")
_UNIT_LINE = _role("unit_line")
# a bare number is not taken for a page number: a flattened form has one cell value a line
_PAGE = _role("page_number")
_QUESTIONNAIRE = _role("questionnaire")
_SENTENCE_END = "。；;！？"
_PARTS = words.get("document_parts")
_ATTACHMENT_HEADS = tuple(_PARTS["attachment_heads"])
_ATTACHMENT_BARE = re.compile(_PARTS["attachment_bare"])
_TOC_PAGE = re.compile(rf"\s*(?:{_LEADER})?\s*{_PARTS['toc_page']}")


def _toc_entry(text: str) -> bool:
    return bool(_TOC_ENTRY.match(text)) and not text.endswith(tuple(_SENTENCE_END))


def _attachment(text: str) -> re.Match[str] | None:
    m = _ATTACHMENT.match(text)
    if m is None or any(ch in m.group("title") for ch in "。；，"):
        return None
    if not m.group("n") and not m.group("title") and not text.startswith(_ATTACHMENT_HEADS):
        return None  # a bare "附" is not an attachment heading
    if not text.startswith(_ATTACHMENT_HEADS) and not _ATTACHMENT_BARE.match(text):
        return None  # "附近……", "附带……" (the pattern matched, so the text starts with 附)
    return m


def toc_words(text: str) -> str:
    """A contents entry or heading without leaders, page number and spaces (compared with the body)."""
    t = _TOC_PAGE.sub("", text, count=1)
    return re.sub(r"\s+", "", t)


def _heading_like(text: str) -> bool:
    return parse_marker(text) is not None and len(text) <= 40 and not any(ch in text for ch in "。；，")


def _entry_like(text: str) -> bool:
    """After 目录, entries may have lost their page numbers: any short line without sentence marks
    ("摘要", "一、项目基本情况", "附件1.成本效益分析报告")."""
    return 0 < len(text) <= 40 and not any(ch in text for ch in "。；，：")


def _unheaded_contents(texts: list[str], blocks: list[Block]) -> set[int]:
    """A contents list with no 目录 line and no page numbers: six or more numbered heading lines
    in a row, two of them top level, with no text between them, whose first line comes again
    later (where the body begins)."""
    out: set[int] = set()
    last_index = {t: i for i, t in enumerate(texts)}
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and blocks[j].kind != "table" and _heading_like(texts[j]) and \
                (j == i or texts[j] != texts[i]):  # the first entry again: the body begins
            j += 1
        run = range(i, j)
        tops = sum(1 for k in run if (n := parse_marker(texts[k])) is not None and n.level == 1)
        if j - i >= 6 and tops >= 2 and last_index[texts[i]] >= j:
            out.update(run)
        i = max(j, i + 1)
    return out


def mark_structure(doc: Document) -> None:
    """Set `role` and `scope` on every block (tables take the role of the part they are in)."""
    blocks = doc.blocks
    texts = [normal_text(b.text).strip() if b.kind != "table" else "" for b in blocks]
    raws = [b.text.strip() if b.kind != "table" else "" for b in blocks]
    repeated = Counter(t for t in texts if 4 <= len(t) <= 40 and parse_marker(t) is None)
    seen_body_heading = False
    part, scope = "body", ""
    abstract_top: set[int] = set()  # top-level numbers seen inside the 摘要
    attachments = 0
    in_toc = False
    toc_seen: set[str] = set()  # the entries' words: when one comes again, the body has begun
    toc_paged = False  # entries carry page numbers: then a line without one ends the contents
    abstract_start = -1
    questionnaire = False
    unheaded = _unheaded_contents(texts, blocks)
    for i, (b, t) in enumerate(zip(blocks, texts)):
        if i in unheaded:
            b.role = "toc"
            continue
        if b.kind == "table":
            b.role, b.scope = ("questionnaire" if questionnaire else part), scope
            in_toc = False
            continue
        # a table of contents: "目录" and the entries after it, or a run of dotted-leader lines
        if _TOC_HEAD.match(t):
            b.role, in_toc = "toc", True
            continue
        r = raws[i]  # leaders, tabs and spaces before a page number are gone from the normalised text
        if in_toc or (_toc_entry(r) and i + 1 < len(blocks) and _toc_entry(raws[i + 1])):
            entry = toc_words(r)
            if entry in toc_seen:
                in_toc = False  # the body's first heading, right after the contents
            elif _toc_entry(r) or _TOC_BARE.match(r) or (in_toc and not toc_paged and _entry_like(t)
                                                            and not (toc_seen and _ABSTRACT.match(t))):
                b.role, in_toc = "toc", True
                toc_paged = toc_paged or bool(_toc_entry(r) or _TOC_BARE.match(r))
                toc_seen.add(entry)
                continue
            else:
                in_toc = False
        if _PAGE.match(t) or (repeated[t] >= 3 and (t == normal_text(doc.title) or _PARTS["report_word"] in t) and i > 0):
            b.role, b.scope = "page_header", scope  # running page numbers and headers
            continue
        att = _attachment(t) if (seen_body_heading or i > 5) else None
        if att is not None:
            attachments += 1
            n = att.group("n")
            part, scope = "attachment", _PARTS["attachment_scope"].format(n=n or attachments)
            questionnaire = bool(_QUESTIONNAIRE.search(att.group("title") or ""))
            b.role, b.scope = "attachment", scope
            continue
        if part == "attachment" and not questionnaire and _QUESTIONNAIRE.search(t) and len(t) <= 40:
            questionnaire = True  # "附件3" then a line "问卷调查报告"
        if part != "attachment":
            if _ABSTRACT.match(t) or _ABSTRACT_RUN_IN.match(t):
                part, scope = "abstract", _PARTS["abstract_scope"]
                b.role, b.scope = "abstract", scope
                abstract_start = i if _ABSTRACT.match(t) else -1
                continue
            if part == "abstract":
                num = parse_marker(t)
                top = num is not None and num.level == 1
                # the body begins at 正文, at the title repeated, or at a 一、 that is not the
                # 摘要's own (it restarts the 摘要's numbers, or follows 摘要 prose that had none)
                if _BODY_START.match(t) or (doc.title and t == normal_text(doc.title)) or \
                        (top and (num.value in abstract_top or (not abstract_top and i - 1 != abstract_start))):
                    part, scope = "body", ""
                elif top:
                    abstract_top.add(num.value)
        if _CAPTION.match(t) and not t.endswith(tuple(_SENTENCE_END)) or _UNIT_LINE.match(t):
            b.role, b.scope = "caption", scope
            continue
        b.role = "questionnaire" if questionnaire else part
        b.scope = scope
        if part == "body" and (b.kind == "heading" or parse_marker(t) is not None):
            seen_body_heading = True
    _mark_cover(blocks)


def _mark_cover(blocks: list[Block]) -> None:
    """The cover: what comes before the contents or the 摘要 (title, unit, year, date lines), when
    the report has either within its first pages. Cover lines are never headings."""
    first = next((i for i, b in enumerate(blocks[:60]) if b.role in ("toc", "abstract")), None)
    if first is None:
        return
    for b in blocks[:first]:
        if b.kind != "table" and b.role == "body" and len(b.text.strip()) <= 60:
            b.role = "cover"
