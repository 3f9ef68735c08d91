"""A real browser on the web pages: Debian's Chromium driven by Playwright.

Uploads a corpus report and sees its findings highlighted, fills the 起草 form for a small
project and checks the text of the DOCX it downloads. Skips, saying why, when Playwright,
Chromium or the corpus is missing (.ci/run installs Chromium when it can).
"""
from __future__ import annotations

import os
import re

import docx
import pytest

from conftest import CORPUS
from web_server import CHROMIUM, CHROMIUM_ARGS, running_server

REPORT = CORPUS / "zhanjiang-2020-project-training.txt"

# A small project, typed into the form as a finance officer would (our own words and figures).
SMALL_PROJECT = {
    "单位名称": "某县文化馆", "评价年度": "2025", "填报日期": "2026-03-20", "项目名称": "乡村文化活动补助",
    "项目概况.项目背景": "为丰富乡村群众文化生活设立本项目。", "项目概况.实施依据": "县文化发展规划。",
    "项目概况.主要内容": "组织乡村文艺演出和培训。", "项目概况.实施情况": "全年组织演出40场。",
    "绩效目标.总体目标": "全年组织乡村文艺演出不少于40场。",
    "资金.年初预算数": "50.00", "资金.全年预算数": "50.00", "资金.到位数": "50.00", "资金.执行数": "48.00",
    "资金.资金管理情况": "资金按规定专款专用。",
    "自评工作开展情况": "成立自评小组，对照指标逐项核实。", "存在问题": "部分演出场地条件较差。",
    "改进意见": "改善演出场地条件。", "公开情况.公开方式": "本单位门户网站", "公开情况.公开时间": "2026-06-30",
}
INDICATORS = [
    ("产出指标", "数量指标", "演出场次", "≥", "40", "场", "40", "50"),
    ("效益指标", "社会效益指标", "观众人次", "≥", "8000", "人次", "9000", "30"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "95", "10"),
]
COLUMNS = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位", "完成值", "分值")


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("没有安装 playwright（pip install -e '.[test]'），跳过浏览器测试")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"没有 {CHROMIUM}（apt-get install chromium），跳过浏览器测试")
    return sync_playwright


@pytest.fixture(scope="module")
def page():
    sync_playwright = _browser_or_skip()
    with running_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
        pg.set_default_timeout(120_000)  # generous: the machine running the tests may be busy
        pg.base_url = url  # type: ignore[attr-defined]
        try:
            yield pg
        finally:
            browser.close()


def test_check_a_corpus_report_in_the_browser(page) -> None:
    if not REPORT.exists():
        pytest.skip(f"没有语料 {REPORT}，跳过")
    page.goto(page.base_url + "check")
    page.set_input_files("#check-file", str(REPORT))
    assert "已选择：zhanjiang-2020-project-training.txt" in page.inner_text(".file-pick")
    page.click("#check-go")
    page.wait_for_selector("li.finding")
    marks = page.locator(".doc mark.f")
    assert marks.count() > 0
    findings = page.locator("li.finding")
    assert findings.count() >= marks.count() > 0
    # the first highlighted finding in the list scrolls to its mark
    first_mark = marks.first
    n = first_mark.get_attribute("data-f").split()[0]
    page.click(f"li.finding[data-n='{n}'] .goto")
    page.wait_for_selector(".doc mark.f.active")
    assert first_mark.evaluate("e => e.classList.contains('active')")
    # filter by level: warnings off → no warning is listed
    page.uncheck(".flt-level[value=warning]")
    assert page.locator("li.finding.warning:visible").count() == 0
    # explain a rule in place
    item = page.locator("li.finding:visible").first
    rule = item.get_attribute("data-rule")
    item.locator("button.explain").click()
    assert page.inner_text("pre.explained:not([hidden])").startswith(rule + " ")


def test_fill_the_form_and_download_the_docx(page) -> None:
    page.goto(page.base_url + "draft")
    assert page.get_attribute("#draft-form", "data-type") == "project_self"  # the usual report is the default
    for name, value in SMALL_PROJECT.items():
        page.fill(f"#draft-form [name='{name}']", value)
    add = page.locator("fieldset[data-list='绩效指标'] .add-row")
    for i, row in enumerate(INDICATORS, 1):
        add.click()
        for col, value in zip(COLUMNS, row):
            sel = f"#draft-form [name='绩效指标.{i}.{col}']"
            if col == "指标性质":
                page.select_option(sel, value)
            else:
                page.fill(sel, value)
    # a wrong value: the engine's message beside the field, as the CLI words it
    page.fill("#draft-form [name='资金.执行数']", "四十八万")
    page.wait_for_function("document.querySelector(\".err[data-for='资金.执行数']\").textContent"
                           ".startsWith('「执行数」应为金额数字')")
    page.wait_for_function("document.getElementById('draft-status').textContent.startsWith('还有 1 处需要改正')")
    page.fill("#draft-form [name='资金.执行数']", "48.00")
    page.wait_for_function("document.getElementById('draft-status').textContent.includes('总分')")
    assert "总分 99.6 分，等级 优" in page.inner_text("#draft-status")
    assert page.inner_text(".err[data-for='资金.执行数']") == ""
    assert "某县文化馆2025年度乡村文化活动补助项目支出绩效自评报告" in page.inner_text("#preview h1")
    with page.expect_download() as info:
        page.click("#btn-docx")
    download = info.value
    assert download.suggested_filename == "某县文化馆2025年度乡村文化活动补助项目支出绩效自评报告.docx"
    report = docx.Document(download.path())
    text = "\n".join(p.text for p in report.paragraphs)
    cells = "".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "乡村文化活动补助" in text and "演出场次" in cells
    assert re.search(r"预算执行率为96(?:\.0+)?%", text)  # 48 ÷ 50, computed by the engine (one precision per report)
