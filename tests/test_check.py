"""The checker end to end: invariant, corpus goldens, TXT↔DOCX parity, outputs, exit codes,
silencing, Word comments and bad inputs."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import CORPUS, EXAMPLES, GOLDEN, ROOT, assert_golden
from writer.check_pipeline import check_document
from writer.cli import main
from writer.commands_check import rules_markdown
from writer.draft.docx_build import build
from writer.pipeline import draft_report
from writer.reporters import machine


def txt_to_docx(text: str, path: Path) -> None:
    """A Word file made from a TXT draft: one paragraph per line, split over several runs."""
    d = docx.Document()
    for line in text.splitlines():
        if not line.strip():
            continue
        p = d.add_paragraph()
        for k in range(0, len(line), 7):  # several runs per paragraph, as Word writes them
            p.add_run(line[k:k + 7])
    d.save(str(path))


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_drafted_examples_check_clean(name: str, tmp_path: Path) -> None:
    d = draft_report(EXAMPLES / f"{name}.yaml")
    out = tmp_path / f"{name}.docx"
    out.write_bytes(build(d.doc, d.rubric.raw["format"]))
    md = tmp_path / f"{name}.md"
    md.write_text(d.doc.markdown(), encoding="utf-8")
    for path in (out, md):
        checked = check_document(path, data=EXAMPLES / f"{name}.yaml")
        assert checked.rubric.id == d.rubric.id
        assert [f.message for f in checked.findings] == [], path.suffix


corpus_files = sorted(CORPUS.glob("*.txt")) if CORPUS.exists() else []


@pytest.mark.skipif(not corpus_files, reason="shared/corpus is not present")
@pytest.mark.parametrize("path", corpus_files, ids=[p.stem for p in corpus_files])
def test_corpus_findings_golden(path: Path) -> None:
    checked = check_document(path)
    text = machine.to_lines([checked]).replace(str(path), path.name)
    assert_golden(GOLDEN / "check" / f"{path.stem}.findings.txt", text)


@pytest.mark.skipif(not corpus_files, reason="shared/corpus is not present")
def test_corpus_known_defects_found_and_correct_sums_quiet() -> None:
    training = check_document(CORPUS / "zhanjiang-2020-project-training.txt").findings
    rules = {(f.rule, f.excerpt) for f in training}
    assert ("NUM01", "4、") in rules  # 一、二、三、4、
    assert ("NUM02", "（2）") in rules  # （一）then（2）
    assert ("REF01", "湛财绩[2020] 5号") in rules  # the same notice cited with another 文号
    assert ("REF02", "湛财绩[2021] 6号") in rules
    assert ("LEF01", "[bookmark: _GoBack]") in rules
    assert any(f.rule == "PUN01" and f.excerpt == "》" for f in training)
    for name in ("panyu-2023-department-partyschool", "zhanjiang-2020-department-orgdept"):
        found = check_document(CORPUS / f"{name}.txt").findings
        # 2999.76 + 2.89 − 2970.12 = 32.53; 1540.23 = 1440.68 + 69.22 + 30.33 and its shares
        assert not [f for f in found if f.rule.startswith("FIG")], [f.message for f in found]


@pytest.mark.skipif(not corpus_files, reason="shared/corpus is not present")
@pytest.mark.parametrize("path", corpus_files, ids=[p.stem for p in corpus_files])
def test_same_findings_from_txt_and_docx(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    docx_path = tmp_path / f"{path.stem}.docx"
    txt_to_docx(text, docx_path)
    from_txt = check_document(path).findings
    from_docx = check_document(docx_path).findings
    assert [(f.rule, f.excerpt, f.message) for f in from_txt] == [(f.rule, f.excerpt, f.message) for f in from_docx]


BAD = ("某单位2024年度某项目支出绩效自评报告\n一、基本情况\n本项目预算80万元，执行62万元，预算执行率为100%。\n"
       "二、存在的问题\n[bookmark: _GoBack]培训形式单一。\n")


def test_json_output_schema(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "d.txt"
    p.write_text(BAD, encoding="utf-8")
    code = main(["check", str(p), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["schema_version"] == 1 and data["tool"] == "jixiao"
    f = data["files"][0]
    assert f["report_type"] == "project_self"
    one = next(x for x in f["findings"] if x["rule"] == "FIG02")
    assert set(one) == {"rule", "name", "level", "message", "location", "excerpt", "suggestion", "related"}
    assert set(one["location"]) == {"block", "line", "section", "table", "row", "col", "start", "end"}
    assert one["excerpt"] == "100%" and one["location"]["line"] == 3 and one["location"]["section"] == "一、"
    assert f["summary"]["error"] == sum(1 for x in f["findings"] if x["level"] == "error")


def test_line_and_sarif_outputs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "d.txt"
    p.write_text(BAD, encoding="utf-8")
    main(["check", str(p), "--format", "line"])
    lines = capsys.readouterr().out.splitlines()
    col = BAD.splitlines()[2].index("100%") + 1
    assert f"{p}:3:{col}:FIG02:error:比率写作100%，按文中金额（62÷80）应为77.50%" in lines
    main(["check", str(p), "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_exit_codes_fail_on_disable_and_ignore(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "d.txt"
    p.write_text(BAD, encoding="utf-8")
    assert main(["check", str(p)]) == 1
    only_warnings = "某单位2024年度某项目支出绩效自评报告\n一、基本情况\n我部开展自评。我委报送材料。我部完成。\n"
    q = tmp_path / "w.txt"
    q.write_text(only_warnings, encoding="utf-8")
    assert main(["check", str(q), "--disable", "SEC01,PUB01,SCO06"]) == 0
    assert main(["check", str(q), "--disable", "SEC01,PUB01,SCO06", "--fail-on", "warning"]) == 1
    assert main(["check", str(q), "--disable", "NOPE99"]) == 2
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("- {rule: FIG02, text: 100%}\n- {rule: LEF01, text: 不存在的文字}\n", encoding="utf-8")
    capsys.readouterr()
    main(["check", str(p), "--ignore", str(ignore), "--format", "terminal"])
    out = capsys.readouterr().out
    assert "FIG02" not in out and "已不再匹配" in out and "不存在的文字" in out


def test_inline_disable_in_txt_and_md(tmp_path: Path) -> None:
    t = tmp_path / "d.txt"
    t.write_text(BAD.replace("二、存在的问题\n", "二、存在的问题\n# jixiao-disable-next-line LEF01\n"), encoding="utf-8")
    assert not [f for f in check_document(t).findings if f.rule == "LEF01"]
    m = tmp_path / "d.md"
    m.write_text("# 某单位2024年度某项目支出绩效自评报告\n\n<!-- jixiao-disable FIG02 -->\n\n"
                 "本项目预算80万元，执行62万元，预算执行率为100%。\n", encoding="utf-8")
    assert not [f for f in check_document(m).findings if f.rule == "FIG02"]


def test_comments_copy_anchors_on_the_words(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    draft = tmp_path / "draft.docx"
    txt_to_docx(BAD, draft)
    before = draft.read_bytes()
    out = tmp_path / "draft-批注.docx"
    assert main(["check", str(draft), "--comments", str(out), "--format", "line"]) == 1
    assert draft.read_bytes() == before  # the draft itself is never touched
    d = docx.Document(str(out))
    comments = {c.comment_id: c.text for c in d.comments}
    assert any("FIG02" in t for t in comments.values())
    xml = d.element.xml
    # the FIG02 comment range encloses exactly "100%"
    import re
    fig = next(i for i, t in comments.items() if "FIG02" in t)
    m = re.search(rf'<w:commentRangeStart w:id="{fig}"/>(.*?)<w:commentRangeEnd w:id="{fig}"/>', xml, re.S)
    assert m and "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", m.group(1))) == "100%"
    # text and formatting of the paragraph are unchanged apart from the comment marks
    assert [p.text for p in d.paragraphs] == [p.text for p in docx.Document(str(draft)).paragraphs]
    assert main(["check", str(draft), "--comments", str(out)]) == 2  # no silent overwrite


@pytest.mark.parametrize("name,content,expect", [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .docx"),
    ("draft.wps", b"anything", "另存为 .docx"),
    ("draft.pdf", b"%PDF-1.4", "粘贴为 .txt"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "加密"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "已损坏"),
    ("nope.docx", None, "文件不存在"),
    ("draft.xyz", b"text", "无法识别"),
])
def test_bad_inputs_are_chinese_errors(name: str, content: bytes | None, expect: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert expect in err and "Traceback" not in err
    if content is not None:
        assert p.read_bytes() == content


def test_docx_without_body_part(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "empty.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "x")
    assert main(["check", str(p)]) == 2
    assert "不是 Word 文档" in capsys.readouterr().err


def test_gbk_and_bom_text(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(BAD.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + BAD.encode("utf-8"))
    a = [(f.rule, f.excerpt) for f in check_document(gbk).findings]
    b = [(f.rule, f.excerpt) for f in check_document(bom).findings]
    assert a == b and ("FIG02", "100%") in a


def test_pdf_pasted_text_is_rejoined(tmp_path: Path) -> None:
    wrapped = ("某单位2024年度某项目支出绩效自评报告\n一、基本情况\n本项目全年预算数为80万元，全年执行数为6\n2万元，预算执行率\n"
               "为100%，资金使用规范，全部用于培\n训工作的开展和组织管理工作，\n\n— 2 —\n\n按计划完成全年各项培训任务和目标。\n"
               "二、存在的问题\n培训形式较为单一，需要进一步丰富和完\n善培训内容和组织方式，提升效果。\n")
    p = tmp_path / "pdf.txt"
    p.write_text(wrapped, encoding="utf-8")
    found = [(f.rule, f.excerpt, f.location.line) for f in check_document(p).findings if f.rule == "FIG02"]
    assert found == [("FIG02", "100%", 3)]


def test_full_width_digits_and_units(tmp_path: Path) -> None:
    p = tmp_path / "fw.txt"
    p.write_text("某单位2024年度某项目支出绩效自评报告\n本项目全年预算数为８０万元，全年执行数为620000元，预算执行率为１００％。\n",
                 encoding="utf-8")
    found = [f for f in check_document(p).findings if f.rule == "FIG02"]
    assert found and found[0].excerpt == "１００％" and "77.50%" in found[0].message


def test_rules_doc_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "docs/rules.md is stale: run `jixiao rules --markdown > docs/rules.md`"


def test_explain_and_rules(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["explain", "FIG02"]) == 0
    out = capsys.readouterr().out
    assert "依据：财预〔2020〕10号" in out and "会报告的写法" in out
    assert main(["rules"]) == 0
    assert "LEF01" in capsys.readouterr().out
    assert main(["explain", "XYZ01"]) == 2


def test_docx_reader_keeps_text_python_docx_drops(tmp_path: Path) -> None:
    """Tracked insertions, equations, content controls and simple fields are read; deletions are not."""
    from docx.oxml import parse_xml

    from writer.read.docx_reader import read_docx

    d = docx.Document()
    d.add_paragraph("placeholder")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    m = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    body = d.element.body
    for xml in (
        f'<w:p {w}><w:r><w:t>原</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="a"><w:r><w:delText>删掉</w:delText></w:r></w:del></w:p>',
        f'<w:p {w} {m}><w:r><w:t>满意度</w:t></w:r><m:oMath><m:r><m:t>≥95%</m:t></m:r></m:oMath></w:p>',
        f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        f'<w:p {w}><w:r><w:t>第</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>',
    ):
        body.insert(len(body) - 1, parse_xml(xml))
    p = tmp_path / "x.docx"
    d.save(str(p))
    texts = [b.text for b in read_docx(p).blocks]
    assert texts == ["placeholder", "原新增", "满意度≥95%", "控件内文字", "第3"]


def test_amount_split_by_a_line_break_is_one_number(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("本项目全年预算数为80万元，全年执行数为6")
    p.add_run().add_break()
    p.add_run("2万元，预算执行率为100%。")
    path = tmp_path / "br.docx"
    d.save(str(path))
    found = [f for f in check_document(path).findings if f.rule == "FIG02"]
    assert found and "62÷80" in found[0].message


NOISY = ("某单位2024年度某项目支出绩效自评报告\n一、基本情况\n"
         + "".join(f"本项目 第{i}批 设备已到位,运行正常。\n" for i in range(1, 13))
         + "本项目预算80万元，执行62万元，预算执行率为100%。\n")


def test_repeated_low_level_findings_fold_errors_first_summary_last(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "noisy.txt"
    p.write_text(NOISY, encoding="utf-8")
    main(["check", str(p)])
    out = capsys.readouterr().out
    assert out.count("PUN03") == 1 and "全文共24处汉字、数字之间夹有空格" in out and "像是从 PDF 复制" in out
    assert out.count("PUN02") == 1 and "全文共12处" in out
    assert out.index("错误（") < out.index("警告（") < out.index("提示（")
    assert out.rstrip().splitlines()[-1].lstrip().startswith("共 ") and "加 --all 逐条列出" in out
    main(["check", str(p), "--all"])
    assert capsys.readouterr().out.count("PUN03") == 24
    main(["check", str(p), "--format", "json"])
    data = json.loads(capsys.readouterr().out)["files"][0]
    pun03 = [i for i, f in enumerate(data["findings"]) if f["rule"] == "PUN03"]
    assert len(pun03) == 24 and {"rule": "PUN03", "count": 24, "findings": pun03} in data["groups"]


def test_few_findings_are_not_folded(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "few.txt"
    p.write_text("某单位2024年度某项目支出绩效自评报告\n一、基本情况\n本项目 已完成。设备 已到位。\n", encoding="utf-8")
    main(["check", str(p)])
    out = capsys.readouterr().out
    assert out.count("PUN03") == 2 and "全文共" not in out


def test_word_comments_fold_like_the_terminal(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "noisy.docx"
    txt_to_docx(NOISY, src)
    out = tmp_path / "c.docx"
    main(["check", str(src), "--comments", str(out)])
    folded = len(zipfile.ZipFile(out).read("word/comments.xml").decode().split("<w:comment ")) - 1
    main(["check", str(src), "--comments", str(tmp_path / "all.docx"), "--all"])
    every = len(zipfile.ZipFile(tmp_path / "all.docx").read("word/comments.xml").decode().split("<w:comment ")) - 1
    capsys.readouterr()
    main(["check", str(src), "--format", "json"])
    data = json.loads(capsys.readouterr().out)["files"][0]
    assert every == len(data["findings"])
    assert folded == every - sum(g["count"] - 1 for g in data["groups"]) < every


def test_an_unreadable_docx_is_a_located_chinese_error(tmp_path: Path) -> None:
    """No permission (or locked on a share): the reason in Chinese, not an internal error."""
    from unittest import mock

    from writer.errors import InputDocError
    from writer.read.docx_reader import read_docx

    denied = PermissionError(13, "Permission denied")
    path = tmp_path / "x.docx"
    with mock.patch("zipfile.ZipFile", side_effect=denied), mock.patch.object(Path, "read_bytes", side_effect=denied):
        with pytest.raises(InputDocError, match="x.docx 无法读取：没有权限"):
            read_docx(path)
