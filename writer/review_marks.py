"""【待核实：…（RULE）】 marks: a sentence carried over from a source report with a fault jixiao found
in it. The mark is a placeholder (LEF06 reports it, an error, so it cannot be submitted as is) and
says why in Chinese; the rule it names is not reported a second time for that sentence. Text inside
any 【待…】 placeholder is a note to the user, not report content, so no other rule reads it.

The mark follows the sentence: “……截止2022年底。【待核实：搭配不当“截止”……（TRM04）】”. A rule
is folded only when the mark names it and stands right after the sentence holding the finding —
delete the mark and the rule reports again.
"""
from __future__ import annotations

import bisect
import re

from . import words
from .findings import Finding
from .read.document import Document

_W = words.get("import_review")
PLACEHOLDER = re.compile("【(?:" + "|".join(map(re.escape, words.get("placeholders")["marks"])) + ")[^】]*】")
MARK = re.compile(re.escape(_W["mark_open"]) + r"[^】]*?（((?:[A-Z]{3}\d{2}、?)+)）】")
_END = "。！？"


def make_mark(reasons: list[str], rules: list[str]) -> str:
    """One mark for the faults of one sentence: the reasons in Chinese, the rules it stands for."""
    # “第9段” counts the paragraphs of the draft import checked, not of the source: say 前文
    reason = "；".join(dict.fromkeys(re.sub(_W["paragraph_ref"], _W["paragraph_ref_as"], r)
                                    .replace("【", "“").replace("】", "”").rstrip("。") for r in reasons))
    return str(_W["mark"]).format(reason=reason, rules="、".join(dict.fromkeys(rules)))


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding text[pos] ends (after its 。！？, or the end of the text); a
    placeholder already there is skipped over, so its own punctuation never ends a sentence."""
    i = pos
    while i < len(text):
        m = PLACEHOLDER.match(text, i)
        if m:
            i = m.end()
            continue
        if text[i] in _END:
            i += 1
            while i < len(text) and text[i] in "”’）)":
                i += 1
            return i
        i += 1
    return len(text)


def marked(text: str, start: int, end: int, rule: str) -> bool:
    """A mark naming `rule` right after the sentence that holds text[start:end]."""
    pos = sentence_end(text, max(start, end - 1))
    for m in MARK.finditer(text, start):
        if m.start() > pos + 1:  # marks one after another right after the sentence all count
            return False
        if rule in m.group(1).split("、"):
            return True
        pos = max(pos, m.end())
    return False


def _inside_placeholder(text: str, start: int, end: int, spans: list[tuple[int, int]] | None = None) -> bool:
    """The span is in (or runs into) a placeholder: the tool's note, not the report's words.
    `spans`: the text's placeholders, found once per text by the caller (sorted, not overlapping)."""
    if spans is None:
        spans = [m.span() for m in PLACEHOLDER.finditer(text)]
    k = bisect.bisect_right(spans, (start, len(text) + 1))  # the last placeholder starting at or before start…
    return any(s < end and start < e for s, e in spans[max(0, k - 1):k + 1])  # …or the next one


def span_text(doc: Document, f: Finding) -> str | None:
    """The text a finding points into (a paragraph, or a table cell), None when out of range."""
    loc = f.location
    if loc.block is None or loc.block >= len(doc.blocks):
        return None
    b = doc.blocks[loc.block]
    if b.kind == "table":
        if loc.row is None or loc.col is None or loc.row >= len(b.rows) or loc.col >= len(b.rows[loc.row]):
            return None
        return b.rows[loc.row][loc.col]
    return b.text


def fold_marked(findings: list[Finding], doc: Document) -> list[Finding]:
    """Drop findings a mark already stands for, and findings inside placeholders (LEF06 kept)."""
    kept = []
    # per text, found once (not once per finding: 50,000 findings in one paragraph stay linear):
    # its placeholders, and whether it holds any mark at all
    seen: dict[str, tuple[list[tuple[int, int]], bool]] = {}
    for f in findings:
        text = span_text(doc, f) if f.rule != "LEF06" else None
        start, end = f.location.start, f.location.end
        if not (text and start is not None and end is not None and end <= len(text)):
            kept.append(f)
            continue
        if text not in seen:
            seen[text] = ([m.span() for m in PLACEHOLDER.finditer(text)], MARK.search(text) is not None)
        spans, has_mark = seen[text]
        if _inside_placeholder(text, start, end, spans) or (has_mark and marked(text, start, end, f.rule)):
            continue
        kept.append(f)
    return kept
