"""The drafted report's Markdown as the preview's HTML: raw HTML off, 【待填】 marks yellow."""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from .. import words


@lru_cache(maxsize=1)
def _mark() -> re.Pattern[str]:
    """A 【待填】/【待更新：…】 mark the draft leaves (placeholder marks in rubrics/_words.yaml)."""
    alt = "|".join(re.escape(m) for m in words.get("placeholders")["marks"])
    return re.compile(rf"【(?:{alt})[^】<]{{0,80}}】")


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(markdown: str) -> str:
    html = _md().render(markdown)  # text is escaped by markdown-it; no HTML from the data passes
    return _mark().sub(lambda m: f'<mark class="pending">{m.group(0)}</mark>', html)
