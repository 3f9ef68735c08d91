"""Check kinds: the closed set of mechanisms; every concrete rule is YAML in rubrics/.

The registry lives in engine.py (`REGISTRY`, `register`); each kind declares its parameters
(name, type, default) and YAML rules are validated against them at load. A new kind either
uses `@register(...)` in its own module (imported below) or is listed here.
"""
from __future__ import annotations

from .engine import REGISTRY, KindsView, register
from .params import REQUIRED, Param as P
from . import (deviation, draft_agreement, figures, forms, lists, numbering, references, scores, sections, spending, table_sums, text,
               wording)

_TOL = P("tolerance", "number", "0.01", "stated vs computed figures may differ by this much")
_NOT_STATED = P("not_stated", "regex", REQUIRED, "words before a rate that make it a target, not a stated result")
_SCORE_COLUMNS = (P("weight_columns", "list[str]", None, "headers of the weight column"),
                  P("name_columns", "list[str]", None, "headers of the indicator-name column"),
                  P("score_columns", "list[str]", None, "headers of the score column"))

_CERTAINTY = P("certainty", "str", "sure", "sure: evidence unambiguous (error rules); unsure: needs a reader (warnings)")

_BUILT_IN = [
    (sections.required_sections, "required_sections", P("except", "list[str]", [])),
    (sections.section_order, "section_order"),
    (sections.empty_section, "empty_section"),
    (sections.toc_matches, "toc_matches", P("min_share", "number", "0.5", "share of entries found before the rest are reported")),
    (sections.publication_statement, "publication_statement", P("section", "str", "publish"),
     P("where", "regex", REQUIRED), P("when", "regex", REQUIRED), P("require_both", "bool", False)),
    (numbering.heading_sequence, "heading_sequence", P("level", "int", 1)),
    (numbering.bracket_width, "bracket_width"),
    (numbering.list_sequence, "list_sequence"),
    (numbering.marker_form, "marker_form"),
    (figures.parts_sum, "parts_sum", _TOL),
    (figures.rate_recompute, "rate_recompute", _TOL, _NOT_STATED, P("rates", "map[str,list[str]]", {}), _CERTAINTY,
     P("skip_words", "list[str]", REQUIRED, "a rate with these words (an average, a weighted one …) is not one amount over another")),
    (figures.value_agreement, "value_agreement", _TOL, P("labels", "list[str]", []),
     P("names", "map[str,str]", {}), P("skip_words", "list[str]", []), _CERTAINTY),
    (figures.table_text, "table_text", P("name_columns", "list[str]", None),
     P("value_columns", "map[str,list[str]]", None)),
    (figures.count_list, "count_list"),
    (figures.data_compare, "data_compare", P("amounts", "map[str,str]", {}), _NOT_STATED),
    (scores.weights_sum, "weights_sum", *_SCORE_COLUMNS),
    (scores.weight_conflict, "weight_conflict", *_SCORE_COLUMNS),
    (scores.score_cap, "score_cap", *_SCORE_COLUMNS),
    (scores.score_total, "score_total", *_SCORE_COLUMNS),
    (scores.grade_band, "grade_band", P("aliases", "map[str,str]", {})),
    (scores.result_present, "result_present", P("pending", "regex", REQUIRED)),
    (deviation.deviation_explained, "deviation_explained", P("trigger", "str", "execution_rate"),
     P("threshold", "number", None), P("reason_words", "regex", REQUIRED), P("problem_words", "regex", REQUIRED),
     P("sections", "list[str]", REQUIRED), P("adjust_words", "regex", None)),
    (deviation.missed_target, "missed_target", P("reason_words", "regex", None),
     P("problem_words", "regex", None), P("sections", "list[str]", None)),
    (deviation.over_achievement, "over_achievement", P("ratio", "number", None), P("reason_words", "regex", None),
     P("problem_words", "regex", None), P("sections", "list[str]", None)),
    (references.doc_number_conflict, "doc_number_conflict"),
    (references.year_consistency, "year_consistency"),
    (references.title_variants, "title_variants"),
    (text.pattern, "pattern", P("patterns", "list[regex]", REQUIRED), P("ignorecase", "bool", False),
     P("sources", "list[str]", None), P("tables", "bool", True), P("swap", "map[str,str]", {}),
     P("raw", "bool", False, "match the raw surface (marks, spaces, code) instead of the normalised text"),
     P("fix", "str", None, "replacement template (\\1 …) for the suggestion")),
    (text.stray_english, "stray_english", P("allow", "list[str]", []), P("max_upper", "int", 6)),
    (text.repeated_word, "repeated_word", P("allow", "list[str]", [])),
    (text.repeated_sentence, "repeated_sentence", P("min_chars", "int", 20)),
    (text.unbalanced_pairs, "unbalanced_pairs", P("pairs", "list[str]", None)),
    (text.consistency, "consistency", P("variants", "list[str]", [])),
    (text.substitution, "substitution", P("swap", "map[str,str]", {}), P("context", "regex", None)),
    (table_sums.table_groups, "table_groups", _CERTAINTY),
    (lists.inline_enumeration, "inline_enumeration", P("min_items", "int", 3, "shortest run of markers that is a list")),
    (lists.count_parts, "count_parts", P("units", "list[str]", REQUIRED, "measure words counted")),
    (spending.spent_vs_claim, "spent_vs_claim", P("threshold", "number", None), P("claim_words", "regex", REQUIRED),
     P("reason_words", "regex", REQUIRED), P("sections", "list[str]", ["problems"])),
    (wording.repeated_phrase, "repeated_phrase", P("min_chars", "int", 5), P("allow", "list[str]", [])),
    (wording.heading_label, "heading_label", P("level1", "list[str]", REQUIRED, "level-1 indicator names, without their suffix")),
    (wording.heading_weights, "heading_weights", P("name_columns", "list[str]", None),
     P("weight_columns", "list[str]", None)),
    (forms.form_funds, "form_funds", P("reason_words", "regex", REQUIRED), P("threshold", "number", None)),
    (forms.form_scores, "form_scores"),
    (wording.impossible_date, "impossible_date", P("tables", "bool", True)),
    (wording.collocations, "collocations", P("entries", "any", REQUIRED, "list of {wrong: regex, right, why}"),
     P("tables", "bool", True)),
]
for fn, name, *declared in _BUILT_IN:
    if name not in REGISTRY:  # a module may already have registered it with @register
        register(name, *declared)(fn)

KINDS = KindsView()
