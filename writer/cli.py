"""Command line: argparse subcommands with Chinese help; the only place that maps errors to exits."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from rich.console import Console

from . import __version__
from .errors import ExitCode, JixiaoError

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        translations = {
            "the following arguments are required": "缺少必需的参数",
            "unrecognized arguments": "无法识别的参数",
            "invalid choice": "无效的选项",
            "expected one argument": "该选项需要一个值",
        }
        for en, zh in translations.items():
            message = message.replace(en, zh)
        err.print(f"错误：{message}\n用法见：{self.prog} --help")
        raise SystemExit(ExitCode.BAD_INPUT)


def _draft(args: argparse.Namespace) -> int:
    from .commands import run_draft
    return run_draft(args, out, err)


def _new(args: argparse.Namespace) -> int:
    from .commands import run_new
    return run_new(args, out, err)


def _types(args: argparse.Namespace) -> int:
    from .commands import run_types
    return run_types(args, out, err)


def build_parser() -> _Parser:
    p = _Parser(prog="jixiao", description="jixiao：预算绩效自评报告的起草与检查工具")
    p.add_argument("--version", action="version", version=f"jixiao {__version__}")
    p.add_argument("--debug", action="store_true", help="出错时显示程序内部信息（供报告问题用）")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    d = sub.add_parser("draft", help="由数据文件起草报告（DOCX）", description="由数据文件起草报告，所有派生数字由程序计算")
    d.add_argument("data", type=Path, help="数据文件（YAML）")
    d.add_argument("-o", "--output", type=Path, required=True, help="输出的 DOCX 文件")
    d.add_argument("--md", type=Path, help="同时输出 Markdown 文本")
    d.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    d.add_argument("--phrasebank", type=Path, help="单位自己的用语库（按组替换标准用语）")
    d.set_defaults(func=_draft)

    n = sub.add_parser("new", help="生成某一报告类型的空白数据文件", description="生成空白数据文件，每个字段都带中文说明")
    n.add_argument("type", help="报告类型名称（jixiao types 可查看）")
    n.add_argument("-o", "--output", type=Path, required=True, help="输出的数据文件（YAML）")
    n.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    n.set_defaults(func=_new)

    t = sub.add_parser("types", help="列出报告类型及其章节", description="列出支持的报告类型、章节、权重方案和等级")
    t.set_defaults(func=_types)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.BAD_INPUT
    try:
        return int(args.func(args))
    except JixiaoError as exc:
        for line in exc.lines():
            err.print(line, markup=False)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        err.print("已中断")
        return ExitCode.INTERNAL
    except Exception:  # noqa: BLE001 - last line of defence: no traceback for users
        if args.debug:
            raise
        err.print("程序内部错误，请加 --debug 重新运行并把输出发给维护人员。", markup=False)
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
