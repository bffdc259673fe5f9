"""Official grids of a report, derived from the model (via gkgen.html.tables), written as Word
tables with merged cells or as a portal-style HTML page — inputs for the import round trips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx

from gkgen.data import ReportData
from gkgen.html.tables import Grid, GridCell, table_grids
from gkgen.totals import full_grid


def placed(grid: Grid) -> Iterator[tuple[int, int, GridCell]]:
    """(row, column, cell) of every source cell, spans taken into account."""
    rows = [*grid.head, *(r for body in grid.bodies for r in body)]
    taken: set[tuple[int, int]] = set()
    for y, row in enumerate(rows):
        x = 0
        for cell in row:
            while (y, x) in taken:
                x += 1
            yield y, x, cell
            taken.update((y + dy, x + dx) for dy in range(cell.rowspan) for dx in range(cell.colspan))
            x += cell.colspan


def row_count(grid: Grid) -> int:
    return len(grid.head) + sum(len(b) for b in grid.bodies)


def write_docx(data: ReportData, path: Path, title: str) -> Path:
    """A Word report: title, the section headings, the three official tables with merged cells."""
    document = docx.Document()
    document.add_paragraph(title)
    grids = table_grids(data.format, full_grid(data))
    for section in data.format.sections:
        document.add_paragraph(section.heading)
        if section.id not in grids:
            document.add_paragraph("本部分从略。")
            continue
        grid = grids[section.id]
        table = document.add_table(rows=row_count(grid), cols=grid.width)
        for y, x, cell in placed(grid):
            target = table.cell(y, x)
            target.text = cell.text
            if cell.rowspan > 1 or cell.colspan > 1:
                target.merge(table.cell(y + cell.rowspan - 1, x + cell.colspan - 1))
    document.save(str(path))
    return path
