"""The one intermediate form every input kind is turned into.

A :class:`Document` is the report in reading order: paragraphs of text and tables. A table is a
grid of rows; a cell that spans several rows or columns is repeated in every position it covers,
each copy carrying the same ``origin`` so a reader can tell a span from two equal cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def __init__(self) -> None:
        self._rows: list[dict[int, GridCell]] = []
        self._next_origin = 0
        self._next_row = 0

    def add_row(self, cells: list[tuple[str, int, int]]) -> None:
        """Add one source row: (text, rowspan, colspan) per cell, left to right."""
        index = self._next_row
        self._next_row += 1
        self._ensure(index)
        row = self._rows[index]
        col = 0
        for text, rowspan, colspan in cells:
            while col in row:
                col += 1
            cell = GridCell(text, self._next_origin)
            self._next_origin += 1
            for r in range(index, index + max(rowspan, 1)):
                self._ensure(r)
                for c in range(col, col + max(colspan, 1)):
                    self._rows[r].setdefault(c, cell)
            col += max(colspan, 1)

    def add_spanned_row(self, cells: list[GridCell]) -> None:
        """Add a row whose span copies are already resolved (Word tables)."""
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
            rows.append([row.get(c, GridCell("", -1 - c)) for c in range(width)])
        return Table(rows)

    def _ensure(self, index: int) -> None:
        while len(self._rows) <= index:
            self._rows.append({})
