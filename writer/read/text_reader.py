"""TXT and Markdown drafts → Document.

TXT: UTF-8 (with or without BOM) or GB18030/GBK, detected; text pasted from a PDF (hard line
breaks mid-sentence, blank lines and page numbers at page breaks) is rejoined into paragraphs.
Markdown: markdown-it-py, whose token maps give the source lines.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt

from .. import words
from ..errors import InputDocError
from .document import Block, Document
from .html_table import html_tables

_PAGE = re.compile(words.get("block_roles")["page_number"])  # “- 3 -”, “第3页 共12页”, “3/12”


def _page_number(line: str) -> bool:
    return _PAGE.match(line.strip()) is not None


_CONTENTS_LINE = re.compile(r"(?:[.．·…⋯]\s*){3,}\s*\d{1,3}$")  # "……12" ends a contents entry
_SENTENCE_END = "。！？；：）」』”…》"
_DISABLE = re.compile(r"jixiao-disable(?:-next-line)?\s+([A-Z]{3}\d{2}(?:\s*,\s*[A-Z]{3}\d{2})*)")


def decode(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[2:].decode(enc, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")  # GBK and GB2312 are subsets
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for the rare file that is neither

    best = from_bytes(raw).best()
    if best is None:
        raise InputDocError(f"{path} 无法识别文字编码，请另存为 UTF-8 文本后再试")
    return str(best)


def _line_width(lines: list[str]) -> int | None:
    """The width a PDF set its lines at (GB/T 9704: 28 characters), when a quarter of the long
    lines share it (±1); None for text with one paragraph a line."""
    stripped = [ln.strip() for ln in lines if len(ln.strip()) >= 12]
    if len(stripped) < 6:
        return None
    counts = Counter(len(ln) for ln in stripped)
    width, _ = max(((w, counts[w - 1] + counts[w] + counts[w + 1]) for w in counts), key=lambda wc: (wc[1], wc[0]))
    full = [ln for ln in stripped if abs(len(ln) - width) <= 1]
    open_ends = sum(1 for ln in full if ln[-1] not in _SENTENCE_END)
    # a page is 20+ characters wide, and its full lines mostly stop mid-sentence (short headings
    # of one length are not a width)
    if width < 20 or len(full) < 6 or len(full) / len(stripped) < 0.25 or open_ends < 0.6 * len(full):
        return None
    return width + 1


def _looks_wrapped(lines: list[str]) -> bool:
    """PDF-extracted text: lines of one width, or many lines that end mid-sentence one after another
    (a web page's fields and headings, each followed by a blank line, are not wrapped text)."""
    if _line_width(lines) is not None:
        return True
    stripped = [ln.strip() for ln in lines]
    body = [i for i, ln in enumerate(stripped) if len(ln) > 10]
    if len(body) < 6:
        return False
    open_ends = [i for i in body if stripped[i][-1] not in _SENTENCE_END]
    then_blank = sum(1 for i in open_ends if i + 1 < len(stripped) and not stripped[i + 1])
    return len(open_ends) / len(body) > 0.5 and then_blank <= len(open_ends) / 2


def _unclosed_title(text: str) -> bool:
    return text.count("《") > text.count("》")


def _rejoin(lines: list[tuple[int, str]], width: int | None) -> list[tuple[int, str]]:
    """Join hard-wrapped lines; drop page numbers; a line ending a sentence ends a paragraph.

    With a known width a line that fills it continues on the next line whatever it looks like
    (a full line is never a heading); a shorter line ends its paragraph. Without one, a short
    line with no sentence punctuation (a heading) ends its paragraph. A `《` left open at a line's
    end is closed on the next line either way."""
    from ..numbering import parse_marker

    out: list[tuple[int, str]] = []
    current: tuple[int, str] | None = None
    last = ""  # the last physical line joined into `current`
    for no, raw in lines:
        s = raw.strip()
        if not s or _page_number(s):
            continue  # blank lines and page numbers at page breaks do not end a paragraph
        join = False
        if current is not None and current[1][-1] not in _SENTENCE_END:
            if width is not None:
                join = len(last) >= width - 3 and (parse_marker(s) is None or parse_marker(s).level >= 3) \
                    and not _CONTENTS_LINE.search(last)
            else:
                cur = current[1]
                heading = len(cur) <= 30 and (parse_marker(cur) is not None or not re.search(r"[，。；：]", cur))
                join = parse_marker(s) is None and not heading
            join = join or (_unclosed_title(current[1]) and "》" in s.split("《")[0])
        if join and (s.count("|") >= 2 or last.count("|") >= 2):
            join = False  # a row of a form pasted with | between cells is a line of its own
        if join:
            current = (current[0], current[1] + s)  # type: ignore[index]
        else:
            if current is not None:
                out.append(current)
            current = (no, s)
        last = s
    if current is not None:
        out.append(current)
    return out


def _join_split_titles(paras: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One paragraph a line, but a `《…` opened at a line's end and closed on the next line is one
    title broken by a line break, not two unbalanced marks."""
    out: list[tuple[int, str]] = []
    for no, ln in paras:
        if out and _unclosed_title(out[-1][1]) and "》" in ln.split("《")[0]:
            out[-1] = (out[-1][0], out[-1][1].rstrip() + ln.strip())
        else:
            out.append((no, ln))
    return out


_UNIT_START = words.get("text_lines")["unit_start"]
_FIELD_LABEL = re.compile(r"^\s*[\u4e00-\u9fff（）()]{2,12}[：:]")


def _sentence_goes_on(cur: str, nxt: str) -> bool:
    """One paragraph a line, but a line broken inside a sentence (a hard return typed or pasted in
    the middle) continues on the next line: a number cut in two, a clause cut after a comma or
    semicolon, or one run of ASCII junk; never a heading, a cover field, a form row or a line
    before a numbered heading."""
    from ..numbering import parse_marker

    indented = nxt[:1].isspace()
    cur, nxt = cur.strip(), nxt.strip()
    if not cur or not nxt or cur[-1] in _SENTENCE_END or cur[-1] in "!?;:" \
            or cur[-1] == "." and not nxt[0].isdigit():
        return False  # half-width marks end sentences too (a "." before a digit may split a number)
    if "|" in cur or "|" in nxt or "\t" in cur or "\t" in nxt:
        return False  # rows of a pasted form
    if _page_number(nxt) or _CONTENTS_LINE.search(cur):
        return False
    if cur.isascii() and nxt.isascii() and re.search(r"[A-Za-z]", cur + nxt):
        # one line of property junk or code wrapped in two: the rest indented, or one token cut
        cut_token = " " not in cur + nxt and (nxt[0] in "-:T" or cur[-1] in "-:")  # at a separator
        return indented or cut_token
    if nxt[0] in "，、；：,;:。）)》”":
        return True  # no paragraph starts with a mark that closes or continues a clause
    if parse_marker(nxt) is not None or nxt[0] in "（(【[#<":
        return False
    if (cur[-1].isdigit() or cur[-1] in ".．") and (nxt[0].isdigit() or nxt[0] in _UNIT_START) \
            and len(re.findall(r"[\u4e00-\u9fff]", cur)) >= 4:  # inside a sentence, not a form cell
        return True  # a number cut from its digits or its unit is never a heading boundary
    clause = re.search(r"[，、,；;]", cur) is not None
    if _FIELD_LABEL.match(nxt) and len(nxt) <= 40 or _FIELD_LABEL.match(cur) and not clause:
        return False  # cover fields, one a line
    if parse_marker(cur) is not None and len(cur) <= 30:
        return False  # a numbered heading
    return clause


def _join_broken_sentences(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Non-blank lines without page numbers, a sentence broken across two adjacent lines joined."""
    out: list[tuple[int, str]] = []
    prev_blank = True
    for no, ln in numbered:
        if not ln.strip() or _page_number(ln):
            prev_blank = True
            continue
        if out and not prev_blank and _sentence_goes_on(out[-1][1], ln):
            prev = out[-1][1].rstrip()
            # ASCII keeps the space the break came after ("True False" / " True False")
            joined = prev + (ln.rstrip() if prev.isascii() and ln.isascii() else ln.strip())
            out[-1] = (out[-1][0], joined)
        else:
            out.append((no, ln))
        prev_blank = False
    return out


def read_text(path: Path, text: str | None = None) -> Document:
    if text is None:
        text = decode(path.read_bytes(), str(path))
    lines = text.splitlines()
    numbered = list(enumerate(lines, 1))
    if _looks_wrapped(lines):
        paras = _rejoin(numbered, _line_width(lines))
    else:
        paras = _join_split_titles(_join_broken_sentences(numbered))
    blocks = []
    disabled_next: set[str] = set()
    disabled_region: set[str] = set()
    for no, ln in paras:
        m = _DISABLE.search(ln)
        if m and ln.strip().startswith(("#", "<!--", "//")):
            ids = {x.strip() for x in m.group(1).split(",")}
            (disabled_next if "next-line" in ln else disabled_region).update(ids)
            continue
        if "jixiao-enable" in ln:
            disabled_region.clear()
            continue
        blocks.append(Block(len(blocks), "paragraph", ln.rstrip(), line=no,
                            disabled=disabled_region | disabled_next))
        disabled_next = set()
    return Document(str(path), "txt", blocks)


# text_join off: an escape stays a token of its own, so the text keeps what was typed (`\\%`,
# `\\(`): a LaTeX leftover such as `$96.5\\%$` is still there to be found; the normaliser
# unescapes for every other rule.
_MD = MarkdownIt("commonmark").enable("table").disable("text_join")
_INLINE_TEXT = ("text", "code_inline")


def read_markdown(path: Path, text: str | None = None) -> Document:
    if text is None:
        text = decode(path.read_bytes(), str(path))
    tokens = _MD.parse(text)
    blocks: list[Block] = []
    disabled_next: set[str] = set()
    disabled_region: set[str] = set()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = tok.map[0] + 1 if tok.map else None
        if tok.type == "html_block" and "<table" in tok.content.lower():
            for rows, cells in html_tables(tok.content):
                blocks.append(_table_block(len(blocks), rows, line, disabled_region | disabled_next, cells))
            disabled_next = set()
            i += 1
            continue
        if tok.type == "html_block":
            m = _DISABLE.search(tok.content)
            if m:
                ids = {x.strip() for x in m.group(1).split(",")}
                (disabled_next if "next-line" in tok.content else disabled_region).update(ids)
            elif "jixiao-enable" in tok.content:
                disabled_region.clear()
            i += 1
            continue
        if tok.type in ("heading_open", "paragraph_open"):
            inline = tokens[i + 1]
            # plain text of the inline content: Markdown emphasis marks are markup here, not leftovers
            content = "".join(c.markup if c.type == "text_special" else c.content
                              for c in inline.children or [] if c.type in _INLINE_TEXT or c.type == "text_special")
            if tok.type == "heading_open":
                kind = "heading" if tok.tag != "h1" else "title"
            else:
                kind = "paragraph"
            blocks.append(Block(len(blocks), "paragraph" if kind == "title" else kind, content, line=line,
                                level=(int(tok.tag[1]) - 1) if kind == "heading" else 0,
                                disabled=disabled_region | disabled_next))
            disabled_next = set()
            i += 3
            continue
        if tok.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            rows: list[list[str]] = []
            for t in tokens[i:end]:
                if t.type == "tr_open":
                    rows.append([])
                elif t.type == "inline":
                    rows[-1].append(t.content)
            blocks.append(_table_block(len(blocks), rows, line, disabled_region | disabled_next))
            disabled_next = set()
            i = end + 1
            continue
        i += 1
    return Document(str(path), "md", blocks)


def _table_block(index: int, rows: list[list[str]], line: int | None, disabled: set[str],
                 real: list[tuple[int, int, str]] | None = None) -> Block:
    """`real`: the cells actually written (a merged cell once), when not every position is one."""
    from .document import Cell

    cells = [Cell(r, c, t) for r, c, t in real] if real is not None else \
        [Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return Block(index, "table", "\n".join("\t".join(r) for r in rows), line=line, cells=cells, rows=rows,
                 disabled=disabled)
