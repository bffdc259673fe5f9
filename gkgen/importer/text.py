"""Plain text -> Document: text copied off a page, or `pdftotext -layout` output.

The tables (between the headings 二 and 五) arrive in one of these shapes, detected per table:
pipe-separated rows (seeds 002, 004), tab-separated rows (003), columns aligned with runs of
spaces (pdftotext -layout), one cell per line with tab indentation and a blank line between rows
(001), or one cell per line with a blank line between cells (000; a second blank line is a blank
cell). Everything outside the tables is narrative, one paragraph per line.
"""

from __future__ import annotations

import re

from gkgen.format.model import Section
from gkgen.importer.grid import Block, Document, GridCell, Paragraph, Table
from gkgen.importer.sections import heading_section

_LAYOUT_GAP = re.compile(r"\S(?: {2,}|\u3000+)\S")
_INTERNAL_TAB = re.compile(r"\S\t")
_ACTIVE_HINT = "第二十条第"
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\s{10,}\d{1,4}|第\s*\d+\s*页.*)\s*$")


def read_text(text: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections = [heading_section(line) for line in lines]
    start, end = _table_zone(lines, sections)
    blocks: list[Block] = [Paragraph(line.strip()) for line in lines[:start] if line.strip()]
    segment: list[str] = []
    for line, section in zip(lines[start:end], sections[start:end], strict=True):
        if section is not None and section.kind == "table":
            blocks.extend(_table_blocks(segment))
            blocks.append(Paragraph(line.strip()))
            segment = []
        else:
            segment.append(line)
    blocks.extend(_table_blocks(segment))
    blocks.extend(Paragraph(line.strip()) for line in lines[end:] if line.strip())
    return Document(blocks, "纯文本")


def _table_zone(lines: list[str], sections: list[Section | None]) -> tuple[int, int]:
    """[start, end) of the lines holding tables 二-四: from the heading 二 to the heading 五."""
    start = end = None
    for i, section in enumerate(sections):
        if section is None:
            continue
        if section.id == "active" and start is None:
            start = i
        elif section.id == "problems" and start is not None:
            end = i
            break
    if start is None:
        start = next((i for i, line in enumerate(lines) if _ACTIVE_HINT in line), len(lines))
    return start, len(lines) if end is None else end


def _table_blocks(lines: list[str]) -> list[Block]:
    body = [line for line in lines if line.strip()]
    if not body:
        return []
    rows = _rows(lines, body)
    origin = 0
    table = Table()
    for row in rows:
        cells = []
        for text in row:
            cells.append(GridCell(text, origin))
            origin += 1
        table.rows.append(cells)
    return [table]


def _share(body: list[str], pattern: re.Pattern[str] | str) -> float:
    if isinstance(pattern, str):
        hits = sum(pattern in line for line in body)
    else:
        hits = sum(bool(pattern.search(line)) for line in body)
    return hits / len(body)


def _rows(lines: list[str], body: list[str]) -> list[list[str]]:
    if _share(body, "|") >= 0.3:
        return [[c.strip() for c in line.strip().strip("|").split("|")] for line in body]
    if _share(body, _INTERNAL_TAB) >= 0.3:
        return [[c.strip() for c in line.rstrip("\n").split("\t")] for line in body]
    if _share(body, _LAYOUT_GAP) >= 0.3:  # pdftotext -layout: page numbers are not cells
        return [re.split(r" {2,}|\u3000+|\t", line.strip()) for line in body if not _PAGE_NUMBER.match(line)]
    if sum(line.startswith("\t") for line in body) / len(body) >= 0.5:
        return _tab_indented(lines)
    return [_cell_per_line(lines)]


def _tab_indented(lines: list[str]) -> list[list[str]]:
    """One cell per tab-indented line, a blank line between rows; a lone tab is a blank cell."""
    rows: list[list[str]] = [[]]
    for line in lines:
        if line == "" or (not line.strip() and "\t" not in line):
            if rows[-1]:
                rows.append([])
        else:
            rows[-1].append(line.strip())
    return [row for row in rows if row]


def _cell_per_line(lines: list[str]) -> list[str]:
    """Cells separated by one blank line; lines of one cell are a wrapped label; each further
    blank line is a blank cell."""
    cells: list[str] = []
    current: list[str] = []
    blanks = 0
    for line in lines:
        if line.strip():
            if current and blanks == 0:
                current.append(line.strip())
                continue
            if current:
                cells.append("".join(current))
                cells.extend("" for _ in range(blanks - 1))
            current, blanks = [line.strip()], 0
        elif current:
            blanks += 1
    if current:
        cells.append("".join(current))
    return cells
