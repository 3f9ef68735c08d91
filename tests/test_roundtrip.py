"""Round trips are fixed points (issue 12 item 7): import of a jixiao draft gives back its data
field by field and does not grow per cycle; a placeholder is not narrative; text with NUL bytes
imports into YAML jixiao reads; 分值 with three decimals draft and re-import without an error on
a 得分 nobody wrote; the department and evaluation fields of issue 9 (机构和人员 … 问题与建议) come back
from DOCX, Markdown and text. (Rollover's fixed point is in test_rollover.py.)"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import EXAMPLES
from writer.cli import main
from writer.draft.docx_build import build
from writer.pipeline import draft_report, load_data

CASES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


def _draft_docx(data: Path, out: Path) -> Path:
    d = draft_report(data)
    out.write_bytes(build(d.doc, d.rubric.raw["format"]))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in (None, [], "", {})}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("case", CASES)
def test_import_of_a_draft_gives_back_its_data_and_stays_put(case: str, tmp_path: Path) -> None:
    src = EXAMPLES / f"{case}.yaml"  # every field the examples have, the new ones included
    d = draft_report(src)
    expected = dict(d.loaded.data)
    # what the draft states as computed (得分, 自评得分, 等级) comes back as stated: equal to the figures
    expected["stated_total"] = expected.get("stated_total") or d.figures.total
    expected["stated_grade"] = expected.get("stated_grade") or d.figures.grade
    expected["indicators"] = [{**r.row, "score": r.score} for r in d.figures.indicators]
    one = tmp_path / "one.yaml"
    assert main(["import", str(_draft_docx(src, tmp_path / "0.docx")), "-o", str(one)]) == 0
    back, _ = load_data(one)
    assert _plain(back.data) == _plain(expected)
    # a second and a third cycle write the same file: nothing doubles, nothing drifts
    two, three = tmp_path / "two.yaml", tmp_path / "three.yaml"
    assert main(["import", str(_draft_docx(one, tmp_path / "1.docx")), "-o", str(two)]) == 0
    assert main(["import", str(_draft_docx(two, tmp_path / "2.docx")), "-o", str(three)]) == 0
    body = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in (one, two, three)]
    assert body[0] == body[1] == body[2]


def test_placeholder_is_not_imported_as_narrative(tmp_path: Path) -> None:
    text = (EXAMPLES / "evaluation-sample.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n\s+(?:执行偏差说明|预算调整说明):.*", "", text)  # the draft asks for them: 【待补充：…】
    text = re.sub(r"\n  评价对象和范围:.*\n.*", "\n  评价对象和范围: 待核实", text)
    src = tmp_path / "data.yaml"
    src.write_text(text, encoding="utf-8")
    docx_path = _draft_docx(src, tmp_path / "d.docx")
    assert "【待补充" in draft_report(src).doc.markdown()
    out = tmp_path / "back.yaml"
    assert main(["import", str(docx_path), "-o", str(out)]) == 0
    back = out.read_text(encoding="utf-8")
    body = "\n".join(ln for ln in back.splitlines() if not ln.lstrip().startswith("#"))
    assert "【待补充" not in body and "【待核实" not in body
    loaded, _ = load_data(out)
    assert loaded.data["funds"]["execution_note"] is None and loaded.data["funds"]["adjustment_note"] is None


def test_text_with_nul_and_control_bytes_imports_to_yaml_jixiao_reads(tmp_path: Path) -> None:
    src = tmp_path / "旧报告.txt"
    src.write_bytes("某局2024年度某项目支出绩效自评报告\n一、基本情况\n\x00项目\x01用于\x0c改善\x00条件。\n"
                    "二、绩效自评工作开展情况\n成立\x0b自评小组\x7f开展自评。\n".encode("utf-8"))
    out = tmp_path / "data.yaml"
    assert main(["import", str(src), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw)
    loaded, _ = load_data(out)
    assert loaded.data["process"] == ["成立自评小组开展自评。"]
    assert main(["draft", str(out), "-o", str(tmp_path / "r.docx")]) == 0


def test_weights_with_three_decimals_draft_and_reimport(tmp_path: Path) -> None:
    text = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
    weights = iter(["16.667", "16.667", "8.333", "8.333"])
    text = re.sub(r"(分值: )\d+", lambda m: m.group(1) + next(weights, m.group(0)[4:]), text, count=4)
    text = re.sub(r"\n自评(?:得分|等级):.*", "", text)
    src = tmp_path / "data.yaml"
    src.write_text(text, encoding="utf-8")
    d = draft_report(src)  # no 得分 written: none may be reported as “超过分值”
    assert d.figures.indicators[0].score == Decimal("16.67")
    out = tmp_path / "back.yaml"
    assert main(["import", str(_draft_docx(src, tmp_path / "d.docx")), "-o", str(out)]) == 0
    again = draft_report(out)
    assert again.figures.total == d.figures.total
    assert [r.row["weight"] for r in again.figures.indicators][:4] == [Decimal(w) for w in ("16.667", "16.667", "8.333", "8.333")]


# the fields the department and evaluation drafts gained (issue 9 item 1), read back from every surface
NEW_FIELDS = ["organisation", "task_results", "three_public", "disclosure", "procurement", "assets",
              "method_detail", "issues", "indicators"]


def _as_text(data: Path, out: Path, surface: str) -> Path:
    """The draft as a user saves it: Markdown as jixiao renders it, or Word's 另存为纯文本 (tables as tabs)."""
    d = draft_report(data)
    if surface == "md":
        out.write_text(d.doc.markdown(), encoding="utf-8")
        return out
    document = docx.Document(str(_draft_docx(data, out.with_suffix(".docx"))))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in docx.table.Table(block, document).rows:
                lines.append("\t".join(c.text for c in row.cells))
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


@pytest.mark.parametrize("surface", ["md", "txt"])
@pytest.mark.parametrize("case", [c for c in CASES if not c.startswith("project")])
def test_new_fields_come_back_from_markdown_and_text_over_three_cycles(case: str, surface: str,
                                                                        tmp_path: Path) -> None:
    src = EXAMPLES / f"{case}.yaml"
    original, _ = load_data(src)
    expected = _plain({k: original.data.get(k) for k in NEW_FIELDS if k != "indicators"})
    assert expected, "the example lost its new fields"
    current, bodies = src, []
    for cycle in range(3):
        back = tmp_path / f"{cycle}.yaml"
        assert main(["import", str(_as_text(current, tmp_path / f"{cycle}.{surface}", surface)), "-o", str(back)]) == 0
        loaded, _ = load_data(back)
        got = _plain({k: loaded.data.get(k) for k in NEW_FIELDS if k != "indicators"})
        assert got == expected, cycle
        tasks = [r.get("task") for r in loaded.data.get("indicators") or []]
        assert tasks == [r.get("task") for r in original.data.get("indicators") or []]
        assert not loaded.data.get("other_sections"), loaded.data.get("other_sections")
        bodies.append(back.read_text(encoding="utf-8").split("\n", 1)[1])
        current = back
    assert bodies[0] == bodies[1] == bodies[2]
