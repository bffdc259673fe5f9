"""Table 四 (政府信息公开行政复议、行政诉讼情况): one data row under a column-group header; each
keyed group (行政复议, 未经复议直接起诉, 复议后起诉) is one YAML list."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gkgen.format.model import CellSpec, Column, ColumnGroup, ReviewTable
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
from gkgen.load.keys import Choice, Entry, KeySet, match_keys, norm, pos
from gkgen.load.values import is_zero
from gkgen.load.yamlpos import YMap, YNode

if TYPE_CHECKING:
    from gkgen.format.layout import Grid
    from gkgen.load.report import ReportReader
    from gkgen.load.writer import ReportWriter


class ReviewShape(TableShape[ReviewTable]):
    @cached_property
    def group_paths(self) -> tuple[tuple[tuple[str, ...], ColumnGroup], ...]:
        """The keyed groups (one YAML list each) with the labels of the header groups above them."""
        return tuple(_review_groups(self.table.header, ()))

    def _cells(self) -> Sequence[CellSpec]:
        out: list[CellSpec] = []
        for path, group in self.group_paths:
            leaves = group.leaves()
            inputs = tuple((self.id, group.id, c.id) for c in leaves if not c.computed)
            for col in leaves:
                out.append(
                    CellSpec(
                        (self.id, group.id, col.id),
                        (*path, col.label),
                        f"{self.label}“{NAME_JOIN.join((*path, col.label))}”列",
                        computed=col.computed,
                        addends=inputs if col.computed else (),
                    )
                )
        return out

    def _grid(self) -> Grid:
        from gkgen.format.layout import reviews_grid

        return reviews_grid(self.table, self.section, {c.key for c in self.computed_order})

    # ------------------------------------------------------------ YAML: read

    @cached_property
    def _keyset(self) -> KeySet[str]:
        return KeySet([Choice(g.id, g.keys) for g in self.table.groups()])

    def read_zero(self, reader: ReportReader, entry: Entry) -> None:
        for group in self.table.groups():
            self._zero(reader, group.id, group.leaves(), entry.value)

    def read(self, reader: ReportReader, entry: Entry) -> None:
        if is_zero(entry.value):
            self.read_zero(reader, entry)
            return
        mapping = reader.mapping(entry, "各列组")
        if mapping is None:
            return
        guessed: set[str] = set()
        flat = self._flatten_headings(mapping)
        found = match_keys(flat, self._keyset, reader.rel, reader.findings, f"“{entry.key.text}”中", guessed)
        for group in self.table.groups():
            if group.id not in found:
                if group.id not in guessed:
                    reader.add("GK101", entry.key, f"“{entry.key.text}”缺少“{group.key or group.label}”")
                continue
            item = found[group.id]
            reader.rows[(self.id, group.id)] = pos(reader.rel, item.key)
            leaves = group.leaves()
            if is_zero(item.value):
                self._zero(reader, group.id, leaves, item.value)
                continue
            inputs = [c for c in leaves if not c.computed]
            totals = [c for c in leaves if c.computed]
            values = reader.number_list(item, len(inputs), totals[0].label if totals else "")
            for col, node in zip((*inputs, *totals), values or [], strict=False):
                value = reader.number(node, "count", (item.key.text, col.label, ""))
                reader.put((self.id, group.id, col.id), value, node, typed=col.computed)

    def _zero(self, reader: ReportReader, group_id: str, leaves: tuple[Column, ...], node: YNode) -> None:
        reader.rows.setdefault((self.id, group_id), pos(reader.rel, node))
        for col in leaves:
            if not col.computed:
                reader.put((self.id, group_id, col.id), 0, node)

    def _flatten_headings(self, mapping: YMap) -> YMap:
        """Accept the keyed groups also nested under a header without a key (行政诉讼: {…})."""
        headings = {norm(g.label) for g in self.table.header if g.key is None}
        if not any(norm(k.text) in headings and isinstance(v, YMap) for k, v in mapping.entries):
            return mapping
        flat = YMap([], mapping.line, mapping.column)
        for key, value in mapping.entries:
            if norm(key.text) in headings and isinstance(value, YMap):
                flat.entries.extend(value.entries)
            else:
                flat.entries.append((key, value))
        return flat

    # ------------------------------------------------------------ YAML: write

    def write(self, writer: ReportWriter) -> list[str]:
        out = [comment(f"{self.yaml_key}:", self.section.heading)]
        groups = self.table.groups()
        first = groups[0].leaves()
        shown = [c.label for c in first if not c.computed]
        if writer.has_typed_totals(self.id):
            shown += [c.label for c in first if c.computed]
        out.append("  # 列：" + ", ".join(shown))
        to = max(width(f"{g.key or g.label}:") for g in groups) + 1
        for group in groups:
            leaves = group.leaves()
            values = [writer.value((self.id, group.id, c.id)) for c in leaves if not c.computed]
            total = next((writer.typed((self.id, group.id, c.id)) for c in leaves if c.computed), None)
            out.append("  " + pad(f"{group.key or group.label}:", to) + writer.flow_list(values, total))
        return out

    # ------------------------------------------------------------ report.json

    def to_json(self, value: CellJson) -> dict[str, Any]:
        cells = self.format.cell_index
        groups = [
            {
                "id": group.id,
                "label": group.label,
                "values": {c.id: value(cells[(self.id, group.id, c.id)]) for c in group.leaves()},
            }
            for group in self.table.groups()
        ]
        return {
            "id": self.id,
            "label": self.section.heading,
            "columns": [column_json(node) for node in self.table.header],
            "groups": groups,
        }

    # ------------------------------------------------------------ YAML: JSON Schema

    def schema(self) -> Schema:
        props: dict[str, Schema] = {}
        for group in self.table.groups():
            inputs = [c for c in group.leaves() if not c.computed]
            columns = "、".join(c.label for c in group.leaves())
            props |= spellings(group.keys, or_zero(count_list(len(inputs), columns, group.label)))
        return or_zero(obj(props, [g.keys for g in self.table.groups()], self.section.heading))


def _review_groups(
    nodes: tuple[Column | ColumnGroup, ...], prefix: tuple[str, ...]
) -> list[tuple[tuple[str, ...], ColumnGroup]]:
    out: list[tuple[tuple[str, ...], ColumnGroup]] = []
    for node in nodes:
        if not isinstance(node, ColumnGroup):
            continue
        path = (*prefix, node.label)
        out.extend([(path, node)] if node.key is not None else _review_groups(node.children, path))
    return out
