"""A report's official grids written as a Word document with merged cells — input for the import
round trips. Positions and spans come from gkgen.format.layout, the layout every output uses."""

from __future__ import annotations

from pathlib import Path

import docx

from gkgen.data import ReportData
from gkgen.format.layout import format_grids
from gkgen.format.totals import full_grid
from gkgen.html.tables import format_number


def write_docx(data: ReportData, path: Path, title: str) -> Path:
    """A Word report: title, the section headings, the three official tables with merged cells."""
    document = docx.Document()
    document.add_paragraph(title)
    grids = {grid.table_id: grid for grid in format_grids(data.format)}
    values = full_grid(data)
    for section in data.format.sections:
        document.add_paragraph(section.heading)
        if section.id not in grids:
            document.add_paragraph("本部分从略。")
            continue
        grid = grids[section.id]
        table = document.add_table(rows=grid.height, cols=grid.width)
        for cell in grid.cells:
            target = table.cell(cell.row, cell.col)
            target.text = cell.text if cell.key is None else format_number(values.get(cell.key, 0))
            if cell.rowspan > 1 or cell.colspan > 1:
                target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
    document.save(str(path))
    return path
