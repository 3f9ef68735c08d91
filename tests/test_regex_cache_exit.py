"""The regex table is saved at exit without waiting on its own lock."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_process_that_compiled_a_new_pattern_exits(tmp_path: Path) -> None:
    """Saving imports pickle, whose import compiles a pattern through the replaying compiler:
    when the save held the lock, a process that had not imported pickle yet hung at exit."""
    # enough new patterns that the table is worth saving (regex_cache._MIN_NEW)
    code = ("import sys\nfrom writer import regex_cache\nregex_cache.install()\nimport re\n"
            "for i in range(regex_cache._MIN_NEW + 2):\n    re.compile(rf'x(?P<a>\\d+)zz{i}')\n"
            "assert 'pickle' not in sys.modules\n")
    env = {k: v for k, v in os.environ.items() if k != "JIXIAO_NO_CACHE"}
    env.update(XDG_CACHE_HOME=str(tmp_path), LOCALAPPDATA=str(tmp_path), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert list(tmp_path.rglob("*")), "the table was not saved"
