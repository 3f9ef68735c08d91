"""A full-length self-evaluation report made for the checker's tests: cover, 目录 with dotted
leaders, 摘要 with its own numbering, a 40+ page body (GB/T 9704: 22 lines of 28 characters a
page) with table captions, method sub-headings and tables with merged cells, running headers and
page numbers, and three 附件 (a form, a questionnaire that repeats a body question, scoring rules
with their own 一、二、三). Written by this project; no sentence comes from a real report.

`parts()` is the structure; `to_txt`, `to_markdown` (tables as HTML with rowspan/colspan) and
`to_docx` (real merged cells) render it. `DEFECTS` lists the defects planted on purpose: a checker
that reads the structure right reports those and nothing else.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import docx

TITLE = "某市某局2024年度基层治理能力提升项目支出绩效自评报告"
QUESTION = "您对本年度基层治理培训的组织安排和课程内容是否满意？"

_TOPICS = ["网格化管理", "矛盾纠纷调处", "公共服务事项办理", "应急处置演练", "社区议事协商", "志愿服务组织",
           "便民服务站点建设", "信息采集与更新", "平安创建宣传", "基层干部轮训"]
_ACTS = ["专题培训", "现场观摩", "案例研讨", "集中督导", "业务测试", "经验交流"]
_PLACES = ["东城街道", "西岭镇", "南湖街道", "北山乡", "滨江街道", "青石镇", "河口乡", "新区街道"]
_RESULTS = ["工作台账更加规范", "办理时限明显缩短", "群众知晓度有所提高", "处置流程更加顺畅",
            "议事规则得到落实", "队伍结构持续优化"]

# (rule, excerpt) of every defect planted below
DEFECTS = [("LEF02", "$\\geq 95\\%$"), ("NUM04", "2."), ("PUN01", "》")]


def _para(i: int) -> str:
    """One unique paragraph of about 110 characters (no two sentences alike)."""
    t, a, p, r = _TOPICS[i % 10], _ACTS[i % 6], _PLACES[i % 8], _RESULTS[i % 6]
    return (f"第{i + 1}项重点工作围绕{t}展开，在{p}组织{a}{i % 5 + 2}场次，覆盖村（社区）{i % 17 + 3}个、"
            f"参与人员{120 + i * 7}人次。经过第{i + 1}轮跟踪回访，{r}，相关过程资料{i % 9 + 4}册已按编号第"
            f"{1000 + i}号归档备查。")


def _score_rows() -> list[list[str]]:
    return [["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训场次", "≥60场", "64场", "20", "20"],
            ["", "", "覆盖村（社区）", "≥120个", "126个", "10", "10"],
            ["", "质量指标", "培训考核合格率", "≥90%", "93%", "10", "10"],
            ["", "时效指标", "年度任务按期完成率", "100%", "100%", "10", "10"],
            ["效益指标", "社会效益指标", "矛盾纠纷化解率", "≥85%", "88%", "20", "18"],
            ["", "可持续影响指标", "工作机制长效运行", "长期", "达成", "10", "9"],
            ["满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "94%", "10", "10"],
            ["预算执行率", "", "", "100%", "96.5%", "10", "5.5"],
            ["合计", "", "", "", "", "100", "92.5"]]


# merged cells (top row, left col, rows, cols) of the score table: 一级指标 down, 合计 across
SCORE_MERGES = [(1, 0, 4, 1), (5, 0, 2, 1), (1, 1, 2, 1), (8, 0, 1, 3), (9, 0, 1, 5)]
FUNDS = [["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率"],
         ["财政拨款", "200", "200", "193", "96.5%"],
         ["合计", "200", "200", "193", "96.5%"]]


def parts() -> list[tuple[str, Any]]:
    """(kind, content): title, line, toc, heading, para, caption, table (rows, merges), page."""
    out: list[tuple[str, Any]] = [("title", TITLE), ("line", "项目名称：基层治理能力提升项目"),
                                  ("line", "评价年度：2024年"), ("line", "编制单位：某市某局"),
                                  ("line", "目    录")]
    toc = [("一、基本情况", 3), ("（一）项目概况", 3), ("（二）评价年度项目绩效目标设定情况", 9),
           ("二、绩效自评工作开展情况", 12), ("三、绩效自评结果", 16), ("四、项目资金使用绩效", 17),
           ("五、主要经验、存在的问题和偏离绩效目标的原因分析", 38), ("六、改进意见", 41),
           ("七、绩效自评结果拟应用和公开情况", 43), ("附件", 44)]
    out += [("toc", f"{t}{'…' * 12}{p}") for t, p in toc]
    out += [("line", "摘  要"), ("heading", "一、项目与评价概况"),
            ("para", "本项目年度预算200万元，用于基层治理能力提升培训与督导。"),
            ("heading", "二、主要结论"), ("para", "自评得分92.5分，等级为优。")]
    body: list[tuple[str, Any]] = [("heading", "一、基本情况"), ("heading", "（一）项目概况")]
    n = 0

    def paras(k: int) -> list[tuple[str, Any]]:
        nonlocal n
        got = [("para", _para(n + j)) for j in range(k)]
        n += k
        return got

    body += [("heading", "1.项目背景")] + paras(25) + [("heading", "2.项目内容")] + paras(25)
    body += [("heading", "（二）评价年度项目绩效目标设定情况"),
             ("para", f"年度总体目标：完成基层治理专题培训，提升网格员履职能力。学员满意度目标为$\\geq 95\\%$。")]
    body += paras(20)
    body += [("heading", "二、绩效自评工作开展情况"), ("heading", "1.评价方法"),
             ("heading", "（1）比较法"), ("para", "将年度实际完成情况与年初设定的绩效目标逐项对照。"),
             ("heading", "（2）因素分析法"), ("para", "对影响目标实现的内外部因素逐一分析。"),
             ("heading", "2.工作过程")] + paras(15)
    body += [("heading", "三、绩效自评结果"), ("para", "经自评，本项目自评得分92.5分，等级为优。")]
    body += [("heading", "四、项目资金使用绩效"), ("heading", "（一）资金投入情况"),
             ("para", "本项目全年预算数为200万元，全年执行数为193万元，预算执行率为96.5%。"),
             ("caption", "表4-1 资金使用情况表"), ("line", "单位：万元"), ("table", (FUNDS, []))] + paras(60)
    body += [("heading", "（二）绩效目标完成情况"), ("caption", "表4-2 绩效指标完成情况表"),
             ("table", (_score_rows(), SCORE_MERGES)),
             ("para", f"问卷调查中设置了“{QUESTION}”一题，回收有效问卷312份。")] + paras(80)
    body += [("heading", "五、主要经验、存在的问题和偏离绩效目标的原因分析"), ("heading", "（一）主要经验")] + paras(20)
    body += [("heading", "（二）存在的问题及偏离绩效目标的原因"),
             ("para", "1.部分乡镇培训安排偏于集中，学员工学矛盾较为突出。"),
             ("para", "2.个别站点信息采集更新不及时，台账与系统数据存在差异。"),
             ("para", "2.培训成效评估以问卷为主，跟踪评价手段较少。")] + paras(10)
    body += [("heading", "六、改进意见"), ("para", "1.合理分散培训时段，推行线上线下相结合。"),
             ("para", "2.建立站点数据定期比对机制。"), ("para", "3.依据《基层治理工作规范》和基层治理工作手册》完善跟踪评价。")]
    body += [("heading", "七、绩效自评结果拟应用和公开情况"),
             ("para", "自评结果将作为下一年度预算安排的重要依据，并于2025年6月30日前在本局门户网站公开。")]
    # running headers and page numbers every 22 blocks, as text copied from a printed copy has them
    page = 2
    for k, item in enumerate(body):
        out.append(item)
        if k % 22 == 21:
            out += [("page", f"— {page} —"), ("page", TITLE)]
            page += 1
    out += [("line", "附件1：项目支出绩效自评表"), ("table", (_score_rows(), SCORE_MERGES)),
            ("line", "附件2：问卷调查报告"), ("heading", "一、调查概况"),
            ("para", "本次问卷面向参训人员发放，共回收有效问卷312份。"), ("heading", "二、问卷题目"),
            ("para", f"1.{QUESTION}"), ("para", "A.满意  B.基本满意  C.不满意"),
            ("para", "2.您认为培训内容对实际工作是否有帮助？"), ("para", "A.满意  B.基本满意  C.不满意"),
            ("line", "附件3：评分细则"), ("heading", "一、产出指标评分"),
            ("para", "按完成比例计分，完成目标值的得满分。"), ("heading", "二、效益指标评分"),
            ("para", "按达成程度分档计分。"), ("heading", "三、满意度指标评分"), ("para", "按问卷满意率计分。")]
    return out


def _cells(rows: list[list[str]]) -> list[str]:
    return ["\t".join(r) for r in rows]


def to_txt(wrap: int | None = None) -> str:
    """Plain text (tables as tab-separated lines are left out: text has no tables).
    `wrap`: hard line breaks every `wrap` characters, as text copied out of a PDF has."""
    lines: list[str] = []
    for kind, c in parts():
        if kind == "table":
            continue
        if kind == "page" and wrap is None:
            continue
        text = c
        if wrap and kind == "para":
            lines += [text[i:i + wrap] for i in range(0, len(text), wrap)]
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _html_table(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> str:
    covered = {(r + dr, c + dc) for r, c, h, w in merges for dr in range(h) for dc in range(w) if (dr, dc) != (0, 0)}
    span = {(r, c): (h, w) for r, c, h, w in merges}
    out = ["<table>"]
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            h, w = span.get((r, c), (1, 1))
            attrs = (f' rowspan="{h}"' if h > 1 else "") + (f' colspan="{w}"' if w > 1 else "")
            cells.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out + ["</table>"])


def to_markdown() -> str:
    out: list[str] = []
    for kind, c in parts():
        if kind == "title":
            out.append(f"# {c}")
        elif kind == "heading":
            out.append(c)  # numbered headings typed as text, as most drafts have them
        elif kind == "table":
            out.append(_html_table(*c))
        elif kind != "page":
            out.append(c)
    return "\n\n".join(out) + "\n"


def to_docx(path: Path, copies: int = 1) -> int:
    """The report as Word paragraphs and real merged-cell tables; `copies` > 1 repeats the whole
    report (each copy's paragraphs made unique) for length benchmarks. Returns GB/T 9704 pages."""
    d = docx.Document()
    chars = 0
    for k in range(copies):
        for kind, c in parts():
            if kind == "page":
                continue
            if kind == "table":
                rows, merges = c
                t = d.add_table(rows=len(rows), cols=len(rows[0]))
                for r, row in enumerate(rows):
                    for col, text in enumerate(row):
                        if text:
                            t.cell(r, col).text = text
                for r, col, h, w in merges:
                    t.cell(r, col).merge(t.cell(r + h - 1, col + w - 1))
                continue
            text = c.replace("第", f"第{k}-", 1) if kind == "para" and k else c
            chars += len(text)
            d.add_paragraph(text)
    d.save(str(path))
    return chars // (22 * 28)  # 22 lines of 28 characters a page
