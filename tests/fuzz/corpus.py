"""The hostile corpus: every case is files to put in a fresh folder plus one jixiao command.

Families: corrupt / truncated / encrypted / bomb / XXE DOCX and XLSX, text encodings, control and
zero-width characters, regex bait, YAML bombs and hostile tags, template-injection strings in
every text field, formula-injection strings (batch summary must keep them as text).
Deterministic: the same corpus on every run. `cases(full=False)` is the fast subset for CI.
"""
from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
OUT = "out"  # every command writes under this folder of the case directory


@dataclass
class Case:
    name: str  # family/variant
    files: dict[str, bytes]  # relative path -> content (inputs, never to be modified)
    argv: list[str]  # jixiao arguments; outputs under out/
    literal: list[str] = field(default_factory=list)  # strings the output DOCX must contain verbatim
    fast: bool = False  # part of the CI subset


# ---------------------------------------------------------------- building blocks

INJECTIONS = ["{{ 7*7 }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{% for x in range(99999999) %}x{% endfor %}",
              "${7*7}", "{#", "{{ config }}", "<w:p>", "]]>", "&lt;&amp;"]
FORMULAS = ["=1+1", "=HYPERLINK(\"http://example.invalid\",\"点我\")", "+SUM(A1:A9)", "-2+3", "@SUM(1)",
            "=cmd|' /C calc'!A0", "\t=1+1"]
CONTROL = ["\x01", "\x08", "\x0b", "\x1f", "\x7f", "\ufffe", "\u200b", "\u200d", "\ufeff", "\u202e"]
REGEX_BAIT = ["1" * 100_000, "95%" * 30_000, "9" * 50_000 + "万元", "12.5分" * 20_000,
              "一、" * 30_000, "（" * 50_000, "《" * 50_000 + "》", "123,456," * 12_000,
              "执行率95%" * 10_000, "第一章" * 30_000, "a" * 100_000, "2023年" * 20_000]


def _example(name: str = "department-panyu-2023.yaml") -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def base_docx() -> bytes:
    """A real draft (headings, numbered sections, indicator table) made by jixiao itself."""
    from writer.draft.docx_build import build
    from writer.pipeline import draft_report

    drafted = draft_report(EXAMPLES / "department-panyu-2023.yaml")
    return build(drafted.doc, drafted.rubric.raw["format"])


def _rezip(src: bytes, replace: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                data = replace.pop(info.filename)
                if data is not None:
                    zout.writestr(info.filename, data)
            else:
                zout.writestr(info, zin.read(info))
        for name, data in replace.items():
            if data is not None:
                zout.writestr(name, data)
    return out.getvalue()


def _document_xml(src: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(src)) as z:
        return z.read("word/document.xml").decode("utf-8")


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with_body(body: str, prolog: str = "") -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {_W}><w:body>{body}</w:body></w:document>'
    return _rezip(base_docx(), {"word/document.xml": xml.encode("utf-8")})


def _p(text: str, extra: str = "") -> str:
    from xml.sax.saxutils import escape  # test-side only

    return f"<w:p>{extra}<w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def _bomb(name: str, inner: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(inner, b"<" + b" " * size + b"/>")
    return out.getvalue()


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- families

def _check(name: str, fname: str, data: bytes, *extra: str, fast: bool = False) -> Case:
    return Case(name, {fname: data}, ["check", fname, *extra], fast=fast)


def docx_cases() -> list[Case]:
    base = base_docx()
    xml = _document_xml(base)
    cases = [
        _check("docx/random-bytes", "a.docx", random.Random(1).randbytes(5000), fast=True),
        _check("docx/empty-file", "a.docx", b""),
        _check("docx/ole-encrypted", "a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, fast=True),
        _check("docx/no-document-part", "a.docx", _rezip(base, {"word/document.xml": None})),
        _check("docx/malformed-xml", "a.docx", _rezip(base, {"word/document.xml": b"<w:document><w:body><w:p>"}), fast=True),
        _check("docx/xml-not-utf8", "a.docx", _rezip(base, {"word/document.xml": xml.encode("utf-16")})),
        _check("docx/bomb-ratio", "a.docx", _bomb("a", "word/document.xml", 30_000_000), fast=True),
        _check("docx/many-entries", "a.docx", _rezip(base, {f"x/{i}.xml": b"<a/>" for i in range(6000)})),
        _check("docx/xxe-file", "a.docx", _docx_with_body(_p("&xxe;"), '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), fast=True),
        _check("docx/billion-laughs", "a.docx", _docx_with_body(_p("&l9;"), "<!DOCTYPE d [" + '<!ENTITY l0 "ha">' + "".join(
            f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10)) + "]>"), fast=True),
        _check("docx/outline-bad", "a.docx", _docx_with_body(_p("一、基本情况", '<w:pPr><w:outlineLvl w:val="x"/></w:pPr>')
                                                           + _p("正文。")), fast=True),
        _check("docx/outline-missing", "a.docx", _docx_with_body(_p("一、基本情况", "<w:pPr><w:outlineLvl/></w:pPr>") + _p("正文。"))),
        _check("docx/outline-huge", "a.docx", _docx_with_body(_p("一、基本情况", '<w:pPr><w:outlineLvl w:val="99999999999999999999"/></w:pPr>'))),
        _check("docx/style-loop", "a.docx", _docx_with_body(_p("标题", '<w:pPr><w:pStyle w:val="A"/></w:pPr>'))),
        _check("docx/empty-body", "a.docx", _docx_with_body("")),
        _check("docx/images-only-comments", "a.docx", _docx_with_body("<w:p><w:r><w:drawing/></w:r></w:p>"),
               "--comments", f"{OUT}/c.docx", fast=True),
        _check("docx/many-paragraphs", "a.docx", _docx_with_body(_p("第一段。") * 12_000)),
        _check("docx/too-many-paragraphs", "a.docx", _docx_with_body("<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 110_000)),
        _check("docx/nested-tables", "a.docx", _docx_with_body(
            "<w:tbl><w:tr><w:tc>" * 200 + _p("x") + "</w:tc></w:tr></w:tbl>" * 200)),
        _check("docx/wide-table", "a.docx", _docx_with_body(
            "<w:tbl>" + ("<w:tr>" + "<w:tc>" + _p("95%") + "</w:tc>" * 1 + "</w:tr>") * 3000 + "</w:tbl>")),
        _check("docx/vmerge-chain", "a.docx", _docx_with_body(
            "<w:tbl>" + "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" + _p("1") + "</w:tc></w:tr>" * 2000 + "</w:tbl>")),
        _check("docx/json-format", "a.docx", base, "--format", "json", fast=True),
        _check("docx/sarif-format", "a.docx", base, "--format", "sarif"),
        _check("docx/comments-real", "a.docx", base, "--comments", f"{OUT}/c.docx", fast=True),
    ]
    for i, frac in enumerate((0.1, 0.5, 0.9, 0.99)):
        cases.append(_check(f"docx/truncated-{int(frac * 100)}", "a.docx", base[: int(len(base) * frac)], fast=i == 1))
    for i, bait in enumerate(REGEX_BAIT):
        cases.append(_check(f"docx/regex-bait-{i}", "a.docx", _docx_with_body(_p("一、基本情况") + _p(bait)), fast=i < 2))
    for i, ch in enumerate(CONTROL):
        if ch in "\x01\x08\x0b\x1f\ufffe":  # not allowed in XML 1.0: the part is malformed
            body = _p("正文") .replace("正文", f"正文&#x{ord(ch):X};")
        else:
            body = _p(f"正文{ch}一、基本情况{ch}")
        cases.append(_check(f"docx/char-{ord(ch):04x}", "a.docx", _docx_with_body(body), "--comments", f"{OUT}/c.docx"))
    return cases


def _text_cases(ext: str) -> list[Case]:
    draft = "一、基本情况\n项目预算100万元，实际支出95万元，预算执行率95%。\n二、存在的问题\n无。\n"
    cases = [
        _check(f"{ext}/utf16", f"a.{ext}", b"\xff\xfe" + draft.encode("utf-16-le")),
        _check(f"{ext}/gbk", f"a.{ext}", draft.encode("gbk"), fast=ext == "txt"),
        _check(f"{ext}/bad-utf8", f"a.{ext}", b"\xff\xfe\xfd" * 10 + random.Random(2).randbytes(3000)),
        _check(f"{ext}/nul-bytes", f"a.{ext}", draft.encode() + b"\0" * 1000),
        _check(f"{ext}/empty", f"a.{ext}", b""),
        _check(f"{ext}/10000-lines", f"a.{ext}", (draft * 2500).encode(), fast=ext == "txt"),
        _check(f"{ext}/one-5mb-line", f"a.{ext}", ("预算执行率95%，" * 500_000).encode()),
        _check(f"{ext}/too-big", f"a.{ext}", b"x" * 9_000_000),  # over the fuzz run's input_bytes
    ]
    for i, bait in enumerate(REGEX_BAIT):
        cases.append(_check(f"{ext}/regex-bait-{i}", f"a.{ext}", ("一、基本情况\n" + bait + "\n").encode(), fast=ext == "txt" and i < 3))
        cases.append(_check(f"{ext}/regex-bait-lines-{i}", f"a.{ext}", ("\n".join([bait[:200]] * 500)).encode()))
    for ch in CONTROL:
        cases.append(_check(f"{ext}/char-{ord(ch):04x}", f"a.{ext}", (draft.replace("基本", "基" + ch + "本") * 3).encode("utf-8", "surrogatepass")))
    if ext == "md":
        cases += [_check("md/deep-quote", "a.md", (">" * 5000 + " x\n").encode()),
                  _check("md/deep-list", "a.md", "".join("  " * i + "- x\n" for i in range(3000)).encode()),
                  _check("md/huge-table", "a.md", ("|a|b|\n|-|-|\n" + "|95%|100万元|\n" * 20_000).encode()),
                  _check("md/html", "a.md", b"<script>alert(1)</script>\n<!-- jixiao-disable " + b"A" * 10000 + b" -->\n")]
    return cases


def import_cases() -> list[Case]:
    base = base_docx()
    out = []
    for c in docx_cases()[:12] + _text_cases("txt")[:10]:
        fname = next(iter(c.files))
        out.append(Case("import-" + c.name, c.files, ["import", fname, "-o", f"{OUT}/d.yaml"], fast=c.fast))
    out.append(Case("import-docx/real", {"a.docx": base}, ["import", "a.docx", "-o", f"{OUT}/d.yaml"], fast=True))
    return out


def xlsx_cases() -> list[Case]:
    good = _xlsx([["一级指标", "二级指标", "三级指标", "指标值", "完成值"], ["产出指标", "数量指标", "培训人次", "100", "120"]])
    cases = [
        ("random", random.Random(3).randbytes(4000)), ("empty", b""), ("truncated", good[: len(good) // 2]),
        ("ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000),
        ("bomb", _bomb("b", "xl/worksheets/sheet1.xml", 30_000_000)),
        ("huge-merge", _rezip(good, {"xl/worksheets/sheet1.xml": (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>三级指标</t></is></c></row></sheetData>'
            '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells></worksheet>').encode()})),
        ("many-cells", _rezip(good, {"xl/worksheets/sheet1.xml": (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(f'<row r="{r}">' + "".join(f'<c r="A{r}"><v>1</v></c>' for _ in range(1)) + "</row>" for r in range(1, 600_001))
            + "</sheetData></worksheet>").encode()})),
        ("xxe", _rezip(good, {"xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>'})),
        ("formulas", _xlsx([["一级指标", "二级指标", "三级指标", "指标值", "完成值"]] + [["产出指标", "数量指标", f, f, f] for f in FORMULAS])),
        ("control", _xlsx([["三级指标", "完成值"], ["培训" + "\u200b" + "人次", "1\u202e00"]])),
        ("good", good),
    ]
    out = []
    for name, data in cases:
        out.append(Case(f"xlsx-import/{name}", {"a.xlsx": data}, ["import", "a.xlsx", "-o", f"{OUT}/d.yaml"],
                        fast=name in ("random", "bomb", "huge-merge", "formulas")))
        out.append(Case(f"xlsx-batch/{name}", {"a.xlsx": data}, ["batch", "a.xlsx", "-o", f"{OUT}/b", "--jobs", "1"]))
    return out


# ---------------------------------------------------------------- YAML data files

def _laughs(depth: int = 8) -> str:
    lines = ['报告类型: 部门整体支出绩效自评报告', 'a0: &a0 ["哈","哈","哈","哈","哈","哈","哈","哈","哈","哈"]']
    for i in range(1, depth):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    lines.append(f"单位名称: *a{depth - 1}")
    return "\n".join(lines) + "\n"


def _with_field(text: str, key: str, value: str) -> str:
    import json

    out, done = [], False
    for line in text.splitlines():
        if not done and line.startswith(f"{key}:"):
            line, done = f"{key}: {json.dumps(value, ensure_ascii=False)}", True
        out.append(line)
    return "\n".join(out) + "\n"


_TEXT_FIELDS = ["单位名称", "主管部门", "自称", "整体绩效目标"]


def yaml_texts() -> list[tuple[str, str, list[str], bool]]:
    """(name, YAML text, literal strings the DOCX must contain, fast)."""
    ex = _example()
    out: list[tuple[str, str, list[str], bool]] = [
        ("laughs", _laughs(), [], True), ("laughs-small", _laughs(4), [], False),
        ("recursive-alias", "报告类型: &x [*x]\n", [], True), ("recursive-map", "a: &x {b: *x}\n", [], False),
        ("deep-flow", "报告类型: " + "[" * 20_000 + "]" * 20_000 + "\n", [], True),
        ("deep-block", "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n", [], False),
        ("python-tag", "报告类型: !!python/object/apply:os.system ['echo PWNED > pwned.txt']\n", [], True),
        ("python-tag-in-field", ex.replace("单位名称:", "单位名称: !!python/object/apply:os.system ['touch pwned']\n旧名:", 1), [], False),
        ("custom-tag", ex.replace("主管部门:", "主管部门: !include /etc/passwd\n旧主管部门:", 1), [], False),
        ("empty", "", [], False), ("only-comment", "# 空\n", [], False), ("list-root", "- a\n- b\n", [], False),
        ("scalar-root", "报告类型\n", [], False), ("two-docs", ex + "\n---\na: 1\n", [], False),
        ("dup-keys", ex + "\n单位名称: 重复\n", [], False), ("tabs", ex.replace("  - ", "\t- ", 3), [], False),
        ("bad-type", ex.replace("部门整体支出绩效自评报告", "不存在的类型", 1), [], False),
        ("huge-field", _with_field(ex, "整体绩效目标", "很" * 300_000), [], True),
        ("big-field", _with_field(ex, "整体绩效目标", "提升。" * 30_000), [], False),
        ("amount-30-digits", ex.replace('"1540.23"', '"' + "9" * 40 + '.12"', 1), [], True),
        ("amount-separators", ex.replace('"1540.23"', '"1,5,4,0,,,2,3.,,"', 1), [], False),
        ("amount-exponent", ex.replace('"1540.23"', '"1e999999"', 1), [], False),
        ("amount-nan", ex.replace('"1540.23"', '"NaN"', 1), [], False),
        ("amount-negative", ex.replace('"1540.23"', '"-1540.23"', 1), [], False),
        ("amount-fullwidth", ex.replace('"1540.23"', '"１５４０．２３"', 1), [], False),
        ("year-9999", ex.replace("评价年度: 2023", "评价年度: 9999", 1).replace("2024-06-14", "9999-12-31"), [], True),
        ("year-0", ex.replace("评价年度: 2023", "评价年度: 0", 1), [], False),
        ("year-huge", ex.replace("评价年度: 2023", "评价年度: " + "9" * 50, 1), [], False),
        ("date-bad", ex.replace("2024-06-14", "2024-02-30"), [], False),
        ("indicator-weird", ex.replace("指标值: 60", "指标值: " + "9" * 40, 1).replace("分值: 15", "分值: -1e9", 1), [], False),
        ("indicators-many", ex + "\n".join(["  - {一级指标: 履职效能, 二级指标: 数量指标, 三级指标: 培训期数" + str(i)
                                            + ", 指标性质: ≥, 指标值: 1, 计量单位: 期, 完成值: 2, 分值: 0}" for i in range(3000)]) + "\n", [], False),
        ("not-utf8", "", [], False),  # replaced by GBK bytes below
    ]
    for i, inj in enumerate(INJECTIONS):
        for key in _TEXT_FIELDS:
            out.append((f"inject-{i}-{key}", _with_field(ex, key, f"甲{inj}乙"), [f"甲{inj}乙"] if key in ("单位名称", "整体绩效目标") else [], i < 2 and key == "单位名称"))
    for ch in CONTROL:
        for key in _TEXT_FIELDS[:2]:
            out.append((f"char-{ord(ch):04x}-{key}", _with_field(ex, key, f"甲{ch}乙"), [], ch in "\x01\ufffe" and key == "单位名称"))
    return out


def yaml_cases() -> list[Case]:
    out = []
    for name, text, literal, fast in yaml_texts():
        data = text.encode("gbk") if name == "not-utf8" else text.encode("utf-8", "surrogatepass")
        if name == "not-utf8":
            data = _example().encode("gbk", "replace")
        out.append(Case(f"draft/{name}", {"d.yaml": data}, ["draft", "d.yaml", "-o", f"{OUT}/r.docx", "--md", f"{OUT}/r.md"],
                        literal=literal, fast=fast))
        if not name.startswith(("inject", "char")) or name.endswith("单位名称"):
            out.append(Case(f"rollover/{name}", {"d.yaml": data}, ["rollover", "d.yaml", "-o", f"{OUT}/n.yaml"], fast=fast))
            out.append(Case(f"check-data/{name}", {"d.yaml": data, "a.txt": "一、基本情况\n预算100万元。\n".encode()},
                            ["check", "a.txt", "--data", "d.yaml"]))
    return out


def batch_cases() -> list[Case]:
    ex = _example()
    files = {f"units/u{i}.yaml": _with_field(ex, "单位名称", f).encode() for i, f in enumerate(FORMULAS)}
    files["units/bad.yaml"] = _laughs().encode()
    files["units/ctl.yaml"] = _with_field(ex, "单位名称", "甲\x01乙").encode()
    files["units/inj.yaml"] = _with_field(ex, "单位名称", "{{ 7*7 }}").encode()
    rows = [["单位名称", "报告类型"]] + [[f, "部门整体支出绩效自评报告"] for f in FORMULAS]
    return [Case("batch/formula-names", files, ["batch", "units", "-o", f"{OUT}/b", "--jobs", "2"], fast=True),
            Case("batch/formula-workbook", {"u.xlsx": _xlsx(rows)}, ["batch", "u.xlsx", "-o", f"{OUT}/b", "--jobs", "1"])]


def cli_cases() -> list[Case]:
    base = base_docx()
    return [Case("cli/pdf-output", {"d.yaml": _example().encode()}, ["draft", "d.yaml", "-o", f"{OUT}/r.pdf"], fast=True),
            Case("cli/xlsx-draft", {"a.xlsx": _xlsx([["三级指标"]])}, ["draft", "a.xlsx", "-o", f"{OUT}/r.docx"]),
            Case("cli/typo", {}, ["chek", "a.docx"]), Case("cli/no-args", {}, []),
            Case("cli/dir-as-draft", {"dir/x.txt": b"x"}, ["check", "dir"]),
            Case("cli/missing", {}, ["check", "nope.docx"]),
            Case("cli/output-is-input", {"a.docx": base}, ["check", "a.docx", "--comments", "a.docx", "--force"]),
            Case("cli/explain-bad", {}, ["explain", "{{7*7}}"]), Case("cli/disable-bad", {"a.txt": b"x"}, ["check", "a.txt", "--disable", "X"]),
            Case("cli/terms-laughs", {"a.txt": b"x", "t.yaml": _laughs().encode()}, ["check", "a.txt", "--terms", "t.yaml"]),
            Case("cli/ignore-laughs", {"a.txt": b"x", "i.yaml": _laughs().encode()}, ["check", "a.txt", "--ignore", "i.yaml"]),
            Case("cli/ignore-bad", {"a.txt": b"x", "i.yaml": b"rule: 1\n"}, ["check", "a.txt", "--ignore", "i.yaml"]),
            Case("cli/type-bad", {"a.txt": b"x"}, ["check", "a.txt", "--type", "\x01"]),
            Case("cli/new-bad", {}, ["new", "{{7*7}}", "-o", f"{OUT}/x.yaml"])]


def random_field_cases(n: int = 160) -> list[Case]:
    """Seeded random hostile values in random fields (text, amounts, years, indicators), drafted and
    rolled over: the same mix tests/fuzz/test_fields_hypothesis.py explores with hypothesis."""
    rnd = random.Random(11)
    ex = _example()
    keys = [ln.split(":")[0] for ln in ex.splitlines() if ln and not ln.startswith((" ", "#", "-")) and ":" in ln]
    pool = INJECTIONS + FORMULAS + CONTROL + ["", "待填", "9" * 45, "1,2,,3..4", "-0", "１２３", "2023-13-45", "【", "》",
                                           "\\", "%s%n", "{0}", "\u0000", "万元" * 50, "’", "𠀀𪚥"]
    out = []
    for i in range(n):
        key = rnd.choice(keys)
        value = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 4)))
        data = _with_field(ex, key, value).encode("utf-8", "surrogatepass")
        command = ["draft", "d.yaml", "-o", f"{OUT}/r.docx"] if i % 3 else ["rollover", "d.yaml", "-o", f"{OUT}/n.yaml"]
        out.append(Case(f"fields/{i:03d}-{command[0]}", {"d.yaml": data}, command))
    return out


def _contributed() -> list[Case]:
    """Cases other modules add (tests/fuzz/dataloss_cases.py: def cases() -> list[Case])."""
    try:
        from . import dataloss_cases  # type: ignore[attr-defined]
    except ImportError:
        return []
    return list(dataloss_cases.cases())


GENERATORS: list[Callable[[], list[Case]]] = [docx_cases, lambda: _text_cases("txt"), lambda: _text_cases("md"),
                                              import_cases, xlsx_cases, yaml_cases, batch_cases, cli_cases,
                                              random_field_cases, _contributed]


def cases(full: bool = True) -> list[Case]:
    out = [c for g in GENERATORS for c in g()]
    return out if full else [c for c in out if c.fast]
