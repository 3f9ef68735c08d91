"""What the cross-unit stage needs of each report, cached by the report's content hash.

A rerun of an unchanged batch then reads no DOCX: each report's bytes are hashed (cheap) and
its read, outlined document comes from OUTDIR/.jixiao-cache/<sha256>.json. A report edited by
hand has another hash and is read again. The cache holds only plain data (JSON, no pickle), and
a damaged or foreign entry is ignored.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from .numbering import Number
from .read.document import Block, Cell, Document
from .safe_io import write_atomic

CACHE_DIR = ".jixiao-cache"


def _shape() -> str:
    """The document model's fields: a cache written by another model version is not used."""
    return ",".join(f.name for cls in (Document, Block, Cell, Number) for f in dataclasses.fields(cls))


def _dump(doc: Document) -> dict[str, Any]:
    blocks = []
    for b in doc.blocks:
        d = {f.name: getattr(b, f.name) for f in dataclasses.fields(Block) if f.name not in ("element", "cells")}
        d["number"] = dataclasses.asdict(b.number) if b.number is not None else None
        d["disabled"] = sorted(b.disabled)
        d["cells"] = [[c.row, c.col, c.text] for c in b.cells]
        blocks.append(d)
    head = {f.name: getattr(doc, f.name) for f in dataclasses.fields(Document) if f.name != "blocks"}
    return {"shape": _shape(), "doc": head, "blocks": blocks}


def _load(data: dict[str, Any]) -> Document:
    blocks = []
    for d in data["blocks"]:
        d = dict(d)
        d["number"] = Number(**d["number"]) if d["number"] is not None else None
        d["disabled"] = set(d["disabled"])
        d["cells"] = [Cell(r, c, t) for r, c, t in d["cells"]]
        blocks.append(Block(**d))
    return Document(**data["doc"], blocks=blocks)


def _entry(outdir: Path, digest: str) -> Path:
    return outdir / CACHE_DIR / f"{digest}.json"


def light(doc: Document) -> Document:
    """The document without its XML (which would keep every unit's whole DOCX tree alive)."""
    for b in doc.blocks:
        b.element = None
        for c in b.cells:
            c.element = None
    return doc


def store(outdir: Path, report: bytes, doc: Document) -> str:
    """Cache the report's document; returns the report's hash."""
    digest = hashlib.sha256(report).hexdigest()
    (outdir / CACHE_DIR).mkdir(exist_ok=True)
    write_atomic(_entry(outdir, digest), json.dumps(_dump(doc), ensure_ascii=False).encode("utf-8"))
    return digest


def cached_document(outdir: Path, report: Path) -> tuple[Document, str]:
    """The report's outlined document and its hash, from the cache when its bytes are unchanged."""
    raw = report.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = json.loads(_entry(outdir, digest).read_text(encoding="utf-8"))
        if data.get("shape") == _shape():
            doc = _load(data)
            doc.path = str(report)
            return doc, digest
    except (OSError, ValueError, TypeError, KeyError):
        pass  # no entry, or not ours: read the report
    from .check_pipeline import read_document
    from .read.outline import build_outline
    from .rubric import load_all

    doc = light(read_document(report))
    build_outline(doc, load_all())
    return doc, store(outdir, raw, doc)


def prune(outdir: Path, keep: set[str]) -> None:
    """Drop entries of reports that are no longer in the folder."""
    folder = outdir / CACHE_DIR
    if not folder.is_dir():
        return
    for p in folder.glob("*.json"):
        if p.stem not in keep:
            p.unlink(missing_ok=True)
