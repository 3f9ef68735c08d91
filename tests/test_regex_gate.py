"""The character gate (writer/regex_gate.py) may only rule out texts a pattern cannot match:
every rule pattern of every report type, and the fixed patterns gated in the kinds, are tried on
generated texts built from their own pieces, and on the rules' own bad examples; wherever the
pattern finds something, the gate must let the text through."""
from __future__ import annotations

import random
import re

import pytest

from writer import regex_gate
from writer import rubric as rubric_mod
from writer.checks.engine import load_rules
from writer.checks.figures import _COUNT
from writer.checks.references import _YEAR_WORD
from writer.checks.text import _EN
from writer.checks.wording import _DATE
from writer.read.normalise import normalise
from writer.read.quantities import DOC_NUMBER

FILLER = list("的项目资金预算执行率完成年月日号度为了，。：；、（）《》“”0123456789 \u3000\nabcXYZ-.:,;?!$\\*#`[]_…×○")


def _rule_patterns() -> list[tuple[str, tuple[str, ...], int, list[str]]]:
    """(rule id, its patterns, flags, texts from its examples) of every gated rule."""
    out = []
    for rubric in rubric_mod.load_all():
        for r in load_rules(rubric):
            if r.kind == "pattern":
                flags = re.IGNORECASE if str(r.param("ignorecase", False)).lower() in ("true", "yes", "1") else 0
                pats = tuple(r.param("patterns", []))
            elif r.kind == "collocations":
                flags, pats = 0, tuple(e["wrong"] for e in r.param("entries", []))
            elif r.kind == "substitution" and r.param("swap", {}):
                before = r.param("context", "")  # the pattern the kind builds
                words = "|".join(re.escape(k) for k in sorted(r.param("swap"), key=len, reverse=True))
                flags, pats = 0, ((f"(?<={before})" if before else "") + "(" + words + ")",)
            else:
                continue
            examples = [str(v) for v in (r.examples or {}).values()]
            out.append((f"{rubric.name}:{r.id}", pats, flags, examples))
    fixed = [(DOC_NUMBER, "依据湛财绩〔2021〕6号文"), (_DATE, "于2023年6月31日前"), (_EN, "本项目and绩效"),
             (_YEAR_WORD, "2021年度部门"), (_COUNT, "存在3个方面的问题，即资金、进度")]
    out += [(rx.pattern[:20], (rx.pattern,), rx.flags & ~re.UNICODE, [ex]) for rx, ex in fixed]
    return out


CASES = _rule_patterns()


def _pieces(pattern: str) -> list[str]:
    """Literal runs of a pattern and a sample of what its classes match."""
    pieces = [w for w in re.split(r"\\[dswDSWbB]|[\\\[\]\(\)\{\}\|\?\*\+\^\$\.]+", pattern) if w]
    return pieces + ["2021", "06", "1", "号", "〔2020〕", "[2020]", "$x$", "\\geq", "True False", "Author:"]


@pytest.mark.parametrize("name,patterns,flags,examples", CASES, ids=[c[0] for c in CASES])
def test_the_gate_never_rules_out_a_text_a_pattern_matches(name: str, patterns: tuple[str, ...], flags: int,
                                                           examples: list[str]) -> None:
    gate = regex_gate.gate(patterns, flags)
    if gate is None:
        return  # no gate: every text is searched, nothing to break
    compiled = [re.compile(p, flags) for p in patterns]
    rnd = random.Random(name)
    pieces = [p for pat in patterns for p in _pieces(pat)]
    texts = [normalise(line).text for ex in examples for line in ex.splitlines()] + examples
    for _ in range(3000):
        texts.append("".join(rnd.choice(pieces) if rnd.random() < 0.4 else rnd.choice(FILLER)
                             for _ in range(rnd.randint(1, 30))))
    matched = 0
    for t in texts:
        if any(rx.search(t) for rx in compiled):
            matched += 1
            assert gate(t), f"{name}: the gate ruled out {t!r}, which a pattern matches"
    assert matched, f"{name}: no generated text matched; the test would prove nothing"


def test_the_gate_names_the_character_every_match_needs() -> None:
    gate = regex_gate.gate((r"([\u4e00-\u9fff]{1,10}?)\s*[〔\[]\s*(\d{4})\s*[〕\]]\s*(\d{1,4})\s*号",), 0)
    assert gate is not None
    assert not gate("湛财绩2021年6月印发的通知")  # no 号: no 文号 can match
    assert gate("湛财绩〔2021〕6号")


@pytest.mark.parametrize("pattern,flags", [
    (r"a*", 0),                       # may match nothing
    (r"[\u4e00-\u9fff]{2,4}", 0),     # every Chinese text has these: a gate would not help
    (r"(?i)abc", 0),                  # case-insensitive letters: not worth the risk
    (r"abc", re.IGNORECASE),
    (r"[^a]", 0),
    (r"x|\s", 0),                     # one branch needs nothing narrow
])
def test_no_gate_where_nothing_narrow_is_certain(pattern: str, flags: int) -> None:
    assert regex_gate.gate((pattern,), flags) is None


def test_a_case_insensitive_pattern_gated_by_an_uncased_character() -> None:
    gate = regex_gate.gate((r"(?i)evaluation only",), 0)
    assert gate is not None and gate("EVALUATION ONLY") and not gate("EVALUATIONONLY")


def test_the_repeated_phrase_gate_lets_every_repeat_through() -> None:
    """DUP03 searches a text only when some five characters occur twice in it."""
    from writer.checks.wording import _REPEAT, _some_five_twice

    rnd = random.Random(3)
    alphabet = list("改善了农村人居环境，、 ,") + ["改善了农村", "人居环境"]
    matched = 0
    for _ in range(5000):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 25)))
        if _REPEAT.search(t):
            matched += 1
            assert _some_five_twice(t), t
    assert matched > 100
    assert not _some_five_twice("有效改善了农村人居环境")
