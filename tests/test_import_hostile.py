"""Hostile text through `import` (the fuzz run's slow cases): each finishes in time linear in its
length, or is refused at once with a located limit message. CPU bounds are generous (the machine is
shared); each case took minutes on the old code."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from writer.cli import main
from writer.template_sentences import FILL_MAX, group_patterns, template_regex


def _import_cpu(tmp_path: Path, text: str) -> float:
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    start = time.process_time()
    assert main(["import", str(src), "-o", str(tmp_path / "d.yaml")]) == 0
    return time.process_time() - start


def test_a_100000_character_line_of_digits_imports_quickly(tmp_path: Path) -> None:
    """The phrase-bank sentences that start with a value (`{{ 指标 }}：年度指标为…`) and the
    rubric's `.*的主要职能如下：$` scanned to the end of the line from every position: 90 s per
    pattern; now about 1 s for the whole import."""
    took = _import_cpu(tmp_path, "一、基本情况\n" + "1" * 100_000 + "\n")
    assert took < 15, f"{took:.1f} s of CPU"


def test_five_hundred_bait_lines_import_quickly(tmp_path: Path) -> None:
    took = _import_cpu(tmp_path, "\n".join(["执行率95%" * 40] * 500))
    assert took < 15, f"{took:.1f} s of CPU"


def test_every_phrase_pattern_has_bounded_values_and_wording_it_needs() -> None:
    for gid, sentences in group_patterns().items():
        for s in sentences:
            assert ".+?" not in s.pattern and ".*?" not in s.pattern, (gid, s.pattern)
            assert f"}}?.{{" not in s.pattern, ("two fills in a row", gid, s.pattern)
            assert ")*" not in s.pattern and ")+" not in s.pattern, ("a repeated group", gid, s.pattern)
    s = template_regex("{{ a }}{{ b }}：年度指标为“{{ c }}”，得分{{ d }}分。")
    assert s is not None and s.need == "：年度指标为“"
    assert s.search("培训人次：年度指标为“100人”，得分10分。") is not None
    assert s.sub("", "培训人次：年度指标为“100人”，得分10分。后文") == "后文"
    assert s.search("x" * (FILL_MAX + 1) + "：年度指标为“1”，得分1分。").start() == 1


def test_a_paragraph_longer_than_a_field_may_be_is_refused_at_once_naming_the_source(tmp_path: Path) -> None:
    """It used to be drafted, then refused about a temporary file (jixiao-import-…/imported.yaml)."""
    (tmp_path / "lim.yaml").write_text("text_field_chars: 1000\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一、基本情况\n" + "预算执行率95%，" * 200 + "\n", encoding="utf-8")
    env = {**os.environ, "JIXIAO_LIMITS": str(tmp_path / "lim.yaml")}
    r = subprocess.run([sys.executable, "-m", "writer", "import", "a.txt", "-o", "d.yaml"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "a.txt 第2段 超过单个文字字段字数上限" in r.stderr and "imported.yaml" not in r.stderr
    assert not (tmp_path / "d.yaml").exists()


def test_a_looped_sentence_that_fails_to_match_does_not_backtrack_exponentially() -> None:
    """{% for %} was a repeated group of fills: a weights sentence with 22 “分” and no ending took
    56 s for one search. Time bounds are generous; exponential would be hours."""
    import time

    s = template_regex("一级指标权重为{% for lv in levels %}{{ lv.name }}{{ lv.weight }}分"
                       "{{ '、' if not loop.last }}{% endfor %}，合计100分。")
    assert s is not None
    assert s.search("一级指标权重为决策20分、过程20分、产出40分、效益20分，合计100分。") is not None
    start = time.process_time()
    assert s.search("一级指标权重为" + "决策2分" * 40) is None
    assert time.process_time() - start < 5
