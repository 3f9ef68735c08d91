"""`jixiao harmonise`: preview every change, write copies only when the preview is accepted."""
from __future__ import annotations

import argparse

from rich.console import Console

from .errors import ExitCode, JixiaoError
from .harmonise import UnitFile, expand, plan, read_unit
from .safe_io import check_writable, write_atomic
from .ui_text import ui


def _preview(files: list[UnitFile], out: Console) -> int:
    changes = [c for f in files for c in f.changes]
    if changes:  # plain lines: they read the same in a terminal, a log or a pasted e-mail
        out.print(f"将要统一的 {len(changes)} 处（单位　位置：原文 → 改为）：", markup=False)
        for c in changes:
            out.print(f"  【{c.unit}】{c.place}：{c.old} → {c.new}", markup=False)
    manual = [(f.name, m) for f in files for m in f.manual]
    if manual:
        out.print(f"以下 {len(manual)} 处 harmonise 不能自动统一，请手工修改：", markup=False)
        for unit, m in manual:
            out.print(f"  【{unit}】“{m.found}” → “{m.agreed}”：{m.why}", markup=False)
    return len(changes)


def _confirmed(args: argparse.Namespace, out: Console) -> bool:
    if args.yes:
        return True
    out.print(f"确认写出统一后的副本到 {args.output}？原文件不会改动。输入 y 确认：", markup=False, end="")
    try:
        return input().strip().lower() in ("y", "yes", ui("是"), ui("确认"))
    except EOFError:
        return False


def run_harmonise(args: argparse.Namespace, out: Console, err: Console) -> int:
    from .harmonise_data import harmonise_data
    from .harmonise_docx import harmonise_docx

    paths = expand(args.units)
    if args.output is None:
        args.output = paths[0].parent / ui("统一用语")
    if args.output.exists() and not args.output.is_dir():
        raise JixiaoError(f"输出位置 {args.output} 是文件，请指定一个文件夹")
    if not args.output.parent.exists():
        raise JixiaoError(f"输出目录 {args.output.parent} 不存在")
    targets = [args.output / p.name for p in paths]
    for src, dst in zip(paths, targets):  # refuse before any work, so a refused run writes nothing
        check_writable(dst, args.force, inputs=(src,)) if args.output.exists() else None
    files = [read_unit(p) for p in paths]
    plan(files, args.to)
    for f in files:
        (harmonise_data if f.kind == "data" else harmonise_docx)(f)
    n = _preview(files, out)
    if n == 0:
        out.print("各单位写法已一致，没有需要统一的地方；未写出任何文件。", markup=False)
        return ExitCode.OK
    if not _confirmed(args, out):
        err.print("未确认：没有写出任何文件（在脚本中使用请加 --yes）。", markup=False)
        return ExitCode.FINDINGS
    args.output.mkdir(exist_ok=True)
    for f, dst in zip(files, targets):
        check_writable(dst, args.force, inputs=(f.path,))
    for f, dst in zip(files, targets):
        write_atomic(dst, f.output if f.changes else f.path.read_bytes())
    kinds = ui("数据文件") if all(f.kind == "data" for f in files) else ui("文件（Word 文档为带修订标记的副本）")
    out.print(f"已写出 {len(files)} 个{kinds}到 {args.output}，共统一 {n} 处；原文件未改动。", markup=False)
    return ExitCode.OK
