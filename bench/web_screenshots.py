"""Screenshots of the three web pages (检查, 起草, 批量) for the README, with headless Chromium.

    python bench/web_screenshots.py [--out docs/images] [--chromium /usr/bin/chromium]

Starts `jixiao serve` on a free port, drives each page with the project's own sample files
(tests/data/web, examples/) — never corpus text — and saves each page at desktop width
(1600×1000) and at 1366×768. The server is stopped at the end.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_server import CHROMIUM_ARGS, running_server  # noqa: E402

SIZES = {"desktop": (1600, 1000), "1366": (1366, 768)}


def batch_workbook(folder: Path) -> Path:
    """A zip of a three-unit workbook (one unit with a bad amount) and its base data file."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "资金.到位数", "资金.执行数"])
    ws.append(["湛江市甲单位", "445.00", "445.00"])
    ws.append(["湛江市乙单位", "445.00", "四百万"])
    ws.append(["湛江市丙单位", "445.00", "445.00"])
    common = wb.create_sheet("共同设置")
    common.append(["基础数据文件", "base.yaml"])
    (folder / "base.yaml").write_text((ROOT / "examples" / "project-zhanjiang-2020.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    wb.save(folder / "各单位.xlsx")
    import zipfile

    path = folder / "各单位.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.write(folder / "各单位.xlsx", "各单位.xlsx")
        z.write(folder / "base.yaml", "base.yaml")
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_server() as url, sync_playwright() as p:
        book = batch_workbook(Path(tmp))
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for label, (w, h) in SIZES.items():
            page = browser.new_page(viewport={"width": w, "height": h}, locale="zh-CN")
            page.goto(url + "check")
            page.set_input_files("#check-file", str(ROOT / "tests" / "data" / "web" / "样例草稿.txt"))
            page.click("#check-go")
            page.wait_for_selector("li.finding")
            page.click("li.finding[data-rule='FIG02'] .goto")
            page.click("li.finding[data-rule='FIG02'] button.explain")
            page.wait_for_selector("pre.explained:not([hidden])")
            page.wait_for_timeout(600)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(args.out / f"web-check-{label}.png"))

            page.goto(url + "draft")
            page.set_input_files("#import-data input[type=file]", str(ROOT / "examples" / "project-zhanjiang-2020.yaml"))
            page.wait_for_selector("#draft-form .note")
            page.fill("#draft-form [name='资金.执行数']", "一百万")
            page.wait_for_selector(".err[data-for='资金.执行数']:not(:empty)")
            page.eval_on_selector("#draft-form [name='资金.执行数']", "e => e.scrollIntoView({block: 'center'})")
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.out / f"web-draft-{label}.png"))

            page.goto(url + "batch")
            page.set_input_files("#batch-file", str(book))
            page.click("#batch-go")
            page.wait_for_selector("#batch-dl:not([hidden])", timeout=120_000)
            page.screenshot(path=str(args.out / f"web-batch-{label}.png"))
            page.close()
        browser.close()
    print(f"已保存截图：{args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
