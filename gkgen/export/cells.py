"""Every cell of a format's three tables as one flat list, and sums of several reports.

The flat list (model order, computed totals included) gives the columns of summary.csv; the sum
gives the aggregate sheets of summary.xlsx.
"""

from __future__ import annotations

from collections.abc import Iterable

from gkgen.data import Cell, CellKey, Number, Pos, ReportData
from gkgen.format.model import Format

SEPARATOR = "/"
"""Joins the official labels of a cell into one column heading."""

FlatCell = tuple[CellKey, str]
"""A cell address and its heading, e.g. "三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人"."""


def flat_cells(fmt: Format) -> list[FlatCell]:
    """Every cell of tables 二, 三 and 四 in the order the official tables print them."""
    return [(cell.key, SEPARATOR.join(cell.path)) for cell in fmt.cells]


def merge_flat_cells(lists: Iterable[list[FlatCell]]) -> list[FlatCell]:
    """The union of several formats' cells: the first list's order, each later cell placed right
    after the cell that precedes it in its own list."""
    merged: list[FlatCell] = []
    for cells in lists:
        at = -1
        for cell in cells:
            if cell in merged:
                at = merged.index(cell)
            else:
                at += 1
                merged.insert(at, cell)
    return merged


def sum_reports(datas: list[ReportData], fmt: Format, year: int, file: str = "") -> ReportData:
    """A report whose every input is the sum over ``datas`` (all of format ``fmt``); its totals
    come from :func:`gkgen.format.totals.full_grid` like any report's."""
    keys = fmt.input_keys
    sums: dict[CellKey, Number] = dict.fromkeys(keys, 0)
    for data in datas:  # one report at a time: its cells stay in the CPU cache
        cells = data.cells
        for key in keys:
            cell = cells.get(key)
            if cell is not None:
                sums[key] = sums[key] + cell.value
    pos = Pos(file)
    return ReportData(file=file, year=year, format=fmt, cells={key: Cell(value, pos) for key, value in sums.items()})
