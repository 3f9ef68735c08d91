"""argparse in Chinese: its built-in texts (usage, option titles, help and error messages),
metavars in Chinese, and a suggestion for a mistyped subcommand."""
from __future__ import annotations

import argparse
TYPE_CHECKING = False  # importing typing costs ~2 ms of every start-up
if TYPE_CHECKING:
    from typing import Any

# argparse's own strings (Python 3.10–3.13) → Chinese; anything else passes through
_TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "无效的选项：%(value)r，是不是 %(closest)r？（可选：%(choices)s）",
    "expected one argument": "该选项需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能给一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "%(type)s 值无效：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
_SECTION_TITLES = ("位置参数", "选项")
_TYPES = {"int 值无效": "应为整数，不能是", "float 值无效": "应为数字，不能是"}

# default metavars (argparse would print OUTPUT, DATA …)
_METAVARS = {
    "output": "输出", "md": "MD文件", "phrasebank": "用语库", "data": "数据文件", "draft": "草稿", "report": "旧报告",
    "units": "单位", "type": "报告类型", "year": "年度", "jobs": "进程数", "format": "格式", "comments": "批注副本",
    "fail_on": "级别", "ignore": "忽略清单", "terms": "用语表", "rule": "规则", "to": "方式", "host": "地址",
    "port": "端口", "workers": "进程数", "max_upload_mb": "MB", "timeout": "秒",
}

# --debug, offered before and after the subcommand
DEBUG_HELP = "出错时显示程序内部信息（供报告问题用）"
COMMAND_METAVAR = "命令"  # the subcommand placeholder in usage lines

# Chinese names people type for the subcommands
ALIASES = {"起草": "draft", "检查": "check", "导入": "import", "新建": "new", "类型": "types", "批量": "batch",
           "规则": "rules", "说明": "explain", "顺延": "rollover", "结转": "rollover", "统一": "harmonise",
           "网页": "serve", "check-draft": "check"}


def translate(message: str) -> str:
    return _TEXTS.get(message, message)


def install() -> None:
    """argparse looks its texts up through the module-level `_` at call time."""
    argparse._ = translate  # type: ignore[attr-defined]


def tidy_error(message: str) -> str:
    for en, zh in _TYPES.items():
        message = message.replace(en, zh)
    required = translate("the following arguments are required: %s").split("%s")[0]
    if message.startswith(required):  # positionals are named by their dest (data, rule): the metavar instead
        names = message[len(required):].split(", ")
        message = required + "、".join(_METAVARS.get(n, n) for n in names)
    return message


class Formatter(argparse.HelpFormatter):
    """Chinese metavars for options and positionals."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return _METAVARS.get(action.dest, "值")

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return _METAVARS.get(action.dest, action.dest)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Wrapped by display width (argparse counts a Chinese character as one column, so its
        lines ran up to twice as wide as the terminal); Latin words and numbers stay whole."""
        return _wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(self._whitespace_matcher.sub(" ", text).strip(),
                                                            width - len(indent)))

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        """The usage lines wrapped by display width and their continuation lined up under the
        first option (argparse measures 用法： and Chinese metavars by len())."""
        import re

        text = super()._format_usage(usage, actions, groups, prefix)
        lines = text.rstrip("\n").split("\n")
        at = lines[0].find(self._prog + " ")
        if at < 0 or (len(lines) == 1 and _columns(lines[0]) <= self._width):
            return text
        head = lines[0][:at + len(self._prog) + 1]
        rest = " ".join(line.strip() for line in [lines[0][len(head):], *lines[1:]])
        indent = " " * _columns(head)
        out, line = [], head
        for part in re.findall(r"\[[^\[\]]*\]|\([^()]*\)|\S+", rest):  # [--type 报告类型] stays whole
            if line.strip() and line not in (head, indent) and _columns(line) + 1 + _columns(part) > self._width:
                out.append(line.rstrip())
                line = indent
            line += ("" if line in (head, indent) else " ") + part
        out.append(line.rstrip())
        return "\n".join(out) + "\n\n"

    def format_help(self) -> str:
        """Section titles end in a full-width colon, as 用法： does (argparse appends ':')."""
        text = super().format_help()
        for title in _SECTION_TITLES:
            text = text.replace(f"\n{title}:\n", f"\n{title}：\n")
        return text

    def _format_action(self, action: argparse.Action) -> str:
        """argparse pads the option column by len(); a Chinese metavar takes two columns a
        character, so its help would start further right than the others': the extra columns come
        out of the padding (or the help moves to the next line when the padding is too short)."""
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = _wide(invocation)
        head, nl, rest = text.partition("\n")
        at = head.find(invocation)
        if not extra or at < 0:
            return text
        end = at + len(invocation)
        help_text = head[end:].lstrip(" ")
        if not help_text:
            return text  # the help is on the next line already
        pad = len(head) - len(help_text) - end
        if pad - extra >= 2:
            head = head[:end] + " " * (pad - extra) + help_text
        else:
            head = head[:end] + "\n" + " " * (end + pad) + help_text
        return head + nl + rest


_NO_LINE_START = set("，。、；：！？）》」』”’")  # closing punctuation hangs at the end of the line instead


def _wrap(text: str, width: int) -> list[str]:
    import re

    lines: list[str] = []
    line, cols = "", 0
    for token in re.findall(r"[!-~]+| |.", text):  # a run of printable ASCII, a space, or one character
        w = len(token) + _wide(token)
        if line and cols + w > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, cols = "", 0
            if token == " ":
                continue
        line += token
        cols += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _columns(text: str) -> int:
    return len(text) + _wide(text)


def _wide(text: str) -> int:
    """How many characters of text take two columns in a terminal (CJK)."""
    from unicodedata import east_asian_width

    return sum(1 for ch in text if east_asian_width(ch) in "WF")


def suggest(argv: list[str], commands: list[str]) -> str | None:
    """The message for a first word that is no subcommand, with the nearest ones, or None."""
    word = next((a for a in argv if not a.startswith("-")), None)
    if word is None or word in commands:
        return None
    if word in ALIASES:
        return f"没有命令“{word}”；是不是要用：jixiao {ALIASES[word]}？"
    from difflib import get_close_matches  # only for a mistyped word

    close = get_close_matches(word.lower(), commands, n=2, cutoff=0.5)
    hint = f"是不是要用：{'、'.join('jixiao ' + c for c in close)}？" if close else "可用命令见 jixiao --help"
    return f"没有命令“{word}”；{hint}"


def parser_kwargs() -> dict[str, Any]:
    return {"formatter_class": Formatter}
