"""The domain thesaurus (rubrics/_thesaurus.yaml): which words mean the same thing.

Cross-unit matching asks two questions of it: are two indicator names the same indicator
under another name, and is a sentence a standard sentence said another way. Both answers
come from word groups in YAML (the first word of a group is the standard one), never from
literals in Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import Problem, RubricError
from .located_yaml import load_file
from .resources import data_dir
from .rubric import to_plain

_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
_GROUPS = ("concepts", "actions", "subjects", "sentence_equivalents")


@dataclass(frozen=True)
class Thesaurus:
    words: tuple[str, ...]
    concepts: dict[str, str]  # word -> the group's standard word
    actions: dict[str, str]
    subjects: dict[str, str]
    fillers: frozenset[str]
    self_reference: re.Pattern[str]
    equivalents: dict[str, str]
    equivalent_rx: re.Pattern[str]
    sentence_fillers: re.Pattern[str] | None
    negations: tuple[str, ...]
    drop_parentheses: bool = False
    skip_fields: frozenset[str] = frozenset()
    self_prefixes: tuple[str, ...] = ()
    self_generic: frozenset[str] = frozenset()
    self_kinds: tuple[str, ...] = ()

    def self_kind(self, form: str) -> str:
        """我局 -> 局: what kind of organisation a self-reference names."""
        for p in sorted(self.self_prefixes, key=len, reverse=True):
            if form.startswith(p):
                return form[len(p):]
        return form

    def self_fits(self, form: str, name: str) -> bool:
        """Can a unit called `name` call itself `form`? 我单位 always; 我局 a 局, or a unit whose
        name does not say what it is (某单位, XX中学)."""
        kind = self.self_kind(form)
        kinds = self.name_kinds(name)
        return kind in self.self_generic or not kinds or kind in kinds

    def own_kind(self, form: str, name: str) -> bool:
        """Is `form` the unit's own name (我局 for 财政局)?"""
        return self.self_kind(form) in self.name_kinds(name)

    def name_kinds(self, name: str) -> set[str]:
        """The kinds of organisation a name ends with: 财政局 → 局, 卫生健康委员会 → 委,
        区委组织部 → 部 (not 委: only the last characters count)."""
        tail = name.strip()[-3:]
        return {k for k in self.self_kinds if k in tail and k not in self.self_generic}

    def canonical_sentence(self, text: str) -> str:
        """Meaning-preserving normal form: asides in brackets out, equivalent phrasings → the
        standard one, filler words out."""
        if self.drop_parentheses:
            text = _ASIDE.sub("", text)
        text = self.equivalent_rx.sub(lambda m: self.equivalents[m.group(0)], text)
        return self.sentence_fillers.sub("", text) if self.sentence_fillers else text

    def polarity(self, text: str) -> tuple[str, ...]:
        """The negation words a sentence carries: two sentences with different ones say different things."""
        return tuple(w for w in self.negations if w in text)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _group_map(groups: Any, key: str, file: str, problems: list[Problem]) -> dict[str, str]:
    out: dict[str, str] = {}
    if not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
        problems.append(Problem(file, None, None, key, "应为若干组同义词，每组写成 [标准说法, 其他说法…]", code="E203"))
        return out
    for g in groups:
        for w in g:
            out.setdefault(str(w), str(g[0]))
    return out


@lru_cache(maxsize=1)
def load() -> Thesaurus:
    path = data_dir("rubrics") / "_thesaurus.yaml"
    raw = to_plain(load_file(path))
    file = str(path)
    problems: list[Problem] = []
    maps = {k: _group_map(raw.get(k, []), k, file, problems) for k in _GROUPS}
    sr = raw.get("self_reference") or {}
    for key in ("prefixes", "organisations", "places", "place_prefixes"):
        if not isinstance(sr.get(key), list):
            problems.append(Problem(file, None, None, f"self_reference.{key}", "应为词语列表", code="E203"))
    if problems:
        raise RubricError(problems)
    # 我X/本X/该X with X a kind of organisation; places only after 我 (本市 is usually the city, not the unit)
    self_rx = re.compile(f"(?:(?:{_alternation(sr['prefixes'])})(?:{_alternation(sr['organisations'])})"
                         f"|(?:{_alternation(sr['place_prefixes'])})(?:{_alternation(sr['places'])}))"
                         f"(?!{_alternation([*sr.get('not_before', []), *sr['organisations']])})")
    if sr.get("not_after"):
        self_rx = re.compile(f"(?<!{'|'.join(re.escape(c) for c in sr['not_after'] if len(c) == 1)}){self_rx.pattern}")
    fillers = [str(w) for w in raw.get("sentence_fillers", [])]
    return Thesaurus(
        words=tuple(str(w) for w in raw.get("words", [])),
        concepts=maps["concepts"], actions=maps["actions"], subjects=maps["subjects"],
        fillers=frozenset(str(w) for w in raw.get("fillers", [])),
        self_reference=self_rx,
        equivalents=maps["sentence_equivalents"],
        equivalent_rx=re.compile(_alternation(list(maps["sentence_equivalents"]))),
        sentence_fillers=re.compile(_alternation(fillers)) if fillers else None,
        negations=tuple(str(w) for w in raw.get("negations", [])),
        drop_parentheses=str(raw.get("drop_parentheses", "")).lower() == "true",
        skip_fields=frozenset(str(w) for w in raw.get("harmonise_skip_fields", [])),
        self_prefixes=tuple(str(w) for w in {*sr["prefixes"], *sr["place_prefixes"]}),
        self_generic=frozenset(str(w) for w in sr.get("generic", [])),
        self_kinds=tuple(str(w) for w in [*sr["organisations"], *sr["places"]]),
    )


@lru_cache(maxsize=1)
def segmenter() -> Any:
    """rjieba with the domain user dictionary, so 受益农户 or 人员数量 stay one word."""
    import rjieba

    jieba = rjieba.Jieba()
    th = load()
    for w in {*th.words, *th.concepts, *th.actions, *th.subjects}:
        jieba.add_word(w, 200000, None)
    return jieba


def words(text: str) -> list[str]:
    return [w for w in segmenter().cut(text) if w.strip()]
