"""Computed cells: the 总计 column and row of table 三, the 总计 columns of table 四.

The table shapes say which cells are computed and what they add up (``Format.computed``); this
module does the adding, so that the validator, the renderers and the exporters show the same totals.
"""

from __future__ import annotations

from collections.abc import Iterable

from gkgen.data import Number, ReportData
from gkgen.format.model import CellKey


def total(values: Iterable[Number]) -> Number:
    out: Number = 0
    for value in values:
        out = out + value
    return out


def full_grid(data: ReportData) -> dict[CellKey, Number]:
    """Input values plus every computed total. Missing inputs count as 0 here: the validator
    reports them separately, so renderers of a report with errors never crash."""
    grid: dict[CellKey, Number] = {key: cell.value for key, cell in data.cells.items()}
    for spec in data.format.computed:
        grid[spec.key] = total(grid.get(a, 0) for a in spec.addends)
    return grid
