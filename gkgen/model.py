"""The official report formats as data — the single source of truth.

Everything that knows what a 政府信息公开工作年度报告 looks like reads this module: the loader
(YAML keys), the validator (sums), the renderers (labels, rowspan/colspan), the importer (label
matching), the exporters and the JSON Schemas. No other module spells an official label.

Two formats exist: 国办公开办函〔2019〕60号 (report years 2019-2020) and 国办公开办函〔2021〕30号
(2021 on). They share table 三 except for （六）其他处理, and share table 四 entirely.

Cells are addressed by English ids: ``(table_id, row_id, column_id)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["count", "money", "delta"]
"""count: non-negative integer; money: non-negative 万元, decimals allowed; delta: any integer."""

ACTIVE = "active"
APPLICATIONS = "applications"
REVIEWS = "reviews"

_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])\s*")


def strip_numbering(label: str) -> str:
    """Drop a leading official numbering such as "一、", "（三）" or "1." from a label."""
    return _NUMBERING.sub("", label, count=1)


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
        return self.header.leaves()

    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns() if not c.computed)

    def total_column(self) -> Column:
        return next(c for c in self.columns() if c.computed)

    def leaf_rows(self) -> tuple[Row, ...]:
        out: list[Row] = []
        for row in self.rows:
            out.extend(row.leaves())
        return tuple(out)

    def row(self, row_id: str) -> Row:
        for row in _walk(self.rows):
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    def sum_rows(self, row: Row) -> tuple[Row, ...]:
        """The leaf rows a computed row adds up."""
        parent = next(r for r in _walk(self.rows) if row in r.children)
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


@dataclass(frozen=True)
class Format:
    id: Literal["2019", "2021"]
    document: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    active: ActiveTable
    applications: ApplicationTable
    reviews: ReviewTable
    fee_notice: bool = field(default=False)
    """Whether 六、其他需要报告的事项 is expected to state 信息处理费 (2021 format on)."""

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


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
