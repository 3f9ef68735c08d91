"""Every rule's case file again, through the surface forms real drafts use: half-width
punctuation, spaces between numbers and words, full-width digits. Rules match on the
normalised view (writer.read.normalise), so each variant gives the same findings, quoted raw."""
from __future__ import annotations

import re
from typing import Any, Callable

import pytest

from test_rule_cases import CASES, RULES, run_case
from writer.read.normalise import normal_text

_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})
_FULL_DIGITS = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})


def halfwidth(text: str) -> str:
    return text.translate(_HALF)


def spaced(text: str) -> str:
    """`为445万元` → `为 445 万元`: a space on each side of a number inside Chinese text."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", " ", text)
    return re.sub(r"(?<=\d)(?=[\u4e00-\u9fff])", " ", text)


def fullwidth_digits(text: str) -> str:
    """Digits in prose typed full-width (tables and Markdown syntax keep theirs)."""
    return "\n".join(ln if ln.lstrip().startswith("|") else ln.translate(_FULL_DIGITS) for ln in text.splitlines()) + "\n"


VARIANTS: dict[str, Callable[[str], str]] = {"halfwidth": halfwidth, "spaced": spaced, "fullwidth_digits": fullwidth_digits}


def surface_rule(rule_id: str) -> bool:
    """Rules about the surface itself (half-width marks, spaces, bracket width, code) see the raw text:
    a variant that changes the surface changes what they report, by design."""
    rule = RULES[rule_id]
    return str(rule.params.get("raw", "")).lower() == "true" or rule.kind == "bracket_width"


_FOLD = str.maketrans({v: k for k, v in {"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"}.items()})


def _key(findings: list[Any]) -> list[tuple[Any, str]]:
    """Line and excerpt, compared in one canonical form (an excerpt is quoted raw, out of context)."""
    return [(f.location.line, re.sub(r"\s+", "", normal_text(f.excerpt).translate(_FOLD))) for f in findings]


VARIANT_CASES = [(r, n, c, v) for r, n, c in CASES if not surface_rule(r) for v in VARIANTS]


@pytest.mark.parametrize("rule_id,name,case,variant", VARIANT_CASES,
                         ids=[f"{r}_{n}_{v}" for r, n, _, v in VARIANT_CASES])
def test_variant_gives_same_findings(rule_id: str, name: str, case: dict[str, Any], variant: str) -> None:
    want = _key(run_case(rule_id, case))
    changed = {**case, "text": VARIANTS[variant](case["text"])}
    got = run_case(rule_id, changed)
    assert _key(got) == want, [f.message for f in got]


def test_variants_really_change_the_text() -> None:
    sample = "本项目预算445万元，执行率为（95%）：完成。"
    assert halfwidth(sample) == "本项目预算445万元,执行率为(95%):完成。"
    assert spaced(sample) == "本项目预算 445 万元，执行率为（95%）：完成。"
    assert fullwidth_digits(sample).startswith("本项目预算４４５万元")
