"""The YAML files jixiao ships are read with the same duplicate-key check as a user's data file.

A plain YAML parser keeps the last of two equal keys and drops the first without a word; two
engineers appending a group of the same name to rubrics/_words.yaml would lose one silently.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from writer.errors import DataError
from writer.located_yaml import parse_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted([*ROOT.glob("rubrics/*.yaml"), *ROOT.glob("phrasebank/*.yaml")])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shipped_yaml_has_no_duplicate_keys(path: Path) -> None:
    try:
        parse_text(path.read_text(encoding="utf-8"), path.name)
    except DataError as exc:
        pytest.fail(str(exc))


def test_a_duplicate_group_is_caught() -> None:
    with pytest.raises(DataError, match="重复出现"):
        parse_text("batch_workbook:\n  a: 1\nother: 2\nbatch_workbook:\n  b: 3\n", "_words.yaml")
