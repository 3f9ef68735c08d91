"""One voice across units: every planted drift found in the unit that drifts, nothing else paired."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from across_batch import EXPECTED, UNITS, data_files, plant_text
from writer.across import Unit, check_across, find_drifts
from writer.across_indicators import identity
from writer.cli import main
from writer.read.text_reader import read_text


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Five drafts made with `jixiao draft`, then edited by hand (planted text drifts)."""
    folder = tmp_path_factory.mktemp("batch")
    out = []
    for data in data_files(folder / "data"):
        md = folder / f"{data.stem}.md"
        assert main(["draft", str(data), "-o", str(folder / f"{data.stem}.docx"), "--md", str(md)]) == 0
        md.write_text(plant_text(data.stem, md.read_text(encoding="utf-8")), encoding="utf-8")
        out.append(md)
    return out


def _across_findings(drafts: list[Path], capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, str, str]]:
    capsys.readouterr()
    main(["check", *map(str, drafts), "--across", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return [(Path(f["path"]).stem, x["rule"], x["excerpt"], x["message"])
            for f in report["files"] for x in f["findings"] if x["name"].startswith("across.")]


def test_all_13_planted_drifts_reported_where_they_are(drafts: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    found = _across_findings(drafts, capsys)
    for unit, rule, written, majority in EXPECTED:
        hits = [f for f in found if f[:3] == (unit, rule, written)]
        assert hits, f"missed in {unit}: {rule} {written}"
        assert f"“{majority}”" in hits[0][3] or f"「{majority}」" in hits[0][3], hits[0][3]
    assert len(found) == len(EXPECTED), sorted(set(found) - {f for f in found if f[:3] in {e[:3] for e in EXPECTED}})


def test_standard_sentence_shown_in_chinese_never_its_id(drafts: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    messages = [m for _u, rule, _w, m in _across_findings(drafts, capsys) if rule == "TRM13"]
    assert messages and not any("funds." in m or "improve." in m or "conclusion." in m for m in messages)


def test_disable_switches_a_cross_unit_rule_off(drafts: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    main(["check", *map(str, drafts), "--across", "--format", "json", "--disable", "TRM11,across.self_reference"])
    rules = {x["rule"] for f in json.loads(capsys.readouterr().out)["files"] for x in f["findings"]}
    assert "TRM11" not in rules and "TRM15" not in rules and "TRM12" in rules


def _table_doc(name: str, rows: list[tuple[str, str, str, str]]) -> Unit:
    head = "某单位2024年度某项目支出绩效自评报告\n一、基本情况\n本项目按计划实施。\n\n"
    table = "| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n| --- | --- | --- | --- |\n"
    table += "".join(f"| {a} | {b} | {c} | {d} |\n" for a, b, c, d in rows)
    from writer.read.text_reader import read_markdown

    return Unit(name, read_markdown(Path(f"{name}.md"), head + table))


SAT = ("满意度指标", "服务对象满意度指标")


def test_same_shape_different_subject_never_paired() -> None:
    units = [_table_doc("甲", [(*SAT, "学员满意度", "≥90%")]), _table_doc("乙", [(*SAT, "学员满意度", "≥90%")]),
             _table_doc("丙", [(*SAT, "受益农户满意度", "≥90%")])]
    assert find_drifts(units) == []


def test_different_unit_of_measure_or_head_never_paired() -> None:
    q = ("产出指标", "数量指标")
    units = [_table_doc("甲", [(*q, "培训人次", "≥500人次"), (*q, "新建道路长度", "≥3公里")]),
             _table_doc("乙", [(*q, "培训人次", "≥500人次"), (*q, "新建道路长度", "≥3公里")]),
             _table_doc("丙", [(*q, "培训天数", "≥500天"), (*q, "改造道路长度", "≥3公里")]),
             _table_doc("丁", [(*q, "参训人数", "≥20期")])]
    assert find_drifts(units) == []


def test_same_indicator_other_name_paired_with_majority() -> None:
    q = ("产出指标", "数量指标")
    units = [_table_doc(n, [(*q, "参会人次", "≥500人次")]) for n in ("甲", "乙", "丙")]
    units += [_table_doc("丁", [(*q, "参会人数", "≥500人次")]), _table_doc("戊", [(*q, "参会人员数量", "≥500人次")])]
    found = check_across(units)
    assert [(f.excerpt, f.message) for f in found["丁"]] == [("参会人数", "指标「参会人数」在3个单位中写作「参会人次」")]
    assert [f.excerpt for f in found["戊"]] == ["参会人员数量"]
    assert found["甲"] == found["乙"] == found["丙"] == []


def test_identity_folds_synonyms_but_keeps_subjects() -> None:
    assert identity("参会人次") == identity("参会人员数量") == identity("参会人数")
    assert identity("培训人次") == identity("参训人次")
    assert identity("学员满意度") == identity("参训学员满意度")
    assert identity("学员满意度") != identity("受益农户满意度")
    assert identity("新建道路长度") != identity("改造道路长度")
    assert identity("参会人次（人次）") == identity("参会人数")
    assert identity("党校主体班举办期数") == identity("举办党校主体班期数")


def test_any_self_reference_form_and_not_places_or_words() -> None:
    def town(n: str, t: str) -> Unit:
        return Unit(n, read_text(Path(f"{n}.txt"), f"{n}镇2024年度某项目支出绩效自评报告\n一、基本情况\n{t}"))
    units = [town("甲", "我镇认真落实本市要求，应该处理的问题已处理。\n"), town("乙", "我镇认真落实。本部分说明情况。\n"),
             town("丙", "本局认真落实。\n"), town("丁", "该中心认真落实。\n")]
    found = check_across(units)
    assert [f.excerpt for f in found["丙"]] == ["本局"] and [f.excerpt for f in found["丁"]] == ["该中心"]
    assert found["甲"] == found["乙"] == []


def test_a_unit_keeps_a_self_reference_that_is_its_own_name() -> None:
    def unit(n: str, agency: str, t: str) -> Unit:
        return Unit(n, read_text(Path(f"{n}.txt"), f"{agency}2024年度部门整体支出绩效自评报告\n一、基本情况\n{t}"))
    units = [unit("甲", "某市发展和改革委员会", "我委认真落实。\n"), unit("乙", "某市卫生健康委员会", "我委认真落实。\n"),
             unit("丙", "某市财政局", "我局认真落实。\n"), unit("丁", "某市科学技术委员会", "我单位认真落实。\n")]
    found = check_across(units)
    assert found["丙"] == []  # 财政局 is a 局: 我局 is right for it
    assert [(f.excerpt, f.suggestion) for f in found["丁"]] == [("我单位", "如为同类单位，统一为“我委”")]


def test_negated_sentence_is_not_a_rewording() -> None:
    common = "某单位2024年度某项目支出绩效自评报告\n一、基本情况\n"
    text = "本项目全年预算数为100万元，实际到位资金80万元，资金到位率为80%，资金尚未足额拨付到位。\n"
    units = [Unit(n, read_text(Path(f"{n}.txt"), common + text)) for n in ("甲", "乙")]
    assert [d for d in find_drifts(units) if d.rule.id == "TRM13"] == []


def test_rules_and_explain_know_the_cross_unit_rules(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules"])
    listed = capsys.readouterr().out
    assert all(r in listed for r in ("TRM11", "TRM12", "TRM13", "TRM14", "TRM15"))
    main(["explain", "across.indicator_name"])
    assert "受益农户满意度" in capsys.readouterr().out


def test_units_names() -> None:
    assert UNITS == ["u1", "u2", "u3", "u4", "u5"]


def test_cross_unit_rules_validated_against_declared_parameters() -> None:
    from writer.across import _origin_factory
    from writer.checks.engine import build_rules
    from writer.errors import RubricError
    from writer.located_yaml import parse_text

    text = ("rules:\n  - id: TRM12\n    name: across.term_variant\n    kind: term_variant\n    level: warning\n"
            "    message: m\n    params:\n      groups: [[甲, 乙]]\n      colour: red\n")
    node = parse_text(text, "_across.yaml")
    origin, param_origin = _origin_factory("_across.yaml", node)
    from writer.rubric import to_plain

    with pytest.raises(RubricError) as exc:
        build_rules(to_plain(node)["rules"], origin, param_origin, scope="across")
    assert "_across.yaml 第9行" in str(exc.value) and "colour" in str(exc.value)


def test_sarif_lists_the_cross_unit_rules(drafts: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    main(["check", *map(str, drafts), "--across", "--format", "sarif"])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert {"TRM11", "TRM13", "TRM15"} <= {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert sum(1 for r in run["results"] if r["ruleId"] == "TRM13") == 4


def test_a_cited_title_is_not_a_drift() -> None:
    common = "某单位2024年度某项目支出绩效自评报告\n一、基本情况\n"
    units = [Unit(n, read_text(Path(f"{n}.txt"), common + t)) for n, t in (
        ("甲", "预算执行率为98%。\n"), ("乙", "预算执行率为97%。\n"),
        ("丙", "依据《资金支出率考核办法》，预算执行率为99%。\n"))]
    assert find_drifts(units) == []


def test_real_reports_of_many_provinces_are_not_paired_wrongly(capsys: pytest.CaptureFixture[str]) -> None:
    """24 published reports (different units, provinces, years): only genuine term variants come out."""
    from conftest import CORPUS

    if not CORPUS.exists():
        pytest.skip("corpus not available")
    files = sorted(CORPUS.glob("*.txt")) + sorted((CORPUS / "openings").glob("*.txt"))
    capsys.readouterr()
    main(["check", *map(str, files), "--across", "--format", "json"])
    found = sorted((Path(f["path"]).name, x["rule"], x["excerpt"]) for f in json.loads(capsys.readouterr().out)["files"]
                   for x in f["findings"] if x["name"].startswith("across."))
    assert found == [("zhanjiang-2020-department-orgdept.txt", "TRM12", "绩效自我评价报告"),
                     ("zhanjiang-2020-project-training.txt", "TRM12", "资金支出率")]


def test_indicator_header_below_title_rows() -> None:
    """The national 自评表: title and funds rows above the indicator header, all one table."""
    def unit(n: str, name: str) -> Unit:
        rows = [["项目名称", "某项目", "", ""], ["年度绩效指标", "", "", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "数量指标", name, "≥500人次"]]
        md = "某单位2024年度某项目支出绩效自评报告\n\n| " + " | ".join(rows[0]) + " |\n| --- | --- | --- | --- |\n"
        md += "".join("| " + " | ".join(r) + " |\n" for r in rows[1:])
        from writer.read.text_reader import read_markdown

        return Unit(n, read_markdown(Path(f"{n}.md"), md))
    units = [unit("甲", "参会人次"), unit("乙", "参会人次"), unit("丙", "参会人数")]
    assert [(d.unit, d.found, d.agreed) for d in find_drifts(units)] == [("丙", "参会人数", "参会人次")]
