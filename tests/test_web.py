"""`jixiao serve`: every route and error path through Starlette's TestClient (no browser)."""
from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from conftest import EXAMPLES, ROOT  # noqa: E402
from writer.cli import main as cli  # noqa: E402
from writer.web.app import Settings, create_app  # noqa: E402
from writer.web.guard import Limits  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "web" / "样例草稿.txt"
PROJECT = EXAMPLES / "project-zhanjiang-2020.yaml"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(pool=1, timeout=120))) as c:
        yield c


@pytest.fixture(autouse=True)
def own_tmp(tmp_path, monkeypatch):
    """Every request's temporary folder goes here, so the test can see it was removed."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert [p.name for p in folder.iterdir() if p.name.startswith("jixiao-web-")] == []


def upload(name: str, data: bytes | Path) -> dict:
    return {"file": (name, data.read_bytes() if isinstance(data, Path) else data)}


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def docx_from_lines(lines: list[str]) -> bytes:
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


class Inputs(HTMLParser):
    """The form's fields as a browser would send them: name → value."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.values[name] = a.get("value") or ""
            self.classes[name] = a.get("class") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
            self.classes[name] = a.get("class") or ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
            self.classes[name] = a.get("class") or ""
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and not self._in_template:
            self.values[self._textarea] += data


def form_of(html: str) -> Inputs:
    p = Inputs()
    p.feed(html)
    return p


def example_form(client) -> dict[str, str]:
    r = client.post("/draft/import", data={"kind": "data"}, files=upload("p.yaml", PROJECT))
    assert r.status_code == 200, r.text
    return form_of(r.text).values


# -- pages and static files -------------------------------------------------------------------
def test_pages_render_in_chinese(client) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/check"
    for url, words in (("/check", ["检查草稿", "开始检查"]), ("/draft", ["起草报告", "绩效指标", "生成下一年"]),
                       ("/batch", ["批量起草", "汇总.xlsx"])):
        r = client.get(url)
        assert r.status_code == 200 and all(w in r.text for w in words), url
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/draft.js").status_code == 200
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_no_request_path_reaches_the_file_system(client) -> None:
    for url in ("/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/../app.py",
                "/rules/..%2F..%2Fpyproject.toml"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "[project]" not in r.text and "Starlette" not in r.text
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.json() == {"error": ["没有这个页面"]}
    r = client.get("/api/check")
    assert r.status_code == 405 and r.json() == {"error": ["请求方式不对"]}


def test_explain_a_rule_in_place(client) -> None:
    from writer.commands_check import all_rules, explain_text

    r = client.get("/rules/fig02")
    assert r.status_code == 200 and r.text.startswith("FIG02 ")
    assert r.text == explain_text(next(x for x in all_rules() if x.id == "FIG02"))  # the CLI's `explain`
    assert client.get("/rules/NOPE99").status_code == 404


def test_form_for_each_report_type(client) -> None:
    r = client.get("/draft/form", params={"type": "department_self"})
    f = form_of(r.text)
    assert f.values["报告类型"] == "部门整体支出绩效自评报告"
    assert "部门职能" in f.values and "收支.本年收入" in f.values
    assert "项目名称" not in f.values
    assert client.get("/draft/form", params={"type": "nope"}).status_code == 400


# -- API: check --------------------------------------------------------------------------------
def test_api_check_gives_the_json_of_the_cli(client, capsys) -> None:
    r = client.post("/api/check", files=upload("样例草稿.txt", SAMPLE))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    web = r.json()
    cli(["check", str(SAMPLE), "--format", "json"])
    expected = json.loads(capsys.readouterr().out)
    expected["files"][0]["path"] = "样例草稿.txt"
    assert web == expected
    assert {f["rule"] for f in web["files"][0]["findings"]} >= {"FIG02", "NUM01", "LEF06"}


def test_api_check_with_a_type(client) -> None:
    r = client.post("/api/check", data={"type": "department_self"}, files=upload("a.txt", SAMPLE))
    assert r.status_code == 200 and r.json()["files"][0]["report_type"] == "department_self"
    r = client.post("/api/check", data={"type": "不存在的类型"}, files=upload("a.txt", SAMPLE))
    assert r.status_code == 422 and "不是已知的报告类型" in r.json()["error"][0]


@pytest.mark.parametrize("name, status, words", [
    ("报告.pdf", 415, "PDF 文件，暂不支持"),
    ("报告.doc", 415, "旧版 Word 文档"),
    ("报告.exe", 415, "不能用于检查"),
    ("报告", 415, "无扩展名"),
])
def test_api_check_wrong_type(client, name, status, words) -> None:
    r = client.post("/api/check", files=upload(name, b"x" * 100))
    assert r.status_code == status and words in r.json()["error"][0]


def test_api_check_bad_files(client) -> None:
    r = client.post("/api/check", files=upload("坏的.docx", b"PK\x03\x04 not really a zip"))
    assert r.status_code == 400 and r.json()["error"] == ["坏的.docx 不是有效的文件（已损坏，或扩展名与内容不符）"]
    r = client.post("/api/check", files=upload("空.txt", b""))
    assert r.status_code == 400 and r.json()["error"] == ["空.txt 是空文件"]
    r = client.post("/api/check", data={"type": ""})
    assert r.status_code == 400 and r.json()["error"] == ["请选择要上传的文件"]
    # a valid zip that is not a Word document: the engine's own message, not a traceback
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    r = client.post("/api/check", files=upload("假的.docx", buf.getvalue()))
    assert r.status_code == 422 and r.json()["error"][0].startswith("错误：") and "Traceback" not in r.text


def test_zip_bomb_and_xml_bomb_are_refused(client) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b"0" * (50 * 1024 * 1024) + b"</a>")
    r = client.post("/api/check", files=upload("炸弹.docx", buf.getvalue()))
    assert r.status_code == 413 and r.json()["error"][0].startswith("炸弹.docx 中的 word/document.xml 超过压缩比上限")

    good = docx_from_lines(["测试"])
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            z.writestr(info, data)
    r = client.post("/api/check", files=upload("实体.docx", out.getvalue()))
    assert r.status_code == 400 and "DOCTYPE" in r.json()["error"][0]


def test_upload_size_limit() -> None:
    small = Settings(Limits(max_upload=4096), pool=1)
    with TestClient(create_app(small)) as c:
        r = c.post("/api/check", files=upload("大.txt", "字".encode() * 4000))
        assert r.status_code == 413 and r.json() == {"error": ["上传的文件过大：单次上传不能超过 0 MB"]}

        def chunks():  # no Content-Length: the body is counted as it arrives
            yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
            for _ in range(10):
                yield b"x" * 1000
            yield b"\r\n--b--\r\n"

        r = c.post("/api/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
    assert Settings().limits.max_upload == 20 * 1024 * 1024


def test_time_limit_stops_a_pathological_document(tmp_path) -> None:
    # Ten times the paragraphs a real report has, and a limit far below what checking it takes
    # (the engine is linear, so a bigger document would only make this test slow).
    text = "××单位绩效自评报告\n" + "本单位全年预算执行率为95%，上门服务人次达到3,500人次,完成年度目标。\n" * 3000
    with TestClient(create_app(Settings(pool=1, timeout=0.05))) as c:
        for _ in range(2):  # the stopped worker is replaced: the second request is answered too
            r = c.post("/api/check", files=upload("长.txt", text.encode()))
            assert r.status_code == 504
            assert r.json()["error"][0].startswith("处理超时：超过 0.05 秒仍未完成，已停止")
        assert c.get("/healthz").status_code == 200


# -- API: draft --------------------------------------------------------------------------------
def test_api_draft_gives_the_docx(client, tmp_path) -> None:
    r = client.post("/api/draft", files=upload("数据.yaml", PROJECT))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    cd = r.headers["content-disposition"]
    assert cd.startswith('attachment; filename="jixiao.docx"; filename*=UTF-8\'\'')
    assert "中共湛江市委组织部2020年度全市干部教育培训经费项目支出绩效自评报告.docx" in \
        __import__("urllib.parse").parse.unquote(cd)
    cli(["draft", str(PROJECT), "-o", str(tmp_path / "cli.docx")])
    assert docx_text(r.content) == docx_text((tmp_path / "cli.docx").read_bytes())


def test_api_draft_located_errors(client, tmp_path, capsys) -> None:
    bad = PROJECT.read_text(encoding="utf-8").replace('执行数: "445.00"', "执行数: 一百万", 1)
    r = client.post("/api/draft", files=upload("单位甲.yaml", bad.encode()))
    assert r.status_code == 422
    body = r.json()
    (tmp_path / "单位甲.yaml").write_text(bad, encoding="utf-8")
    assert cli(["draft", str(tmp_path / "单位甲.yaml"), "-o", str(tmp_path / "x.docx")]) == 2
    cli_lines = capsys.readouterr().err.replace(str(tmp_path) + "/", "").strip().splitlines()
    assert body["error"] == cli_lines
    p = body["problems"][0]
    assert (p["file"], p["line"], p["field"]) == ("单位甲.yaml", 37, "执行数")
    assert p["message"].startswith("应为金额数字")


def test_api_draft_yaml_bomb_and_wrong_types(client) -> None:
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    bomb = "\n".join(levels) + "\n报告类型: 项目支出绩效自评报告\n"  # 10^8 values if expanded
    r = client.post("/api/draft", files=upload("b.yaml", bomb.encode()))
    assert r.status_code == 422 and "超过YAML 节点总数上限" in r.json()["error"][0]  # the engine's limit
    r = client.post("/api/draft", files=upload("a.txt", b"abc"))
    assert r.status_code == 415 and "不能用于起草" in r.json()["error"][0]
    r = client.post("/api/draft", files=upload("a.yaml", b"a: [unclosed"))
    assert r.status_code == 422 and "YAML 格式有误" in r.json()["error"][0]


def test_api_draft_from_a_workbook(client, tmp_path) -> None:
    book = tmp_path / "自评表.xlsx"
    assert cli(["new", "项目支出绩效自评报告", "--xlsx", "-o", str(book)]) == 0
    r = client.post("/api/draft", files=upload("自评表.xlsx", book))
    assert r.status_code == 422  # a blank form has no figures yet: located errors, not a crash
    assert r.json()["problems"] and all(p["file"] == "自评表.xlsx" for p in r.json()["problems"])


# -- 检查 page ---------------------------------------------------------------------------------
def test_check_view_highlights_findings_in_place(client) -> None:
    r = client.post("/check/view", files=upload("样例草稿.txt", SAMPLE))
    assert r.status_code == 200
    html = r.text
    assert re.search(r'<mark class="f error" data-f="\d+">95%</mark>', html)
    assert re.search(r'<mark class="f error" data-f="\d+">（三）</mark>', html)
    assert html.count('<li class="finding') == 12
    assert "<h3>全文</h3>" in html and "<h3>四、存在的问题</h3>" in html
    assert 'value="project_self" selected' in html
    assert '<option value="FIG02">FIG02 figures.rate_mismatch</option>' in html
    data = json.loads(re.search(r'<script type="application/json" class="file-json">(.*?)</script>', html, re.S)
                      .group(1))
    assert data["files"][0]["path"] == "样例草稿.txt"


def test_check_view_several_files_across(client) -> None:
    other = SAMPLE.read_text(encoding="utf-8").replace("上门服务", "上门服务工作")
    r = client.post("/check/view", data={"across": "1"},
                    files=[("file", ("甲.txt", SAMPLE.read_bytes())), ("file", ("乙.txt", other.encode())),
                           ("file", ("丙.pdf", b"%PDF"))])
    assert r.status_code == 415  # one wrong file refuses the request before any work
    r = client.post("/check/view", data={"across": "1"},
                    files=[("file", ("甲.txt", SAMPLE.read_bytes())), ("file", ("乙.txt", other.encode()))])
    assert r.status_code == 200 and r.text.count('<section class="file"') == 2


def test_check_view_escapes_the_document(client) -> None:
    evil = "××单位报告\n一、基本情况\n<script>alert(1)</script>{{ 7*7 }}{% raw %}</script>\n"
    r = client.post("/check/view", files=upload("<i>x.txt", evil.encode()))
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "{{ 7*7 }}" in r.text and ">49<" not in r.text
    assert "<i>x" not in r.text and "<h2>&lt;i&gt;x.txt</h2>" in r.text
    assert "</script>" not in re.search(r'class="file-json">(.*?)</script>', r.text, re.S).group(1)


def test_word_copy_with_comments(client) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    r = client.post("/check/comments", files=upload("样例草稿.docx", docx_from_lines(lines)))
    assert r.status_code == 200
    assert "%E6%A0%B7%E4%BE%8B%E8%8D%89%E7%A8%BF-%E6%89%B9%E6%B3%A8.docx" in r.headers["content-disposition"]
    comments = zipfile.ZipFile(io.BytesIO(r.content)).read("word/comments.xml").decode("utf-8")
    assert "FIG02 错误" in comments and "按文中金额（180÷200）应为90%" in comments
    r = client.post("/check/comments", files=upload("a.txt", SAMPLE))
    assert r.status_code == 415 and "只支持 .docx" in r.json()["error"][0]


# -- 起草 page ---------------------------------------------------------------------------------
def test_draft_form_round_trip_and_preview(client) -> None:
    values = example_form(client)
    assert values["单位名称"] == "中共湛江市委组织部" and values["绩效指标.1.一级指标"] == "产出指标"
    assert values["资金.资金来源.1.名称"] == "当年财政拨款"
    r = client.post("/draft/preview", data=values)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["total"] == "100" and d["grade"] == "优"
    assert "<h1>中共湛江市委组织部2020年度全市干部教育培训经费项目支出绩效自评报告</h1>" in d["html"]
    r = client.post("/draft/docx", data=values)
    assert r.status_code == 200
    assert docx_text(r.content).count("全市干部教育培训经费") >= 2


def test_draft_errors_beside_their_fields(client) -> None:
    values = example_form(client)
    values["资金.执行数"] = "一百万"
    values["单位名称"] = ""
    values["绩效指标.2.分值"] = "十"
    r = client.post("/draft/preview", data=values)
    assert r.status_code == 422
    fields = r.json()["fields"]
    assert fields["资金.执行数"] == ["「执行数」应为金额数字（如 160.00，默认单位万元），实际为“一百万”"]
    assert fields["单位名称"] == ["「单位名称」是必填字段，请填写（预算单位全称）"]
    assert fields["绩效指标.2.分值"] == ["「分值」应为数字，实际为“十”"]
    r = client.post("/draft/docx", data=values)
    assert r.status_code == 422 and "资金.执行数" in r.json()["fields"]


def test_draft_errors_follow_rows_after_an_empty_row(client) -> None:
    values = example_form(client)
    for key in [k for k in values if k.startswith("绩效指标.1.")]:
        values[key] = ""  # the first row emptied: it is dropped, row 2 becomes the data file's row 1
    values["绩效指标.3.分值"] = "十"
    r = client.post("/draft/preview", data=values)
    assert r.status_code == 422
    assert r.json()["fields"].get("绩效指标.3.分值") == ["「分值」应为数字，实际为“十”"]


def test_draft_keeps_template_syntax_as_text(client) -> None:
    values = example_form(client)
    values["项目名称"] = "{{ 7*7 }}{% for x in range(3) %}<i>x</i>{% endfor %}"
    r = client.post("/draft/preview", data=values)
    assert r.status_code == 200
    html = r.json()["html"]
    assert "{{ 7*7 }}{% for x in range(3) %}&lt;i&gt;x&lt;/i&gt;{% endfor %}" in html and "<i>" not in html


def test_draft_data_file_continues_in_the_cli(client, tmp_path) -> None:
    values = example_form(client)
    r = client.post("/draft/data", data=values)
    assert r.status_code == 200 and "%E4%B8%AD%E5%85%B1" in r.headers["content-disposition"]
    (tmp_path / "d.yaml").write_text(r.text, encoding="utf-8")
    assert cli(["draft", str(tmp_path / "d.yaml"), "-o", str(tmp_path / "d.docx")]) == 0
    cli(["draft", str(PROJECT), "-o", str(tmp_path / "e.docx")])
    assert docx_text((tmp_path / "d.docx").read_bytes()) == docx_text((tmp_path / "e.docx").read_bytes())


def test_rollover_button(client) -> None:
    r = client.post("/draft/rollover", data=example_form(client))
    assert r.status_code == 200
    f = form_of(r.text)
    assert f.values["评价年度"] == "2021" and f.values["资金.执行数"] == "待填"
    assert "pending" in f.classes["资金.执行数"]
    assert f.values["上年数据.执行数"] == "445.00"
    assert "生成下一年的数据" in r.text


def test_start_from_a_broken_data_file(client) -> None:
    r = client.post("/draft/import", data={"kind": "data"}, files=upload("坏.yaml", b"a: [1, 2"))
    assert r.status_code == 422 and r.json()["error"][0].startswith("错误：坏.yaml 第")
    deep = b"a: " + b"[" * 5000 + b"]" * 5000
    r = client.post("/draft/import", data={"kind": "data"}, files=upload("深.yaml", deep))
    assert r.status_code == 422 and "嵌套层数上限" in r.json()["error"][0]


def test_rollover_of_bad_data_says_where(client) -> None:
    values = example_form(client)
    values["评价年度"] = "二〇二〇"
    r = client.post("/draft/rollover", data=values)
    assert r.status_code == 422 and r.json()["fields"]["评价年度"] == ["「评价年度」应为四位年份（如 2025），实际为“二〇二〇”"]


def test_import_last_years_report(client, tmp_path) -> None:
    cli(["draft", str(PROJECT), "-o", str(tmp_path / "去年.docx")])
    r = client.post("/draft/import", data={"kind": "report"}, files=upload("去年.docx", tmp_path / "去年.docx"))
    assert r.status_code == 200
    f = form_of(r.text)
    assert f.values["单位名称"] == "中共湛江市委组织部" and f.values["评价年度"] == "2020"
    r = client.post("/draft/import", data={"kind": "report"}, files=upload("草稿.txt", SAMPLE))
    f = form_of(r.text)
    pending = [k for k, c in f.classes.items() if "pending" in c]
    assert pending and all(f.values[k].startswith(("待核实", "待填")) for k in pending)
    r = client.post("/draft/import", data={"kind": "report"}, files=upload("a.pdf", b"%PDF"))
    assert r.status_code == 415


# -- 批量 page ---------------------------------------------------------------------------------
def _batch(client, name: str, data: bytes) -> list[dict]:
    with client.stream("POST", "/batch/run", files=upload(name, data)) as r:
        assert r.status_code == 200
        return [json.loads(line) for line in r.iter_lines() if line]


def test_batch_zip_of_data_files(client) -> None:
    text = PROJECT.read_text(encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("甲单位.yaml", text)
        z.writestr("sub/乙单位.yaml", text.replace("中共湛江市委组织部", "湛江市乙单位"))
        z.writestr("../丙单位.yaml", text.replace('执行数: "445.00"', "执行数: 一百万", 1))
        z.writestr("说明.docx", b"ignored")
    lines = _batch(client, "各单位.zip", buf.getvalue())
    assert lines[0] == {"total": 3}
    assert sorted(x["done"] for x in lines if "done" in x) == [1, 2, 3]
    final = lines[-1]
    status = {r["name"]: r["status"] for r in final["results"]}
    assert status == {"甲单位": "已生成", "乙单位": "已生成", "丙单位": "出错"}
    # the page tells a failed unit by a flag, never by comparing the status word
    assert {r["name"]: r["failed"] for r in final["results"]} == {"甲单位": False, "乙单位": False, "丙单位": True}
    bad = next(r for r in final["results"] if r["name"] == "丙单位")
    assert bad["errors"] == ["错误：丙单位.yaml 第37行第8列「执行数」应为金额数字（如 160.00，默认单位万元），实际为“一百万” [E100]"]
    assert "jixiao-web-" not in json.dumps(final, ensure_ascii=False)
    z = zipfile.ZipFile(io.BytesIO(__import__("base64").b64decode(final["zip"])))
    assert sorted(z.namelist()) == sorted(["汇总.xlsx", "乙单位.docx", "甲单位.docx"])


def test_batch_workbook_in_a_zip_and_errors(client, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "资金.执行数"])
    ws.append(["甲单位", "445.00"])
    ws.append(["乙单位", "四百万"])
    wb.create_sheet("共同设置").append(["基础数据文件", "base.yaml"])
    wb.save(tmp_path / "units.xlsx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.write(tmp_path / "units.xlsx", "各单位.xlsx")
        z.write(PROJECT, "base.yaml")
    final = _batch(client, "批量.zip", buf.getvalue())[-1]
    bad = next(r for r in final["results"] if r["name"] == "乙单位")
    assert bad["status"] == "出错" and bad["errors"][0].endswith("（即各单位.xlsx“Sheet”表B3）")
    # the workbook alone: its base file is missing — said in Chinese, named by the user's file name
    lines = _batch(client, "各单位.xlsx", (tmp_path / "units.xlsx").read_bytes())
    assert lines == [{"error": ["错误：各单位.xlsx 共同设置：基础数据文件 base.yaml 不存在 [E400]"]}]
    assert _batch(client, "空.zip", _empty_zip()) == [{"error": ["空.zip 中没有数据文件（.yaml）或单位工作簿（.xlsx）"]}]
    r = client.post("/batch/run", files=upload("a.txt", b"x"))
    assert r.status_code == 415


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "no units")
    return buf.getvalue()


def test_yaml_values_from_the_form_are_plain_strings(client) -> None:
    """The data file the form writes loads back to the same values (no YAML surprises: no, 010, 1e3)."""
    values = example_form(client)
    values["项目编码"] = "010"
    values["实施单位"] = "no"
    r = client.post("/draft/data", data=values)
    data = yaml.load(r.text, Loader=yaml.BaseLoader)
    assert data["项目编码"] == "010" and data["实施单位"] == "no"


def test_serve_says_in_chinese_when_the_port_is_taken(capsys) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert cli(["serve", "--port", str(port)]) == 2
    assert f"无法在 127.0.0.1:{port} 启动网页：端口已被占用" in capsys.readouterr().err
    assert cli(["serve", "--workers", "0"]) == 2


def test_overlapping_findings_cut_the_text_once() -> None:
    from writer.web.highlight import pieces

    got = [(p.text, p.marks, p.level) for p in pieces("预算执行率为95%。", [(6, 9, 0, "warning"), (8, 10, 1, "error")])]
    assert got == [("预算执行率为", [], ""), ("95", [0], "warning"), ("%", [0, 1], "error"), ("。", [1], "error")]
    assert [(p.text, p.marks) for p in pieces("abc", [(5, 9, 0, "info")])] == [("abc", [])]  # past the end


def test_a_finding_in_a_table_cell_is_marked_in_that_cell(client) -> None:
    d = docx.Document()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:6]:
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "指标", "完成值"
    t.cell(1, 0).text, t.cell(1, 1).text = "培训人次", "XX人次"
    buf = io.BytesIO()
    d.save(buf)
    r = client.post("/check/view", files=upload("表格.docx", buf.getvalue()))
    assert r.status_code == 200
    assert re.search(r'<td><mark class="f error" data-f="\d+">XX</mark>人次</td>', r.text)
