"""Interface text: a label, status word or message that a person reads but that is not written at
the spot that shows it (a terminal column header, a batch status, a web page label, a message
built up before it is raised or printed).

`ui("已生成")` returns its argument unchanged. Marking the text keeps it beside its use, as
gettext's `_()` does, and tells it apart — for tests/test_cjk_literals.py and for a reader —
from *domain words*: section names, field keys of the data file, table headers jixiao recognises,
units, wording it matches or writes into a report. Those are data in rubrics/ and phrasebank/,
never marked with ui().
"""
from __future__ import annotations


def ui(text: str) -> str:
    """Mark interface text shown to a person (see the module's docstring); returns it unchanged."""
    return text
