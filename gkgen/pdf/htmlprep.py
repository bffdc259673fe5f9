"""Small, safe adjustments of the article HTML for print.

Tables get a ``<colgroup>`` (one ``<col>`` per grid column, counted from the first row's
colspans) when they have none, so that pdf.css can give the columns fixed widths
(``table-layout: fixed``): the automatic layout squeezes the label columns of tables 三 and 四.
Cells, spans and text are left exactly as they are.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r'<table\b[^>]*\bclass="[^"]*\bgk-table\b[^"]*"[^>]*>', re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<t[hd]\b([^>]*)>", re.IGNORECASE)
_COLSPAN = re.compile(r'\bcolspan\s*=\s*"?(\d+)', re.IGNORECASE)
_CAPTION_END = re.compile(r"</caption\s*>", re.IGNORECASE)


def _column_count(row_html: str) -> int:
    count = 0
    for attrs in _CELL.findall(row_html):
        span = _COLSPAN.search(attrs)
        count += int(span.group(1)) if span else 1
    return count


def add_colgroups(html: str) -> str:
    """Insert a colgroup into every gk-table that lacks one."""
    out: list[str] = []
    position = 0
    for table in _TABLE.finditer(html):
        row = _ROW.search(html, table.end())
        if row is None:
            continue
        head = html[table.end() : row.start()]
        if "<colgroup" in head.lower():
            continue
        columns = _column_count(row.group(1))
        if columns == 0:
            continue
        caption = _CAPTION_END.search(head)
        insert_at = table.end() + (caption.end() if caption else 0)
        out.append(html[position:insert_at])
        out.append("<colgroup>" + "<col>" * columns + "</colgroup>")
        position = insert_at
    out.append(html[position:])
    return "".join(out)
