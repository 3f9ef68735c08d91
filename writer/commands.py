"""The drafting subcommands: draft, new, types."""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from .console import Console

from . import rubric as rubric_mod
from .blank import blank_data
from .errors import ExitCode, JixiaoError
from .money import fmt_number
from .safe_io import os_reason, plan_outputs, same_file, write_atomic
from .ui_text import ui
from .words import placeholder


def run_draft(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .draft.docx_build import build
    from .pipeline import draft_report

    plan_outputs({"-o": args.output, "--md": args.md}, {ui("数据文件"): args.data, "--phrasebank": args.phrasebank},
                 args.force)
    if args.data.suffix.lower() == ".xlsx":  # a filled 自评表: read it the way `import` does, then draft
        drafted = _draft_workbook(args.data, args.phrasebank)
    else:
        drafted = draft_report(args.data, args.phrasebank)
    docx_bytes = build(drafted.doc, drafted.rubric.raw["format"])
    write_atomic(args.output, docx_bytes)
    if args.md:
        write_atomic(args.md, drafted.doc.markdown().encode("utf-8"))
    f = drafted.figures
    total = ui(f"总分 {fmt_number(f.total)} 分，等级 {f.grade}") if f.total is not None else ui("总分待填")
    out.print(f"已生成：{args.output}（{drafted.rubric.name}，{total}）", markup=False)
    pending = drafted.loaded.pending
    if pending:
        err.print(f"提示：数据中还有 {len(pending)} 处待填，报告中已用黄色【待填】标出：", markup=False)
        for path, word in pending.items():
            line, _, _ = drafted.loaded.where(path)
            err.print(f"  · {drafted.loaded.label_path(path)}（第{line}行，{word}）", markup=False)
    for w in drafted.doc.warnings:
        err.print(f"注意：{w}", markup=False)
    if drafted.missing:
        err.print(f"提示：还有 {len(drafted.missing)} 处需要补充说明，报告中已用黄色【待补充：…】标出：", markup=False)
        for m in drafted.missing:
            err.print(f"  · {m.reason}——请填写「{m.label}」", markup=False)
    return ExitCode.OK


def _draft_workbook(book: Path, phrasebank: Path | None):  # type: ignore[no-untyped-def]
    import tempfile

    from .pipeline import draft_report
    from .xlsx_form import form_to_yaml

    from dataclasses import replace

    from .errors import DataError

    with tempfile.TemporaryDirectory() as td:
        data = Path(td) / f"{book.stem}.yaml"
        data.write_text(form_to_yaml(book), encoding="utf-8")
        try:
            return draft_report(data, phrasebank)
        except DataError as exc:  # name the workbook, not the temporary data file (no line to point at)
            raise DataError([replace(p, file=f"{book}（自评表）", line=None, col=None) for p in exc.problems]) from None


def run_new(args: argparse.Namespace, out: Console, err: Console) -> int:
    found = rubric_mod.find(args.type)
    if found is None:
        names = "、".join(r.name for r in rubric_mod.load_all())
        raise JixiaoError(f"“{args.type}”不是已知的报告类型，可选：{names}")
    plan_outputs({"-o": args.output}, {}, args.force)
    if args.xlsx:
        from .xlsx_form import write_blank

        if found.id != "project_self":  # only 附1 (项目支出绩效自评表) has a national form
            raise JixiaoError(f"“{found.name}”没有全国统一的 Excel 自评表样，不能用 --xlsx 生成；"
                              "请去掉 --xlsx 生成数据文件（YAML），或用“项目支出绩效自评报告”生成附1 自评表")
        if args.output.suffix.lower() != ".xlsx":
            raise JixiaoError("--xlsx 的输出文件应以 .xlsx 结尾")
        write_atomic(args.output, write_blank(args.output))
        out.print(f"已生成空白自评表：{args.output}（财预〔2020〕10号 附1 格式）", markup=False)
        return ExitCode.OK
    write_atomic(args.output, blank_data(found).encode("utf-8"))
    out.print(f"已生成空白数据文件：{args.output}（{found.name}）", markup=False)
    return ExitCode.OK


def run_types(args: argparse.Namespace, out: Console, err: Console) -> int:
    from rich.table import Table

    for r in rubric_mod.load_all():
        table = Table(title=f"{r.name}（{r.id}）", title_justify="left", show_lines=False)
        table.add_column(ui("章节"))
        table.add_column(ui("必需"))
        table.add_column(ui("也认作"))
        for s in r.sections:
            depth = 0
            parent = s.parent
            while parent:
                depth += 1
                parent = r.section(parent).parent
            table.add_row("　" * depth + s.title, ui("是") if s.required else ui("否"), "、".join(s.aliases[:4]))
        out.print(table)
        schemes = "；".join(f"{s.name}：" + "、".join(f"{k}{fmt_number(v)}" for k, v in s.levels.items())
                           for s in r.schemes) or ui("由数据给出（合计 100）")
        grades = "、".join(f"{g.name}≥{fmt_number(g.min)}" for g in r.grades)
        out.print(f"权重方案：{schemes}\n等级：{grades}\n", markup=False)
    return ExitCode.OK


def run_rollover(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .rollover import rollover

    plan_outputs({"-o": args.output}, {ui("数据文件"): args.data}, args.force)
    text, emptied = rollover(args.data, args.year)
    write_atomic(args.output, text.encode("utf-8"))
    out.print(f"已生成：{args.output}（{len(emptied)} 处数字待填，文字已标【待更新】）", markup=False)
    return ExitCode.OK


def run_import(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .pipeline import import_data

    plan_outputs({"-o": args.output}, {ui("旧报告"): args.report}, args.force)
    job = import_data(args.report, args.type)
    assert job.text is not None
    write_atomic(args.output, job.text.encode("utf-8"))
    if job.imported is None:  # a 自评表 workbook
        out.print(f"已导入：{args.output}（自评表中没有的字段标“待核实”）", markup=False)
        return ExitCode.OK
    imported = job.imported
    todo = sum(1 for n in imported.notes.values() if n.startswith(placeholder("verify")))
    others = len(imported.data.get("other_sections") or [])
    out.print(f"已导入：{args.output}（{imported.rubric.name}；待核实 {todo} 处，归入“其他”的章节 {others} 个）", markup=False)
    if imported.carried_marks():
        out.print(f"原文中有 {imported.carried_marks()} 处问题（用语、重复、数字前后不一致等）照原文保留，"
                  "已在句后标“【待核实：原因】”，请逐处核实后删去标记", markup=False)
    if imported.warnings:  # what import changed in the source's form (never its words)
        out.print(f"导入时修正了原文的格式 {len(imported.warnings)} 处：", markup=False)
        for w in imported.warnings:
            out.print(f"  · {w}", markup=False)
    return ExitCode.OK


def run_batch(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .batch import LOCK, MANIFEST, SUMMARY, folder_lock, start_manifest, units_from_folder, units_from_workbook
    from .commands_check import disabled_rules

    disabled = disabled_rules(args.disable)  # an unknown rule is refused before anything is written
    outdir: Path = args.output
    if outdir.exists() and not outdir.is_dir():
        raise JixiaoError(f"{outdir} 已存在且不是文件夹")
    ours = {LOCK, MANIFEST}
    if outdir.exists() and any(p.name not in ours for p in outdir.iterdir()) and not (outdir / MANIFEST).exists() \
            and not args.force:
        raise JixiaoError(f"输出文件夹 {outdir} 不是空的，也不是以前批量生成的；如需写入请加 --force")
    if not args.units.is_dir() and args.units.suffix.lower() != ".xlsx":
        raise JixiaoError(f"{args.units} 应为数据文件所在的文件夹，或每行一个单位的 .xlsx 工作簿")
    if args.units.is_file() and same_file(args.units, outdir / SUMMARY):
        raise JixiaoError(f"输入的工作簿 {args.units} 就是要写出的汇总表，输入文件不会被改写，请换一个输出文件夹")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JixiaoError(f"无法创建输出文件夹 {outdir}（{os_reason(exc)}）") from None
    if not os.access(outdir, os.W_OK | os.X_OK):
        raise JixiaoError(f"没有写入输出文件夹 {outdir} 的权限，请换一个文件夹")
    with folder_lock(outdir):
        start_manifest(outdir)
        units = units_from_folder(args.units) if args.units.is_dir() else units_from_workbook(args.units, outdir)
        return _batch_in_folder(units, outdir, args.jobs, out, err, disabled)


_TABLE_ROWS = 50  # more units than this: the terminal gets counts, the workbook the rows


def _batch_in_folder(units: list, outdir: Path, jobs: int | None, out: Console, err: Console,  # type: ignore[type-arg]
                     disabled: frozenset[str] | set[str] = frozenset()) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from .batch import SUMMARY, UnitStatus, run_batch as batch, summary_workbook

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err.rich, transient=True) as progress:
        result = batch(units, outdir, jobs, progress, disabled)
    write_atomic(outdir / SUMMARY, summary_workbook(result))
    if len(result.results) <= _TABLE_ROWS:
        table = Table(title=ui(f"批量生成：{len(units)} 个单位"), title_justify="left")
        for col in (ui("单位"), ui("状态"), ui("总分"), ui("等级"), ui("执行率"), ui("错误"), ui("警告"), ui("提示"),
                    ui("跨单位")):
            table.add_column(col)
        for r in result.results:
            table.add_row(r.name, r.status.value, r.total, r.grade, r.execution_rate, str(r.counts["error"]),
                          str(r.counts["warning"]), str(r.counts["info"]), str(len(result.across.get(r.key, []))))
        out.print(table)
    else:  # a terminal table of hundreds of rows is slow to draw and unread: the workbook has them
        counts = {s: sum(1 for r in result.results if r.status is s) for s in UnitStatus}
        out.print(f"批量生成：{len(units)} 个单位（" + "，".join(f"{s.value} {n}" for s, n in counts.items() if n)
                  + f"），逐个单位的结果见 {outdir / SUMMARY}", markup=False)
    for r in result.results:
        if r.note:
            err.print(f"提示：【{r.name}】（{r.source}）{r.note}", markup=False)
    failed = [r for r in result.results if r.status is UnitStatus.FAILED]
    for r in failed:
        err.print(f"【{r.name}】（{r.source}）出错，已跳过：", markup=False)
        for line in r.errors:
            err.print(f"  {line}", markup=False)
    names = {r.key: r.name for r in result.results}
    across = [ui(f"跨单位：【{names.get(key, key)}】{f.rule} {f.message}（原文“{f.excerpt}”；{f.suggestion}）\n")
              for key, findings in result.across.items() for f in findings]
    if len(across) <= _TABLE_ROWS:
        out.file.write("".join(across))
    else:
        out.print(f"跨单位一致性问题 {len(across)} 条，见 {outdir / SUMMARY} 的“跨单位一致性”表", markup=False)
    for note in result.notes:
        err.print(f"提示：{note}", markup=False)
    done = len(result.results) - len(failed)
    out.print(f"完成：{done} 个单位已生成或未变，{len(failed)} 个出错；汇总表：{outdir / '汇总.xlsx'}", markup=False)
    return ExitCode.FINDINGS if failed else ExitCode.OK
