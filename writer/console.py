"""Output for the CLI: plain text is written directly; rich is imported only when something
rich is printed (a table, a progress bar, coloured markup), which keeps start-up short."""
from __future__ import annotations

import sys
from typing import Any, TextIO


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

    def print(self, *objects: Any, markup: bool = True, **kwargs: Any) -> None:
        plain = all(isinstance(o, str) for o in objects) and not kwargs and (
            not markup or not any("[" in o for o in objects))
        if plain and self._rich is None:
            self.file.write(" ".join(objects) + "\n")
            return
        self.rich.print(*objects, markup=markup, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)
