"""Terminal report: findings grouped by section in document order, in Chinese."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from ..check_pipeline import Checked
from ..findings import LEVEL_ZH

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(checked: Checked, console: Console) -> None:
    doc, findings = checked.doc, checked.findings
    console.print(f"[bold]{escape(doc.path)}[/bold]（{escape(checked.rubric.name)}）")
    if not findings:
        console.print("  未发现问题。")
    section = None
    for f in findings:
        crumb = f.location.section or "全文"
        if crumb != section:
            section = crumb
            console.print(f"\n  [bold]{escape(crumb)}[/bold]")
        where = f.location.short()
        console.print(f"    {where:>10}  [{_STYLE[f.level]}]{LEVEL_ZH[f.level]}[/]  {escape(f.message)}  "
                      f"[dim]{f.rule} {f.name}[/dim]")
        if f.excerpt:
            console.print(f"{'':16}原文：“{escape(f.excerpt)}”")
        if f.suggestion:
            console.print(f"{'':16}建议：{escape(f.suggestion)}")
        for loc, ex in f.related:
            console.print(f"{'':16}相关：{loc.short()} “{escape(ex)}”")
    counts = {lvl: sum(1 for f in findings if f.level == lvl) for lvl in ("error", "warning", "info")}
    console.print(f"\n  共 {len(findings)} 处：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")
    for e in checked.unused_ignores:
        console.print(f"  [yellow]忽略文件第{e.line}行（{escape(e.rule)}：{escape(e.text)}）已不再匹配，可删除[/yellow]")
