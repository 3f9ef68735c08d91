"""Check kinds: the closed set of mechanisms; every concrete rule is YAML in rubrics/."""
from __future__ import annotations

from typing import Callable, Iterator

from . import deviation, figures, numbering, references, scores, sections, text

KINDS: dict[str, Callable[..., Iterator]] = {  # type: ignore[type-arg]
    "required_sections": sections.required_sections,
    "section_order": sections.section_order,
    "empty_section": sections.empty_section,
    "publication_statement": sections.publication_statement,
    "heading_sequence": numbering.heading_sequence,
    "bracket_width": numbering.bracket_width,
    "list_sequence": numbering.list_sequence,
    "marker_form": numbering.marker_form,
    "parts_sum": figures.parts_sum,
    "rate_recompute": figures.rate_recompute,
    "value_agreement": figures.value_agreement,
    "table_text": figures.table_text,
    "count_list": figures.count_list,
    "data_compare": figures.data_compare,
    "weights_sum": scores.weights_sum,
    "weight_conflict": scores.weight_conflict,
    "score_cap": scores.score_cap,
    "score_total": scores.score_total,
    "grade_band": scores.grade_band,
    "result_present": scores.result_present,
    "deviation_explained": deviation.deviation_explained,
    "missed_target": deviation.missed_target,
    "over_achievement": deviation.over_achievement,
    "doc_number_conflict": references.doc_number_conflict,
    "year_consistency": references.year_consistency,
    "title_variants": references.title_variants,
    "pattern": text.pattern,
    "stray_english": text.stray_english,
    "repeated_word": text.repeated_word,
    "repeated_sentence": text.repeated_sentence,
    "unbalanced_pairs": text.unbalanced_pairs,
    "consistency": text.consistency,
    "substitution": text.substitution,
}
