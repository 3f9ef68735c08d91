"""Department (部门整体) and evaluation (附3) drafts: the content real reports have (issue 9 item 1).

机构和人员, 收支构成 shares adding up to 100 %, “三公”经费, 预决算公开, 政府采购, 资产管理, 管理效率 in its own
section with its own indicators, 履职效能 by 重点工作; 评价方法与标准, 指标体系 with 权重/评分标准, 问题 and
建议 one to one. Groups left out are pending-safe: 【待补充】 in the draft and listed by `draft`.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from writer.department_figures import shares_to_100
from writer.pipeline import draft_report

DEPT = EXAMPLES / "department-panyu-2023.yaml"
EVAL = EXAMPLES / "evaluation-sample.yaml"
CORPUS = ROOT.parent / "shared" / "corpus"


def _body(md: str) -> str:
    """The report body: after the cover lines, before the attachments."""
    return md.split("\n---\n")[0].split("填报日期：", 1)[1]


def _section(md: str, heading: str) -> str:
    """Text of the section whose heading line ends with `heading`, up to the next heading of its level."""
    lines = md.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and line.endswith(heading))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith("#") and len(lines[i]) - len(lines[i].lstrip("#")) <= level), len(lines))
    return "\n".join(lines[start:end])


def _variant(tmp_path: Path, base: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.load(base.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    change(data)
    out = tmp_path / base.name
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("parts,total", [
    (["1.00", "1.00", "1.00"], "3.00"),  # 33.33 ×3 = 99.99 when rounded alone
    (["2.00", "1.00", "3.00"], "6.00"),
    (["1440.68", "69.22", "30.33"], "1540.23"),
    (["0.01", "99.99"], "100.00"),
])
def test_shares_add_up_to_exactly_100(parts: list[str], total: str) -> None:
    shares = shares_to_100([Decimal(p) for p in parts], Decimal(total))
    assert sum(shares) == Decimal(100)  # type: ignore[arg-type]
    for p, s in zip(parts, shares):  # each within a cent of the exact share
        assert abs(s - Decimal(p) / Decimal(total) * 100) < Decimal("0.01")  # type: ignore[operator]


def test_department_example_has_every_part_and_3000_characters() -> None:
    md = draft_report(DEPT).doc.markdown()
    body = _body(md)
    assert len(re.findall(r"[\u4e00-\u9fff]", body)) >= 3000
    for heading in ["部门职能", "机构设置和人员情况", "年度总体工作和重点工作任务", "部门整体支出绩效目标",
                    "收入情况", "支出情况", "预算执行情况", "自评工作开展情况", "自评结论", "履职效能分析",
                    "管理效率分析", "“三公”经费管理", "预决算公开", "政府采购", "资产管理", "存在的主要问题",
                    "下一步改进措施", "自评结果应用和公开情况"]:
        assert re.search(r"^#+ .*" + re.escape(heading) + "$", md, re.M), heading
    assert "核定编制38名，实有在职人员35人，在职人员控制率为92.11%" in md
    assert "内设机构5个" in md
    # 管理效率 indicators only in their own section, 履职效能 ones under their 重点工作
    effect, efficiency = _section(md, "履职效能分析"), _section(md, "管理效率分析")
    assert "三公经费控制率：" in efficiency and "三公经费控制率：" not in effect
    assert "培训人次：" in _section(md, "干部教育培训") and "新开发课程数：" in _section(md, "课程和师资建设")
    # “三公”经费: the 合计 row is the sum of the three rows; zero bases print “—”, never 【待填】
    assert "| 合计 | 9.20 | 7.81 | 8.59 | 84.89% | -9.08% |" in md
    assert "| 因公出国（境）费 | 0.00 | 0.00 | 0.00 | — | — |" in md
    assert "经自评，自评得分" not in md and "【待" not in md


def test_department_groups_left_out_are_pending_and_listed(tmp_path: Path) -> None:
    def drop(data: dict) -> None:  # type: ignore[type-arg]
        for key in ("机构和人员", "三公经费", "预决算公开", "政府采购", "资产管理"):
            data.pop(key)
    d = draft_report(_variant(tmp_path, DEPT, drop))
    md = d.doc.markdown()
    assert "None" not in md
    for key in ("机构和人员", "三公经费", "预决算公开", "政府采购", "资产管理"):
        assert f"请在数据文件「{key}」中说明】" in md, key
    assert {m.label for m in d.missing} >= {"机构和人员", "三公经费", "预决算公开", "政府采购", "资产管理"}
    for heading in ("机构设置和人员情况", "“三公”经费管理", "预决算公开", "政府采购", "资产管理"):
        assert "【待补充" in _section(md, heading), heading  # never an empty heading


def test_department_figure_written_pending_stays_pending(tmp_path: Path) -> None:
    def pend(data: dict) -> None:  # type: ignore[type-arg]
        data["机构和人员"]["实有人数"] = "待填"
        data["三公经费"]["公务接待费"]["上年支出数"] = "待填"
    md = draft_report(_variant(tmp_path, DEPT, pend)).doc.markdown()
    assert "实有在职人员【待填】人" in md
    assert "| 公务接待费 | 2.40 | 1.85 | 【待填】 | 77.08% | 【待填】 |" in md
    assert "None" not in md


def test_evaluation_example_has_method_system_and_linked_advice() -> None:
    md = draft_report(EVAL).doc.markdown()
    for heading in ["项目背景", "主要内容及实施情况", "资金投入和使用情况", "项目绩效目标", "绩效评价目的、对象和范围",
                    "评价原则", "评价指标体系", "评价方法", "评价标准", "绩效评价工作过程", "综合评价情况及评价结论",
                    "项目决策情况", "项目过程情况", "项目产出情况", "项目效益情况", "主要经验及做法",
                    "存在的问题及原因分析", "有关建议", "其他需要说明的问题"]:
        assert re.search(r"^#+ .*" + re.escape(heading) + "$", md, re.M), heading
    system = _section(md, "评价指标体系")
    assert "| 一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 |" in system and "| 合计 |  |  | 100 |  |" in system
    assert "90分（含）以上为优，80分（含）至90分为良，60分（含）至80分为中，60分以下为差。" in md
    problems = re.findall(r"^#### \d+\.(.+)$", _section(md, "存在的问题及原因分析"), re.M)
    advice = re.findall(r"针对“(.+?)”的问题，建议", _section(md, "有关建议"))
    assert problems and problems == advice  # one 建议 for each named 问题, in the same order


def test_problem_without_advice_is_reported_at_draft_time(tmp_path: Path) -> None:
    def no_advice(data: dict) -> None:  # type: ignore[type-arg]
        del data["问题与建议"][1]["建议"]
    d = draft_report(_variant(tmp_path, EVAL, no_advice))
    asked = [m for m in d.missing if m.path == ("issues", 1, "advice")]
    assert asked and "效益目标未量化" in asked[0].reason
    assert "针对“效益目标未量化”的问题，【待补充：针对“效益目标未量化”的建议" in d.doc.markdown()


def _sections(doc, rubric) -> set[str]:  # type: ignore[no-untyped-def]
    from writer import rubric as rubric_mod
    from writer.read.outline import build_outline

    build_outline(doc, rubric_mod.load_all(), rubric)
    return {b.section for b in doc.blocks if b.section}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus 不在（真实报告只用于可选的对比测试）")
def test_department_draft_has_every_section_the_real_reports_have() -> None:
    """Every section jixiao's outline finds in a real department report is in the drafted example too."""
    from writer.read.text_reader import read_markdown, read_text

    d = draft_report(DEPT)
    ours = _sections(read_markdown(Path("draft.md"), d.doc.markdown()), d.rubric)
    for name in ("panyu-2023-department-partyschool.txt", "zhanjiang-2020-department-orgdept.txt"):
        real = _sections(read_text(CORPUS / name), d.rubric)
        assert real and real <= ours, (name, real - ours)
