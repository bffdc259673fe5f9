"""Every cell of a format's three tables as one flat list, and sums of several reports.

The flat list (model order, computed totals included) gives the columns of summary.csv; the sum
gives the aggregate sheets of summary.xlsx.
"""

from __future__ import annotations

from collections.abc import Iterable

from gkgen.data import Cell, CellKey, Number, Pos, ReportData
from gkgen.model import ApplicationTable, Column, ColumnGroup, Format, Row
from gkgen.totals import input_keys

SEPARATOR = "/"
"""Joins the official labels of a cell into one column heading."""

FlatCell = tuple[CellKey, str]
"""A cell address and its heading, e.g. "三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人"."""


def flat_cells(fmt: Format) -> list[FlatCell]:
    """Every cell of tables 二, 三 and 四 in the order the official tables print them."""
    out: list[FlatCell] = []
    active = fmt.active
    for block, item in active.items():
        out.extend(((active.id, item.id, f.id), _join(block.label, item.label, f.label)) for f in block.fields)
    out.extend(_application_cells(fmt.applications))
    reviews = fmt.reviews
    for path, group in _review_groups(reviews.header, ()):
        out.extend(((reviews.id, group.id, c.id), _join(*path, c.label)) for c in group.leaves())
    return out


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
    come from :func:`gkgen.totals.full_grid` like any report's."""
    cells: dict[CellKey, Cell] = {}
    for key in input_keys(fmt):
        value: Number = 0
        for data in datas:
            cell = data.cells.get(key)
            value = value + (cell.value if cell is not None else 0)
        cells[key] = Cell(value, Pos(file))
    return ReportData(file=file, year=year, format=fmt, cells=cells)


def _application_cells(table: ApplicationTable) -> list[FlatCell]:
    columns = _column_paths(table.header.children, ())
    out: list[FlatCell] = []
    for path, row in _leaf_row_paths(table.rows, ()):
        out.extend(((table.id, row.id, c.id), _join(*path, *cpath)) for cpath, c in columns)
    return out


def _leaf_row_paths(rows: tuple[Row, ...], prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], Row]]:
    out: list[tuple[tuple[str, ...], Row]] = []
    for row in rows:
        path = (*prefix, row.label)
        out.extend(_leaf_row_paths(row.children, path) if row.children else [(path, row)])
    return out


def _column_paths(
    nodes: tuple[Column | ColumnGroup, ...], prefix: tuple[str, ...]
) -> list[tuple[tuple[str, ...], Column]]:
    out: list[tuple[tuple[str, ...], Column]] = []
    for node in nodes:
        path = (*prefix, node.label)
        out.extend(_column_paths(node.children, path) if isinstance(node, ColumnGroup) else [(path, node)])
    return out


def _review_groups(
    nodes: tuple[Column | ColumnGroup, ...], prefix: tuple[str, ...]
) -> list[tuple[tuple[str, ...], ColumnGroup]]:
    """Table 四's value groups (one YAML list each) with the labels of the groups above them."""
    out: list[tuple[tuple[str, ...], ColumnGroup]] = []
    for node in nodes:
        if not isinstance(node, ColumnGroup):
            continue
        path = (*prefix, node.label)
        out.extend([(path, node)] if node.key is not None else _review_groups(node.children, path))
    return out


def _join(*labels: str) -> str:
    return SEPARATOR.join(labels)
