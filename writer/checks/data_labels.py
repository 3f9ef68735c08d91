"""What the data says each labelled figure of a report is, read from the templates as data.

The section templates and phrase sentences say what every figure they print is: the literal
text before a `{{ expression }}` is its label (本项目年初预算数为{{ funds.initial_budget | wan }}
→ whatever follows 年初预算数为 is the initial budget), the first name printed on a looped line
says whose figure it is (培训人次：…得分{{ r.score }}分), and a Markdown table line says, by its
header line and its row name, what stands in each cell. The templates are read once per
process into pieces; each piece's expression is then evaluated against the drafting context
(context.build over the pipeline's computed figures) under the loops, `{% set %}` and `{% if %}`
around it, so each label carries the value this data gives it. No template is rendered.

`for_data(drafted)` → (expectations of prose, expectations of table rows); draft_agreement.py
finds them in the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

_TOKEN = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}|\{%-?\s*(.*?)\s*-?%\}|\{#.*?#\}", re.S)
_FOR = re.compile(r"for\s+(\w+)\s+in\s+(.+)$", re.S)
_SET = re.compile(r"set\s+(\w+)\s*=\s*(.+)$", re.S)
_PHRASE = re.compile(r"""^phrase\(\s*["']([\w.]+)["']\s*(?:,(.*))?\)$""", re.S)
_INCLUDE = re.compile(r"""^include\s+["']([^"']+)["']""")
_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\(([^)]*)\)\s*-?%\}(.*?)\{%-?\s*endmacro\s*-?%\}", re.S)
_CALL = re.compile(r"\{\{-?\s*(\w+)\(([^(){}]*)\)\s*-?\}\}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MEANS = re.compile(r"[\u3400-\u9fff\w]")  # a value that is more than punctuation
_NAME = re.compile(r"(?<![.\w'\"])[A-Za-z_]\w*")  # names an expression may read from the context
_STOP = "。；\n"  # a label never reaches back over a sentence end
_SOFT = "，、："  # …nor over a comma or colon when what follows it names the figure on its own
_SPECIFIC = 4  # a label of fewer characters than this names its figure only after its row or sentence head
_NESTING = 4  # phrase() inside phrase(): deeper than this is a loop in the phrase bank
_SET_MARK = "\x00"  # a frame of `set name = expr` among the loops (one value, names no row)

Where = tuple[tuple[tuple[str, str], ...], str]  # (loops and sets around a part, its {% if %} test)


@dataclass
class Piece:
    """One `{{ expression }}` of a template line, with the literal text around it."""

    expr: str
    before: str  # literal text since the previous expression on the line
    after: str  # literal text after it, up to the next expression
    loops: tuple[tuple[str, str], ...]  # enclosing `for name in expr` / `set name = expr`, outermost first
    line: int  # which template line (the pieces of one line share a row name)
    local: str = ""  # keyword arguments of the phrase() call that brought the piece in
    glued: bool = False  # its label is all the text since the previous expression (…80分为{{ b.name }})
    cond: str = ""  # the {% if %} tests it stands under, and-ed, checked per binding
    head: str = ""  # the label of the sentence's first figure, when another (预算执行率指标分值…，得分)


@dataclass(frozen=True)
class Expect:
    """A figure of the prose: after `label` the data's `value` (then `after`)."""

    label: str
    value: str
    after: str
    key: str | None  # the row's name (an indicator, a 一级指标) the label must follow on its line
    glued: str = ""  # the figure the label directly follows (…80分为良): so must it in the document


@dataclass
class TableExpect:
    """A table of the templates: its header line and its rows with this data's cells."""

    header: tuple[str, ...]
    rows: list[list[str | None]] = field(default_factory=list)  # None: nothing to compare in that cell


def _split_cells(parts: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """A Markdown table line as its cells, each a list of ('lit' | 'expr', text) parts."""
    cells: list[list[tuple[str, str]]] = [[]]
    for kind, text in parts:
        if kind != "lit":
            cells[-1].append((kind, text))
            continue
        for n, bit in enumerate(text.split("|")):
            if n:
                cells.append([])
            if bit:
                cells[-1].append(("lit", bit))
    return cells[1:-1] if len(cells) > 2 else cells


def _label(before: str) -> str:
    """The literal text that names the figure after it: back to the last sentence end, or to the
    last comma or colon when what follows it has two characters or more."""
    label = before[max(before.rfind(c) for c in _STOP) + 1:]
    soft = max(label.rfind(c) for c in _SOFT)
    if soft >= 0 and len(_CJK.findall(label[soft + 1:])) >= 2:
        label = label[soft + 1:]
    return label.strip()


class Templates:
    """The pieces and tables of a report type's title, cover lines, section and attachment
    templates, with the phrase sentences they call read in place."""

    def __init__(self, sources: dict[str, str], phrases: dict[str, list[str]]) -> None:
        self.sources, self.phrases = sources, phrases
        self.pieces: list[Piece] = []
        self.tables: list[tuple[tuple[str, ...], list[tuple[list[tuple[str, str]], tuple]]]] = []
        self._line = 0
        self._table_open = False

    def read(self, text: str, loops: tuple[tuple[str, str], ...] = (), local: str = "", cond: str = "",
             depth: int = 0) -> None:
        if depth > _NESTING:
            return
        for parts, where in self._lines(self._inline(text), loops, cond):
            self._line += 1
            line = self._line
            if all(k == "tag" for k, _ in parts):
                continue  # a line of tags only ({% for %}, {% endif %}) keeps a table open
            if parts[0][0] == "lit" and parts[0][1].lstrip().startswith("|"):
                self._table_line(parts, where[0][0])
                continue
            self._table_open = False
            before, glued, head = "", False, None
            for n, (kind, value) in enumerate(parts):
                if kind == "lit":
                    before += value
                    if any(c in value for c in _STOP):
                        head = None  # a new sentence
                    continue
                if kind == "tag":
                    continue  # an {% if %} inside a sentence: the label goes on
                follows = next(((k, t) for k, t in parts[n + 1:] if k != "tag"), ("", ""))
                after = follows[1] if follows[0] == "lit" else ""
                m = _PHRASE.match(value)
                if m:
                    for variant in self.phrases.get(m.group(1), []):
                        self.read(variant, where[n][0], m.group(2) or local, where[n][1], depth + 1)
                    before, glued = "", False
                    continue
                label = _label(before)
                head = label if head is None else head
                self.pieces.append(Piece(value, before, after, where[n][0], line, local,
                                         glued and label == before.strip(), where[n][1],
                                         head if head != label else ""))
                before, glued = "", True

    def _inline(self, text: str) -> str:
        """`{% include "x" %}` replaced by x's text (the indicator table of the attachments), and
        a call of a macro defined in the text (`{{ indicator(r) }}`, the department's indicator
        lines) by its body, its argument bound like a `{% set %}`."""
        def sub(m: re.Match[str]) -> str:
            inc = _INCLUDE.match(m.group(2) or "")
            return self.sources.get(inc.group(1), "") if inc else m.group(0)
        text = _TOKEN.sub(sub, text)
        macros: dict[str, tuple[list[str], str]] = {}

        def define(m: re.Match[str]) -> str:
            macros[m.group(1)] = ([a.strip() for a in m.group(2).split(",") if a.strip()], m.group(3))
            return ""
        text = _MACRO.sub(define, text)
        if not macros:
            return text

        def call(m: re.Match[str]) -> str:
            found = macros.get(m.group(1))
            if found is None:
                return m.group(0)
            names, body = found
            values = [v.strip() for v in m.group(2).split(",")] if m.group(2).strip() else []
            if len(values) != len(names):
                return m.group(0)
            return "".join(f"{{% set {n} = {v} %}}" for n, v in zip(names, values)) + body
        return _CALL.sub(call, text)

    def _lines(self, text: str, loops: tuple[tuple[str, str], ...], cond: str
               ) -> Iterator[tuple[list[tuple[str, str]], list[Where]]]:
        """Template lines as ('lit' | 'expr' | 'tag', text) parts, each with where it stands."""
        stack = list(loops)
        kinds: list[str] = []  # "for" / "set" for each frame this text opened
        ifs: list[tuple[list[str], str]] = []  # per open {% if %}: its branches' tests so far, this branch's
        parts: list[tuple[str, str]] = []
        at: list[Where] = []

        def here() -> Where:
            return tuple(stack), " and ".join(c for c in [cond, *(cur for _, cur in ifs)] if c)

        def literal(s: str) -> Iterator[tuple[list[tuple[str, str]], list[Where]]]:
            nonlocal parts, at
            for n, chunk in enumerate(s.split("\n")):
                if n:
                    if parts:
                        yield parts, at
                    parts, at = [], []
                if chunk:
                    parts.append(("lit", chunk))
                    at.append(here())

        pos = 0
        for m in _TOKEN.finditer(text):
            yield from literal(text[pos:m.start()])
            pos = m.end()
            if m.group(1) is not None:
                parts.append(("expr", m.group(1)))
                at.append(here())
            elif m.group(2) is not None:
                tag = m.group(2)
                self._tag(tag, stack, kinds, ifs)
                parts.append(("tag", tag))
                at.append(here())
        yield from literal(text[pos:])
        if parts:
            yield parts, at

    @staticmethod
    def _tag(tag: str, stack: list[tuple[str, str]], kinds: list[str], ifs: list[tuple[list[str], str]]) -> None:
        f, s = _FOR.match(tag), _SET.match(tag)
        word, _, rest = tag.partition(" ")
        if f:
            stack.append((f.group(1), f.group(2)))
            kinds.append("for")
        elif s:  # {% set t = … %}: bound like a loop over the one value, until its block ends
            stack.append((s.group(1), _SET_MARK + s.group(2)))
            kinds.append("set")
        elif word == "endfor" and "for" in kinds:
            while kinds.pop() != "for":
                stack.pop()
            stack.pop()
        elif word == "if":
            ifs.append(([f"({rest})"], f"({rest})"))
        elif word in ("elif", "else") and ifs:
            earlier = ifs[-1][0]
            now = " and ".join([f"not {e}" for e in earlier] + ([f"({rest})"] if word == "elif" else []))
            ifs[-1] = (earlier + [f"({rest})"], f"({now})")
        elif word == "endif" and ifs:
            ifs.pop()

    def _table_line(self, parts: list[tuple[str, str]], loops: tuple) -> None:
        if all(k == "lit" for k, _ in parts):
            texts = tuple("".join(t for _, t in c).strip() for c in _split_cells(parts))
            if all(set(t) <= set("-: ") for t in texts):
                return  # | --- | --- |
            if not self._table_open or not self.tables or self.tables[-1][1]:
                self.tables.append((texts, []))  # a header line opens a table
                self._table_open = True
                return
        if not self._table_open or not self.tables:
            self.tables.append(((), []))  # a table without a header line (项目名称 | …)
        self._table_open = True
        self.tables[-1][1].append((parts, loops))


class Evaluator:
    """Template expressions evaluated against the drafting context, loops bound one by one.
    Each expression is compiled once (through the per-user template cache) and called with only
    the names it reads, so an evaluation does not copy the whole context."""

    def __init__(self, env: Any, ctx: dict[str, Any]) -> None:
        self.env, self.ctx = env, ctx
        self._values: dict[tuple[Any, ...], Any] = {}  # the same expression on the same values: once
        self._scopes: dict[tuple[Any, ...], list[dict[str, Any]]] = {}

    def value(self, expr: str, scope: dict[str, Any]) -> Any:
        template, names = _compiled(self.env, expr)
        seen = {n: scope[n] for n in names if n in scope}
        key = (expr, *(id(v) for v in seen.values()))
        if key not in self._values:
            context = template.new_context(seen)
            try:
                for _ in template.root_render_func(context):
                    pass
                self._values[key] = (True, context.vars["result"])
            except Exception as exc:  # noqa: BLE001 - kept, so a failing expression fails the same way
                self._values[key] = (False, exc)
        ok, got = self._values[key]
        if not ok:
            raise got
        return got

    def bindings(self, loops: tuple[tuple[str, str], ...], local: str) -> list[dict[str, Any]]:
        key = (loops, local)
        if key not in self._scopes:
            self._scopes[key] = list(self._bind(loops, local))
        return self._scopes[key]

    def _bind(self, loops: tuple[tuple[str, str], ...], local: str) -> Iterator[dict[str, Any]]:
        scopes: list[dict[str, Any]] = [self.ctx]
        for name, expr in loops:
            grown = []
            for s in scopes:
                try:
                    items = [self.value(expr[1:], s)] if expr.startswith(_SET_MARK) else list(self.value(expr, s) or [])
                except Exception:  # noqa: BLE001 - a loop over something this data has not
                    continue
                grown += [{**s, name: item, "loop": _Loop(n, items)} for n, item in enumerate(items)]
            scopes = grown
        for s in scopes:
            if local:  # phrase("…", r=r, qualitative=…): the phrase sees these names too
                try:
                    s = {**s, **self.value("dict(" + local + ")", s)}
                except Exception:  # noqa: BLE001
                    continue
            yield s

    def test(self, cond: str, scope: dict[str, Any]) -> bool:
        try:
            return bool(self.value(cond, scope))
        except Exception:  # noqa: BLE001 - a test on something this data has not: the branch is not taken
            return False


_EXPRESSIONS: dict[tuple[int, str], tuple[Any, tuple[str, ...]]] = {}


def _compiled(env: Any, expr: str) -> tuple[Any, tuple[str, ...]]:
    got = _EXPRESSIONS.get((id(env), expr))
    if got is None:
        from ..draft import template_cache

        template = template_cache.from_string(env, "{% set result = (" + expr + ") %}")
        got = _EXPRESSIONS[(id(env), expr)] = (template, tuple(set(_NAME.findall(expr))))
    return got


@dataclass
class _Loop:
    """The `loop` variable of a Jinja for-loop, as far as the templates use it."""

    index0: int
    items: list[Any]

    @property
    def length(self) -> int:
        return len(self.items)

    @property
    def previtem(self) -> Any:
        return self.items[self.index0 - 1] if self.index0 else None

    @property
    def nextitem(self) -> Any:
        return self.items[self.index0 + 1] if self.index0 + 1 < len(self.items) else None

    @property
    def first(self) -> bool:
        return self.index0 == 0

    @property
    def last(self) -> bool:
        return self.index0 == self.length - 1

    @property
    def index(self) -> int:
        return self.index0 + 1


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def expectations(tpl: Templates, ev: Evaluator) -> tuple[list[Expect], list[TableExpect]]:
    out: dict[Expect, None] = {}
    row_name: dict[tuple[int, int], str] = {}  # (template line, binding) → the first name it prints
    last: dict[tuple[int, int], str] = {}  # (template line, binding) → the value printed last
    for p in tpl.pieces:
        for b, scope in enumerate(ev.bindings(p.loops, p.local)):
            if p.cond and not ev.test(p.cond, scope):
                continue
            try:
                text = _text(ev.value(p.expr, scope))
            except Exception:  # noqa: BLE001 - a variable this data has not
                continue
            prev = last.get((p.line, b), "") if p.glued else ""
            last[(p.line, b)] = text
            looped = any(not e.startswith(_SET_MARK) for _, e in p.loops)
            key = row_name.get((p.line, b)) if looped else None
            if key is None and p.head and len(_CJK.findall(p.head)) >= 2 and len(_CJK.findall(_label(p.before))) < _SPECIFIC:
                key = p.head  # a short label (得分) counts only after its sentence's head (预算执行率指标分值)
            if looped and key is None and text and not _NUMBER.search(text):
                row_name[(p.line, b)] = text
            label = _label(p.before)
            if not label and prev and not _NUMBER.search(prev):  # {{ s.name }}{{ s.budget }}: the name labels it
                label, prev, key = prev, "", None
            if text and _MEANS.search(text) and (len(_CJK.findall(label)) >= 2 or ((key or prev) and label)):
                out[Expect(label, text, p.after.strip(), key, prev)] = None
    tables = []
    for header, lines in tpl.tables:
        t = TableExpect(header)
        for parts, loops in lines:
            for scope in ev.bindings(loops, ""):
                row: list[str | None] = []
                for cell in _split_cells(_active(parts, ev, scope)):
                    try:
                        row.append("".join(_text(ev.value(x, scope)) if k == "expr" else x for k, x in cell).strip()
                                   or None)
                    except Exception:  # noqa: BLE001
                        row.append(None)
                t.rows.append(row)
        tables.append(t)
    return list(out), tables


def _active(parts: list[tuple[str, str]], ev: Evaluator, scope: dict[str, Any]) -> list[tuple[str, str]]:
    """The parts of a table line that the `{% if %}` inside it lets through for this scope."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[bool, bool]] = []  # (this branch on, some branch taken)
    for kind, text in parts:
        if kind != "tag":
            if all(on for on, _ in stack):
                out.append((kind, text))
            continue
        word, _, rest = text.partition(" ")
        if word == "if":
            t = ev.test(rest, scope)
            stack.append((t, t))
        elif word == "elif" and stack:
            t = not stack[-1][1] and ev.test(rest, scope)
            stack[-1] = (t, stack[-1][1] or t)
        elif word == "else" and stack:
            stack[-1] = (not stack[-1][1], True)
        elif word == "endif" and stack:
            stack.pop()
    return out


_READ: dict[tuple[str, str], Templates] = {}


def _templates(rubric: Any, env: Any) -> Templates:
    """The rubric's templates read into pieces, once per process (they do not depend on the data)."""
    from .. import phrasebank

    root = Path(env.loader.searchpath[0])
    got = _READ.get((rubric.id, str(root)))
    if got is not None:
        return got
    sources = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.j2")}
    bank = phrasebank.load(None)
    tpl = Templates(sources, {g: [v.text for v in vs] for g, vs in bank.groups.items()})

    def named(n: str) -> str | None:
        return next((c for c in (f"{rubric.id}/{n}.md.j2", f"{n}.md.j2") if c in sources), None)

    tpl.read(rubric.raw["title"])
    for c in rubric.raw.get("cover", []):
        tpl.read(c["label"] + "\uff1a" + c["value"])  # 封面“标签：值”
    names = [named(s.template or s.key) for s in rubric.sections if s.template != "none"]
    names += [named(a["template"]) for a in rubric.raw.get("attachments", [])]
    for name in names:
        if name:
            tpl.read(sources[name])
    _READ[(rubric.id, str(root))] = tpl
    return tpl


_ENV: list[Any] = []


def for_data(drafted: Any) -> tuple[list[Expect], list[TableExpect]]:
    """What the data says each labelled figure and table cell is (drafted: the pipeline's
    FIGURES stage: loaded data, rubric, computed figures)."""
    from ..draft import context
    from ..draft.render import make_env

    if not _ENV:
        _ENV.append(make_env())
    env = _ENV[0]
    ctx = context.build(drafted.loaded, drafted.rubric, drafted.figures)
    ctx["phrase"] = lambda *a, **k: ""  # a phrase inside an expression (as_reason) is prose, not a figure
    return expectations(_templates(drafted.rubric, env), Evaluator(env, ctx))
