"""Tables 二, 三 and 四 as rows of <th>/<td> cells for the templates.

Every label, rowspan, colspan and scope comes from :mod:`gkgen.format.layout`, the one grid layout
derived from the model; this module only fills in a report's numbers and the CSS classes.
The templates loop over these grids; they never know which table they draw.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

from gkgen.data import CellKey, Number
from gkgen.format import layout
from gkgen.format.model import Format


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
    columns: tuple[str, ...] = ()
    """The CSS class of each column's <col>: gk-col-label (labels) or gk-col-num (numbers)."""


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


# ---------------------------------------------------------------- from the layout

_Slot = GridCell | tuple[CellKey, bool, int]
"""A header cell, fixed for the format, or a number to fill in: (key, computed, colspan)."""

Slots = tuple[tuple[_Slot, ...], ...]


def _template(grid: layout.Grid) -> Slots:
    """The grid's rows as slots (header cells depend on the format only)."""
    return tuple(tuple(_slot(c) for c in row) for row in grid.rows())


def _templates(fmt: Format) -> dict[str, Slots]:
    """Each table's slots, built once per format and kept on it."""
    return fmt.derived("html table slots", lambda f: {g.table_id: _template(g) for g in layout.format_grids(f)})


def _slot(cell: layout.GridCell) -> _Slot:
    if cell.key is not None:
        return (cell.key, cell.computed, cell.colspan)
    assert cell.text is not None and cell.scope is not None
    classes = tuple(c for c in (_ROLE_CLASSES.get(cell.role), "gk-computed" if cell.computed else None) if c)
    return GridCell(cell.text, True, cell.scope, cell.rowspan, cell.colspan, classes)


_ROLE_CLASSES: dict[str | None, str] = {"block": "gk-block", "note": "gk-note", "rowgroup": "gk-rowgroup"}


def html_grid(grid: layout.Grid, values: dict[CellKey, Number], slots: Slots | None = None) -> Grid:
    """One table of a report: the layout's cells with the report's numbers filled in."""
    rows = tuple(
        tuple(s if isinstance(s, GridCell) else _num(values.get(s[0], 0), s[1], s[2]) for s in row)
        for row in (slots if slots is not None else _template(grid))
    )
    bodies = tuple(rows[start:end] for start, end in grid.bodies)
    return Grid(grid.table_id, grid.section.title, grid.width, rows[: grid.head], bodies, _columns(grid))


@functools.lru_cache(maxsize=16)
def _columns(grid: layout.Grid) -> tuple[str, ...]:
    numbers = {cell.col for cell in grid.cells if cell.key is not None and cell.colspan == 1}
    return tuple("gk-col-num" if col in numbers else "gk-col-label" for col in range(grid.width))


def table_grids(fmt: Format, values: dict[CellKey, Number]) -> dict[str, Grid]:
    """The three grids of a report, keyed by the section id that shows them."""
    slots = _templates(fmt)
    return {grid.table_id: html_grid(grid, values, slots[grid.table_id]) for grid in layout.format_grids(fmt)}


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
