"""Text a user typed, made literal for the Markdown stage of drafting.

The section templates are Markdown (headings, items, tables) and the DOCX is built by parsing
it, so a data value that happens to contain Markdown or HTML (``` , <!--, <div>, a leading #,
__x__, &amp;, 1. at a line start) would change or swallow the report. Every value printed by a
template passes through `literal`: CommonMark backslash escapes keep each character as typed
(markdown-it hands them back unescaped), and the Markdown output renders the same text.
"""
from __future__ import annotations

import re

# anywhere in a line: characters that open inline syntax, HTML or entities, or split table cells
_INLINE = re.compile(r"([\\`*_\[\]<&|#])")
# at a line start, only what CommonMark would read as block syntax: a quote, a list item, an
# ordered item, a setext underline or thematic break, a fence ("1.5万元" stays as is)
_LINE_START = re.compile(r"^([ \t]*)(>|[-+](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|[-=](?=[-= \t]*$)|~~~)", re.M)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def literal(text: str) -> str:
    """Escape text so Markdown shows it verbatim (a blank line inside a value would start a
    paragraph the template did not plan, so it is kept as a single line break)."""
    text = _BLANK_LINES.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_start, text)


def _escape_start(m: re.Match[str]) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark[0].isdigit():  # "1. " → "1\. ": the escape goes on the delimiter after the digits
        return f"{lead}{mark}\\"
    return f"{lead}\\{mark}"
