"""Hypothesis drives the data file's fields: any text in a text field, any string in an amount, a
year or an indicator value either drafts a valid DOCX or stops with a located Chinese error."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from writer.errors import JixiaoError
from writer.pipeline import draft_docx

from .corpus import CONTROL, FORMULAS, INJECTIONS, _example

EX = _example()
TEXT_FIELDS = ["单位名称", "自称", "整体绩效目标", "预算调整说明"]
NUMBER_FIELDS = ['本年收入: "1540.23"', "评价年度: 2023", '年初结转结余: "36.50"']
hostile = st.sampled_from(CONTROL + INJECTIONS + FORMULAS + ["", " ", "\n", "待填", "：", "#", "'", '"'])
texts = st.lists(st.one_of(hostile, st.text(max_size=30)), max_size=6).map("".join)


def _draft(tmp: Path, text: str) -> None:
    data = tmp / "d.yaml"
    data.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        _, docx = draft_docx(data)
    except JixiaoError as exc:
        lines = exc.lines()
        assert lines and all(line.startswith("错误：") and "[E" in line for line in lines), lines
        return
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        etree.fromstring(z.read("word/document.xml"))  # well-formed XML: Word opens it


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(TEXT_FIELDS), value=texts)
def test_any_text_in_a_text_field(tmp_path: Path, field: str, value: str) -> None:
    lines = [f"{field}: {json.dumps(value, ensure_ascii=False)}" if ln.startswith(f"{field}:") else ln
             for ln in EX.splitlines()]
    _draft(tmp_path, "\n".join(lines) + "\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(NUMBER_FIELDS), value=st.one_of(texts, st.from_regex(r"-?[0-9,，.．]{0,45}", fullmatch=True)))
def test_any_string_in_a_number_field(tmp_path: Path, field: str, value: str) -> None:
    key = field.split(":")[0]
    _draft(tmp_path, EX.replace(field, f"{key}: {json.dumps(value, ensure_ascii=False)}", 1))
