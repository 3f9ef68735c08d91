"""The drafted report's Markdown as the preview's HTML: raw HTML off, 【待填】 marks yellow."""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

_MARK = re.compile(r"【待[^】<]{0,80}】")


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(markdown: str) -> str:
    html = _md().render(markdown)  # text is escaped by markdown-it; no HTML from the data passes
    return _MARK.sub(lambda m: f'<mark class="pending">{m.group(0)}</mark>', html)
