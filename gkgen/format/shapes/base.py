"""What every table shape offers, and the small helpers the three shapes share.

A shape is one official table of one format seen from every stage: its cells (ids, labels, kind,
computed or typed), the name of each cell in words, its grid (rowspan/colspan), and its YAML
surface — how the loader reads it, how the writer writes it, what the JSON Schema says.
Consumers ask the shape; none walks the table's rows itself.
"""

from __future__ import annotations

import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from gkgen.format.model import (
    ActiveTable,
    ApplicationTable,
    CellKey,
    CellSpec,
    Column,
    ColumnGroup,
    Format,
    Kind,
    ReviewTable,
    Section,
)

if TYPE_CHECKING:
    from gkgen.format.layout import Grid
    from gkgen.load.keys import Entry
    from gkgen.load.report import ReportReader
    from gkgen.load.writer import ReportWriter

Schema = dict[str, Any]
CellJson = Callable[[CellSpec], Any]
"""Turns a cell into its report.json value object."""
ZERO: Schema = {"const": 0, "description": "字面量 0：本行（本组）全部为 0"}
NUMBERS: dict[Kind, Schema] = {
    "count": {"type": "integer", "minimum": 0},
    "money": {"type": "number", "minimum": 0},
    "delta": {"type": "integer"},
}
TABLE_NUMBERS = {"active": "二", "applications": "三", "reviews": "四"}
"""How the official text names each table ("表三")."""
NAME_JOIN = "·"
"""Joins a nested row's or column's labels when a cell is named: "不予公开·国家秘密"."""


Table = TypeVar("Table", bound=ActiveTable | ApplicationTable | ReviewTable)


class TableShape(ABC, Generic[Table]):
    """One table of one format. Derived data is computed on first use and kept on the shape."""

    def __init__(self, fmt: Format, section: Section, table: Table) -> None:
        self.format = fmt
        self.section = section
        self.table: Table = table

    @property
    def id(self) -> str:
        return self.table.id

    @property
    def yaml_key(self) -> str:
        return self.table.yaml_key

    @property
    def yaml_keys(self) -> tuple[str, ...]:
        """Every accepted spelling of the table's key in YYYY.yaml (short key, title, heading)."""
        return (self.yaml_key, self.section.title, self.section.heading)

    @property
    def label(self) -> str:
        """The table as the official text names it: 表三."""
        return f"表{self.section.number}"

    @cached_property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every cell in official order (computed cells included)."""
        return tuple(self._cells())

    @cached_property
    def computed_order(self) -> tuple[CellSpec, ...]:
        """The computed cells, each after the cells it adds up."""
        return tuple(c for c in self.cells if c.computed)

    @cached_property
    def grid(self) -> Grid:
        return self._grid()

    @abstractmethod
    def _cells(self) -> Sequence[CellSpec]: ...

    @abstractmethod
    def _grid(self) -> Grid: ...

    @abstractmethod
    def read(self, reader: ReportReader, entry: Entry) -> None:
        """Read the table's YAML value (``entry``) into ``reader``'s cells, with findings."""

    @abstractmethod
    def read_zero(self, reader: ReportReader, entry: Entry) -> None:
        """The literal 0 written for the whole table."""

    @abstractmethod
    def write(self, writer: ReportWriter) -> list[str]:
        """The table's lines in the canonical YYYY.yaml layout."""

    @abstractmethod
    def schema(self) -> Schema:
        """JSON Schema of the table's YAML value."""

    @abstractmethod
    def to_json(self, value: CellJson) -> dict[str, Any]:
        """The table as report.json nests it: ids and official labels of every block, row,
        column and group, and ``value(cell)`` for each cell."""

    def name(self, row: str, column: str) -> str:
        """A cell named in official words: 表三“予以公开”行“自然人”列."""
        return f"{self.label}“{row}”行“{column}”列"


AnyShape = TableShape[Any]
"""A shape of any of the three tables."""


# ---------------------------------------------------------------- schema helpers


def obj(properties: dict[str, Schema], required: Sequence[tuple[str, ...]], description: str) -> Schema:
    """A closed mapping; ``required`` lists each required item's accepted spellings."""
    schema: Schema = {
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["allOf"] = [{"anyOf": [{"required": [k]} for k in keys]} for keys in required]
    return schema


def spellings(keys: tuple[str, ...], schema: Schema) -> dict[str, Schema]:
    return {key: schema for key in keys}


def or_zero(schema: Schema) -> Schema:
    return {"description": schema.get("description", ""), "anyOf": [schema, ZERO]}


def count_list(n: int, columns: str, description: str) -> Schema:
    return {
        "type": "array",
        "items": NUMBERS["count"],
        "minItems": n,
        "maxItems": n + 1,
        "description": f"{description}（列：{columns}；第 {n + 1} 个数为总计，可省略）",
    }


# ---------------------------------------------------------------- writer helpers

COMMENT_COLUMN = 32


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, to: int) -> str:
    return text + " " * max(1, to - width(text))


def comment(head: str, text: str) -> str:
    return f"{pad(head, COMMENT_COLUMN)}# {text}"


def spec(key: CellKey, path: tuple[str, ...], name: str, **kw: Any) -> CellSpec:
    return CellSpec(key, path, name, **kw)


def column_json(node: Column | ColumnGroup) -> dict[str, Any]:
    """A column-header tree as report.json gives it."""
    if isinstance(node, ColumnGroup):
        return {"id": node.id, "label": node.label, "columns": [column_json(c) for c in node.children]}
    return {"id": node.id, "label": node.label, "computed": node.computed}
