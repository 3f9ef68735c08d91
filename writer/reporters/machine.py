"""Machine-readable outputs: JSON (schema_version 1), line, SARIF 2.1.0."""
from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..check_pipeline import Checked
from ..ui_text import ui
from .fold import foldings, groups

SCHEMA_VERSION = 1


def to_json(checked_list: list[Checked]) -> str:
    """Every instance in `findings`; `groups` names the rules that fired often enough to be folded
    in the terminal, with the indexes of their instances. Compact: no indentation to write."""
    files = []
    for c in checked_list:
        index = {id(f): i for i, f in enumerate(c.findings)}
        files.append({
            "path": c.doc.path, "report_type": c.rubric.id,
            "findings": [f.as_dict() for f in c.findings],
            "groups": [{"rule": g.rule, "count": len(g.findings), "findings": [index[id(f)] for f in g.findings]}
                       for g in groups(c.findings, foldings(c.rubric.checks))],
            "summary": {lvl: sum(1 for f in c.findings if f.level == lvl) for lvl in ("error", "warning", "info")},
        })
    return json.dumps({"schema_version": SCHEMA_VERSION, "tool": "jixiao", "files": files},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def to_lines(checked_list: list[Checked]) -> str:
    """FILE:LOC:RULE:level:message — line:column for TXT/MD, 段N for DOCX, 全文 for the whole draft."""
    out = []
    for c in checked_list:
        for f in c.findings:
            out.append(f"{c.doc.path}:{f.location.short()}:{f.rule}:{f.level}:{f.message}")
    return "\n".join(out) + ("\n" if out else "")


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def to_sarif(checked_list: list[Checked], rules: list[Any]) -> str:
    results = []
    for c in checked_list:
        for f in c.findings:
            region: dict[str, Any] = {}
            if f.location.line is not None:
                region = {"startLine": f.location.line, "startColumn": (f.location.start or 0) + 1}
            results.append({
                "ruleId": f.rule, "level": _SARIF_LEVEL[f.level],
                "message": {"text": f.message + (ui(f"（建议：{f.suggestion}）") if f.suggestion else "")},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": c.doc.path},
                                                    **({"region": region} if region else {})},
                               "logicalLocations": [{"name": f.location.section or ui("全文"),
                                                     "kind": "section"}]}],
                "properties": {"excerpt": f.excerpt, "block": f.location.block},
            })
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "jixiao", "version": __version__, "rules": [
               {"id": r.id, "name": r.name, "shortDescription": {"text": r.doc or r.message},
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.level]}} for r in rules]}},
               "results": results}]}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
