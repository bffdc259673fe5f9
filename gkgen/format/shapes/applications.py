"""Table 三 (收到和处理政府信息公开申请情况): a tree of rows (groups are YAML mappings, leaves are
lists of the input columns, optionally followed by the typed 总计) under a tree of columns."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gkgen.format.model import (
    ApplicationTable,
    CellKey,
    CellSpec,
    Column,
    ColumnGroup,
    Row,
    walk_rows,
)
from gkgen.format.shapes.base import (
    NAME_JOIN,
    CellJson,
    Schema,
    TableShape,
    column_json,
    comment,
    count_list,
    obj,
    or_zero,
    pad,
    spellings,
    width,
)
from gkgen.load.keys import Choice, Entry, KeySet, match_keys, pos
from gkgen.load.values import is_zero
from gkgen.load.yamlpos import YMap, YNode, YScalar

if TYPE_CHECKING:
    from gkgen.format.layout import Grid
    from gkgen.load.report import ReportReader
    from gkgen.load.writer import ReportWriter


class ApplicationShape(TableShape[ApplicationTable]):
    # ------------------------------------------------------------ rows and columns

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """Every row of the tree, each group before its children."""
        return tuple(walk_rows(self.table.rows))

    def parent(self, row: Row) -> Row | None:
        return self.table.parent(row)

    def row_name(self, row: Row) -> str:
        """A row in words: its key, after its group's key when the group is not a top row
        ("不予公开·国家秘密", but "予以公开" under 三、本年度办理结果)."""
        names = [row.label if row.computed else row.key]  # "（七）总计": "总计" alone is also a column
        parent = self.parent(row)
        while parent is not None and self.parent(parent) is not None:
            names.insert(0, parent.key)
            parent = self.parent(parent)
        return NAME_JOIN.join(names)

    def column_name(self, column: Column) -> str:
        """A column in words, after its group below the root: "法人或其他组织·其他"."""
        for child in self.table.header.children:
            if isinstance(child, ColumnGroup) and column in child.leaves():
                return f"{child.label}{NAME_JOIN}{column.label}"
        return column.label

    @cached_property
    def column_paths(self) -> tuple[tuple[tuple[str, ...], Column], ...]:
        """Every leaf column with the labels of the header groups above it (root excluded)."""
        return tuple(_column_paths(self.table.header.children, ()))

    @cached_property
    def leaf_paths(self) -> tuple[tuple[tuple[str, ...], Row], ...]:
        """Every leaf row with the labels of its group rows."""
        return tuple(_leaf_row_paths(self.table.rows, ()))

    def _cells(self) -> Sequence[CellSpec]:
        inputs = self.table.input_columns()
        out: list[CellSpec] = []
        for rpath, row in self.leaf_paths:
            addend_rows = self.table.sum_rows(row) if row.computed else ()
            for cpath, col in self.column_paths:
                addends: tuple[CellKey, ...] = ()
                if col.computed:
                    addends = tuple((self.id, row.id, c.id) for c in inputs)
                elif row.computed:
                    addends = tuple((self.id, a.id, col.id) for a in addend_rows)
                out.append(
                    CellSpec(
                        (self.id, row.id, col.id),
                        (*rpath, *cpath),
                        self.name(self.row_name(row), self.column_name(col)),
                        computed=bool(addends),
                        addends=addends,
                    )
                )
        return out

    def _grid(self) -> Grid:
        from gkgen.format.layout import applications_grid

        return applications_grid(self.table, self.section, {c.key for c in self.computed_order})

    # ------------------------------------------------------------ YAML: read

    @cached_property
    def _keysets(self) -> dict[str | None, KeySet[str]]:
        """The rows a mapping may hold, by the id of the group row it belongs to (None: the table)."""
        out: dict[str | None, KeySet[str]] = {None: KeySet([Choice(r.id, r.keys) for r in self.table.rows])}
        for row in walk_rows(self.table.rows):
            if row.children:
                out[row.id] = KeySet([Choice(c.id, c.keys) for c in row.children])
        return out

    def read_zero(self, reader: ReportReader, entry: Entry) -> None:
        for row in self.table.rows:
            self._zero(reader, row, entry.value, typed=False)

    def read(self, reader: ReportReader, entry: Entry) -> None:
        if is_zero(entry.value):
            self.read_zero(reader, entry)
            return
        mapping = reader.mapping(entry, "各行")
        if mapping is not None:
            self._rows(reader, None, self.table.rows, mapping, entry.key)

    def _rows(
        self, reader: ReportReader, group: str | None, rows: tuple[Row, ...], mapping: YMap, key: YScalar
    ) -> None:
        guessed: set[str] = set()
        found = match_keys(mapping, self._keysets[group], reader.rel, reader.findings, f"“{key.text}”中", guessed)
        for row in rows:
            if row.id in found:
                self._row(reader, row, found[row.id])
            elif not row.computed and row.id not in guessed:
                reader.add("GK101", key, f"“{key.text}”缺少“{row.key}”（{row.label}）")

    def _row(self, reader: ReportReader, row: Row, entry: Entry) -> None:
        reader.rows[(self.id, row.id)] = pos(reader.rel, entry.key)
        value = entry.value
        if is_zero(value):
            self._zero(reader, row, value, typed=row.computed)
        elif row.children:
            if isinstance(value, YMap):
                self._rows(reader, row.id, row.children, value, entry.key)
            elif not reader.empty(entry):
                reader.add("GK103", value, f"“{row.key}”应为各小项的映射（或写 0 表示全为 0）")
        else:
            self._leaf(reader, row, entry)

    def _zero(self, reader: ReportReader, row: Row, node: YNode, *, typed: bool) -> None:
        """Expand a literal 0 over ``row`` and its descendants; computed rows only when typed."""
        reader.rows.setdefault((self.id, row.id), pos(reader.rel, node))
        for child in row.children:
            self._zero(reader, child, node, typed=False)
        if row.children or (row.computed and not typed):
            return
        columns = self.table.columns() if typed else self.table.input_columns()
        for col in columns:
            reader.put((self.id, row.id, col.id), 0, node, typed=typed)

    @cached_property
    def _leaf_cells(self) -> dict[str, tuple[tuple[CellKey, bool, tuple[str, str, str]], ...]]:
        """Each leaf row's cells in list order (inputs, then the typed 总计): key, typed, name."""
        columns = (*self.table.input_columns(), self.table.total_column())
        return {
            row.id: tuple(
                ((self.id, row.id, col.id), row.computed or col.computed, (row.key, col.label, "列")) for col in columns
            )
            for _, row in self.leaf_paths
        }

    @cached_property
    def _total_label(self) -> str:
        return self.table.total_column().label

    def _leaf(self, reader: ReportReader, row: Row, entry: Entry) -> None:
        cells = self._leaf_cells[row.id]
        values = reader.number_list(entry, len(cells) - 1, self._total_label)
        if values is None:
            return
        for (key, typed, what), node in zip(cells, values, strict=False):
            reader.put(key, reader.number(node, "count", what), node, typed=typed)

    # ------------------------------------------------------------ YAML: write

    def write(self, writer: ReportWriter) -> list[str]:
        out = [comment(f"{self.yaml_key}:", self.section.heading)]
        shown = [c.label for c in self.table.input_columns()]
        if writer.has_typed_totals(self.id):
            shown.append(self.table.total_column().label)
        out.append("  # 列：" + ", ".join(shown))
        out.extend(self._write_rows(writer, self.table.rows, 1))
        return out

    def _write_rows(self, writer: ReportWriter, rows: tuple[Row, ...], depth: int) -> list[str]:
        indent = "  " * depth
        present = [r for r in rows if not r.computed or self._typed_row(writer, r)]
        leaves = [r for r in present if not r.children]
        aligned = len(leaves) == len(present)
        to = max((width(f"{r.key}:") for r in leaves), default=0) + 1 if aligned else 0
        out: list[str] = []
        for row in present:
            if row.children:
                out.append(f"{indent}{row.key}:")
                out.extend(self._write_rows(writer, row.children, depth + 1))
                continue
            get = writer.typed if row.computed else writer.value
            values = [get((self.id, row.id, c.id)) for c in self.table.input_columns()]
            total = writer.typed((self.id, row.id, self.table.total_column().id))
            out.append(indent + pad(f"{row.key}:", to) + writer.flow_list(values, total))
        return out

    def _typed_row(self, writer: ReportWriter, row: Row) -> bool:
        return any(writer.typed((self.id, row.id, c.id)) is not None for c in self.table.columns())

    # ------------------------------------------------------------ report.json

    def to_json(self, value: CellJson) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.section.heading,
            "note": self.table.note,
            "columns": [column_json(self.table.header)],
            "rows": [self._row_json(row, value) for row in self.table.rows],
        }

    def _row_json(self, row: Row, value: CellJson) -> dict[str, Any]:
        out: dict[str, Any] = {"id": row.id, "label": row.label, "computed": row.computed}
        if row.children:
            out["rows"] = [self._row_json(child, value) for child in row.children]
        else:
            cells = self.format.cell_index
            out["values"] = {c.id: value(cells[(self.id, row.id, c.id)]) for c in self.table.columns()}
        return out

    # ------------------------------------------------------------ YAML: JSON Schema

    def schema(self) -> Schema:
        props: dict[str, Schema] = {}
        for row in self.table.rows:
            props |= spellings(row.keys, self._row_schema(row))
        required = [r.keys for r in self.table.rows if not r.computed]
        return or_zero(obj(props, required, f"{self.section.heading}{self.table.note}"))

    def _row_schema(self, row: Row) -> Schema:
        if row.children:
            props: dict[str, Schema] = {}
            for child in row.children:
                props |= spellings(child.keys, self._row_schema(child))
            required = [c.keys for c in row.children if not c.computed]
            return or_zero(obj(props, required, row.label))
        columns = "、".join(c.label for c in self.table.columns())
        description = row.label + ("（由 gkgen 计算，填写则核对）" if row.computed else "")
        return or_zero(count_list(len(self.table.input_columns()), columns, description))


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
