"""Command line: argparse subcommands with Chinese help; the only place that maps errors to exits.

Start-up time matters: this module imports only argparse and the Chinese texts; each subcommand's
module (and everything heavy: YAML, Jinja, python-docx, rich) is imported when that command runs.
`jixiao --version` is answered before the parser is built.
"""
from __future__ import annotations

import argparse
import gc
import sys
TYPE_CHECKING = False  # importing typing costs ~2 ms of every start-up
if TYPE_CHECKING:
    from typing import Any, Callable
from pathlib import Path

from . import __version__, cli_zh
from .console import Console

err = Console(stderr=True)
out = Console()

# the exit codes of errors.ExitCode, without importing errors (dataclasses, enum) at start-up
_OK, _BAD_INPUT, _INTERNAL = 0, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese texts (cli_zh), Chinese usage errors and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", cli_zh.Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        err.print(f"错误：{cli_zh.tidy_error(message)} [E420]\n用法见：{self.prog} --help", markup=False)
        raise SystemExit(_BAD_INPUT)


# Output files each command can write, by suffix; anything else is refused before work starts
_OUTPUTS = {
    ("draft", "output"): (".docx",), ("draft", "md"): (".md", ".markdown", ".txt"),
    ("import", "output"): (".yaml", ".yml"), ("rollover", "output"): (".yaml", ".yml"),
    ("new", "output"): (".yaml", ".yml", ".xlsx"), ("check", "comments"): (".docx",),
}


def _check_inputs(args: argparse.Namespace) -> None:
    """`draft` of a report (not data): say how to get data from it instead of failing on YAML."""
    from .errors import JixiaoError

    if args.command == "draft" and Path(args.data).suffix.lower() in (".docx", ".doc", ".wps", ".txt", ".md", ".pdf"):
        raise JixiaoError(f"{args.data} 是一份报告，不是数据文件：起草需要数据文件（YAML）或 Excel 自评表（.xlsx）。"
                          f"要由去年的报告起草，请先运行 jixiao import {args.data} -o 数据.yaml，"
                          "核对“待核实”处后再运行 jixiao rollover 数据.yaml -o 今年.yaml 和 jixiao draft 今年.yaml -o 报告.docx",
                          code="E402")


def _check_outputs(args: argparse.Namespace) -> None:
    from .errors import JixiaoError

    for (command, dest), allowed in _OUTPUTS.items():
        value = getattr(args, dest, None) if args.command == command else None
        if value is None or Path(value).suffix.lower() in allowed:
            continue
        suffix = Path(value).suffix.lower()
        if suffix == ".pdf":
            raise JixiaoError(f"输出文件 {value}：不能直接生成 PDF：请先生成 .docx，在 Word/WPS 中打开后“另存为 PDF”"
                              "（或运行 libreoffice --headless --convert-to pdf 文件.docx）", code="E413")
        if suffix == ".doc":
            raise JixiaoError(f"输出文件 {value}：不能生成旧版 .doc：请用 .docx（Word 2007 起和 WPS 都能打开）", code="E413")
        if suffix == ".wps":
            raise JixiaoError(f"输出文件 {value}：不能生成 .wps：请用 .docx（WPS 能直接打开和另存）", code="E413")
        raise JixiaoError(f"输出文件 {value}：{command} 的输出文件应以 {' 或 '.join(allowed)} 结尾", code="E413")


def _lazy(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """Import a subcommand's module only when it runs (start-up time matters for a CLI)."""
    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        return int(getattr(import_module(f"writer.{module}"), name)(args, out, err))
    return run


def build_parser() -> _Parser:
    cli_zh.install()
    p = _Parser(prog="jixiao", description="jixiao：预算绩效自评报告的起草与检查工具")
    p.add_argument("--version", action="version", version=f"jixiao {__version__}", help="显示版本号并退出")
    p.add_argument("--debug", action="store_true", help=cli_zh.DEBUG_HELP)
    sub = p.add_subparsers(dest="command", metavar=cli_zh.COMMAND_METAVAR, parser_class=_Parser)

    d = sub.add_parser("draft", help="由数据文件起草报告（DOCX）", description="由数据文件起草报告，所有派生数字由程序计算")
    d.add_argument("data", type=Path, help="数据文件（YAML），或填好的 Excel 自评表（.xlsx）")
    d.add_argument("-o", "--output", type=Path, required=True, help="输出的 DOCX 文件")
    d.add_argument("--md", type=Path, help="同时输出 Markdown 文本")
    d.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    d.add_argument("--phrasebank", type=Path, help="单位自己的用语库（按组替换标准用语）")
    d.set_defaults(func=_lazy("commands", "run_draft"))

    n = sub.add_parser("new", help="生成某一报告类型的空白数据文件", description="生成空白数据文件，每个字段都带中文说明")
    n.add_argument("type", help="报告类型名称（jixiao types 可查看）")
    n.add_argument("-o", "--output", type=Path, required=True, help="输出的数据文件（YAML）")
    n.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    n.add_argument("--xlsx", action="store_true", help="生成 Excel 自评表（财预〔2020〕10号 附1 格式）而不是 YAML")
    n.set_defaults(func=_lazy("commands", "run_new"))

    t = sub.add_parser("types", help="列出报告类型及其章节", description="列出支持的报告类型、章节、权重方案和等级")
    t.set_defaults(func=_lazy("commands", "run_types"))

    im = sub.add_parser("import", help="把旧报告（DOCX/TXT/MD）读成数据文件",
                        description="读取上一年的报告，生成数据文件；找不到的内容标“待核实”，无对应字段的章节放入“其他”")
    im.add_argument("report", type=Path, help="旧报告（.docx / .txt / .md）或 Excel 自评表（.xlsx）")
    im.add_argument("-o", "--output", type=Path, required=True, help="输出的数据文件（YAML）")
    im.add_argument("--type", help="报告类型（不写则自动判断）")
    im.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    im.set_defaults(func=_lazy("commands", "run_import"))

    ro = sub.add_parser("rollover", help="由本年数据文件生成下一年的数据文件",
                        description="年份和日期顺延，本年数字存为上年数据并清空待填，文字标记待更新，指标值沿用")
    ro.add_argument("data", type=Path, help="本年的数据文件（YAML）")
    ro.add_argument("--year", type=int, help="新的评价年度（默认加一年）")
    ro.add_argument("-o", "--output", type=Path, required=True, help="输出的新数据文件")
    ro.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    ro.set_defaults(func=_lazy("commands", "run_rollover"))

    b = sub.add_parser("batch", help="批量起草多个单位的报告", description="批量起草：并行生成、坏数据跳过、汇总表、跨单位一致性检查")
    b.add_argument("units", type=Path, help="数据文件所在的文件夹，或每行一个单位的 .xlsx 工作簿（可带“共同设置”表）")
    b.add_argument("-o", "--output", type=Path, required=True, help="输出文件夹")
    b.add_argument("--jobs", type=int, help="并行进程数（默认为 CPU 数）")
    b.add_argument("--force", action="store_true", help="输出文件夹非空时仍写入")
    b.add_argument("--disable", action="append", metavar="规则",
                   help="关闭规则（编号或名称，含跨单位规则 TRM11–TRM15；可多次使用或用逗号分隔）")
    b.set_defaults(func=_lazy("commands", "run_batch"))

    c = sub.add_parser("check", help="检查草稿（DOCX、TXT、Markdown）", description="检查草稿的章节、序号、数字、残留痕迹和用语")
    c.add_argument("draft", type=Path, nargs="+", help="草稿文件（.docx / .txt / .md）")
    c.add_argument("--type", help="报告类型（不写则按标题和章节自动判断）")
    c.add_argument("--data", type=Path, help="数据文件：同时核对草稿中的数字与数据是否一致")
    c.add_argument("--format", choices=["terminal", "json", "line", "sarif"], default="terminal",
                   help="输出格式：terminal 终端阅读（默认）、json 供程序读取、line 每条一行（编辑器可跳转）、sarif 代码扫描平台")
    c.add_argument("--comments", type=Path, help="把问题写成 Word 批注，输出到这个 DOCX 副本（原稿不改）")
    c.add_argument("--force", action="store_true", help="批注副本已存在时覆盖")
    c.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                   help="有这一级别（error 错误、warning 警告、info 提示）或更严重的问题时退出码为 1（默认 error）")
    c.add_argument("--disable", action="append", metavar="规则", help="关闭规则（编号或名称，可多次使用或用逗号分隔）")
    c.add_argument("--ignore", type=Path, help="忽略清单（默认读取当前目录的 .jixiao-ignore.yaml）")
    c.add_argument("--terms", type=Path, help="本单位用语表（YAML：错误写法: 规范写法）")
    c.add_argument("--across", action="store_true", help="同时检查这些草稿之间的用语和指标名称是否一致")
    c.add_argument("--all", action="store_true", help="逐条列出全部问题（默认把重复多次的同类小问题合并为一条）")
    c.set_defaults(func=_lazy("commands_check", "run_check"))

    h = sub.add_parser("harmonise", help="把一批单位的用语统一成同一写法（先预览，确认后写出副本）",
                       description="统一用语：找出各单位写法不一致之处，预览每一处修改，确认后写出统一后的副本（原文件不改）")
    h.add_argument("units", type=Path, nargs="+", metavar="单位", help="各单位的数据文件（.yaml）或 Word 文档（.docx），或它们所在的文件夹")
    h.add_argument("--to", choices=["majority", "standard"], default="majority",
                   help="统一成多数单位的写法（majority，默认）或标准说法（standard）")
    h.add_argument("-o", "--output", type=Path, metavar="文件夹", help="输出文件夹（默认为第一个文件旁的“统一用语”文件夹）")
    h.add_argument("--yes", action="store_true", help="不询问，直接写出（供脚本使用）")
    h.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    h.set_defaults(func=_lazy("commands_harmonise", "run_harmonise"))

    r = sub.add_parser("rules", help="列出全部检查规则", description="列出全部检查规则")
    r.add_argument("--markdown", action="store_true", help="输出 Markdown 规则文档（docs/rules.md）")
    r.set_defaults(func=_lazy("commands_check", "run_rules"))
    e = sub.add_parser("explain", help="说明一条规则（依据、示例）", description="说明一条规则")
    e.add_argument("rule", help="规则编号或名称，如 FIG02")
    e.set_defaults(func=_lazy("commands_check", "run_explain"))
    sv = sub.add_parser("serve", help="启动网页（检查、起草、批量），在浏览器中使用",
                        description="在本机启动网页：检查草稿、起草报告、批量起草，不需要命令行和 YAML")
    sv.add_argument("--host", default="127.0.0.1", help="监听地址（默认只有本机能访问）")
    sv.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    sv.add_argument("--open", action="store_true", help="启动后打开浏览器")
    sv.add_argument("--workers", type=int, default=1, help="服务进程数（多人共用时可加大）")
    sv.add_argument("--max-upload-mb", type=float, default=20, help="单次上传的大小上限（MB，默认 20）")
    sv.add_argument("--timeout", type=float, default=60, help="单个请求的处理时限（秒，默认 60）")
    sv.set_defaults(func=_lazy("web.serve", "run_serve"))
    for command in sub.choices.values():  # --debug also after the subcommand (jixiao check a.txt --debug)
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=cli_zh.DEBUG_HELP)
    return p


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return list(sub.choices)


_BUDGETED = {"draft", "import", "rollover"}
_LONG_RUNNING = {"batch", "serve", "harmonise"}  # keep Python's own collector settings
# A one-shot command allocates ~10⁵ long-lived objects while it imports its modules and reads the
# per-user cache; with the default thresholds the collector walks them again and again (3 % of the
# instructions of a cold check or draft). Its youngest generation is collected every 50,000
# allocations instead (as gc_pause does during a check) until main() returns.
_YOUNG = 50_000


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words == ["--version"]:  # answered before the parser is built and any command is imported
        print(f"jixiao {__version__}")
        return _OK
    saved = gc.get_threshold()
    if saved[0]:  # 0: the collector was switched off by the caller; leave it so
        gc.set_threshold(max(saved[0], _YOUNG), *saved[1:])
    try:
        return _main(words, argv, saved)
    finally:
        gc.set_threshold(*saved)


def _main(words: list[str], argv: list[str] | None, gc_threshold: tuple[int, ...]) -> int:
    parser = build_parser()
    wrong = cli_zh.suggest(words, _commands(parser))
    if wrong:
        err.print(f"错误：{wrong} [E420]", markup=False)
        return _BAD_INPUT
    args = parser.parse_args(argv)
    if args.command in _LONG_RUNNING:
        gc.set_threshold(*gc_threshold)
    if not getattr(args, "func", None):
        parser.print_help()
        return _BAD_INPUT
    from . import code_cache, regex_cache

    code_cache.install()  # before the first dataclass: its methods' compiled code kept between runs
    regex_cache.install()  # compiled patterns kept between runs (per-user cache, safe if stale)
    from .errors import ExitCode, JixiaoError

    try:
        _check_inputs(args)
        _check_outputs(args)
        if args.command in _BUDGETED:  # one document each; check and batch budget per document
            from .limits import time_budget

            with time_budget(f"jixiao {args.command}"):
                return int(args.func(args))
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
        err.print("程序内部错误，请在命令后面加 --debug 重新运行（如 jixiao check 草稿.docx --debug），"
                  "并把输出发给维护人员。", markup=False)
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
