"""The one intermediate form every input kind is turned into.

A :class:`Document` is the report in reading order: paragraphs of text and tables. A table is a
grid of rows; a cell that spans several rows or columns is repeated in every position it covers,
each copy carrying the same ``origin`` so a reader can tell a span from two equal cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_CELLS = 200_000
"""Grid positions one document may fill, merged cells counted once per position they cover.
An official report has a few hundred; a page with other data tables a few thousand."""


class InputLimit(Exception):
    """The input is too large or too deeply built to be a report; the message is for the user
    (Chinese, without the file name, which the caller adds)."""


class CellBudget:
    """Grid positions left for one document, shared by all its tables."""

    def __init__(self, limit: int = MAX_CELLS) -> None:
        self.limit = limit
        self.left = limit

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise InputLimit(
                f"表格展开合并单元格后超过 {self.limit} 格，不像年度报告的表格，已停止读取"
                "（请检查文件，或只保留年度报告所在的页面）"
            )


@dataclass(frozen=True)
class GridCell:
    text: str
    origin: int
    """Identifies the source cell: the copies of a spanned cell share it."""


@dataclass
class Table:
    rows: list[list[GridCell]] = field(default_factory=list)

    def row_texts(self) -> list[list[str]]:
        """Each row's cells, a cell spanning several columns given once."""
        out: list[list[str]] = []
        for row in self.rows:
            texts: list[str] = []
            previous: int | None = None
            for cell in row:
                if cell.origin != previous:
                    texts.append(cell.text)
                previous = cell.origin
            out.append(texts)
        return out


@dataclass(frozen=True)
class Paragraph:
    text: str


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block]
    kind: str
    """What the input was, in Chinese words for the import report: 纯文本, 网页, Word 文档."""
    title: str | None = None
    """A title the container gave (HTML <title>), used when the text has none."""
    notes: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class GridBuilder:
    """Fills a grid from cells given row by row with their spans, as HTML and Word describe them."""

    def __init__(self, budget: CellBudget | None = None) -> None:
        self._budget = budget if budget is not None else CellBudget()
        self._rows: list[dict[int, GridCell]] = []
        self._next_origin = 0
        self._next_row = 0

    def add_row(self, cells: list[tuple[str, int, int]], *, rows_left: int | None = None) -> None:
        """Add one source row: (text, rowspan, colspan) per cell, left to right. ``rows_left``
        (this row and those after it in the table) clips rowspans that reach past the table's end,
        as browsers do."""
        index = self._next_row
        self._next_row += 1
        self._ensure(index)
        row = self._rows[index]
        col = 0
        for text, rowspan, colspan in cells:
            while col in row:
                col += 1
            rowspan, colspan = max(rowspan, 1), max(colspan, 1)
            if rows_left is not None:
                rowspan = min(rowspan, max(rows_left, 1))
            self._budget.take(rowspan * colspan)
            cell = GridCell(text, self._next_origin)
            self._next_origin += 1
            for r in range(index, index + rowspan):
                self._ensure(r)
                for c in range(col, col + colspan):
                    self._rows[r].setdefault(c, cell)
            col += colspan

    def add_spanned_row(self, cells: list[GridCell]) -> None:
        """Add a row whose span copies are already resolved (Word tables; the reader took them from
        the budget as it resolved the spans)."""
        self._ensure(self._next_row)
        self._rows[self._next_row] = dict(enumerate(cells))
        self._next_row += 1

    def new_origin(self) -> int:
        self._next_origin += 1
        return self._next_origin - 1

    def table(self) -> Table:
        rows: list[list[GridCell]] = []
        for row in self._rows:
            if not row:
                continue
            width = max(row) + 1
            self._budget.take(width - len(row))  # the holes filled with blank cells
            rows.append([row.get(c, GridCell("", -1 - c)) for c in range(width)])
        return Table(rows)

    def _ensure(self, index: int) -> None:
        while len(self._rows) <= index:
            self._rows.append({})
