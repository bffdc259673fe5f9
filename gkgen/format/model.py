"""The types of the official report formats — the single source of truth.

The formats themselves are declared with these types in :mod:`gkgen.format.y2019` and
:mod:`gkgen.format.y2021`; what every stage derives from a format (cells, names, YAML surface,
grids) comes from :mod:`gkgen.format.shapes`, cached on the :class:`Format` object.

Cells are addressed by English ids: ``(table_id, row_id, column_id)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from gkgen.format.numbering import strip_numbering

if TYPE_CHECKING:
    from gkgen.format.shapes import AnyShape, Shapes

T = TypeVar("T")
Kind = Literal["count", "money", "delta"]
"""count: non-negative integer; money: non-negative 万元, decimals allowed; delta: any integer."""

ACTIVE = "active"
APPLICATIONS = "applications"
REVIEWS = "reviews"


# ---------------------------------------------------------------- table 二


@dataclass(frozen=True)
class Field:
    """A value column of one table-二 block, e.g. 本年制发件数."""

    id: str
    key: str
    label: str
    kind: Kind = "count"
    unit: str = "件"

    @property
    def keys(self) -> tuple[str, ...]:
        return _keys(self.key, self.label)


@dataclass(frozen=True)
class Item:
    """A row of one table-二 block, e.g. 规章."""

    id: str
    key: str
    label: str

    @property
    def keys(self) -> tuple[str, ...]:
        return _keys(self.key, self.label)


@dataclass(frozen=True)
class Block:
    """One 第二十条第（x）项 block of table 二: a heading row, a column-header row, item rows."""

    id: str
    label: str
    fields: tuple[Field, ...]
    items: tuple[Item, ...]

    @property
    def scalar(self) -> bool:
        """A single-field block is written as ``item: value`` instead of a mapping."""
        return len(self.fields) == 1

    def field_spans(self, width: int) -> tuple[int, ...]:
        """colspan of each field cell when the table has ``width`` columns (label included)."""
        spans = [1] * len(self.fields)
        spans[-1] += width - 1 - len(self.fields)
        return tuple(spans)


@dataclass(frozen=True)
class ActiveTable:
    """二、主动公开政府信息情况."""

    id: str
    yaml_key: str
    content_label: str
    blocks: tuple[Block, ...]
    width: int = 4

    def items(self) -> Iterator[tuple[Block, Item]]:
        for block in self.blocks:
            for item in block.items:
                yield block, item


# ---------------------------------------------------------------- tables 三 and 四


@dataclass(frozen=True)
class Column:
    """A leaf column; ``computed`` columns (总计) are the sum of their siblings."""

    id: str
    key: str
    label: str
    computed: bool = False


@dataclass(frozen=True)
class ColumnGroup:
    """A header cell spanning several columns. ``key`` is set when the group is a YAML list."""

    id: str
    label: str
    children: tuple[Column | ColumnGroup, ...]
    key: str | None = None

    def leaves(self) -> tuple[Column, ...]:
        out: list[Column] = []
        for child in self.children:
            out.extend(child.leaves() if isinstance(child, ColumnGroup) else (child,))
        return tuple(out)

    def depth(self) -> int:
        return 1 + max(c.depth() if isinstance(c, ColumnGroup) else 1 for c in self.children)

    @property
    def keys(self) -> tuple[str, ...]:
        return _keys(self.key or self.label, self.label)


@dataclass(frozen=True)
class Row:
    """A row of table 三. A row with children is a group (YAML mapping); a leaf is a list of 6.

    ``computed`` rows (（七）总计) are the sum of every leaf of their parent group except
    themselves."""

    id: str
    key: str
    label: str
    children: tuple[Row, ...] = ()
    computed: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return _keys(self.key, self.label)

    def leaves(self) -> tuple[Row, ...]:
        if not self.children:
            return (self,)
        out: list[Row] = []
        for child in self.children:
            out.extend(child.leaves())
        return tuple(out)


@dataclass(frozen=True)
class Equation:
    """A 勾稽关系 checked in every column: sum(left rows) == sum(right rows)."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class ApplicationTable:
    """三、收到和处理政府信息公开申请情况."""

    id: str
    yaml_key: str
    note: str
    header: ColumnGroup
    rows: tuple[Row, ...]
    equations: tuple[Equation, ...]
    label_columns: int = 3

    def columns(self) -> tuple[Column, ...]:
        return self._columns[0]

    def input_columns(self) -> tuple[Column, ...]:
        return self._columns[1]

    def total_column(self) -> Column:
        return self._columns[2]

    @cached_property
    def _columns(self) -> tuple[tuple[Column, ...], tuple[Column, ...], Column]:
        """Leaf columns, input columns and the 总计 column, worked out once."""
        leaves = self.header.leaves()
        return leaves, tuple(c for c in leaves if not c.computed), next(c for c in leaves if c.computed)

    def leaf_rows(self) -> tuple[Row, ...]:
        out: list[Row] = []
        for row in self.rows:
            out.extend(row.leaves())
        return tuple(out)

    @cached_property
    def _index(self) -> tuple[dict[str, Row], dict[str, Row]]:
        """Rows by id, and each nested row's parent by the row's id."""
        rows = {row.id: row for row in _walk(self.rows)}
        parents = {child.id: row for row in rows.values() for child in row.children}
        return rows, parents

    def row(self, row_id: str) -> Row:
        return self._index[0][row_id]

    def parent(self, row: Row) -> Row | None:
        """The group a row belongs to (None for a top row)."""
        return self._index[1].get(row.id)

    def sum_rows(self, row: Row) -> tuple[Row, ...]:
        """The leaf rows a computed row adds up."""
        parent = self._index[1][row.id]
        return tuple(leaf for leaf in parent.leaves() if not leaf.computed)


@dataclass(frozen=True)
class ReviewTable:
    """四、政府信息公开行政复议、行政诉讼情况: one data row, each YAML list is a column group."""

    id: str
    yaml_key: str
    header: tuple[ColumnGroup, ...]

    def groups(self) -> tuple[ColumnGroup, ...]:
        """The column groups that are one YAML list each (行政复议, 未经复议直接起诉, 复议后起诉)."""
        out: list[ColumnGroup] = []
        stack: list[Column | ColumnGroup] = list(self.header)
        while stack:
            node = stack.pop(0)
            if isinstance(node, ColumnGroup):
                if node.key is not None:
                    out.append(node)
                else:
                    stack[0:0] = node.children
        return tuple(out)

    def depth(self) -> int:
        return max(g.depth() for g in self.header)


# ---------------------------------------------------------------- sections and formats


@dataclass(frozen=True)
class Section:
    """One of the six sections. Narrative sections come from Markdown, table sections from YAML."""

    id: str
    number: str
    title: str
    kind: Literal["narrative", "table"]
    aliases: tuple[str, ...] = ()
    parts: tuple[tuple[str, ...], ...] = ()
    """For 总体情况: the conventional sub-parts, each as accepted title variants."""

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


CellKey = tuple[str, str, str]
"""A cell's address: ``(table_id, row_id, column_id)`` — for table 二 ``("active", item, field)``,
table 三 ``("applications", row, column)``, table 四 ``("reviews", group, column)``."""


@dataclass(frozen=True)
class CellSpec:
    """One cell of an official table, as every stage sees it (derived by the table's shape)."""

    key: CellKey
    path: tuple[str, ...]
    """The official labels of the cell's row and column paths (what summary.csv heads it with), e.g.
    ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "法人或其他组织", "商业企业")."""
    name: str
    """The cell in official words, e.g. 表三“不予公开·国家秘密”行“自然人”列."""
    kind: Kind = "count"
    unit: str = "件"
    computed: bool = False
    addends: tuple[CellKey, ...] = ()
    """For a computed cell, the cells it adds up."""


@dataclass(frozen=True)
class Format:
    """One official format. Everything derived from it (cells, names, grids, YAML surface) is
    computed once, on first use, by the table shapes of :mod:`gkgen.format.shapes`."""

    id: str
    document: str
    first_year: int
    sections: tuple[Section, ...]
    active: ActiveTable
    applications: ApplicationTable
    reviews: ReviewTable
    fee_notice: bool = field(default=False)
    """Whether 六、其他需要报告的事项 is expected to state 信息处理费 (2021 format on)."""

    @cached_property
    def shapes(self) -> Shapes:
        """Tables 二, 三 and 四, each with its shape (cells, YAML surface, grid, names)."""
        from gkgen.format.shapes import shapes_of

        return shapes_of(self)

    def shape(self, table_id: str) -> AnyShape:
        return next(s for s in self.shapes if s.id == table_id)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @cached_property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every cell of the three tables, in the order the official tables print them."""
        return tuple(cell for shape in self.shapes for cell in shape.cells)

    @cached_property
    def cell_index(self) -> dict[CellKey, CellSpec]:
        return {cell.key: cell for cell in self.cells}

    def cell(self, key: CellKey) -> CellSpec:
        return self.cell_index[key]

    def describe(self, key: CellKey) -> str:
        """The one way a cell is named in words: 表三“予以公开”行“自然人”列."""
        spec = self.cell_index.get(key)
        return spec.name if spec is not None else "·".join(key)

    @cached_property
    def input_keys(self) -> tuple[CellKey, ...]:
        """Every cell a user must give, in official order."""
        return tuple(c.key for c in self.cells if not c.computed)

    @cached_property
    def computed(self) -> tuple[CellSpec, ...]:
        """Every computed cell, in an order where a cell comes after the cells it adds up."""
        return tuple(c for shape in self.shapes for c in shape.computed_order)

    def derived(self, name: str, build: Callable[[Format], T]) -> T:
        """What a stage derives from the format (e.g. the encoded report.json tables), built
        once and kept on the format object."""
        cache: dict[str, Any] = self.__dict__.setdefault("_derived", {})
        if name not in cache:
            cache[name] = build(self)
        value: T = cache[name]
        return value


def _keys(key: str, label: str) -> tuple[str, ...]:
    out = [key, label, strip_numbering(label)]
    return tuple(dict.fromkeys(out))


def _walk(rows: tuple[Row, ...]) -> Iterator[Row]:
    for row in rows:
        yield row
        yield from _walk(row.children)


def walk_rows(rows: tuple[Row, ...]) -> Iterator[Row]:
    """Every row of a tree, groups before their children."""
    return _walk(rows)
