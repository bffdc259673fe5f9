"""The official grids of tables 二, 三 and 四 as positioned cells, derived from the model.

Every rowspan and colspan comes from the model's trees: a column group spans its leaves, a leaf
column spans the header rows below it, a row group spans its leaf rows, a leaf row's label spans
the label columns its ancestors leave free, a table-二 field spans what
:meth:`~gkgen.format.model.Block.field_spans` gives (docs/format.md). This is the one layout every output
reads: the HTML and PDF tables, the XLSX sheets and the test documents for the importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gkgen.format.model import (
    ActiveTable,
    ApplicationTable,
    CellKey,
    Column,
    ColumnGroup,
    Format,
    ReviewTable,
    Row,
    Section,
)

Scope = Literal["col", "colgroup", "row", "rowgroup"]
Role = Literal["block", "note", "rowgroup"]


@dataclass(frozen=True)
class GridCell:
    """One cell of an official grid, 0-based within its table.

    A header cell has ``text`` and a ``scope``; a number cell has ``key`` (the model's cell
    address) and no scope. ``role`` marks the header cells that look different: a table-二
    block heading, the 勾稽 note in table 三's corner, a row group label."""

    row: int
    col: int
    text: str | None = None
    key: CellKey | None = None
    rowspan: int = 1
    colspan: int = 1
    scope: Scope | None = None
    computed: bool = False
    role: Role | None = None

    @property
    def header(self) -> bool:
        return self.scope is not None


@dataclass(frozen=True)
class Grid:
    """A table's cells in reading order, with the rows of its header and of its bodies."""

    table_id: str
    section: Section
    width: int
    height: int
    cells: tuple[GridCell, ...]
    head: int
    """The first ``head`` rows are column headers (<thead>)."""
    bodies: tuple[tuple[int, int], ...]
    """Row ranges [start, end) of the bodies (<tbody>): one per table-二 block, else one."""

    def rows(self) -> tuple[tuple[GridCell, ...], ...]:
        """The cells that start on each row, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.height)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return tuple(tuple(sorted(row, key=lambda c: c.col)) for row in out)


def format_grids(fmt: Format) -> tuple[Grid, ...]:
    """Tables 二, 三 and 四 of a format, in order (each built once, kept on its shape)."""
    return tuple(shape.grid for shape in fmt.shapes)


def active_grid(table: ActiveTable, section: Section) -> Grid:
    """Table 二: per block a heading row, a column-header row and one row per item."""
    cells: list[GridCell] = []
    bodies: list[tuple[int, int]] = []
    row = 0
    for block in table.blocks:
        start = row
        cells.append(GridCell(row, 0, block.label, colspan=table.width, scope="colgroup", role="block"))
        spans = block.field_spans(table.width)
        cells.append(GridCell(row + 1, 0, table.content_label, scope="col"))
        cells.extend(_spread(row + 1, spans, [GridCell(0, 0, f.label, scope="col") for f in block.fields]))
        row += 2
        for item in block.items:
            cells.append(GridCell(row, 0, item.label, scope="row"))
            cells.extend(_spread(row, spans, [GridCell(0, 0, key=(table.id, item.id, f.id)) for f in block.fields]))
            row += 1
        bodies.append((start, row))
    return Grid(table.id, section, table.width, row, tuple(cells), 0, tuple(bodies))


def applications_grid(table: ApplicationTable, section: Section, computed: set[CellKey]) -> Grid:
    """Table 三: the 勾稽 note beside the applicant header, then the row tree."""
    depth = table.header.depth()
    labels = table.label_columns
    note = GridCell(0, 0, table.note, rowspan=depth, colspan=labels, scope="col", role="note")
    cells = [note, *header_cells((table.header,), depth, labels)]
    height = _row_cells(table, table.rows, 0, depth, cells, computed)
    width = labels + len(table.columns())
    return Grid(table.id, section, width, height, tuple(cells), depth, ((depth, height),))


def reviews_grid(table: ReviewTable, section: Section, computed: set[CellKey]) -> Grid:
    """Table 四: the column-group header and one row of numbers."""
    depth = table.depth()
    cells = header_cells(table.header, depth, 0)
    col = 0
    for group in table.groups():
        for column in group.leaves():
            key = (table.id, group.id, column.id)
            cells.append(GridCell(depth, col, key=key, computed=key in computed))
            col += 1
    return Grid(table.id, section, col, depth + 1, tuple(cells), depth, ((depth, depth + 1),))


def header_cells(nodes: tuple[Column | ColumnGroup, ...], depth: int, left: int, top: int = 0) -> list[GridCell]:
    """A column-header tree: a group spans its leaves, a leaf spans the rows down to ``depth``."""
    cells: list[GridCell] = []
    col = left
    for node in nodes:
        if isinstance(node, ColumnGroup):
            width = len(node.leaves())
            cells.append(GridCell(top, col, node.label, colspan=width, scope="colgroup"))
            cells.extend(header_cells(node.children, depth, col, top + 1))
            col += width
        else:
            cells.append(GridCell(top, col, node.label, rowspan=depth - top, scope="col", computed=node.computed))
            col += 1
    return cells


def _row_cells(
    table: ApplicationTable, rows: tuple[Row, ...], level: int, top: int, out: list[GridCell], computed: set[CellKey]
) -> int:
    """Lay out ``rows`` from grid row ``top`` at tree ``level``; return the next free grid row."""
    line = top
    for row in rows:
        if row.children:
            out.append(GridCell(line, level, row.label, rowspan=len(row.leaves()), scope="rowgroup", role="rowgroup"))
            line = _row_cells(table, row.children, level + 1, line, out, computed)
            continue
        span = table.label_columns - level
        out.append(GridCell(line, level, row.label, colspan=span, scope="row", computed=row.computed))
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
        out.append(GridCell(row, col, cell.text, cell.key, colspan=span, scope=cell.scope))
        col += span
    return out
