"""`jixiao import`: last year's report (DOCX/TXT/MD, any author) → a data file.

Cover fields, self-reference, each section's text into the matching narrative field (by the
rubric's `import:` map), the key figures, the indicator table (a DOCX/MD table), the cited
documents. Sentences the templates generate are dropped (phrase bank and `import.generated`),
so a report jixiao drafted imports back to its data. What is not found is written as 待核实
with a comment; a section with no field goes to 其他, so nothing is silently dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import flat_form, import_records, import_text, limits, phrasebank, target_notation
from .template_sentences import group_patterns, phrase_patterns
from .check_pipeline import read_document
from .emit import emit
from .paths import get_path, set_path
from .read import quantities
from .read.document import Block, Document
from .read.outline import build_outline, normalise_title
from .read.quantities import DOC_NUMBER, cell_number, table_column
from .rubric import Rubric, load_all
from .schema import Field
from .ui_text import ui
from .words import dropped_mark, get as domain_words, import_indicator_columns, placeholder, total_rows

PENDING = placeholder("verify")
PREAMBLE = domain_words("other_sections")["preamble"]  # 其他 text the source had before its first chapter
_IW = domain_words("importer")  # rubrics/_words.yaml: the words import reads a report by
_PARTS_LEAD = re.compile(rf"^{re.escape(domain_words('quantity_words')['parts_lead'])}[：:]?")  # “其中：…”
_SELF = domain_words("import_self_reference")  # 我单位, 本局 …: rubrics/_words.yaml
SELF_REF = f"[{''.join(_SELF['prefixes'])}](?:{'|'.join(_SELF['words'])})"
_REVIEW_WORDS = domain_words("import_review")  # title lines, subtotal rows, what import says


@dataclass
class Imported:
    rubric: Rubric
    data: dict[str, Any]
    notes: dict[tuple[Any, ...], str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what import changed in the source's form
    # a point's number as the source wrote it (“2、”), by the text after it: tidy() wrote it “2.”
    written_numbers: dict[str, str] = field(default_factory=dict)

    def carried_marks(self) -> int:
        """How many 【待核实：原文如此…】 marks the review put after sentences of the source."""
        from .review_marks import MARK

        def count(v: Any) -> int:
            if isinstance(v, dict):
                return sum(count(x) for x in v.values())
            if isinstance(v, list):
                return sum(count(x) for x in v)
            return len(MARK.findall(v)) if isinstance(v, str) else 0
        return count(self.data)

    def yaml(self, source: str) -> str:
        return emit(self.rubric.schema, self.data, self.notes,
                    [ui(f"由 jixiao import 从 {source} 导入（{self.rubric.name}）。"),
                     ui("标有“待核实”的地方请对照原文核实或补填；“其他”中是没有对应字段的原文章节。")])


def _without_reason_lead(note: str) -> str:
    """The draft leads a note with “主要原因是” (phrase groups reason.*); the field holds the note alone."""
    for gid, variants in phrasebank.load().groups.items():
        if gid.startswith("reason."):
            for v in variants:
                if v.text.strip() and note.startswith(v.text.strip()):
                    return note[len(v.text.strip()):]
    return note


# what a jixiao draft shows for a value nobody wrote: not narrative, so never imported as such
_PLACEHOLDER = dropped_mark()


def _strip_generated(text: str, generated: list[re.Pattern[str]]) -> str:
    """Drop placeholders, phrase-bank sentences and template sentences; keep what the author wrote.
    Template sentences are dropped one sentence at a time, so a paragraph where the template's
    sentence is followed by the author's keeps the author's, and nothing doubles per round trip."""
    text = _PLACEHOLDER.sub("", text)
    for rx in phrase_patterns():
        text = rx.sub("", text)
    text = text.strip()
    if any(rx.search(text) for rx in generated):
        return ""
    sentences = re.findall(r"[^。！？]+[。！？]?", text)
    kept = [x for x in sentences if not any(rx.search(x.strip()) for rx in generated)]
    return "".join(kept).strip()


def _field(fields: tuple[Field, ...], dotted: str) -> Field | None:
    cur: Field | None = None
    fs = fields
    for k in dotted.split("."):
        cur = next((f for f in fs if f.name == k), None)
        if cur is None:
            return None
        fs = cur.fields
    return cur


def _date(text: str) -> date | None:
    m = re.search(_IW["date"], text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_PLACES = set(_IW["places"])


def _self_ref(counts: Counter[str]) -> str:
    """我X before 本X; a place word (我市 in a city bureau's report is the city) gives way to an
    organisation word (我局) used at least a third as often; a town's 我镇 stays."""
    first = domain_words("import_self_reference")["prefixes"][0]  # 我X before 本X
    mine = Counter({w: n for w, n in counts.items() if w.startswith(first)}) or counts
    best, n = mine.most_common(1)[0]
    if best[1:] in _PLACES:
        orgs = [(w, c) for w, c in mine.most_common() if w[1:] not in _PLACES and c * 3 >= n]
        if orgs:
            return orgs[0][0]
    return best


def _items(text: str) -> list[str]:
    """“1.甲。2.乙。” in one paragraph → ["甲。", "乙。"]; a numbered point → its text."""
    parts = re.split(_IW["items_split"], text)
    parts = [p.strip() for p in parts if p.strip()]
    return parts or [text.strip()]


class _Importer:
    def __init__(self, doc: Document, rubric: Rubric, frame: Frame) -> None:
        self.doc, self.rubric, self.framed = doc, rubric, frame
        self.cfg = rubric.raw.get("import", {})
        self.data: dict[str, Any] = {"report_type": rubric.name}
        self.notes: dict[tuple[Any, ...], str] = {}
        self.generated = [re.compile(p) for p in self.cfg.get("generated", [])]
        self.used_tables: set[int] = set()
        self.skip: set[int] = set()  # page chrome and the title lines: not report text
        self.title = import_text.TitleParts()
        self.fixed_numbers: list[str] = []
        self.written_numbers: dict[str, str] = {}

    # -- the page around the report, and its title ---------------------------------------------
    def frame(self) -> None:
        """The title (one line, two lines, or a 标题: field of the page) and the page chrome, as the
        structure stage found them."""
        self.skip, title, subtitle = set(self.framed.skip), self.framed.title, self.framed.subtitle
        self.title = import_text.parse_title(title, subtitle)
        self.doc.title = title or self.doc.title

    # -- cover, title, self-reference, documents ---------------------------------------------
    def _cover_pairs(self) -> list[tuple[str, str, int]]:
        """(label, value, block) for cover lines, also when a reader joined several into one paragraph."""
        labels = self.cfg.get("cover", {})
        rx = re.compile("(" + "|".join(re.escape(k) for k in sorted(labels, key=len, reverse=True)) + r")\s*[：:]")
        out = []
        first = next((b.index for b in self.doc.blocks if b.kind == "heading" and b.level == 1), len(self.doc.blocks))
        for b in self.doc.blocks[:min(max(25, first), 80)]:  # a form's cover may follow a list of forms
            if b.kind == "table":
                continue
            text = b.text.strip()
            hits = list(rx.finditer(text))
            if not hits or hits[0].start() != 0:
                continue
            for i, h in enumerate(hits):
                end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
                out.append((h.group(1), text[h.end():end].strip(), b.index))
            self.skip.add(b.index)
        return out

    def cover(self) -> None:
        labels = self.cfg.get("cover", {})
        for label, value, _ in self._cover_pairs():
            name = labels[label]
            if not value:
                continue
            if name == "year":
                y = re.search(r"\d{4}", value)
                if y:
                    self.data["year"] = int(y.group(0))
            elif name == "report_date":
                self.data["report_date"] = _date(value)
            else:
                self.data.setdefault(name, value)
        parts = self.title
        if "agency" not in self.data and self.data.get("supervisor") and not parts.agency:
            self.data["agency"] = self.data["supervisor"]  # 主管部门（公章）: the unit stamps its own report
        if "year" not in self.data and parts.year:
            self.data["year"] = parts.year
        if "agency" not in self.data and parts.agency:
            self.data["agency"] = parts.agency
        if "project" not in self.data and parts.project and _field(self.rubric.schema, "project"):
            self.data["project"] = parts.project
        if "report_date" not in self.data:
            for b in reversed(self.doc.blocks[-6:]):  # the date under the signature
                d = _date(b.text) if len(b.text.strip()) <= 16 else None
                if d:
                    self.data["report_date"] = d
                    break
        if _field(self.rubric.schema, "self_ref"):
            counts = Counter(m.group(0) for b in self.doc.blocks if b.kind != "table"
                             for m in re.finditer(SELF_REF, b.text))
            if counts:
                self.data["self_ref"] = _self_ref(counts)
        docs: list[dict[str, Any]] = []
        by_title: dict[str, dict[str, Any]] = {}
        for b in self.doc.blocks:
            for m in re.finditer(r"《([^《》]{4,80})》\s*[（(]\s*(" + DOC_NUMBER.pattern + r")\s*[）)]", b.text):
                title = import_text.tidy(m.group(1))
                number, fixed = import_text.fix_doc_numbers(m.group(2).strip())
                number = re.sub(r"\s+", "", number)
                i = len(docs)
                if title not in by_title:
                    by_title[title] = {"title": title, "number": number}
                    docs.append(by_title[title])
                    if fixed:
                        self.notes[("documents", i, "number")] = (
                            ui(f"待核实：原文文号写作“{m.group(2).strip()}”，年份括号应为六角括号〔〕，已改正"))
                elif by_title[title]["number"] != number:
                    j = docs.index(by_title[title])
                    self.notes[("documents", j, "number")] = (
                        ui(f"待核实：原文中同一文件有两个文号（“{by_title[title]['number']}”和“{number}”），请核对"))
        if docs:
            self.data["documents"] = docs

    # -- narrative ---------------------------------------------------------------------------
    def _slot(self, heading: Block | None) -> str | None:
        """The data field a heading's text goes to, 'skip', or None (no field: 其他)."""
        if heading is None:
            return "skip"
        title = normalise_title(heading.text)
        for words, target in self.cfg.get("headings", {}).items():
            if normalise_title(words) == title:
                return "+".join(target) if isinstance(target, list) else str(target)
        sections = self.cfg.get("sections", {})
        if heading.level >= 2 and heading.section and self._is_container(heading):
            # “（一）项目概况” under 基本情况: the outline took it for the chapter whose alias it shares
            for child in self.rubric.children(heading.section):
                if child.key in sections and title in {normalise_title(n) for n in (child.title, *child.aliases)}:
                    return str(sections[child.key])
        if heading.section and heading.section in self.cfg.get("sections", {}):
            # the section's own heading, or a point inside it (1.产出指标 under 绩效目标完成情况)
            return str(self.cfg["sections"][heading.section])
        if heading.section and self._is_container(heading):
            return "skip"
        return None

    def _glued(self, heading: Block) -> tuple[str, str] | None:
        """A known chapter title followed by its first sentence on the same line (a PDF line joined
        to the heading): the chapter's field and the text after the title."""
        text = heading.text.strip()[len(heading.number.text) if heading.number else 0:].strip()
        sections = self.cfg.get("sections", {})
        for sec in self.rubric.sections:
            if sec.key not in sections:
                continue
            for name in sorted((sec.title, *sec.aliases), key=len, reverse=True):
                if len(name) >= 4 and text.startswith(name) and len(text) > len(name) + 4:
                    return str(sections[sec.key]), text[len(name):].lstrip("。.：: ")
        return None

    def _is_container(self, heading: Block) -> bool:
        sec = next((x for x in self.rubric.sections if x.key == heading.section), None)
        return bool(sec and sec.template == "none")

    def _after(self, heading: Block | None) -> str:
        """The rubric chapter a 其他 section followed in the source: where `draft` puts it back."""
        if heading is None or heading.section == "attachment":
            return ""
        if not heading.section:  # an unknown heading: after the last chapter the source had before it
            before = [b for b in self.doc.blocks[:heading.index] if b.kind == "heading" and b.section
                      and b.section != "attachment"]
            return self._after(before[-1]) if before else ""
        sec = next((x for x in self.rubric.sections if x.key == heading.section), None)
        if sec is None:
            return ""
        while sec.parent:  # back at the level of a numbered chapter
            sec = self.rubric.section(sec.parent)
        return sec.title

    def _take_notes(self, text: str) -> str:
        """“…年中调整后全年预算数为Y。{预算调整说明}本项目全年预算数为…”: the text a draft printed right
        after a standard sentence is that sentence's 说明 field; give it back to the field."""
        text = _PLACEHOLDER.sub("", text)
        found = []
        for key, dest in self.cfg.get("notes_after", {}).items():
            pats = group_patterns().get(key) or [re.compile(key)]
            for rx in pats:
                m = rx.search(text)
                if m:
                    found.append((m.start(), m.end(), dest))
                    break
        if not found:
            return text
        starts = sorted({m.start() for rx in phrase_patterns() + self.generated for m in rx.finditer(text)}
                        | {a for a, _, _ in found})
        cuts = []
        for a, b, dest in sorted(found):
            end = next((x for x in starts if x >= b), len(text))
            note = _without_reason_lead(text[b:end].strip())
            if note and _field(self.rubric.schema, dest) is not None and not get_path(self.data, dest):
                set_path(self.data, dest, note)
                cuts.append((b, end))
        for a, b in sorted(cuts, reverse=True):
            text = text[:a] + text[b:]
        return text

    def _generated_table(self, b: Block) -> bool:
        head = [c.strip() for c in b.rows[0]] if b.rows else []
        return any(head == list(g) for g in self.cfg.get("generated_tables", []))

    def _clean(self, text: str) -> str:
        written = import_text.point_number(text)
        text, fixed = import_text.fix_doc_numbers(import_text.tidy(text))
        self.fixed_numbers += fixed
        m = _LEADING_NUMBER.match(text) if written else None
        if m:  # the review quotes the number it takes off as the source wrote it
            self.written_numbers[text[m.end():]] = written
        return text

    def records(self) -> None:
        """Points, labelled figures and fixed tables the rubric's import block names (import_records)."""
        def clean(text: str) -> str:
            return _strip_generated(self._take_notes(self._clean(text)), self.generated)

        titles = {normalise_title(n) for sec in self.rubric.sections for n in (sec.title, *sec.aliases)}
        import_records.read_tables(self.doc, self.cfg, self.data, self.used_tables)
        import_records.read_records(self.doc, self.cfg, self.data, self.skip, clean, titles, _without_reason_lead)
        import_records.read_advice(self.doc, self.cfg, self.data, self.skip, clean)
        import_records.read_figures(self.doc, self.cfg, self.data, _date)

    def narrative(self) -> None:
        prefixed = self.cfg.get("prefixed", {})
        collected: dict[str, list[str]] = {}
        others: list[dict[str, Any]] = []
        slot: str | None = "skip"
        other: dict[str, Any] | None = None
        heading: Block | None = None

        stated = [re.compile(self.cfg["total"]), re.compile(self.cfg["grade"])]

        def keep(text: str, target: str | None) -> None:
            """Into its field, else into 其他 after the chapter it was written under: never dropped."""
            nonlocal other
            if target == "skip" and heading is not None and heading.section == "conclusion":
                # “自评得分95分，等级为优。”: read as 自评得分/自评等级, and the draft says it again
                text = "".join(x for x in re.findall(r"[^。！？]+[。！？]?", text)
                               if not (any(rx.search(x) for rx in stated) and len(x) <= 40)).strip()
                if not text:
                    return
            if other is not None and target == slot:
                other["text"].append(text)
            elif target and target != "skip":
                collected.setdefault(target, []).append(text)
            else:
                if heading is None and len(text) >= 15 and (re.search(r"[，,]", text) or text.endswith(("。", "！", "？"))):
                    # the preamble before chapter one (根据……要求，现将……报告如下): drafted where it was
                    other = {"title": PREAMBLE, "after": PREAMBLE, "text": [text]}
                elif heading is None:  # cover lines jixiao has no field for (评价小组成员：, 报告撰写人：)
                    other = {"title": _IW["cover_other_title"], "text": [text]}
                else:
                    other = {"title": heading.title, "after": self._after(heading), "text": [text]}
                others.append(other)

        for b in self.doc.blocks:
            if b.kind == "table" and b.index not in self.used_tables and b.index not in self.skip \
                    and b.section != "attachment" and not self._generated_table(b):
                rows = ["｜".join(c.strip() for c in row if c.strip()) for row in b.rows]
                rows = [self._clean(r) for r in rows if r]
                if rows:  # a table no field reads (资金管理情况 grid, a flattened form): kept as rows
                    other = {"title": (heading.title if heading is not None else _IW["table_other_title"]), "after": self._after(heading),
                             "text": rows}
                    others.append(other)
                    other = None
                continue
            if b.kind == "table" or b.section == "attachment" or b.index in self.skip \
                    or (self.doc.title and b.text.strip() == self.doc.title):  # the title, repeated on a page
                continue
            if b.kind == "heading":
                slot = self._slot(b)
                heading = b
                other = None
                glued = self._glued(b) if slot is None else None
                if glued is not None:  # “二、绩效自评工作开展情况项目实施过程中，……”: a title with its text run on
                    slot, rest = glued
                    keep(self._clean(rest), slot)
                    continue
                if slot is None:
                    other = {"title": self._clean(b.title), "after": self._after(b), "text": []}
                    others.append(other)
                if not b.run_in and (re.search(r"[，,；;]", b.title) or len(b.title) > 30):
                    # "（一）某局2022年资金共下达105万元，用于……。": a numbered sentence, not a title
                    keep(self._clean(b.text.strip()[len(b.number.text) if b.number else 0:].strip()), slot)
                    continue
                if b.run_in:  # "（一）评价小组情况。在此次……": the text after the title is content
                    head, _, rest = b.text.strip().partition("。")
                    if "，" in head or "," in head or len(b.title) > 24:
                        # "（一）某局2022年资金共下达105万元，用于……。": a sentence, not a title
                        rest = b.text.strip()[len(b.number.text) if b.number else 0:].strip()
                    keep(self._clean(rest.strip()), slot)
                continue
            text = _strip_generated(self._take_notes(self._clean(b.text.strip())), self.generated)
            if not text:
                continue
            target = slot
            for label, dest in prefixed.items():
                if text.startswith(f"{label}："):
                    target, text = str(dest), text[len(label) + 1:]
            keep(text, target)
        for dest in [d for d in collected if "+" in d]:
            # one heading, two fields (主要内容及实施情况): the last paragraph is the second field's
            paras = collected.pop(dest)
            first, second = dest.split("+", 1)
            if len(paras) > 1:
                collected.setdefault(first, []).extend(paras[:-1])
                collected.setdefault(second, []).append(paras[-1])
            else:
                collected.setdefault(first, []).extend(paras)
        for dest, nothing in self.cfg.get("empty_text", {}).items():  # “无。” is what the draft prints for nothing
            if collected.get(dest) == [nothing]:
                del collected[dest]
        for dest, paras in collected.items():
            f = _field(self.rubric.schema, dest)
            if f is None:  # the rubric maps a section to a field this report type lacks
                others.append({"title": dest, "text": paras})
                continue
            if f.kind == "list_text":
                items = []
                for p in paras:
                    items += _items(p)
                set_path(self.data, dest, items)
            elif f.kind == "text":
                set_path(self.data, dest, "".join(paras))
            else:
                set_path(self.data, dest, paras)
        others = [o for o in others if o["text"]]  # a heading alone carries nothing to keep
        for o in others:
            if not o.get("after"):
                o.pop("after", None)
        if others:
            self.data["other_sections"] = others

    # -- figures ---------------------------------------------------------------------------
    def _tables(self) -> list[Block]:
        return [b for b in self.doc.blocks if b.kind == "table"]

    def funds(self) -> None:
        if _field(self.rubric.schema, "funds") is None:
            return
        funds: dict[str, Any] = self.data.setdefault("funds", {})
        for t in self._tables():
            ci, bi, si = (table_column(t, [n]) for n in domain_words("self_evaluation_form")["funds_columns"][:3])
            if ci is None or bi is None or si is None:
                continue
            self.used_tables.add(t.index)
            sources = []
            in_sources = False  # the rows after “其中：…” are sources too (附1: 上年结转资金, 其他资金)
            for row in t.rows[1:]:
                label = row[0].strip()
                if len(row) <= max(ci, bi, si):  # a note or a flattened form's short line ends the rows
                    in_sources = False
                    continue
                if _PARTS_LEAD.match(label) or (in_sources and cell_number(row[bi]) is not None):
                    in_sources = True
                    name = _PARTS_LEAD.sub("", label).strip()
                    b, s = cell_number(row[bi]), cell_number(row[si])
                    if b is not None and (b or s):  # a row the form prints as 0 is no source
                        sources.append({"name": name, "budget": b, **({"spent": s} if s is not None else {})})
                elif cell_number(row[bi]) is not None:
                    funds["initial_budget"] = cell_number(row[ci])
                    funds["budget"] = cell_number(row[bi])
                    funds["spent"] = cell_number(row[si])
            if sources:  # parts that do not add up to the budget: import_review._settle marks the total
                funds["sources"] = sources
        labeller, units = quantities.config(self.rubric.raw)
        found: dict[str, Decimal] = {}
        for b in self.doc.blocks:
            if b.kind == "table":
                continue
            qs = quantities.find(b.text, labeller, units)
            for i, q in enumerate(qs):
                if q.kind == "amount" and q.label and not q.after_qizhong and q.label not in found:
                    found[q.label] = q.value
                    parts = [p for p in qs[i + 1:] if p.kind == "amount" and p.after_qizhong and p.sentence == q.sentence]
                    if q.label == "budget" and parts and not funds.get("sources"):
                        # “全年预算数200万元，其中：中央资金150万元，县级资金50万元”: the sources in the text
                        funds["sources"] = [{"name": self._part_name(b.text, p), "budget": p.value} for p in parts]
        for name in ("initial_budget", "budget", "received", "spent"):
            if funds.get(name) is None and name in found:
                funds[name] = found[name]
        if funds.get("initial_budget") is None and funds.get("budget") is not None and "initial_budget" not in found:
            self.notes[("funds", "initial_budget")] = ui("待核实：原文未写年初预算数，暂按全年预算数填写")
            funds["initial_budget"] = funds["budget"]

    def accounts(self) -> None:
        if _field(self.rubric.schema, "accounts") is None:
            return
        acc: dict[str, Any] = self.data.setdefault("accounts", {})
        labeller, units = quantities.config(self.rubric.raw)
        names = {"income": "income", "spent": "spending", "carried_in": "carried_in", "balance": "carried_out",
                 "budget": "budget", "initial_budget": "initial_budget"}
        for b in self.doc.blocks:
            if b.kind == "table" or b.section == "attachment":
                continue
            qs = quantities.find(b.text, labeller, units)
            for i, q in enumerate(qs):
                if q.kind != "amount" or q.after_qizhong or q.label not in names:
                    continue
                key = names[q.label]
                if acc.get(key) is None:
                    acc[key] = q.value
                    parts = [p for p in qs[i + 1:] if p.kind == "amount" and p.after_qizhong and p.sentence == q.sentence]
                    if parts and key in ("income", "spending"):  # not adding up: import_review._settle
                        acc[f"{key}_parts"] = [{"name": self._part_name(b.text, p), "amount": p.value} for p in parts]

    @staticmethod
    def _part_name(text: str, q: quantities.Quantity) -> str:
        before = text[:q.start]
        cut = max(before.rfind(ch) for ch in "，、；：,")
        name = re.sub(_IW["part_lead"], "", before[cut + 1:]).strip()
        return name or _IW["unnamed_part"]

    def _columns(self, t: Block) -> tuple[int, dict[str, int]] | None:
        """The header row (one of the first three: a title row may come first) and each column it
        names, by the synonyms in _words.yaml (权重 = 分值, 目标值 = 指标值, 实际值 = 完成值 …)."""
        synonyms = import_indicator_columns()
        for hr, head in enumerate(t.rows[:3]):
            cols: dict[str, int] = {}
            for key, names in synonyms.items():
                for n in names:  # the first synonym that names a column wins: 三级指标 before 指标名称
                    hit = next((i for i, h in enumerate(head) if n in re.sub(r"\s+", "", h) and i not in cols.values()),
                               None)
                    if hit is not None:
                        cols[key] = hit
                        break
            if all(k in cols for k in ("name", "weight")) and ("target" in cols or "actual" in cols):
                return hr, cols
        return None

    def indicators(self) -> None:
        rows_out = []
        for t in self._tables():
            found = self._columns(t) if t.index not in self.used_tables else None
            if found is None:
                continue
            self.used_tables.add(t.index)
            hr, cols = found
            width = max(len(r) for r in t.rows)
            last1 = last2 = ""

            def cell(cells: list[str], key: str) -> str:
                return cells[cols[key]].strip() if key in cols else ""

            subtotals: dict[str, tuple[Decimal | None, Decimal | None]] = {}
            start = len(rows_out)
            for row in t.rows[hr + 1:]:
                cells = row + [""] * (width - len(row))
                first = cells[0].strip()
                if first in (*total_rows(), _IW["execution_row"]) or first.startswith(total_rows()):
                    if first != _IW["execution_row"] and "stated_total" not in self.data:
                        total = cell_number(cell(cells, "score")) if "score" in cols else None
                        if total is not None:  # the table's own 总分 when the text states none
                            self.data["stated_total"] = total
                    continue
                last1 = cell(cells, "level1") or last1
                last2 = cell(cells, "level2") or last2
                name = cell(cells, "name")
                if not name or name in (last1, last2) and "target" in cols and not cell(cells, "target"):
                    if last1 and (name in ("", last1) or first.startswith(_REVIEW_WORDS["subtotal_row"])):
                        # a 一级 subtotal row
                        subtotals[last1] = (cell_number(cell(cells, "weight")), cell_number(cell(cells, "score")))
                    continue
                out = self._indicator(last1, last2, name, cell(cells, "target"), cell(cells, "actual"),
                                      cell(cells, "weight"), cell(cells, "score"), cell(cells, "reason"))
                if cell(cells, "criteria"):
                    out["criteria"] = cell(cells, "criteria")
                if "target" not in cols:  # a score table without 目标值: the target is not written there
                    out["target"] = PENDING
                    self.notes[("indicators", len(rows_out), "target")] = ui("待核实：评分表中没有目标值（指标值）")
                rows_out.append(out)
            self._check_subtotals(rows_out, start, subtotals)
        if not rows_out:
            rows_out = self._indicators_from_text()
        if rows_out:
            self.data["indicators"] = rows_out

    def _check_subtotals(self, rows: list[dict[str, Any]], start: int,
                         subtotals: dict[str, tuple[Decimal | None, Decimal | None]]) -> None:
        """A 一级 subtotal row (产出指标 | 50 | 48) that is not the sum of the rows under it: the rows
        are imported as written, with a 待核实 note on the first of them saying which sum disagrees."""
        for level, stated in subtotals.items():
            mine = [(i, r) for i, r in enumerate(rows[start:], start) if r["level1"] == level]
            if not mine:
                continue
            for k, key in enumerate(("weight", "score")):
                word = _REVIEW_WORDS[key]
                values = [r.get(key) for _, r in mine]
                if stated[k] is None or any(v is None for v in values):
                    continue
                total = sum(values, Decimal(0))
                if total != stated[k]:
                    path = ("indicators", mine[0][0], key)
                    self.notes[path] = str(_REVIEW_WORDS["subtotal"]).format(
                        level=level, what=word, stated=stated[k], total=total)

    def _indicators_from_text(self) -> list[dict[str, Any]]:
        """“培训人次：年度指标值≥5000人次，实际完成5000人次” written in the text; the 分值 is rarely
        written there, so it is marked 待核实."""
        rx = re.compile(self.cfg["indicator_sentence"])
        out = []
        level1 = ""
        for b in self.doc.blocks:
            if b.kind == "heading" and _IW["indicator_heading_word"] in b.title:
                level1 = b.title
            if b.kind != "paragraph":
                continue
            for m in rx.finditer(b.text):
                row = self._indicator(level1 or PENDING, PENDING, m.group("name"), m.group("target"), m.group("actual"),
                                      "", m.group("score") or "", "")
                row["weight"] = None
                self.notes[("indicators", len(out), "weight")] = ui("待核实：原文正文中没有分值")
                out.append(row)
        return out

    @staticmethod
    def _indicator(l1: str, l2: str, name: str, target: str, actual: str, weight: str, score: str,
                   reason: str) -> dict[str, Any]:
        row: dict[str, Any] = {"level1": l1, "level2": l2, "name": name}
        t = target_notation.parse(target)
        if t is not None:
            a = target_notation.parse(actual)
            row.update(direction=t.direction, target=t.value, measure_unit=t.unit or None,
                       actual=a.value if a is not None else actual.strip())
        else:
            row["direction"], row["target"], row["actual"] = domain_words("qualitative"), target.strip(), actual.strip()
        row["weight"] = cell_number(weight)
        s = cell_number(score)
        if s is not None:
            row["score"] = s
        if reason.strip() and not reason.strip().startswith(_IW["mark_open"]):
            row["deviation_reason"] = reason.strip()
        return row

    def result(self) -> None:
        text = "\n".join(b.text for b in self.doc.blocks if b.section == "conclusion") or \
            "\n".join(b.text for b in self.doc.blocks if b.kind != "table")
        m = re.search(self.cfg["total"], text)
        if m:
            self.data["stated_total"] = Decimal(m.group(1))
        g = re.search(self.cfg["grade"], text)
        if g:
            self.data["stated_grade"] = self.cfg.get("grade_aliases", {}).get(g.group(1), g.group(1))

    def publication(self) -> None:
        if _field(self.rubric.schema, "publication") is None:
            return
        pub: dict[str, Any] = self.data.setdefault("publication", {})
        text = "".join(b.text for b in self.doc.blocks if b.section == "publish")
        m = re.search(self.cfg["publication_channel"], text)
        if m:
            pub["channel"] = m.group(1)
        d = re.search(_IW["deadline"], text)
        if d:
            year = int(d.group(1)) if d.group(1) else (self.data.get("report_date") or date.today()).year
            try:
                pub["date"] = date(year, int(d.group(2)), int(d.group(3)))
            except ValueError:
                pass
        app = pub.get("application")
        if app:  # the sentence saying where/when it is published became 公开方式/公开时间; keep the rest
            kept = []
            for para in app:
                rest = "".join(s for s in re.findall(r"[^。]+。?", para) if not re.search(self.cfg["publication_channel"], s))
                if rest.strip():
                    kept.append(rest.strip())
            pub["application"] = kept

    # -- what is missing ---------------------------------------------------------------------
    def mark_missing(self) -> None:
        def walk(fs: tuple[Field, ...], d: dict[str, Any], path: tuple[Any, ...]) -> None:
            for f in fs:
                p = path + (f.name,)
                v = d.get(f.name)
                if f.kind == "group":
                    if f.required or v:
                        walk(f.fields, d.setdefault(f.name, {}), p)
                elif f.kind == "list" and isinstance(v, list):
                    for i, item in enumerate(v):
                        walk(f.fields, item, p + (i,))
                elif f.required and (v is None or v == [] or v == ""):
                    d[f.name] = PENDING
                    self.notes.setdefault(p, ui("待核实：原文中没有找到，请补填"))
        walk(self.rubric.schema, self.data, ())

    def run(self) -> Imported:
        self.frame()
        self.cover()
        self.funds()
        self.accounts()
        self.indicators()
        self.records()
        self.narrative()
        self.result()
        self.publication()
        self.mark_missing()
        if self.fixed_numbers:
            self.notes.setdefault(("report_type",), ui("待核实：原文文号括号有误，已改为六角括号〔〕：")
                                  + "；".join(dict.fromkeys(self.fixed_numbers)))
        return Imported(self.rubric, self.data, self.notes, written_numbers=self.written_numbers)


def _read_source(path: Path) -> Document:
    """TXT with pipe rows (a table flattened by copying from a web page or a PDF): the rows become
    a table block instead of being glued into the paragraphs around them."""
    limits.check_file_size(path)  # TXT is read here, not through read_document: the same size limit
    if path.suffix.lower() != ".txt":
        doc = read_document(path)
        if doc.source != "docx":
            return doc
        lines = [ln for b in doc.blocks for ln in (["|".join(r) for r in b.rows] if b.kind == "table" else [b.text])]
        rebuilt, tables = flat_form.rebuild(lines, _cover_labels())
        if not tables:
            return doc
        # a PDF converted to Word with the form one cell per paragraph: read it as the text it is
        from .read.text_reader import read_text

        return _text_blocks(path, rebuilt, read_text)
    from .read.text_reader import decode, read_text

    # NUL from a damaged file, form feeds and vertical tabs from a PDF or Word: not text
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", decode(path.read_bytes(), str(path)))
    text = text.replace("\u00a0", " ")  # a web page pads its cells with no-break spaces: spaces, not text
    lines, _ = flat_form.rebuild(text.splitlines(), _cover_labels())  # a form copied one cell per line
    return _text_blocks(path, lines, read_text)


@lru_cache(maxsize=1)
def _cover_labels() -> frozenset[str]:
    return frozenset(k for r in load_all() for k in r.raw.get("import", {}).get("cover", {}))


def _text_blocks(path: Path, lines: list[str], read_text: Any) -> Document:
    def solo(ln: str) -> str | None:
        """Lines the PDF re-joining must not glue to their neighbours: table rows, page chrome,
        the title, an addressee (区财政局：)."""
        t = ln.strip()
        if "|" in t or ln.count("\t") >= 2:  # pipes from a web page, tabs from a PDF or a spreadsheet
            return "table"
        if t and (import_text.is_chrome(t) or _is_title_line(t)
                  or (len(t) <= 16 and t[-1] in ":：")):
            return "line"
        return None

    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        kind = solo(lines[i])
        if kind == "line":
            blocks.append(Block(len(blocks), "paragraph", lines[i].strip(), line=i + 1))
            i += 1
            continue
        j = i
        while j < len(lines) and solo(lines[j]) == kind:
            j += 1
        if kind == "table":
            rows = [[c.strip() for c in re.split(r"\||\t", ln)] for ln in lines[i:j]]
            rows = _pipe_table(rows)
            blocks.append(Block(len(blocks), "table", "\n".join("\t".join(r) for r in rows), line=i + 1, rows=rows))
        else:
            for b in read_text(path, "\n".join(lines[i:j])).blocks:
                b.index, b.line = len(blocks), (b.line or 1) + i
                blocks.append(b)
        i = j
    return Document(str(path), "txt", blocks)


def _pipe_table(rows: list[list[str]]) -> list[list[str]]:
    """A Markdown table saved as TXT (| a | b |, then | --- | --- |): no separator row, no empty
    column before the first pipe or after the last."""
    rows = [r for r in rows if any(r) and not all(re.fullmatch(r":?-{3,}:?|", c) for c in r)]
    while rows and all(len(r) > 1 and not r[0] for r in rows):
        rows = [r[1:] for r in rows]
    while rows and all(len(r) > 1 and not r[-1] for r in rows):
        rows = [r[:-1] for r in rows]
    return rows


def read_source(path: Path) -> Document:
    """The import pipeline's read stage (pipeline.IMPORT)."""
    doc = _read_source(path)
    # a paragraph longer than a data-file field may be (text_field_chars) is refused now, about the
    # source, not after minutes of drafting it, about a temporary data file
    most = limits.get("text_field_chars")
    for n, b in enumerate((b for b in doc.blocks if b.kind != "table"), 1):
        if len(b.text) > most:
            raise limits.fail("text_field_chars", f"{path} 第{n}段", f"{len(b.text)} 字")
    return doc


def report_rubric(doc: Document, forced_type: str | None, frame: Frame) -> Rubric:
    """The structure stage: the report type (forced, or read from the title of `frame_of(doc)`)
    and its outline."""
    rubrics = load_all()
    forced = None
    if forced_type:
        from .rubric import find

        forced = find(forced_type)
    title, subtitle = frame.title, frame.subtitle
    if forced is None:
        kind = import_text.parse_title(title, subtitle).kind
        forced = next((r for r in rubrics if r.id == kind), None)
    rubric = build_outline(doc, rubrics, forced)
    if title:
        doc.title = title  # a title taken off a paragraph (_glued_title) is found once: keep it
    return rubric


def fields_of(doc: Document, rubric: Rubric, frame: Frame) -> Imported:
    """The fields stage: sections, tables and cover into the data file's fields."""
    return _Importer(doc, rubric, frame).run()


def review_carried(imported: Imported, source: str) -> None:
    """The review stage: the source's own faults, fixed when they are of form, else marked 待核实."""
    from .import_review import review

    imported.warnings += review(imported, source)


def import_report(path: Path, forced_type: str | None = None, review: bool = True) -> Imported:
    doc = read_source(path)
    frame = frame_of(doc)
    imported = fields_of(doc, report_rubric(doc, forced_type, frame), frame)
    if review:
        review_carried(imported, path.name)
    return imported


@dataclass(frozen=True)
class Frame:
    """What is around the report's text: blocks that are page chrome or title lines, the title,
    and a (项目名) line under it. Found once per import (it may take a title off a paragraph)."""
    skip: frozenset[int]
    title: str
    subtitle: str


def frame_of(doc: Document) -> Frame:
    """The report's frame (see Frame)."""
    skip: set[int] = set()
    title = subtitle = ""
    chrome_title = ""
    for b in doc.blocks[:30]:
        lines = [" | ".join(r) for r in b.rows] if b.kind == "table" else [b.text]
        hits = [ln for ln in lines if import_text.is_chrome(ln)]
        if hits and len(hits) * 2 >= len(lines):  # a metadata grid (索引号 | 发文机构 …) around the report
            skip.add(b.index)
            for ln in hits:
                chrome_title = chrome_title or (import_text.title_from_chrome(ln) or "")
    blocks = [b for b in doc.blocks[:30] if b.kind != "table"]
    for k, b in enumerate(blocks):
        t = b.text.strip()
        if b.index in skip or b.number is not None or "|" in t:
            continue
        if _is_title_line(t):
            title = t
            skip.add(b.index)
            prev = blocks[k - 1] if k else None
            if prev is not None and prev.index not in skip and len(prev.text.strip()) <= 40 and \
                    not re.search(r"[。：:，,]", prev.text) and prev.number is None and \
                    not re.search(_IW["year_in_title"], t) and not t.startswith(("20", "19")) and len(t) < 12:
                title = prev.text.strip() + t  # “隆回县…项目资金” / “绩效评价报告”
                skip.add(prev.index)
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if nxt is not None and re.fullmatch(r"\s*[（(][^（）()]{2,40}[）)]\s*", nxt.text):
                subtitle = nxt.text.strip()
                skip.add(nxt.index)
            break
    if not title and not chrome_title:
        title = _glued_title(doc, skip)
    return Frame(frozenset(skip), title or chrome_title or doc.title, subtitle)


_GLUED_TITLE = re.compile(_REVIEW_WORDS["glued_title"])
_LEADING_NUMBER = re.compile(_REVIEW_WORDS["leading_number"])
_TITLE_LINE = re.compile(_REVIEW_WORDS["title_line"])


def _is_title_line(text: str) -> bool:
    """A line that is a report's title (…自评报告, …评价报告, …自评表): found by frame_of, and kept
    on a line of its own when a PDF's lines are joined again."""
    t = text.strip()
    return any(w in t for w in _REVIEW_WORDS["title_words"]) and len(t) <= 80 \
        and _TITLE_LINE.search(re.sub(r"\s+", "", t)) is not None


def _glued_title(doc: Document, skip: set[int]) -> str:
    """“2022年度项目支出绩效自评总报告为切实做好……”: a PDF line break lost between the title and the
    first sentence. The title is taken off the paragraph (the rest stays as written)."""
    for b in doc.blocks[:8]:
        if b.kind == "heading":
            break
        if b.kind != "paragraph" or b.index in skip:
            continue
        text = re.sub(r"^\s*\d{1,2}\s*[、.．]\s*", "", b.text.strip())  # a mirror's page number before it
        m = _GLUED_TITLE.match(text)
        if m:
            b.text = text[m.end():]
            doc.title = m.group(1)
            return m.group(1)
    return ""

