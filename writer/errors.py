"""Errors that carry a code and a location, and the exit codes the CLI maps them to.

Codes (shown at the end of every message, e.g. ``[E101]``, so a user can quote them):
E1xx data file · E2xx rubric / phrase bank · E3xx template · E4xx input document or output
file · E5xx a limit (settings.yaml) was reached. A class sets its default code; a raise site
may give a more specific one.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .ui_text import ui


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    INTERNAL = 3


@dataclass(frozen=True)
class Problem:
    """One located problem in a file the user wrote (data, rubric, phrase bank)."""

    file: str
    line: int | None  # 1-based
    col: int | None  # 1-based
    field: str | None  # the Chinese field name, as the user wrote it
    message: str
    code: str | None = None  # E1xx…E5xx; None: the raising error's default

    def where(self) -> str:
        where = self.file
        if self.line is not None:
            where += ui(f" 第{self.line}行")
            if self.col is not None:
                where += ui(f"第{self.col}列")
        return where

    def render(self, default_code: str = "E100") -> str:
        label = f"「{self.field}」" if self.field else ""
        if not label and self.line is None and not self.message.startswith("（"):
            label = " "  # a bare file name, then the message: kept apart
        return ui(f"错误：{self.where()}{label}{self.message} [{self.code or default_code}]")


class JixiaoError(Exception):
    """Any error the user can fix; the CLI prints it in Chinese and exits 2.

    The message names the file it is about (the location); `code` may be given per raise."""

    exit_code = ExitCode.BAD_INPUT
    code = "E400"

    def __init__(self, *args: object, code: str | None = None) -> None:
        super().__init__(*args)
        if code is not None:
            self.code = code

    def lines(self) -> list[str]:
        return [ui(f"错误：{self} [{self.code}]")]


@dataclass
class DataError(JixiaoError):
    """All problems found in one input file, reported together."""

    problems: list[Problem] = field(default_factory=list)
    code = "E100"

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [p.render(self.code) for p in self.problems]


class RubricError(DataError):
    """A rubric or phrase-bank file is wrong (the same shape as a data error)."""

    code = "E200"


class TemplateError(JixiaoError):
    """A section template or phrase cannot be rendered."""

    code = "E300"


class InputDocError(JixiaoError):
    """A draft to check cannot be read (wrong format, encrypted, corrupt)."""

    code = "E401"


class OutputExistsError(JixiaoError):
    """The output file exists and --force was not given."""

    code = "E410"


class LimitError(JixiaoError):
    """An input is larger or deeper than a limit in settings.yaml allows (see writer/limits.py)."""

    code = "E500"
