"""Recognising the six section headings of a report, with the variants seen in real reports."""

from __future__ import annotations

from functools import lru_cache

from gkgen.format import SECTIONS
from gkgen.format.model import Section
from gkgen.format.numbering import LEVEL1
from gkgen.importer.labels import CONTAINS, normalise, score

MAX_HEADING = 40
"""A longer line is never a section heading."""
_NAMES = [(section, frozenset(normalise(n) for n in (section.title, *section.aliases))) for section in SECTIONS]


@lru_cache(maxsize=8192)
def heading_section(text: str) -> Section | None:
    """The section a line heads ("一、总体情况", "五、存在的主要问题和改进情况" …), else None.
    Remembered: the reader, the tokenizer and the narrative splitter each ask about every line."""
    line = text.strip().lstrip("#").strip()
    if not line or len(line) > MAX_HEADING:
        return None
    match = LEVEL1.match(line)
    body = normalise(line[match.end() :] if match else line).rstrip("。.:：")
    for section, names in _NAMES:
        if body in names:
            return section
        if match and section.kind == "table" and score(body, names) >= CONTAINS:
            return section
    if match and "行政复议" in body and "行政诉讼" in body:
        return next(s for s in SECTIONS if s.id == "reviews")
    return None


def is_table_heading(text: str) -> bool:
    section = heading_section(text)
    return section is not None and section.kind == "table"
