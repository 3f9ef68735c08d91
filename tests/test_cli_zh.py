"""The command line speaks Chinese: argparse's own texts, typos, refused outputs, explain for people."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from writer.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "department-panyu-2023.yaml"


def test_help_has_no_english_argparse_texts(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ([], ["check"], ["draft"], ["import"], ["batch"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        text = capsys.readouterr().out
        assert "用法：" in text and "显示本帮助并退出" in text
        assert not re.search(r"usage:|positional arguments|options:|show this help|show program|\b(OUTPUT|DATA|DRAFT|REPORT|UNITS|TYPE)\b", text), text


def test_mistyped_subcommand_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chek", "a.docx"]) == 2
    assert "是不是要用：jixiao check" in capsys.readouterr().err
    assert main(["检查", "a.docx"]) == 2
    assert "jixiao check" in capsys.readouterr().err


def test_bad_choice_and_bad_number_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "a.txt", "--format", "pdf"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "无效的选项：'pdf'" in err and "[E420]" in err and "invalid" not in err


def test_pdf_output_is_refused_with_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(EXAMPLE), "-o", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "不能直接生成 PDF" in err and "另存为 PDF" in err and "[E413]" in err
    assert not list(tmp_path.iterdir())


def test_draft_of_a_report_explains_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "去年.docx"
    report.write_bytes(b"PK")
    assert main(["draft", str(report), "-o", str(tmp_path / "r.docx")]) == 2
    assert "jixiao import" in capsys.readouterr().err


def test_explain_is_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    for rule in ("PUN01", "FIG02", "SEC01", "LEF01"):
        assert main(["explain", rule]) == 0
        text = capsys.readouterr().out
        assert not re.search(r"\{[a-z_]+\}|\{'|\['|': ", text), text
        assert "消息" in text


def test_version_is_fast_path() -> None:
    """--version needs neither rich nor yaml (start-up time)."""
    import subprocess
    import sys

    code = "import sys; from writer.cli import main\ntry: main(['--version'])\nexcept SystemExit: pass\n" \
           "print(sorted(m for m in ('rich', 'yaml', 'docx', 'jinja2', 'lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert out.strip().endswith("[]"), out


def test_parser_builds() -> None:
    assert build_parser().prog == "jixiao"


def _columns(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def test_help_column_lines_up_with_chinese_metavars(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse pads and wraps by len(): a line with a Chinese metavar had its help further right,
    and Chinese help ran up to twice the terminal's width."""
    monkeypatch.setenv("COLUMNS", "80")
    for command in (["check"], ["draft"], ["batch"], ["import"], ["harmonise"], ["serve"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        text = capsys.readouterr().out
        assert "\n选项：\n" in text and "位置参数:" not in text  # full-width, as 用法：
        starts = set()
        for line in text.split("\n选项：\n", 1)[1].splitlines():
            m = re.match(r"^(  \S.*?\S)  +(\S.*)$", line)
            if m and m.group(1).lstrip().startswith("-"):
                starts.add(_columns(line[:m.start(2)]))
        assert len(starts) == 1, (command, starts, text)
        too_wide = [ln for ln in text.splitlines() if _columns(ln) > 80 and not ln.lstrip().startswith("-")]
        assert not too_wide, too_wide


def test_missing_positional_is_named_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse names a missing positional by its dest (data, rule): the Chinese metavar instead."""
    for argv, name in ((["draft"], "数据文件、-o/--output"), (["explain"], "规则"), (["check"], "草稿")):
        with pytest.raises(SystemExit):
            main(argv)
        assert f"缺少必需的参数：{name} [E420]" in capsys.readouterr().err


def test_explain_shows_pattern_parameters_as_patterns(capsys: pytest.CaptureFixture[str]) -> None:
    """A list of regular expressions was joined with 、, which a pattern may itself contain."""
    assert main(["explain", "LEF03"]) == 0
    text = capsys.readouterr().out
    assert "patterns（正则表达式，每行一条）：\n        " in text and "`[^`\\n]{1,40}`、" not in text
    assert main(["explain", "DEV01"]) == 0
    assert "reason_words（正则表达式）：原因|由于" in capsys.readouterr().out
