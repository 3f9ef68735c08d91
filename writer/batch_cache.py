"""What the cross-unit stage needs of each report, cached by the report's content hash.

A rerun of an unchanged batch then reads no DOCX: each report's bytes are hashed (cheap) and
its read, outlined document comes from OUTDIR/.jixiao-cache/<sha256>.json. A report edited by
hand has another hash and is read again. When no report changed at all, the cross-unit
findings themselves come from the cache (across-<signature>.json). The cache holds only plain data (JSON, no pickle), and
a damaged or foreign entry is ignored.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import JixiaoError
from .numbering import Number
from .read.document import Block, Cell, Document
from .safe_io import write_atomic

CACHE_DIR = ".jixiao-cache"


def _shape() -> str:
    """The document model's fields: a cache written by another model version is not used."""
    return ",".join(f.name for cls in (Document, Block, Cell, Number) for f in dataclasses.fields(cls))


@lru_cache(maxsize=None)
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _dump(doc: Document) -> dict[str, Any]:
    kept = [n for n in _names(Block) if n not in ("element", "cells")]
    number = _names(Number)  # plain values only: no deep copy (dataclasses.asdict) per block
    blocks = []
    for b in doc.blocks:
        d = {n: getattr(b, n) for n in kept}
        d["number"] = {n: getattr(b.number, n) for n in number} if b.number is not None else None
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
    try:  # a cache that cannot be written only costs time on the next run
        (outdir / CACHE_DIR).mkdir(exist_ok=True)
        write_atomic(_entry(outdir, digest), json.dumps(_dump(doc), ensure_ascii=False).encode("utf-8"))
    except (OSError, JixiaoError):
        pass
    return digest


def report_digest(report: Path) -> str:
    return hashlib.sha256(report.read_bytes()).hexdigest()


def cached_document(outdir: Path, report: Path, digest: str) -> Document:
    """The report's outlined document, from the cache when its bytes are unchanged."""
    try:
        data = json.loads(_entry(outdir, digest).read_text(encoding="utf-8"))
        if data.get("shape") == _shape():
            doc = _load(data)
            doc.path = str(report)
            return doc
    except (OSError, ValueError, TypeError, KeyError):
        pass  # no entry, or not ours: read the report
    from .check_pipeline import read_document
    from .read.outline import build_outline
    from .rubric import load_all

    raw = report.read_bytes()
    doc = light(read_document(report))
    build_outline(doc, load_all())
    store(outdir, raw, doc)
    return doc


def prune(outdir: Path, keep: set[str]) -> None:
    """Drop entries of reports that are no longer in the folder."""
    folder = outdir / CACHE_DIR
    if not folder.is_dir():
        return
    for p in folder.glob("*.json"):
        if p.stem not in keep and not p.name.startswith("across-"):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                pass


# -- the cross-unit findings of a whole batch --------------------------------------------------
def across_signature(rules: str, reports: list[tuple[str, str]]) -> str:
    """Same rules and the same reports under the same keys → the same cross-unit findings."""
    h = hashlib.sha256(rules.encode())
    for key, digest in sorted(reports):
        h.update(f"{key}\0{digest}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cached_across(outdir: Path, signature: str) -> dict[str, list[Any]] | None:
    from .across import finding_from_dict

    try:
        data = json.loads((outdir / CACHE_DIR / f"across-{signature}.json").read_text(encoding="utf-8"))
        return {key: [finding_from_dict(f) for f in found] for key, found in data.items()}
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store_across(outdir: Path, signature: str, found: dict[str, list[Any]]) -> None:
    folder = outdir / CACHE_DIR
    data = {key: [f.as_dict() for f in findings] for key, findings in found.items()}
    try:
        folder.mkdir(exist_ok=True)
        for old in folder.glob("across-*.json"):
            old.unlink(missing_ok=True)
        write_atomic(folder / f"across-{signature}.json", json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except (OSError, JixiaoError):
        pass
