"""Errors that carry a location, and the exit codes the CLI maps them to."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


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

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第{self.line}行"
            if self.col is not None:
                where += f"第{self.col}列"
        label = f"「{self.field}」" if self.field else ""
        return f"错误：{where}{label}{self.message}"


class JixiaoError(Exception):
    """Any error the user can fix; the CLI prints it in Chinese and exits 2."""

    exit_code = ExitCode.BAD_INPUT

    def lines(self) -> list[str]:
        return [f"错误：{self}"]


@dataclass
class DataError(JixiaoError):
    """All problems found in one input file, reported together."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [p.render() for p in self.problems]


class RubricError(DataError):
    """A rubric or phrase-bank file is wrong (the same shape as a data error)."""


class InputDocError(JixiaoError):
    """A draft to check cannot be read (wrong format, encrypted, corrupt)."""


class OutputExistsError(JixiaoError):
    """The output file exists and --force was not given."""
