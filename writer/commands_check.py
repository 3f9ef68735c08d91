"""The checking subcommands: check, rules, explain."""
from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from .console import Console

from . import rubric as rubric_mod
from .checks.engine import Rule, load_rules
from .errors import ExitCode, JixiaoError
from .findings import LEVEL_ZH, Finding
from .safe_io import plan_outputs, write_atomic
from .ui_text import ui

_FAIL_RANK = {"error": 0, "warning": 1, "info": 2}


def all_rules() -> list[Rule]:
    """Rules of every report type, each id once (types may override a rule's params)."""
    seen: dict[str, Rule] = {}
    for r in rubric_mod.load_all():
        for rule in load_rules(r):
            seen.setdefault(rule.id, rule)
    from .across import across_rules  # cross-unit kinds live in the same registry

    return sorted([*seen.values(), *across_rules()], key=lambda r: r.id)


def disabled_rules(values: list[str] | None) -> set[str]:
    """--disable values (ids or names, repeated or comma-separated) checked against every rule,
    cross-unit ones included (check and batch); an unknown one is an error rather than nothing."""
    from .check_pipeline import valid_disable

    disabled = valid_disable(values or [])
    if not disabled:
        return disabled  # every type's rules are loaded only when needed (start-up time)
    rules = all_rules()
    known = {r.id for r in rules} | {r.name for r in rules}
    unknown = sorted(disabled - known)
    if unknown:
        raise JixiaoError(f"--disable 中的规则不存在：{'、'.join(unknown)}（jixiao rules 可查看全部规则）")
    return disabled


def run_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .check_pipeline import check_document

    disabled = disabled_rules(args.disable)
    ignore = args.ignore
    if ignore is None and Path(".jixiao-ignore.yaml").exists():
        ignore = Path(".jixiao-ignore.yaml")
    if args.comments:
        if args.draft[0].suffix.lower() != ".docx" or len(args.draft) != 1:
            raise JixiaoError("--comments 只能用于单个 .docx 草稿")
        plan_outputs({"--comments": args.comments},
                     {ui("草稿"): args.draft[0], "--data": args.data, "--ignore": ignore, "--terms": args.terms}, args.force)
    results = [check_document(p, args.type, args.data, disabled, ignore, args.terms) for p in args.draft]
    if args.across:
        from .across import Unit, check_across

        if len(results) < 2:
            raise JixiaoError("--across 需要至少两份草稿")
        for unit, found in check_across([Unit(Path(c.doc.path).stem, c.doc) for c in results], disabled).items():
            checked = next(c for c in results if Path(c.doc.path).stem == unit)
            checked.findings = sorted(checked.findings + found, key=lambda f: f.sort_key())
    if args.format == "terminal":  # each reporter imported only when used (start-up time)
        from .reporters import terminal

        for c in results:
            terminal.render(c, out, show_all=getattr(args, "all", False))
    else:
        from .reporters import machine

        if args.format == "json":
            out.file.write(machine.to_json(results))
        elif args.format == "line":
            out.file.write(machine.to_lines(results))
        elif args.format == "sarif":
            out.file.write(machine.to_sarif(results, all_rules()))
    if args.comments:
        from .reporters.docx_comments import write_comments
        from .reporters.fold import fold, foldings

        show_all = getattr(args, "all", False)
        write_atomic(args.comments, write_comments(results[0], args.comments, show_all))
        shown = results[0].findings if show_all else fold(results[0].findings, foldings(results[0].rubric.checks))
        err.print(f"已写出带批注的副本：{args.comments}（{len(shown)} 条批注）", markup=False)
    threshold = _FAIL_RANK[args.fail_on]
    failing = any(_FAIL_RANK[f.level] <= threshold for c in results for f in c.findings)
    return ExitCode.FINDINGS if failing else ExitCode.OK


def rules_markdown() -> str:
    """docs/rules.md: every rule with its level, message, basis and the kind's example."""
    lines = [ui("# jixiao 检查规则"), "",
             ui("本文件由 `jixiao rules --markdown` 生成，请勿手改；规则定义在 `rubrics/_checks.yaml`。"), "",
             ui("| 编号 | 名称 | 级别 | 说明 |"), "| --- | --- | --- | --- |"]
    rules = all_rules()
    for r in rules:
        lines.append(f"| {r.id} | `{r.name}` | {LEVEL_ZH[r.level]} | {r.doc} |")
    for r in rules:
        lines += ["", f"## {r.id} {r.name}", "", explain_text(r).split("\n", 2)[2] if "\n" in explain_text(r) else ""]
    return "\n".join(lines).rstrip() + "\n"


def run_rules(args: argparse.Namespace, out: Console, err: Console) -> int:
    if args.markdown:
        out.file.write(rules_markdown())
        return ExitCode.OK
    for r in all_rules():
        out.print(f"{r.id}  {r.name:<40} {LEVEL_ZH[r.level]}  {r.doc}", markup=False)
    return ExitCode.OK


def explain_text(r: Rule) -> str:
    shown = _example_finding(r)
    message = shown.message if shown else _PLACEHOLDER.sub("…", r.message)
    lines = [f"{r.id} {r.name}（{LEVEL_ZH[r.level]}）", "", r.doc, "", ui(f"消息{'示例' if shown else ''}：{message}")]
    suggestion = shown.suggestion if shown and shown.suggestion else _PLACEHOLDER.sub("…", r.suggestion)
    if suggestion:
        lines.append(ui(f"建议：{suggestion}"))
    if r.basis:
        lines.append(ui(f"依据：{r.basis}"))
    for key, label in (("bad", ui("会报告的写法")), ("good", ui("不会报告的写法"))):
        text = str(r.examples.get(key, "")).strip()
        if text:
            lines.append(f"{label}：")
            lines += [f"    {ln}" for ln in text.splitlines()]
    if r.params:
        lines.append(ui("参数："))
        from .checks.params import declared

        types = {name: p.type for name, p in declared(r.kind).items()}
        for key, value in r.params.items():
            if types.get(key) == "list[regex]" and isinstance(value, list):  # one per line: a pattern may hold 、
                lines.append(ui(f"    {key}（正则表达式，每行一条）："))
                lines += [f"        {v}" for v in value]
            else:
                lines.append(f"    {key}{_kind_note(types.get(key, ''))}：{_plain(value)}")
    return "\n".join(lines)


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _example_finding(r: Rule) -> Finding | None:
    """The rule's first finding on its own `bad` example, so `explain` shows a real message."""
    from .checks.engine import Ctx, run_rules
    from .read.outline import build_outline
    from .read.text_reader import read_text

    bad = str(r.examples.get("bad", "")).strip()
    if not bad or r.name.startswith("across."):  # a cross-unit rule needs a batch, not one example
        return None
    try:
        doc = read_text(Path("example.txt"), bad)
        rubric = build_outline(doc, rubric_mod.load_all(), None)
        rule = next((x for x in load_rules(rubric) if x.id == r.id), r)
        found = run_rules(Ctx(doc, rubric), [rule])
    except JixiaoError:
        return None
    return found[0] if found else None


def _kind_note(param_type: str) -> str:
    """A pattern parameter says so: its value is read as a regular expression, not as words."""
    return ui("（正则表达式）") if param_type == "regex" else ""


def _plain(value: object) -> str:
    """A parameter value for people: lists joined by 、, maps as 甲→乙, no Python syntax."""
    if isinstance(value, bool):
        return ui("是") if value else ui("否")
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) if value else ui("（无）")
    if isinstance(value, dict):
        return "；".join(f"{k}→{_plain(v)}" for k, v in value.items()) if value else ui("（无）")
    return str(value)


def run_explain(args: argparse.Namespace, out: Console, err: Console) -> int:
    rules = {r.id: r for r in all_rules()} | {r.name: r for r in all_rules()}
    r = rules.get(args.rule.upper()) or rules.get(args.rule)
    if r is None:
        raise JixiaoError(f"没有规则“{args.rule}”（jixiao rules 可查看全部规则）")
    out.print(explain_text(r), markup=False)
    return ExitCode.OK
