"""Five units of one batch with 13 planted drifts (test data written for these tests).

Drifts in the data files (indicator names, self-references, terms in free text) come out in
the drafts through `jixiao draft`; drifts in the wording of standard sentences and grade words
are planted in the drafted text, the way a unit edits its draft by hand.
"""
from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES

BASE = (EXAMPLES / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8")
UNITS = ["u1", "u2", "u3", "u4", "u5"]
AGENCIES = {"u1": "甲区委组织部", "u2": "乙区委组织部", "u3": "丙县委组织部", "u4": "丁县委组织部", "u5": "戊区委组织部"}
# every unit mentions the two terms in its own free text, so a different word stands out
FREE_TEXT = "经费使用严格执行培训费和差旅费管理规定，资金由财政直接支付，支出审批手续完整。"
TERMS_TEXT = "经费使用严格执行培训费和差旅费管理规定，预算执行率按月通报，绩效自评报告按时报送。"

# (unit, in data?, from, to): from → to in the unit's data file or in its drafted text
DATA_DRIFTS = [
    ("u2", "三级指标: 培训人次", "三级指标: 参训人次"),
    ("u3", "三级指标: 培训人次", "三级指标: 培训人员数量"),
    ("u4", "三级指标: 举办党校主体班期数", "三级指标: 举办党校主体班班次"),
    ("u5", "三级指标: 学员结业率", "三级指标: 参训学员结业率"),
    ("u2", "预算执行率按月通报", "资金支出率按月通报"),
    ("u3", "绩效自评报告按时报送", "绩效自我评价报告按时报送"),
    ("u3", "我部制定市级财政资金绩效自评工作方案", "本局制定市级财政资金绩效自评工作方案"),
    ("u5", "我部制定市级财政资金绩效自评工作方案", "我单位制定市级财政资金绩效自评工作方案"),
]
TEXT_DRIFTS = [
    ("u4", "自评等级为“优”", "自评等级为“优秀”"),
    ("u2", "资金均按计划足额到位", "资金均已足额拨付到位"),
    ("u4", "针对上述问题，下一步拟采取以下措施：", "今后我们将重点做好以下工作："),
    ("u5", "本年度绩效目标总体完成，自评得分", "本年度绩效目标全面完成，自评得分"),
    ("u1", "公开内容与报送财政部门的材料一致", "公开的内容与报送财政部门的材料保持一致"),
]
# (unit, rule, as written, the majority / standard form): what the check must report
EXPECTED = [
    ("u2", "TRM11", "参训人次", "培训人次"),
    ("u3", "TRM11", "培训人员数量", "培训人次"),
    ("u4", "TRM11", "举办党校主体班班次", "举办党校主体班期数"),
    ("u5", "TRM11", "参训学员结业率", "学员结业率"),
    ("u2", "TRM12", "资金支出率", "预算执行率"),
    ("u3", "TRM12", "绩效自我评价报告", "绩效自评报告"),
    ("u3", "TRM15", "本局", "我部"),
    ("u5", "TRM15", "我单位", "我部"),
    ("u4", "TRM14", "优秀", "优"),
    ("u2", "TRM13", "资金均已足额拨付到位", "资金均按计划足额到位"),
    ("u4", "TRM13", "今后我们将重点做好以下工作", "针对上述问题，下一步拟采取以下措施"),
    ("u5", "TRM13", "本年度绩效目标全面完成", "本年度绩效目标总体完成"),
    ("u1", "TRM13", "公开的内容与报送财政部门的材料保持一致", "公开内容与报送财政部门的材料一致"),
]


def data_files(folder: Path, drifts: bool = True) -> list[Path]:
    """Five data files; u4's satisfaction indicator is about another group (受益农户), not a drift."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, u in enumerate(UNITS):
        text = BASE.replace("中共湛江市委组织部", AGENCIES[u]).replace(FREE_TEXT, TERMS_TEXT)
        text = text.replace("完成值: 96", f"完成值: {92 + i}")
        if u == "u4":
            text = text.replace("三级指标: 参训学员满意度", "三级指标: 受益农户满意度")
        for unit, old, new in DATA_DRIFTS if drifts else []:
            if unit == u:
                assert old in text, old
                text = text.replace(old, new)
        path = folder / f"{u}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def plant_text(unit: str, text: str) -> str:
    for u, old, new in TEXT_DRIFTS:
        if u == unit:
            assert old in text, old
            text = text.replace(old, new)
    return text


def plant_docx(path: Path, unit: str) -> None:
    """The text drifts typed into the unit's Word draft (one run per paragraph in a drafted DOCX)."""
    from docx import Document

    doc = Document(str(path))
    for u, old, new in TEXT_DRIFTS:
        if u != unit:
            continue
        runs = [r for p in doc.paragraphs for r in p.runs if old in r.text]
        assert runs, old
        for r in runs:
            r.text = r.text.replace(old, new)
    doc.save(str(path))
