"""Terminal report in Chinese: errors first, then warnings, then notes, each in document order;
repeated low-level findings folded (reporters.fold) unless --all; the summary comes last.

The whole report is built as one markup string and printed once (rich parses it in one go;
printing finding by finding costs a console round trip each)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..console import escape_markup as escape
from ..findings import LEVEL_ZH, LEVELS
from ..ui_text import ui
from .fold import fold, foldings

if TYPE_CHECKING:
    from ..check_pipeline import Checked
    from ..console import Console

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_text(checked: Checked, show_all: bool = False) -> str:
    doc, findings = checked.doc, checked.findings
    shown = findings if show_all else fold(findings, foldings(checked.rubric.checks))
    lines = [f"[bold]{escape(doc.path)}[/bold]（{escape(checked.rubric.name)}）"]
    if not findings:
        lines.append(ui("  未发现问题。"))
    for level in LEVELS:
        of_level = [f for f in shown if f.level == level]
        if not of_level:
            continue
        lines.append(f"\n  [{_STYLE[level]}]{LEVEL_ZH[level]}（{len(of_level)}）[/]")
        for f in of_level:
            where = f.location.short()
            crumb = f"{f.location.section} " if f.location.section else ""
            lines.append(f"    {where:>10}  {escape(crumb)}{escape(f.message)}  [dim]{f.rule} {f.name}[/dim]")
            if f.excerpt:
                lines.append(ui(f"{'':16}原文：“{escape(f.excerpt)}”"))
            if f.suggestion:
                lines.append(ui(f"{'':16}建议：{escape(f.suggestion)}"))
            for loc, ex in f.related:
                lines.append(ui(f"{'':16}相关：{loc.short()} “{escape(ex)}”"))
    for e in checked.unused_ignores:
        lines.append(ui(f"  [yellow]忽略文件第{e.line}行（{escape(e.rule)}：{escape(e.text)}）已不再匹配，可删除[/yellow]"))
    counts = {lvl: sum(1 for f in findings if f.level == lvl) for lvl in LEVELS}
    folded = len(findings) - len(shown)
    note = ui(f"（重复的同类问题已合并 {folded} 处，加 --all 逐条列出）") if folded else ""
    lines.append(ui(f"\n  共 {len(findings)} 处：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
                    f"{note}"))
    return "\n".join(lines)


def render(checked: Checked, console: Console, show_all: bool = False) -> None:
    console.print(render_text(checked, show_all), highlight=False)
