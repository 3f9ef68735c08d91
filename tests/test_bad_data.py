"""Bad data files: a located Chinese error (file, line, column, 字段), exit 2, nothing written."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES
from writer.cli import main

BASE = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# (case id, old text, new text, expected field, expected message part, line holding the error)
CASES = [
    ("missing_field", "单位名称: 中共湛江市委组织部\n", "", "单位名称", "是必填字段", None),
    ("text_for_amount", '执行数: "445.00"\n  资金来源', '执行数: 四百四十五万\n  资金来源', "执行数", "应为金额数字", "执行数: 四百四十五万"),
    ("negative_amount", '到位数: "445.00"', '到位数: "-445.00"', "到位数", "金额不能为负数", '到位数: "-445.00"'),
    ("spent_over_received", '到位数: "445.00"', '到位数: "400.00"', "执行数", "大于到位数", '执行数: "445.00"'),
    ("weights_not_summing", "完成值: 9\n    分值: 10", "完成值: 9\n    分值: 15", "绩效指标", "分值合计为55", "绩效指标:"),
    ("unknown_direction", "指标性质: ≥\n    指标值: 5000", "指标性质: ≈\n    指标值: 5000", "指标性质", "应为以下之一", "指标性质: ≈"),
    ("bad_date", "填报日期: 2021-06-28", "填报日期: 2021-02-30", "填报日期", "不存在", "填报日期: 2021-02-30"),
    ("unknown_report_type", "报告类型: 项目支出绩效自评报告", "报告类型: 年终总结", "报告类型", "不是已知的报告类型", "报告类型: 年终总结"),
    ("malformed_yaml", "评价年度: 2020\n", "评价年度: 2020\n  填报: [\n", None, "YAML 格式有误", None),
    ("duplicate_key", "评价年度: 2020\n", "评价年度: 2020\n评价年度: 2021\n", "评价年度", "重复出现", "评价年度: 2021"),
    ("unknown_key_typo", "主管部门: 中共湛江市委组织部", "主管部鬥: 中共湛江市委组织部", "主管部鬥", "是否想写「主管部门」", "主管部鬥"),
    ("wrong_unit", '年初预算数: "445.00"', '年初预算数: "445美元"', "年初预算数", "金额单位“美元”无法识别", '年初预算数: "445美元"'),
    ("stated_total_wrong", "自评得分: 100", "自评得分: 98", "自评得分", "应为100分", "自评得分: 98"),
    ("grade_wrong", "自评等级: 优", "自评等级: 良", "自评等级", "对应的等级为“优”", "自评等级: 良"),
    ("score_wrong", "完成值: 5000\n    分值: 20", "完成值: 5000\n    分值: 20\n    得分: 18", "得分", "得分应为20分", "得分: 18"),
    ("qualitative_level_unknown", "完成值: 达成\n    分值: 20", "完成值: 基本完成\n    分值: 20", "完成值", "定性指标的完成值", "完成值: 基本完成"),
    ("sources_not_summing", '预算数: "445.00"\n      执行数', '预算数: "440.00"\n      执行数', "资金来源", "与全年预算数445.00万元不一致", "资金来源:"),
    ("text_for_year", "评价年度: 2020", "评价年度: 二〇二〇", "评价年度", "应为四位年份", "评价年度: 二〇二〇"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_located_and_writes_nothing(case, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cid, old, new, field, part, line_needle = case
    assert old in BASE, cid
    text = BASE.replace(old, new, 1)
    data = tmp_path / "data.yaml"
    data.write_text(text, encoding="utf-8")
    before = data.read_bytes()
    out = tmp_path / "report.docx"
    code = main(["draft", str(data), "-o", str(out), "--md", str(tmp_path / "r.md")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert not out.exists() and not (tmp_path / "r.md").exists()
    assert data.read_bytes() == before
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if part in ln]
    assert lines, err
    msg = lines[0]
    assert msg.startswith(f"错误：{data} 第"), msg
    if field:
        assert f"「{field}」" in msg, msg
    if line_needle:
        want = _line_of(text, line_needle)
        got = int(re.search(r"第(\d+)行", msg).group(1))  # type: ignore[union-attr]
        assert got == want, msg


def test_all_problems_listed_at_once(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('到位数: "445.00"', '到位数: 四百').replace("填报日期: 2021-06-28", "填报日期: 明天")
    data = tmp_path / "d.yaml"
    data.write_text(text, encoding="utf-8")
    assert main(["draft", str(data), "-o", str(tmp_path / "o.docx")]) == 2
    err = capsys.readouterr().err
    assert "「到位数」" in err and "「填报日期」" in err


def test_missing_data_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["draft", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "o.docx")]) == 2
    # the file name and the message apart (was “nope.yaml文件不存在”)
    assert f"错误：{tmp_path / 'nope.yaml'} 文件不存在 [E104]" in capsys.readouterr().err


def test_output_not_overwritten_without_force(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "o.docx"
    out.write_bytes(b"keep me")
    assert main(["draft", str(EXAMPLES / "project-zhanjiang-2020.yaml"), "-o", str(out)]) == 2
    assert out.read_bytes() == b"keep me"
    assert "--force" in capsys.readouterr().err
    assert main(["draft", str(EXAMPLES / "project-zhanjiang-2020.yaml"), "-o", str(out), "--force"]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_output_same_as_input_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d.yaml"
    data.write_text(BASE, encoding="utf-8")
    assert main(["draft", str(data), "-o", str(data), "--force"]) == 2
    assert data.read_text(encoding="utf-8") == BASE


def test_usage_error_is_chinese(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(["draft"])
    assert exc.value.code == 2
    assert "缺少必需的参数" in capsys.readouterr().err


def test_outputs_have_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "o.docx"
    assert main(["draft", str(EXAMPLES / "project-zhanjiang-2020.yaml"), "-o", str(out)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
