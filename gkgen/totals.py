"""Computed cells: the 总计 column and row of table 三, the 总计 columns of table 四.

The model marks which cells are computed and what they add up; this module does the adding so
that the validator, the renderers and the exporters all show the same totals.
"""

from __future__ import annotations

from collections.abc import Iterable

from gkgen.data import CellKey, Number, ReportData
from gkgen.model import APPLICATIONS, REVIEWS, Format, walk_rows


def total(values: Iterable[Number]) -> Number:
    out: Number = 0
    for value in values:
        out = out + value
    return out


def computed_cells(fmt: Format) -> list[tuple[CellKey, list[CellKey]]]:
    """Every computed cell with the input cells it adds up, in dependency order."""
    out: list[tuple[CellKey, list[CellKey]]] = []
    table = fmt.applications
    inputs = table.input_columns()
    total_col = table.total_column()
    for row in table.leaf_rows():
        if row.computed:
            addends = table.sum_rows(row)
            out.extend(
                ((APPLICATIONS, row.id, col.id), [(APPLICATIONS, a.id, col.id) for a in addends])
                for col in inputs
            )
        out.append(
            ((APPLICATIONS, row.id, total_col.id), [(APPLICATIONS, row.id, c.id) for c in inputs])
        )
    for group in fmt.reviews.groups():
        cols = group.leaves()
        summed = [c for c in cols if not c.computed]
        out.extend(
            ((REVIEWS, group.id, c.id), [(REVIEWS, group.id, s.id) for s in summed])
            for c in cols
            if c.computed
        )
    return out


def full_grid(data: ReportData) -> dict[CellKey, Number]:
    """Input values plus every computed total. Missing inputs count as 0 here: the validator
    reports them separately, so renderers of a report with errors never crash."""
    grid: dict[CellKey, Number] = {key: cell.value for key, cell in data.cells.items()}
    for key, addends in computed_cells(data.format):
        grid[key] = total(grid.get(a, 0) for a in addends)
    return grid


def input_keys(fmt: Format) -> list[CellKey]:
    """Every cell a user must give, in the order the official tables print them."""
    keys: list[CellKey] = []
    for block, item in fmt.active.items():
        keys.extend((fmt.active.id, item.id, f.id) for f in block.fields)
    table = fmt.applications
    for row in walk_rows(table.rows):
        if not row.children and not row.computed:
            keys.extend((table.id, row.id, c.id) for c in table.input_columns())
    for group in fmt.reviews.groups():
        keys.extend((fmt.reviews.id, group.id, c.id) for c in group.leaves() if not c.computed)
    return keys
