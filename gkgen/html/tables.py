"""Tables 二, 三 and 四 as grids of header and data cells, derived from the model.

Nothing here spells a label: every label, rowspan and colspan comes from :mod:`gkgen.model`
objects (blocks and their field spans, the column tree of table 三 and 四, the row tree of
table 三). The templates loop over these grids; they never know which table they draw.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar, cast

from markupsafe import Markup, escape

from gkgen.data import CellKey, Number
from gkgen.model import (
    ActiveTable,
    ApplicationTable,
    Column,
    ColumnGroup,
    Format,
    ReviewTable,
    Row,
)

T = TypeVar("T")


@dataclass(frozen=True)
class GridCell:
    """One <th> or <td>. ``scope`` is set for header cells only."""

    text: str
    header: bool = False
    scope: str | None = None
    rowspan: int = 1
    colspan: int = 1
    classes: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        return " ".join(self.classes)

    @functools.cached_property
    def tag(self) -> str:
        return "th" if self.header else "td"

    @functools.cached_property
    def attrs(self) -> Markup:
        """The cell's attributes as markup (values are ids, numbers and class names, never text)."""
        out = f' scope="{self.scope}"' if self.scope else ""
        if self.rowspan > 1:
            out += f' rowspan="{self.rowspan}"'
        if self.colspan > 1:
            out += f' colspan="{self.colspan}"'
        if self.classes:
            out += f' class="{escape(self.css)}"'
        return Markup(out)


GridRow = tuple[GridCell, ...]


@dataclass(frozen=True)
class Grid:
    """A table: caption, column count, header rows and body groups (one <tbody> each)."""

    id: str
    caption: str
    width: int
    head: tuple[GridRow, ...] = ()
    bodies: tuple[tuple[GridRow, ...], ...] = field(default_factory=tuple)


def format_number(value: Number) -> str:
    """A count as an integer; money with exactly the decimals the user typed."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _num(value: Number, computed: bool = False, colspan: int = 1) -> GridCell:
    return _num_cell(format_number(value), computed, colspan)


@functools.lru_cache(maxsize=4096)
def _num_cell(text: str, computed: bool, colspan: int) -> GridCell:
    """Number cells are immutable and repeat a lot (0, 1, 2 …): each is built once."""
    classes = ("num", "gk-computed") if computed else ("num",)
    return GridCell(text, colspan=colspan, classes=classes)


_STRUCTURE: dict[int, tuple[object, object]] = {}


def _cached(table: object, build: Callable[[], T]) -> T:
    """The header and label cells of a table depend on the model only: built once per table."""
    hit = _STRUCTURE.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, build())
        _STRUCTURE[id(table)] = hit
    return cast(T, hit[1])


# ---------------------------------------------------------------- table 二


def active_grid(table: ActiveTable, grid: dict[CellKey, Number], caption: str) -> Grid:
    """One <tbody> per block: a block heading row, a column-header row, then its items."""
    bodies: list[tuple[GridRow, ...]] = []
    for block in table.blocks:
        spans = block.field_spans(table.width)
        fields = [GridCell(f.label, True, "col", colspan=s) for f, s in zip(block.fields, spans, strict=True)]
        rows: list[GridRow] = [
            (GridCell(block.label, True, "colgroup", colspan=table.width, classes=("gk-block",)),),
            (GridCell(table.content_label, True, "col"), *fields),
        ]
        for item in block.items:
            values = tuple(
                _num(grid.get((table.id, item.id, f.id), 0), colspan=s)
                for f, s in zip(block.fields, spans, strict=True)
            )
            rows.append((GridCell(item.label, True, "row"), *values))
        bodies.append(tuple(rows))
    return Grid(table.id, caption, table.width, (), tuple(bodies))


# ---------------------------------------------------------------- column trees (三, 四)


def _node_depth(node: Column | ColumnGroup) -> int:
    return node.depth() if isinstance(node, ColumnGroup) else 1


def _column_rows(nodes: tuple[Column | ColumnGroup, ...], depth: int) -> list[list[GridCell]]:
    """Header rows for a column forest: a group spans its leaves, a leaf spans the rows below."""
    rows: list[list[GridCell]] = [[] for _ in range(depth)]

    def place(node: Column | ColumnGroup, level: int) -> None:
        if isinstance(node, ColumnGroup):
            rows[level].append(GridCell(node.label, True, "colgroup", colspan=len(node.leaves())))
            for child in node.children:
                place(child, level + 1)
        else:
            classes = ("gk-computed",) if node.computed else ()
            rows[level].append(GridCell(node.label, True, "col", rowspan=depth - level, classes=classes))

    for node in nodes:
        place(node, 0)
    return rows


# ---------------------------------------------------------------- table 三


def _row_depth(rows: tuple[Row, ...]) -> int:
    return max((1 + _row_depth(r.children) if r.children else 1) for r in rows)


def _label_cells(table: ApplicationTable) -> list[tuple[Row, list[GridCell]]]:
    """Each leaf row with the header cells that open on it: its ancestors' rowspan cells first."""
    out: list[tuple[Row, list[GridCell]]] = []

    def walk(row: Row, level: int, opening: list[GridCell]) -> None:
        if not row.children:
            classes = ("gk-computed",) if row.computed else ()
            cell = GridCell(row.label, True, "row", colspan=table.label_columns - level, classes=classes)
            out.append((row, [*opening, cell]))
            return
        group = GridCell(row.label, True, "rowgroup", rowspan=len(row.leaves()), classes=("gk-rowgroup",))
        for index, child in enumerate(row.children):
            walk(child, level + 1, [*opening, group] if index == 0 else [])

    for row in table.rows:
        walk(row, 0, [])
    return out


def application_grid(table: ApplicationTable, grid: dict[CellKey, Number], caption: str) -> Grid:
    """Header: the 勾稽 note in the corner, then the applicant column tree; body: the row tree."""
    head, labels_of_rows = _cached(table, lambda: _application_structure(table))
    columns = table.columns()
    body: list[GridRow] = []
    for row, labels in labels_of_rows:
        values = [_num(grid.get((table.id, row.id, c.id), 0), c.computed or row.computed) for c in columns]
        body.append((*labels, *values))
    width = table.label_columns + len(columns)
    return Grid(table.id, caption, width, head, (tuple(body),))


def _application_structure(
    table: ApplicationTable,
) -> tuple[tuple[GridRow, ...], list[tuple[Row, list[GridCell]]]]:
    depth = table.header.depth()
    head = _column_rows((table.header,), depth)
    note = GridCell(table.note, True, "col", rowspan=depth, colspan=table.label_columns, classes=("gk-note",))
    head[0].insert(0, note)
    return tuple(tuple(r) for r in head), _label_cells(table)


# ---------------------------------------------------------------- table 四


def review_grid(table: ReviewTable, grid: dict[CellKey, Number], caption: str) -> Grid:
    """Header: the column tree (行政复议 | 行政诉讼 → two groups); body: one row of numbers."""
    head = _cached(table, lambda: tuple(tuple(r) for r in _column_rows(table.header, table.depth())))
    values: list[GridCell] = []
    for group in table.groups():
        values.extend(_num(grid.get((table.id, group.id, c.id), 0), c.computed) for c in group.leaves())
    return Grid(table.id, caption, len(values), head, ((tuple(values),),))


def table_grids(fmt: Format, grid: dict[CellKey, Number]) -> dict[str, Grid]:
    """The three grids of a report, keyed by the section id that shows them."""
    titles = {s.id: s.title for s in fmt.sections}
    return {
        fmt.active.id: active_grid(fmt.active, grid, titles[fmt.active.id]),
        fmt.applications.id: application_grid(fmt.applications, grid, titles[fmt.applications.id]),
        fmt.reviews.id: review_grid(fmt.reviews, grid, titles[fmt.reviews.id]),
    }


def expand(grid: Grid) -> list[list[str]]:
    """The grid with every span expanded: one string per column slot (for tests and exports)."""
    rows = [*grid.head, *(r for body in grid.bodies for r in body)]
    slots: list[list[str | None]] = [[None] * grid.width for _ in rows]
    for y, row in enumerate(rows):
        x = 0
        for cell in row:
            while x < grid.width and slots[y][x] is not None:
                x += 1
            if x + cell.colspan > grid.width or y + cell.rowspan > len(rows):
                raise ValueError(f"cell {cell.text!r} overflows the grid at row {y}")
            for dy in range(cell.rowspan):
                for dx in range(cell.colspan):
                    if slots[y + dy][x + dx] is not None:
                        raise ValueError(f"cell {cell.text!r} overlaps at row {y + dy}")
                    slots[y + dy][x + dx] = cell.text
            x += cell.colspan
    if any(s is None for row in slots for s in row):
        raise ValueError("grid has holes")
    return [[s or "" for s in row] for row in slots]
