"""Narrative text is text: whatever a user types in a text field appears verbatim in the DOCX."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import EXAMPLES
from writer import rubric as rubric_mod, words
from writer.draft.docx_build import build
from writer.pipeline import draft_report
from writer.read.docx_reader import read_docx

EXAMPLE = EXAMPLES / "project-zhanjiang-2020.yaml"
TEXT_KINDS = {"text", "paragraphs", "list_text"}
HOSTILE = ["```", "<!-- 注释未闭合", "<div>段落</div>", "# 井号开头", "__x__", "&amp;", "**粗**", "[链接](http://x)",
           "1. 编号", "- 列表", "> 引用", "| a | b |", "---", "===", "~~~", "<script>x</script>", "\\", "`code`",
           "&#x41;", "![图](x.png)", "{{ 1 + 1 }}", "{% raw %}", "<br>", "*斜*", "12) 项", "+ 加号", "    缩进"]


def _text_paths(fields: Any, prefix: tuple[Any, ...], data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Paths (Chinese keys, list positions) of every text field present in the example."""
    out: list[tuple[Any, ...]] = []
    for f in fields:
        if f.key not in data:
            continue
        value = data[f.key]
        if f.kind == "group" and isinstance(value, dict):
            out += _text_paths(f.fields, prefix + (f.key,), value)
        elif f.kind == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out += _text_paths(f.fields, prefix + (f.key, i), item)
        elif f.kind in TEXT_KINDS and f.key not in ("报告类型", "一级指标", "自评等级"):
            out.append(prefix + (f.key,))
    return out


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for k in path[:-1]:
        data = data[k]
    old = data[path[-1]]
    data[path[-1]] = [value] if isinstance(old, list) else value


def _docx_text(data: dict[str, Any], tmp: Path) -> str:
    src = tmp / "data.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    d = draft_report(src)
    out = tmp / "out.docx"
    out.write_bytes(build(d.doc, d.rubric.raw["format"]))
    return "\n".join(b.text for b in read_docx(out).blocks)


BASE = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SCHEMA = rubric_mod.find(BASE["报告类型"]).schema
PATHS = _text_paths(SCHEMA, (), BASE)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, ...]]:
    """The text fields the example's report prints (some, like 项目编码, are only data)."""
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for i, p in enumerate(PATHS):
        _set(data, p, f"标记{i}号")
    text = _docx_text(data, tmp_path_factory.mktemp("printed"))
    found = [p for i, p in enumerate(PATHS) if f"标记{i}号" in text]
    assert len(found) >= 15, found  # names, notes, every narrative section, indicator names
    return found


def _check(values: list[str], printed: list[tuple[Any, ...]], tmp: Path) -> None:
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for i, p in enumerate(printed):
        _set(data, p, f"{values[i % len(values)]}〔{i}〕")
    text = _docx_text(data, tmp)
    missing = [(p, values[i % len(values)]) for i, p in enumerate(printed)
               if f"{values[i % len(values)]}〔{i}〕" not in text]
    assert not missing


def test_markdown_and_html_in_every_text_field_come_out_verbatim(printed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _check([h.strip() for h in HOSTILE], printed, tmp_path)


def test_a_fence_or_open_comment_does_not_eat_the_rest(tmp_path: Path) -> None:
    plain = _docx_text(yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader), tmp_path)
    for bad in ("```", "<!--", "<div>"):
        data = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        data["项目概况"]["项目背景"] = bad
        text = _docx_text(data, tmp_path)
        assert text.count("\n") == plain.count("\n"), bad  # the same number of paragraphs
        assert "七、绩效自评结果拟应用和公开情况" in text


_PLACEHOLDERS = set(words.placeholder_values())
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"))
_TEXT = st.lists(st.one_of(st.text(_CHARS, min_size=1, max_size=12), st.sampled_from(HOSTILE)), min_size=1, max_size=4)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=os.environ.get("CI") == "true")  # CI replays fixed examples; local runs explore
@given(st.lists(_TEXT.map(lambda parts: "".join(parts).strip()), min_size=3, max_size=3))
def test_any_text_in_every_text_field_comes_out_verbatim(printed, tmp_path: Path, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    values = [" ".join(v.split()) or "空" for v in values]  # runs of whitespace are the drafter's layout
    if any(v in _PLACEHOLDERS for v in values):
        return
    _check(values, printed, tmp_path)
