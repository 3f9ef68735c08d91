"""The README's set-up commands are the ones CI runs, so they stay true."""
from __future__ import annotations

import re

from conftest import ROOT


def test_ci_runs_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    assert len(commands) >= 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for cmd in commands[:2]:
        assert cmd in ci.splitlines(), cmd
