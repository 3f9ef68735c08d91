"""Render sections/*.md.j2 in a sandboxed, strict Jinja environment into one DraftDoc."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .. import words
from ..errors import TemplateError
from ..phrasebank import PhraseBank
from ..resources import data_dir
from ..rubric import Rubric, Section
from ..ui_text import ui
from . import assemble, pending, template_cache
from .filters import FILTERS
from .mdtext import literal


@dataclass
class DraftDoc:
    title: str
    cover: list[tuple[str, str]]
    body: str  # numbered Markdown, headings from '##' (一、) down
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (title, Markdown)
    warnings: list[str] = field(default_factory=list)  # shown by `draft` (e.g. 其他 placed in the body)

    def markdown(self) -> str:
        parts = [f"# {literal(self.title)}", ""]
        parts += [f"{literal(label)}：{literal(value)}  " for label, value in self.cover]
        parts += ["", self.body.rstrip(), ""]
        for i, (title, md) in enumerate(self.attachments, 1):
            parts += ["---", "", words.word("attachment_words", "label").format(n=i), "", f"**{literal(title)}**", "",
                      md.rstrip(), ""]
        return "\n".join(parts)


PREAMBLE = words.word("other_sections", "preamble")  # the importer's 位置 for text before chapter one


def other_markdown(o: dict[str, Any], depth: int) -> str:
    """A 其他 section as a heading at the level of the section it followed, its text as typed."""
    paras = [literal(str(p)) for p in o.get("text") or []] or [pending.required_section(str(o.get("title")))]
    title = o.get("title") or words.word("other_sections", "title")
    return "\n\n".join(["#" * (depth + 1) + " " + literal(str(title)), *paras])


class TemplateProblem(TemplateError):
    pass


_STRINGS: dict[int, dict[str, jinja2.Template]] = {}


def _as_markdown(value: Any) -> Markup:
    """Every value a template prints is literal text; what templates and macros produce
    (Markup) is Markdown already."""
    return value if isinstance(value, Markup) else Markup(literal(str(value)))


@lru_cache(maxsize=8)
def make_env(sections_dir: Path | None = None, markdown: bool = True) -> SandboxedEnvironment:
    """One environment per template folder, so compiled templates are reused across reports.
    `markdown`: output is Markdown, so printed values are escaped (autoescape keeps macro
    output from being escaped twice); otherwise plain text (title, cover)."""
    from .. import cache

    return _env(sections_dir, markdown, cache.directory())


@lru_cache(maxsize=16)
def _env(sections_dir: Path | None, markdown: bool, _cache_dir: str | None) -> SandboxedEnvironment:
    """Kept per folder, flavour and cache folder: a batch worker compiles (or loads) each template
    and phrase once, not once per unit; an edited template is reloaded (Jinja's auto_reload)."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(sections_dir or data_dir("sections"))),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=markdown, finalize=_as_markdown if markdown else None,
        bytecode_cache=template_cache.bytecode_cache("markdown" if markdown else "plain"))
    env.filters.update(FILTERS)
    return env


class Renderer:
    def __init__(self, rubric: Rubric, bank: PhraseBank, env: SandboxedEnvironment) -> None:
        self.rubric, self.bank, self.env = rubric, bank, env
        self._compiled = _STRINGS.setdefault(id(env), {})  # phrase/title strings, compiled once
        self.plain_env = make_env(Path(env.loader.searchpath[0]), markdown=False)  # type: ignore[attr-defined]
        self._plain_compiled = _STRINGS.setdefault(id(self.plain_env), {})

    def _string(self, text: str, ctx: dict[str, Any], where: str, plain: bool = False) -> str:
        """A phrase (Markdown) or, with `plain`, a title or cover line (printed as is)."""
        compiled = self._plain_compiled if plain else self._compiled
        tpl = compiled.get(text)
        if tpl is None:
            tpl = compiled[text] = template_cache.from_string(self.plain_env if plain else self.env, text)
        try:
            return tpl.render(ctx) if plain else Markup(tpl.render(ctx))
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(f"{where}：用到了未定义的变量（{exc.message}）") from None

    def _template(self, name: str) -> jinja2.Template:
        for candidate in (f"{self.rubric.id}/{name}.md.j2", f"{name}.md.j2"):
            try:
                return self.env.get_template(candidate)
            except jinja2.TemplateNotFound:
                continue
        raise TemplateProblem(f"找不到章节模板 sections/{name}.md.j2（报告类型 {self.rubric.name}）")

    def _render_template(self, name: str, ctx: dict[str, Any]) -> str:
        tpl = self._template(name)
        try:
            return tpl.render(ctx)
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(f"模板 {tpl.name} 用到了未定义的变量（{exc.message}）") from None
        except jinja2.TemplateError as exc:
            raise TemplateProblem(f"模板 {tpl.name} 出错：{exc}") from None

    def _section(self, s: Section, depth: int, ctx: dict[str, Any]) -> str:
        own = ""
        if s.template != "none":
            own = self._render_template(s.template or s.key, ctx).strip()
        children = [self._section(c, depth + 1, ctx) for c in self.rubric.children(s.key)]
        children = [c for c in children if c]
        if not own and not children:
            if not s.required:
                return ""  # an optional section with nothing to say is left out
            own = pending.required_section(s.title)  # a required chapter never vanishes
        head = "#" * (depth + 1) + " " + s.title
        body = assemble.shift_headings(own, depth + 1) if own else ""
        return "\n\n".join(x for x in [head, body, *children, *self._others_after(s, depth, ctx)] if x)

    def _others_after(self, s: Section, depth: int, ctx: dict[str, Any]) -> list[str]:
        """其他 sections an import could not place go back where the source had them."""
        out = []
        for o in ctx.get("other_sections") or []:
            if o.get("after") in (s.title, s.key) and not o.get("_placed"):
                o["_placed"] = True
                out.append(other_markdown(o, depth))
        return out

    def render(self, ctx: dict[str, Any]) -> DraftDoc:
        def phrase(group: str, **local: Any) -> str:
            """Choose and render a standard sentence; `local` adds per-item facts and values."""
            try:
                variant = self.bank.choose(group, {**ctx["facts"], **local})
            except KeyError:
                raise TemplateProblem(f"用语库中没有用语组“{group}”") from None
            return self._string(variant.text, {**ctx, **local}, ui(f"用语 {variant.id}（{variant.file} 第{variant.line}行）"))

        ctx = {**ctx, "phrase": phrase}
        title = self._string(self.rubric.raw["title"], ctx, ui("报告标题"), plain=True)
        cover = [(c["label"], self._string(c["value"], ctx, ui("封面"), plain=True)) for c in self.rubric.raw.get("cover", [])]
        # a line marked optional is left out when its value is not given (主管部门, 实施周期 …)
        optional = {c["label"] for c in self.rubric.raw.get("cover", []) if str(c.get("optional", "")).lower() == "true"}
        cover = [(label, value) for label, value in cover if value.strip() or label not in optional]
        ctx["other_sections"] = [dict(o) for o in ctx.get("other_sections") or []]
        # text the source had before its first chapter opens the body again, without a heading
        preamble = [o for o in ctx["other_sections"] if o.get("after") == PREAMBLE]
        for o in preamble:
            o["_placed"] = True
        parts = ["\n\n".join(literal(str(p)) for p in o.get("text") or []) for o in preamble]
        parts += [self._section(s, 1, ctx) for s in self.rubric.children(None)]
        rest = [o for o in ctx["other_sections"] if not o.get("_placed")]
        parts += [other_markdown(o, 1) for o in rest]
        body = assemble.number("\n\n".join(p for p in parts if p))
        attachments = []
        for a in self.rubric.raw.get("attachments", []):
            md = self._render_template(a["template"], ctx).strip()
            if md:
                attachments.append((self._string(a["title"], ctx, ui("附件标题"), plain=True), md))
        warnings = [ui(f"「其他」中的“{o['title']}”（导入时没有对应字段的原文）已原样放在"
                       + ("正文开头" if o.get("after") == PREAMBLE else
                          f"“{o['after']}”之后" if o.get("after") and o not in rest else "正文末尾")
                       + "，请核实后移到相应字段或删除") for o in ctx["other_sections"]]
        return DraftDoc(title, cover, body, attachments, warnings)
