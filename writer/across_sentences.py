"""Sentences that say a standard sentence (phrase bank) in other words.

Both sides are brought to a meaning-preserving normal form first (figures out, equivalent
phrasings folded by the thesaurus, filler words dropped), then compared by character-bigram
similarity. A sentence whose negations differ from the standard's says something else and is
never matched. The repair keeps the unit's own figures and takes the standard's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from .across_thesaurus import load
from .ui_text import ui
from .words import across_words

FIG = "\ue000"  # one private character stands for a figure (or a {{ placeholder }})
_UNITS = "|".join(re.escape(u) for u in across_words()["figure_units"])  # a figure's unit is part of it
_FIGURE = re.compile(across_words()["figure_date"] + rf"|\d[\d,]*(?:\.\d+)?\s*(?:{_UNITS})?")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
_MIN_CHARS = 8
_UNIT_AFTER = re.compile(FIG + f"(?:{_UNITS})")
_CLAUSE_END = set("，。；：！？、,;:")


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def skeleton(text: str) -> str:
    return load().canonical_sentence(_FIGURE.sub(FIG, text.strip()))


@dataclass(frozen=True)
class Standard:
    id: str
    template: str  # with FIG where the phrase bank has a placeholder
    shown: str  # for people: placeholders as …
    exact: re.Pattern[str]
    grams: frozenset[str]
    polarity: tuple[str, ...]


@lru_cache(maxsize=1)
def standards() -> tuple[Standard, ...]:
    from . import phrasebank

    th = load()
    out = []
    for variants in phrasebank.load().groups.values():
        for v in variants:
            text = v.text.strip()
            literal = _PLACEHOLDER.sub("", text)
            if len(literal) < _MIN_CHARS:
                continue
            template = _UNIT_AFTER.sub(FIG, _PLACEHOLDER.sub(FIG, text))  # "{{ x }}分" is one figure, as in a sentence
            exact = re.compile(_exact_pattern(_PLACEHOLDER.split(text)))
            out.append(Standard(v.id, template, _PLACEHOLDER.sub("…", text), exact,
                                _bigrams(th.canonical_sentence(template)), th.polarity(literal)))
    return tuple(out)


_GAP = "[^，。；！？]"
# A placeholder inside a standard sentence is filled by a name or a figure: bounded, so a
# lazy gap cannot run to the end of a long clause from every start (quadratic).
_FILL = _GAP + "{1,80}?"


def _exact_pattern(parts: list[str]) -> str:
    """The standard's words with each placeholder filled by anything within a clause. Only
    whether it occurs is asked, so a placeholder at either end needs just one such character
    beside the words (a lookaround) rather than a lazy run tried from every position of a long
    sentence, which is quadratic in its length."""
    pieces = [re.escape(p) for p in parts]
    head, tail = "", ""
    if len(pieces) >= 2 and not pieces[0]:
        pieces, head = pieces[1:], f"(?<={_GAP})"
    if len(pieces) >= 2 and not pieces[-1]:
        pieces, tail = pieces[:-1], f"(?={_GAP})"
    return head + _FILL.join(pieces) + tail


def _tokens(sentence: str) -> tuple[list[str], list[str]]:
    """Characters, with each figure as one token: (for comparing, FIG for figures; as written)."""
    cmp_, orig = [], []
    pos = 0
    for m in _FIGURE.finditer(sentence):
        for ch in sentence[pos:m.start()]:
            cmp_.append(ch)
            orig.append(ch)
        cmp_.append(FIG)
        orig.append(m.group(0))
        pos = m.end()
    for ch in sentence[pos:]:
        cmp_.append(ch)
        orig.append(ch)
    return cmp_, orig


def _fills_placeholder(written: list[str], template: list[str]) -> bool:
    """A {{ placeholder }} the unit filled with words (本单位门户网站, 优) is not a rewording."""
    return template == [FIG] and 0 < len(written) <= 20 and not _CLAUSE_END.intersection(written)


def repair(sentence: str, std: Standard) -> tuple[str | None, str, str, int]:
    """(the sentence in the standard wording, keeping its own figures — None when the figures do
    not line up; the differing part as written; the standard's part; where the part starts)."""
    cmp_, orig = _tokens(sentence)
    template = list(std.template)
    changed = [op for op in SequenceMatcher(None, cmp_, template, autojunk=False).get_opcodes()
               if op[0] != "equal" and not _fills_placeholder(cmp_[op[1]:op[2]], template[op[3]:op[4]])]
    if not changed:
        return sentence, "", "", 0
    i1, i2 = min(op[1] for op in changed), max(op[2] for op in changed)
    j1, j2 = min(op[3] for op in changed), max(op[4] for op in changed)
    fits = FIG not in cmp_[i1:i2] and FIG not in template[j1:j2]
    fixed = "".join(orig[:i1]) + "".join(template[j1:j2]) + "".join(orig[i2:]) if fits else None
    # show the whole clause around the change (资金均已足额拨付到位), not a few characters of it;
    # outside the change both sides are equal, so the clause's ends come from the sentence itself
    left = i1
    while left > 0 and cmp_[left - 1] not in _CLAUSE_END:
        left -= 1
    right = i2
    while right < len(cmp_) and cmp_[right] not in _CLAUSE_END:
        right += 1
    written = "".join(orig[left:right])
    standard_part = "".join(orig[left:i1]) + "".join(template[j1:j2]).replace(FIG, "…") + "".join(orig[i2:right])
    return fixed, written, standard_part, len("".join(orig[:left]))


def _best(sentence: str, min_sim: float) -> tuple[Standard, float] | None:
    th = load()
    sk = skeleton(sentence)
    if len(sk) < _MIN_CHARS:
        return None
    grams = _bigrams(sk)
    polarity = th.polarity(_FIGURE.sub("", sentence))
    best, best_sim = None, 0.0
    for std in standards():
        if abs(len(std.grams) - len(grams)) > max(len(std.grams), len(grams)) * (1 - min_sim) * 2:
            continue  # Dice cannot reach the bar when the sizes are this far apart
        sim = 2 * len(grams & std.grams) / (len(grams) + len(std.grams))
        if sim > best_sim:
            best, best_sim = std, sim
    if best is None or best_sim < min_sim or best.polarity != polarity:
        return None
    return best, best_sim


def phrase_deviation(units: list[Any], rule: Any, to: str) -> list[Any]:
    """Sentences close to a standard sentence of the phrase bank but worded differently."""
    from .across import Drift

    min_sim = float(rule.param("min_similarity"))
    stds = standards()
    sentences = [(u, b, m, m.group(0).strip()) for u in units for b in u.doc.blocks if b.kind == "paragraph"
                 for m in _SENTENCE.finditer(b.text)]
    # a sentence most units write the same way is the batch's own voice (often a template's), not a drift
    shapes = [_FIGURE.sub(FIG, sentence) for _u, _b, _m, sentence in sentences]
    users: dict[str, set[str]] = {}
    for (u, _b, _m, _sentence), shape in zip(sentences, shapes):
        users.setdefault(shape, set()).add(u.name)
    # units drafted from the same templates repeat their sentences: each is looked up once, the
    # nearest standard once per wording with any figures (it compares the sentence without them)
    says_standard: dict[str, bool] = {}
    nearest: dict[tuple[str, bool], tuple[Standard, float] | None] = {}
    out = []
    for (u, b, m, sentence), shape in zip(sentences, shapes):
        if not sentence or len(users[shape]) > len(units) / 2:
            continue
        if sentence not in says_standard:
            says_standard[sentence] = any(s.exact.search(sentence) for s in stds)
        if says_standard[sentence]:
            continue
        key = (shape, True) if FIG not in sentence else (sentence, False)  # one with our private character: itself
        if key not in nearest:
            nearest[key] = _best(sentence, min_sim)
        found = nearest[key]
        if found is None:
            continue
        std, _sim = found
        fixed, written, standard_part, offset = repair(sentence, std)
        if not written:
            continue
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip()) + offset
        end = start + len(written)
        out.append(Drift(rule, u.name, b, start, end, written, standard_part, ui(f"标准用语“{std.shown}”"), 0,
                         values={"standard": fixed or std.shown, "sentence": sentence,
                                 "new_sentence": fixed or ""},
                         context=sentence))
    return out
