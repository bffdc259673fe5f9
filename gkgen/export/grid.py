"""The official grids of tables 二, 三 and 四 as positioned cells, derived from the model.

Every rowspan and colspan comes from the model's tree: a column group spans its leaves, a leaf
column spans the header rows below it, a row group spans its leaf rows, a leaf row's label spans
the label columns its ancestors leave free (FORMAT.md). The XLSX exporter lays these cells out
with merged ranges; anything else that needs the official grid can read them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from gkgen.data import CellKey
from gkgen.model import ActiveTable, ApplicationTable, Column, ColumnGroup, Format, ReviewTable, Row
from gkgen.totals import computed_cells


@dataclass(frozen=True)
class GridCell:
    """One cell of an official grid, 0-based within its table.

    A label cell has ``text``; a number cell has ``key`` (the model's cell address)."""

    row: int
    col: int
    text: str | None = None
    key: CellKey | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    computed: bool = False


@dataclass(frozen=True)
class Grid:
    table_id: str
    caption: str
    width: int
    height: int
    cells: tuple[GridCell, ...]


def format_grids(fmt: Format) -> tuple[Grid, Grid, Grid]:
    """Tables 二, 三 and 四 of a format, in order."""
    computed = {key for key, _ in computed_cells(fmt)}
    return (
        active_grid(fmt.active, _caption(fmt, fmt.active.id)),
        applications_grid(fmt.applications, _caption(fmt, fmt.applications.id), computed),
        reviews_grid(fmt.reviews, _caption(fmt, fmt.reviews.id), computed),
    )


def active_grid(table: ActiveTable, caption: str) -> Grid:
    """Table 二: per block a heading row, a column-header row and one row per item."""
    cells: list[GridCell] = []
    row = 0
    for block in table.blocks:
        cells.append(GridCell(row, 0, text=block.label, colspan=table.width, header=True))
        spans = block.field_spans(table.width)
        cells.append(GridCell(row + 1, 0, text=table.content_label, header=True))
        cells.extend(_spread(row + 1, spans, [GridCell(0, 0, text=f.label, header=True) for f in block.fields]))
        row += 2
        for item in block.items:
            cells.append(GridCell(row, 0, text=item.label, header=True))
            values = [GridCell(0, 0, key=(table.id, item.id, f.id)) for f in block.fields]
            cells.extend(_spread(row, spans, values))
            row += 1
    return Grid(table.id, caption, table.width, row, tuple(cells))


def applications_grid(table: ApplicationTable, caption: str, computed: set[CellKey]) -> Grid:
    """Table 三: the 勾稽 note beside the applicant header, then the row tree."""
    depth = table.header.depth()
    labels = table.label_columns
    cells = [GridCell(0, 0, text=table.note, rowspan=depth, colspan=labels, header=True)]
    cells.extend(header_cells((table.header,), depth, labels))
    body: list[GridCell] = []
    height = _row_cells(table, table.rows, 0, depth, body, computed)
    cells.extend(body)
    return Grid(table.id, caption, labels + len(table.columns()), height, tuple(cells))


def reviews_grid(table: ReviewTable, caption: str, computed: set[CellKey]) -> Grid:
    """Table 四: the column-group header and one row of numbers."""
    depth = table.depth()
    cells = header_cells(table.header, depth, 0)
    col = 0
    for group in table.groups():
        for column in group.leaves():
            key = (table.id, group.id, column.id)
            cells.append(GridCell(depth, col, key=key, computed=key in computed))
            col += 1
    return Grid(table.id, caption, col, depth + 1, tuple(cells))


def header_cells(nodes: tuple[Column | ColumnGroup, ...], depth: int, left: int, top: int = 0) -> list[GridCell]:
    """A column-header tree: a group spans its leaves, a leaf spans the rows down to ``depth``."""
    cells: list[GridCell] = []
    col = left
    for node in nodes:
        if isinstance(node, ColumnGroup):
            width = len(node.leaves())
            cells.append(GridCell(top, col, text=node.label, colspan=width, header=True))
            cells.extend(header_cells(node.children, depth, col, top + 1))
            col += width
        else:
            cells.append(GridCell(top, col, text=node.label, rowspan=depth - top, header=True))
            col += 1
    return cells


def _row_cells(
    table: ApplicationTable, rows: tuple[Row, ...], level: int, top: int, out: list[GridCell], computed: set[CellKey]
) -> int:
    """Lay out ``rows`` from grid row ``top`` at tree ``level``; return the next free grid row."""
    line = top
    for row in rows:
        if row.children:
            out.append(GridCell(line, level, text=row.label, rowspan=len(row.leaves()), header=True))
            line = _row_cells(table, row.children, level + 1, line, out, computed)
            continue
        out.append(GridCell(line, level, text=row.label, colspan=table.label_columns - level, header=True))
        for index, column in enumerate(table.columns()):
            key = (table.id, row.id, column.id)
            out.append(GridCell(line, table.label_columns + index, key=key, computed=key in computed))
        line += 1
    return line


def _spread(row: int, spans: tuple[int, ...], cells: list[GridCell]) -> list[GridCell]:
    """Place ``cells`` side by side on ``row`` from column 1 with the given colspans."""
    out: list[GridCell] = []
    col = 1
    for span, cell in zip(spans, cells, strict=True):
        out.append(GridCell(row, col, text=cell.text, key=cell.key, colspan=span, header=cell.header))
        col += span
    return out


def _caption(fmt: Format, table_id: str) -> str:
    return next(s.heading for s in fmt.sections if s.id == table_id)
