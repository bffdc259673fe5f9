"""summary.csv: one row per agency of a year, one column per cell of the official tables."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from gkgen.data import Number, Report
from gkgen.export.cells import flat_cells, merge_flat_cells
from gkgen.export.year import year_formats
from gkgen.format.totals import full_grid

LEADING_COLUMNS = ("机构标识", "名称", "分类", "格式")


def summary_rows(reports: list[Report], year: int) -> list[list[str]]:
    """The header and one row per report; a cell the report's format lacks is blank."""
    cells = merge_flat_cells([flat_cells(f) for f in year_formats(reports, year)])
    rows = [[*LEADING_COLUMNS, *(heading for _, heading in cells)]]
    for report in reports:
        data = report.data
        if data is None:
            continue
        grid = full_grid(data)
        own = set(flat_cells(data.format))
        agency = report.agency
        values = [number_text(grid[key]) if (key, heading) in own and key in grid else "" for key, heading in cells]
        rows.append([*map(spreadsheet_text, (agency.id, agency.name, agency.category, data.format.id)), *values])
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to Excel and LibreOffice (OWASP "CSV Injection")."""


def spreadsheet_text(text: str) -> str:
    """A text cell that a spreadsheet shows as text: one starting like a formula gets a leading
    apostrophe (the OWASP escaping); numbers are written by gkgen as digits and left alone."""
    return "'" + text if text.startswith(FORMULA_START) else text


def write_summary_csv(reports: list[Report], year: int, path: Path) -> Path:
    """UTF-8 with a BOM so that Excel opens it as Unicode; CRLF line ends as RFC 4180 says."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(summary_rows(reports, year))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def number_text(value: Number) -> str:
    """A count as digits, an amount with exactly the decimals it was given."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)
