"""YYYY.md split into preamble, level-1 sections and their sub-sections (pure parsing).

Level-1 headings are matched to the model's narrative sections by title or alias after removing
any numbering the author typed ("一、总体情况", "（一）", "1、"). Sub-sections are the shallowest
headings below level 1 inside a section. Nothing here judges the content; the rules do.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gkgen.data import Heading, Narrative, NarrativeSection, Part
from gkgen.format import SECTIONS
from gkgen.format.numbering import AUTHOR, strip_numbering
from gkgen.markdown import block_parser

_LINE_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""Every character str.splitlines() breaks on becomes a newline, so that markdown-it's line
numbers and Narrative.text() count the same lines (a regex: str.translate with a table is
~10x slower on Chinese text)."""
_EMPHASIS = re.compile(r"^[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}$")
_TRAILING = re.compile(r"[\s:：。.]+$")


def heading_title(text: str) -> str:
    """A heading without the numbering an author typed, e.g. "（一）主动公开情况" -> "主动公开情况"."""
    title = _EMPHASIS.sub("", text.strip())
    while True:
        stripped = AUTHOR.sub("", strip_numbering(title), count=1).strip()
        if stripped == title:
            break
        title = stripped
    return _TRAILING.sub("", title)


def _squash(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=1)
def _section_titles() -> dict[str, str]:
    out: dict[str, str] = {}
    for section in SECTIONS:
        if section.kind != "narrative":
            continue
        for title in (section.title, *section.aliases):
            out.setdefault(_squash(title), section.id)
    return out


def section_id(title: str) -> str | None:
    """The narrative section a level-1 heading title names, or None."""
    return _section_titles().get(_squash(title))


def parse_narrative(text: str, rel: str) -> Narrative:
    """Split Markdown ``text`` (of file ``rel``) into preamble and sections with line ranges."""
    source = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    total = len(source.splitlines())
    found = _headings(source)
    headings = [h for h, _ in found]
    body_start = {h.line: after for h, after in found}
    narrative = Narrative(rel, source, (0, total))
    tops = [h for h in headings if h.level == 1]
    if tops:
        narrative.preamble = (0, tops[0].line - 1)
    for i, top in enumerate(tops):
        end = tops[i + 1].line - 1 if i + 1 < len(tops) else total
        section = NarrativeSection(section_id(top.title), top, body_start[top.line], end)
        inner = [h for h in headings if top.line < h.line <= end and h.level > 1]
        section.parts = _parts(inner, end)
        narrative.sections.append(section)
    return narrative


def _headings(source: str) -> list[tuple[Heading, int]]:
    """Top-level headings (line 1-based) with the 0-based line just after each."""
    tokens = block_parser().parse(source)
    out: list[tuple[Heading, int]] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        content = tokens[i + 1].content if i + 1 < len(tokens) else ""
        level = int(token.tag[1:])
        out.append((Heading(level, content, heading_title(content), token.map[0] + 1), token.map[1]))
    return out


def _parts(inner: list[Heading], end: int) -> list[Part]:
    """The shallowest sub-headings of a section as parts, each running to the next one."""
    if not inner:
        return []
    level = min(h.level for h in inner)
    heads = [h for h in inner if h.level == level]
    parts: list[Part] = []
    for i, head in enumerate(heads):
        stop = heads[i + 1].line - 1 if i + 1 < len(heads) else end
        parts.append(Part(head, head.line - 1, stop))
    return parts
