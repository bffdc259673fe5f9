"""Helpers shared by the rules: official names of rows and columns, cell values, addend lists.

Every name shown in a message comes from the model (:mod:`gkgen.format.model`), never from a literal.
"""

from __future__ import annotations

from collections.abc import Iterable

from gkgen.data import CellKey, Number, Pos, ReportData
from gkgen.format.model import ApplicationTable, Row
from gkgen.format.numbering import strip_numbering

_CN_ORDINAL = "第{}项"


def numbering(label: str) -> str:
    """The official numbering of a label without its punctuation: "一、本年新收…" -> "一"."""
    head = label[: len(label) - len(strip_numbering(label))].strip()
    return head.strip("、（）().．")


def row_ordinal(table: ApplicationTable, row: Row) -> str:
    """How the official note names a row: "第一项", or "第三项（七）总计" for a nested row."""
    parent = _parent(table, row)
    if parent is None:
        return _CN_ORDINAL.format(numbering(row.label))
    return row_ordinal(table, parent) + row.label


def row_title(table: ApplicationTable, row: Row) -> str:
    """The official label of a row, prefixed by its group's label when the row sits two levels
    down: "（四）无法提供1.本机关不掌握相关政府信息"."""
    parent = _parent(table, row)
    if parent is None or _parent(table, parent) is None:
        return row.label
    return parent.label + row.label


def _parent(table: ApplicationTable, row: Row) -> Row | None:
    return table.parent(row)


def value(data: ReportData, key: CellKey) -> Number | None:
    cell = data.cells.get(key)
    return None if cell is None else cell.value


def cell_pos(data: ReportData, key: CellKey) -> Pos:
    """Where a cell was written; the row's position when the cell itself has none."""
    cell = data.cells.get(key) or data.typed_totals.get(key)
    if cell is not None and cell.pos.line is not None:
        return cell.pos
    return data.row_pos(key[0], key[1])


def fmt_number(number: Number) -> str:
    return str(number)


def addends_text(parts: Iterable[tuple[str, Number]]) -> str:
    """ "予以公开1+本机关不掌握1" — only the non-zero addends; "0" when all are zero."""
    shown = [f"{name}{fmt_number(num)}" for name, num in parts if num != 0]
    return "+".join(shown) if shown else "均为0"
