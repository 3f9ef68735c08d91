"""Output for the CLI: plain text is written directly; rich is imported only when something
rich is printed (a table, a progress bar, coloured markup), which keeps start-up short."""
from __future__ import annotations

import re
import sys
TYPE_CHECKING = False  # importing typing costs ~2 ms of every start-up
if TYPE_CHECKING:
    from typing import Any, TextIO

# rich's markup tags: [bold], [/], [bold red], [dim]…; a tag after an odd number of backslashes is text
_TAG = re.compile(r"(\\*)\[([a-z#/@][^\[]*?)\]")


def strip_markup(text: str) -> str:
    """What rich prints for markup text when it draws no styles (output not a terminal)."""
    def one(m: re.Match[str]) -> str:
        slashes = m.group(1)
        if len(slashes) % 2:
            return slashes[:-1][: len(slashes) // 2] + "[" + m.group(2) + "]"
        return slashes[: len(slashes) // 2]

    return _TAG.sub(one, text)


_MARKUP = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def escape_markup(text: str) -> str:
    """rich.markup.escape without importing rich: text that prints as itself through markup."""
    text = _MARKUP.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", text)
    if text.endswith("\\") and not text.endswith("\\\\"):
        return text + "\\"
    return text


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Console:
    """The subset of rich.console.Console the commands use, rich created on first need."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._rich: Any = None

    @property
    def file(self) -> TextIO:
        return sys.stderr if self._stderr else sys.stdout

    @property
    def rich(self) -> Any:
        if self._rich is None:
            from rich.console import Console as RichConsole

            self._rich = RichConsole(stderr=self._stderr, highlight=False, soft_wrap=True)
        return self._rich

    def print(self, *objects: Any, markup: bool = True, highlight: bool = False, **kwargs: Any) -> None:
        if all(isinstance(o, str) for o in objects) and not kwargs and self._rich is None:
            text = " ".join(objects)
            if not markup or "[" not in text:
                self.file.write(text + "\n")
                return
            if not _is_terminal(self.file):  # no colours to draw: drop the markup ourselves (fast)
                self.file.write(strip_markup(text) + "\n")
                return
        self.rich.print(*objects, markup=markup, highlight=highlight, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)
