"""DraftDoc (numbered Markdown) → DOCX on named GB/T 9704 styles, spliced into the pre-built skeleton.

Markdown is parsed by markdown-it-py (with tables); each block becomes a paragraph on a
named style or a table. Cover on its own unnumbered section; body numbered "— N —" from 1,
odd pages right and even pages left; each 附件 on a new page, numbering continued.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal
from functools import lru_cache
from typing import Any

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import words
from . import title_lines, wordml
from .skeleton import W, template as _template
from .style_names import ATTACHMENT_LABEL, COVER_FIELD, TABLE_CAPTION, TABLE_TEXT
from .render import DraftDoc

_MD = MarkdownIt("commonmark").enable("table")
_HEADING_STYLE = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4"}


def _placeholder_re(fmt: dict[str, Any]) -> re.Pattern[str]:
    prefixes = "|".join(re.escape(p) for p in fmt["placeholder_prefixes"])
    return re.compile(rf"【(?:{prefixes})[^】]*】")


class Builder:
    """Collects the cover and body as WordprocessingML text, then puts them into the skeleton."""

    def __init__(self, fmt: dict[str, Any]) -> None:
        self.fmt = fmt
        self.template = _template(json.dumps(fmt, sort_keys=True))
        self.placeholder = _placeholder_re(fmt)
        self.highlight = str(fmt.get("highlight_placeholders", "true")).lower() == "true"
        self.merge_headers = set(fmt["table"]["merge_columns"])
        self.merge_across = set(fmt["table"].get("merge_across") or ())
        self.header_bold = str(fmt["table"].get("header_bold", "true")).lower() == "true"
        self._ids = self.template.style_ids
        self.cover_parts: list[str] = []
        self.parts: list[str] = []
        self.target = self.cover_parts

    # -- paragraphs and runs ------------------------------------------------------------
    def paragraph(self, style: str, runs: str = "", **kw: Any) -> None:
        self.target.append(wordml.paragraph(self._ids[style], runs, **kw))

    def runs(self, text: str, bold: bool = False) -> str:
        """Runs for a text; 【待补充：…】 placeholders get a yellow highlight of their own."""
        out, pos = [], 0
        for m in self.placeholder.finditer(text):
            if m.start() > pos:
                out.append(wordml.run(text[pos:m.start()], bold))
            out.append(wordml.run(m.group(0), bold, self.highlight))
            pos = m.end()
        if pos < len(text):
            out.append(wordml.run(text[pos:], bold))
        return "".join(out)

    def inline_runs(self, token: Token, bold_all: bool = False) -> str:
        out, bold = [], False
        for child in token.children or []:
            if child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            elif child.type in ("text", "code_inline"):
                out.append(self.runs(child.content, bold or bold_all))
            elif child.type == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
        return "".join(out)

    def title_runs(self, text: str) -> str:
        """A title, broken between words into even lines when longer than one line."""
        t = self.fmt["title"]
        lines = title_lines.split_title(text, title_lines.line_capacity(self.fmt), tuple(t.get("preferred_breaks") or ()))
        return "<w:r><w:br/></w:r>".join(self.runs(line) for line in lines)

    # -- blocks -------------------------------------------------------------------------
    def markdown(self, md: str) -> None:
        tokens = _MD.parse(md)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                self.paragraph(_HEADING_STYLE.get(tok.tag, "Heading 4"), self.inline_runs(tokens[i + 1]))
                i += 3
            elif tok.type == "paragraph_open":
                inline = tokens[i + 1]
                kinds = [c.type for c in inline.children or [] if c.type != "text" or c.content]
                caption = kinds == ["strong_open", "text", "strong_close"]  # a bold line alone
                self.paragraph(TABLE_CAPTION if caption else "Normal", self.inline_runs(inline))
                i += 3
            elif tok.type == "table_open":
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self.table(tokens[i:end + 1])
                i = end + 1
            else:
                i += 1

    def table(self, tokens: list[Token]) -> None:
        rows: list[list[Token]] = []
        for tok in tokens:
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type == "inline":
                rows[-1].append(tok)
        ncols = max(len(r) for r in rows)
        text = [[t.content for t in r] + [""] * (ncols - len(r)) for r in rows]
        merges = self._merges(text)
        spans = self._spans(text)
        widths = self._widths(text, spans)
        # a form of label | value rows (项目名称 | …) has no header row to set in bold
        header_bold = self.header_bold and text[0][0] not in self.merge_across
        sid = self._ids[TABLE_TEXT]
        cells = []
        for r, row in enumerate(rows):
            line = []
            for c in range(ncols):
                if merges.get((r, c)) == "continue" or c >= len(row):
                    line.append(wordml.paragraph(sid))  # a continued merge keeps one empty paragraph
                    continue
                line.append(wordml.paragraph(sid, self.inline_runs(row[c], r == 0 and header_bold)))
            cells.append(line)
        self.target.append(wordml.table(self._ids["Table Grid"], widths, cells, merges, spans))

    def _spans(self, text: list[list[str]]) -> dict[tuple[int, int], int]:
        """Merges across (gridSpan) as in the national 自评表: in a row whose first cell the format
        names (项目名称, 预算执行率, 总分 …), a filled cell takes in the empty cells after it."""
        spans: dict[tuple[int, int], int] = {}
        for r, row in enumerate(text):
            if row[0] not in self.merge_across:
                continue
            c = 0
            while c < len(row):
                n = 1
                while c + n < len(row) and row[c + n] == "":
                    n += 1
                if n > 1 and row[c]:
                    spans[(r, c)] = n
                c += n
        return spans

    def _widths(self, text: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> list[int]:
        """Twips per column: the type area shared by each column's longest text (clamped), so
        三级指标 and 偏差原因 get room and short number columns do not. A cell merged across
        columns counts for none of them."""
        spans = spans or {}
        page = self.fmt["page"]
        usable = (int(page["width_mm"]) - int(page["left_mm"]) - int(page["right_mm"])) * 1440 / 25.4
        ncols = len(text[0])
        own = [[r[c] if (i, c) not in spans else "" for c in range(ncols)] for i, r in enumerate(text)]
        # room goes by the body rows (a header may wrap): an empty 偏差原因分析及改进措施 column does
        # not take the room a qualitative 指标值 needs
        body = own[1:] or own
        need = [max(min(max(len(r[c]) for r in body) + 2, 18), 5) for c in range(ncols)]
        widths = [usable * n / sum(need) for n in need]
        # a word (一级指标, 分值, 【待填】, 100%, 当年财政拨款, 2020年12月31日) never breaks inside:
        # its column is never narrower than the longest word of its cells
        char = float(self.fmt["table"]["size_pt"]) * 20  # twips per CJK character
        floor = [max((_longest_word(r[c]) for r in own), default=2) * char + _CELL_MARGINS for c in range(ncols)]
        # a label up to nine characters (其中：当年财政拨款, 举办党校主体班期数) on one line too, where the
        # type area has room (Word breaks a cell after the last character that fits, inside a word)
        whole = [max((_width_chars(r[c]) for r in own if _width_chars(r[c]) <= 9), default=2) * char + _CELL_MARGINS
                 for c in range(ncols)]
        # (the cheapest columns first while the type area has room)
        for c in sorted(range(ncols), key=lambda k: whole[k] - floor[k]):
            if whole[c] > floor[c] and sum(floor) - floor[c] + whole[c] <= usable:
                floor[c] = whole[c]
        short = [max(f - w, 0) for f, w in zip(floor, widths)]
        if sum(short):  # taken from the columns with room to spare, in proportion to their spare room
            spare = [max(w - f, 0) for f, w in zip(floor, widths)]
            take = min(sum(short), sum(spare))
            widths = [max(w, f) if s_ else w - take * sp / sum(spare) for w, f, s_, sp in zip(widths, floor, short, spare)]
        return [int(w) for w in widths]

    def _merges(self, text: list[list[str]]) -> dict[tuple[int, int], str]:
        """Runs of equal cells downwards in the columns the format names (一级/二级指标)."""
        merges: dict[tuple[int, int], str] = {}
        for c, name in enumerate(text[0]):
            if name not in self.merge_headers:
                continue
            start = 1
            for r in range(2, len(text) + 1):
                same = r < len(text) and text[r][c] == text[start][c] and text[r][c] != "" \
                    and all(text[r][k] == text[start][k] for k in range(c))
                if same:
                    continue
                if r - start > 1:
                    merges[(start, c)] = "restart"
                    for k in range(start + 1, r):
                        merges[(k, c)] = "continue"
                start = r
        return merges

    # -- the parts of the report ---------------------------------------------------------
    def cover(self, doc: DraftDoc) -> None:
        # the cover stays one page: a second title line or more than seven fields take the blank lines
        lines = len(title_lines.split_title(doc.title, title_lines.line_capacity(self.fmt),
                                            tuple(self.fmt["title"].get("preferred_breaks") or ())))
        extra = lines - 1 + max(0, len(doc.cover) - 7)
        for _ in range(max(1, 3 - max(0, extra - 3))):
            self.paragraph("Normal")
        self.paragraph("Title", self.title_runs(doc.title))
        for _ in range(max(1, 4 - extra)):
            self.paragraph("Normal")
        for label, value in doc.cover:
            self.paragraph(COVER_FIELD, self.runs(f"{label}：{value}"))
        self.target = self.parts

    def attachments(self, doc: DraftDoc) -> None:
        if not doc.attachments:
            return
        self.paragraph("Normal")
        names = [t for t, _ in doc.attachments]
        head, label = words.word("attachment_words", "list_head"), words.word("attachment_words", "label")
        if len(names) == 1:
            self.paragraph("Normal", self.runs(f"{head}{names[0]}"))
        else:
            self.paragraph("Normal", self.runs(f"{head}1.{names[0]}"))
            indent = int(Decimal(str(self.fmt["body"]["size_pt"])) * 5 * 20)  # aligned under the name
            for i, n in enumerate(names[1:], 2):
                self.paragraph("Normal", self.runs(f"{i}.{n}"), first_line_twips=indent)
        for i, (title, md) in enumerate(doc.attachments, 1):
            self.paragraph(ATTACHMENT_LABEL, self.runs(label.format(n=i)), page_break=True)
            self.paragraph("Normal")
            self.paragraph("Title", self.title_runs(title))
            self.markdown(md)

    def finish(self) -> tuple[bytes, Any]:
        """The DOCX, and its parsed body (the XML is checked here: one parse, no python-docx)."""
        t = self.template
        xml = (t.head + "".join(self.cover_parts) + t.middle + "".join(self.parts) + t.tail).encode("utf-8")
        root = etree.fromstring(xml, _PARSER)
        parts, document = _other_parts(t)
        out = io.BytesIO(parts)
        with zipfile.ZipFile(out, "a") as z:  # the report's own part after the skeleton's, compressed once
            entry = zipfile.ZipInfo(document.filename, document.date_time)  # writestr fills in its entry:
            entry.compress_type, entry.external_attr = document.compress_type, document.external_attr  # a copy each
            z.writestr(entry, xml)
        return out.getvalue(), root.find(f"{{{W}}}body")


_CELL_MARGINS = 300  # twips: Word's default left and right cell margins (2 × 108) and a little slack


_WORD_END = re.compile(words.get("cell_breaks"))  # a cell's text may wrap after these (rubrics/_words.yaml)


@lru_cache(maxsize=8192)
def _longest_word(text: str, most: float = 6) -> float:
    """The widest piece of a cell that must stay on one line: a short cell whole (一级指标, 【待填】,
    等级：优), a longer one between clause marks (其中：|当年财政拨款); pieces wider than `most` may
    wrap (a sentence)."""
    if _width_chars(text) <= most:  # 等级：优 stays whole
        return _width_chars(text)
    return max((w for w in map(_width_chars, _WORD_END.split(text)) if w <= most), default=2)


@lru_cache(maxsize=8192)  # cell texts repeat in every table and every unit (headers, 一级指标, 【待填】)
def _width_chars(text: str) -> float:
    """Width in CJK characters of a cell's text, with Word's gaps around numbers."""
    return title_lines.width(text, gaps=True)


_DOCUMENT = "word/document.xml"
_OTHER_PARTS: dict[int, tuple[Any, bytes, zipfile.ZipInfo]] = {}


def _other_parts(t: Any) -> tuple[bytes, zipfile.ZipInfo]:
    """The skeleton's parts but document.xml, zipped once per skeleton (styles.xml and
    stylesWithEffects.xml are 0.8 MB: compressing them was a sixth of building a report), and
    document.xml's entry. Every report is these bytes with its document.xml appended."""
    held = _OTHER_PARTS.get(id(t))
    if held is None or held[0] is not t:
        out = io.BytesIO()
        document = None
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in t.entries:
                if info.filename == _DOCUMENT:
                    document = info
                else:
                    z.writestr(info, data)
        assert document is not None
        held = _OTHER_PARTS[id(t)] = (t, out.getvalue(), document)  # the template kept: its id stays its own
    return held[1], held[2]
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def build(draft: DraftDoc, fmt: dict[str, Any]) -> bytes:
    return _built(draft, fmt)[1]


def build_document(draft: DraftDoc, fmt: dict[str, Any]) -> tuple[bytes, Any, Any]:
    """The DOCX bytes, its parsed w:body and the styles element (batch checks these instead of
    reading the file back)."""
    b, data, body = _built(draft, fmt)
    return data, body, b.template.styles  # parsed on first use: `draft` alone does not need it


def _built(draft: DraftDoc, fmt: dict[str, Any]) -> tuple[Builder, bytes, Any]:
    b = Builder(fmt)
    b.cover(draft)
    b.paragraph("Title", b.title_runs(draft.title))
    b.markdown(draft.body)
    b.attachments(draft)
    data, body = b.finish()
    return b, data, body
