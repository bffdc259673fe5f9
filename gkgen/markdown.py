"""The one markdown-it set-up every stage shares: CommonMark with GFM tables.

The loader reads only block structure (headings and their lines), the rules see every link and
raw HTML as written, the HTML stage renders with raw HTML off and its own table wrappers.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


def commonmark(*, html: bool = False) -> MarkdownIt:
    """A new parser (for a caller that adds its own render rules)."""
    return MarkdownIt("commonmark", {"html": html, "xhtmlOut": False}).enable("table")


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """Block structure only: headings keep their text, inline markup is not parsed."""
    md = commonmark()
    md.core.ruler.disable("inline")
    return md


@lru_cache(maxsize=1)
def source_parser() -> MarkdownIt:
    """Raw HTML on, and every link destination kept exactly as written (no validation)."""
    md = commonmark(html=True)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every destination
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # keep them as written
    return md
