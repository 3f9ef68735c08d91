"""The checked document as the page shows it: each block's text cut into pieces, a piece marked
with the findings that cover it (spans may overlap), and the findings grouped for the list."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..ui_text import ui

LEVEL_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Piece:
    text: str
    marks: list[int] = field(default_factory=list)  # finding numbers
    level: str = ""  # the most serious level among them


def pieces(text: str, spans: list[tuple[int, int, int, str]]) -> list[Piece]:
    """spans: (start, end, finding number, level) → text cut at every span edge."""
    cuts = {0, len(text)}
    for s, e, _, _ in spans:
        cuts.update((max(0, min(s, len(text))), max(0, min(e, len(text)))))
    edges = sorted(cuts)
    out = []
    for a, b in zip(edges, edges[1:]):
        if a == b:
            continue
        over = [(n, lvl) for s, e, n, lvl in spans if s <= a and b <= e]
        level = min((lvl for _, lvl in over), key=LEVEL_RANK.get, default="")
        out.append(Piece(text[a:b], [n for n, _ in over], level))
    return out


@dataclass
class ViewBlock:
    i: int
    kind: str
    level: int
    pieces: list[Piece] = field(default_factory=list)
    rows: list[list[list[Piece]]] = field(default_factory=list)
    whole: list[int] = field(default_factory=list)  # findings about the block as a whole
    whole_level: str = ""


def view_blocks(view: dict[str, Any]) -> list[ViewBlock]:
    spans: dict[tuple[int, int | None, int | None], list[tuple[int, int, int, str]]] = {}
    whole: dict[int, list[tuple[int, str]]] = {}
    for f in view["findings"]:
        loc = f["location"]
        if loc["block"] is None:
            continue
        key = (loc["block"], loc["row"], loc["col"])
        if loc["start"] is not None and loc["end"] is not None and loc["end"] > loc["start"]:
            spans.setdefault(key, []).append((loc["start"], loc["end"], f["n"], f["level"]))
        else:
            whole.setdefault(loc["block"], []).append((f["n"], f["level"]))
    out = []
    for b in view["blocks"]:
        vb = ViewBlock(b["i"], b["kind"], b["level"])
        if b["kind"] == "table":
            vb.rows = [[pieces(cell, spans.get((b["i"], r, c), [])) for c, cell in enumerate(row)]
                       for r, row in enumerate(b["rows"])]
            for (bi, r, c), s in spans.items():  # a span on the table without a cell: mark the table
                if bi == b["i"] and (r is None or c is None):
                    whole.setdefault(bi, []).extend((n, lvl) for _, _, n, lvl in s)
        else:
            vb.pieces = pieces(b["text"], spans.get((b["i"], None, None), []))
        w = whole.get(b["i"], [])
        vb.whole = [n for n, _ in w]
        vb.whole_level = min((lvl for _, lvl in w), key=LEVEL_RANK.get, default="")
        out.append(vb)
    return out


def grouped(view: dict[str, Any]) -> "OrderedDict[str, list[dict[str, Any]]]":
    """Findings by section (in document order), most serious first within a section."""
    groups: "OrderedDict[str, list[dict[str, Any]]]" = OrderedDict()
    section_of: dict[int, str] = {}
    current = ui("标题和开头")
    for b in view["blocks"]:
        if b["kind"] == "heading" and b["level"] == 1:
            current = b["text"].strip()[:40]
        section_of[b["i"]] = current
    ordered = sorted(view["findings"], key=lambda f: (f["location"]["block"] if f["location"]["block"] is not None
                                                      else -1, LEVEL_RANK[f["level"]], f["n"]))
    for f in ordered:
        loc = f["location"]
        section = ui("全文") if loc["block"] is None else section_of.get(loc["block"], ui("全文"))
        groups.setdefault(section, []).append(f)
    for items in groups.values():
        items.sort(key=lambda f: (LEVEL_RANK[f["level"]], f["location"]["block"] or 0, f["n"]))
    return groups


def counts(view: dict[str, Any]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in view["findings"]:
        out[f["level"]] += 1
    return out
