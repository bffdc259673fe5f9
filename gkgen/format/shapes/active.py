"""Table 二 (主动公开政府信息情况): blocks of items, each item one mapping of its block's fields
(or one bare number when the block has a single field)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gkgen.format.model import ActiveTable, Block, CellSpec, Item
from gkgen.format.shapes.base import (
    NUMBERS,
    CellJson,
    Schema,
    TableShape,
    comment,
    obj,
    or_zero,
    pad,
    spellings,
    width,
)
from gkgen.load.keys import Choice, Entry, KeySet, match_keys, pos
from gkgen.load.values import is_zero
from gkgen.load.yamlpos import YMap, YNode

if TYPE_CHECKING:
    from gkgen.format.layout import Grid
    from gkgen.load.report import ReportReader
    from gkgen.load.writer import ReportWriter


class ActiveShape(TableShape[ActiveTable]):
    @cached_property
    def items(self) -> tuple[tuple[Block, Item], ...]:
        """Every item (row) with its block, in official order."""
        return tuple(self.table.items())

    @cached_property
    def _blocks(self) -> dict[str, Block]:
        return {item.id: block for block, item in self.items}

    def block_of(self, item: Item) -> Block:
        return self._blocks[item.id]

    def _cells(self) -> Sequence[CellSpec]:
        return [
            CellSpec(
                (self.id, item.id, f.id),
                (block.label, item.label, f.label),
                self.name(item.label, f.label),
                kind=f.kind,
                unit=f.unit,
            )
            for block, item in self.table.items()
            for f in block.fields
        ]

    def _grid(self) -> Grid:
        from gkgen.format.layout import active_grid

        return active_grid(self.table, self.section)

    # ------------------------------------------------------------ YAML: read

    @cached_property
    def _item_keys(self) -> KeySet[str]:
        return KeySet([Choice(item.id, item.keys) for _, item in self.table.items()])

    @cached_property
    def _field_keys(self) -> dict[str, KeySet[str]]:
        return {b.id: KeySet([Choice(f.id, f.keys) for f in b.fields]) for b in self.table.blocks}

    def read_zero(self, reader: ReportReader, entry: Entry) -> None:
        for block, item in self.table.items():
            self._zero(reader, block, item, entry.value)

    def read(self, reader: ReportReader, entry: Entry) -> None:
        if is_zero(entry.value):
            self.read_zero(reader, entry)
            return
        mapping = reader.mapping(entry, "各信息内容")
        if mapping is None:
            return
        guessed: set[str] = set()
        found = match_keys(mapping, self._item_keys, reader.rel, reader.findings, f"“{entry.key.text}”中", guessed)
        for block, item in self.table.items():
            if item.id in guessed and item.id not in found:
                continue
            if item.id not in found:
                reader.add("GK101", entry.key, f"“{entry.key.text}”缺少“{item.key}”（{block.label}）")
            else:
                self._item(reader, block, item, found[item.id])

    def _zero(self, reader: ReportReader, block: Block, item: Item, node: YNode) -> None:
        reader.rows[(self.id, item.id)] = pos(reader.rel, node)
        for f in block.fields:
            reader.put((self.id, item.id, f.id), Decimal(0) if f.kind == "money" else 0, node)

    def _item(self, reader: ReportReader, block: Block, item: Item, entry: Entry) -> None:
        reader.rows[(self.id, item.id)] = pos(reader.rel, entry.key)
        value = entry.value
        if is_zero(value):
            self._zero(reader, block, item, value)
            return
        if block.scalar and not isinstance(value, YMap):
            f = block.fields[0]
            reader.put((self.id, item.id, f.id), reader.number(value, f.kind, f"“{item.key}”"), value)
            return
        if not isinstance(value, YMap):
            names = "、".join(f.key for f in block.fields)
            reader.add("GK103", value, f"“{item.key}”应为映射 {{{names}}}（或写 0 表示全为 0）")
            return
        guessed: set[str] = set()
        found = match_keys(value, self._field_keys[block.id], reader.rel, reader.findings, f"“{item.key}”中", guessed)
        for f in block.fields:
            if f.id in guessed and f.id not in found:
                continue
            if f.id not in found:
                reader.add("GK101", entry.key, f"“{item.key}”缺少“{f.key}”（缺失的数字不会被当作 0）")
                continue
            node = found[f.id].value
            reader.put((self.id, item.id, f.id), reader.number(node, f.kind, f"“{item.key}”的“{f.key}”"), node)

    # ------------------------------------------------------------ YAML: write

    def write(self, writer: ReportWriter) -> list[str]:
        out = [comment(f"{self.yaml_key}:", self.section.heading)]
        keys = [f"{item.key}:" for _, item in self.table.items()]
        to = max(width(k) for k in keys) + 1
        for block, item in self.table.items():
            head = "  " + pad(f"{item.key}:", to)
            values = [writer.value((self.id, item.id, f.id)) for f in block.fields]
            if block.scalar:
                out.append(comment(head + writer.number(values[0]), block.fields[0].label))
                continue
            pairs = ", ".join(f"{f.key}: {writer.number(v)}" for f, v in zip(block.fields, values, strict=True))
            line = f"{head}{{{pairs}}}"
            money = [f for f in block.fields if f.kind == "money"]
            out.append(comment(line, f"{money[0].key}单位：{money[0].unit}") if money else line)
        return out

    # ------------------------------------------------------------ report.json

    def to_json(self, value: CellJson) -> dict[str, Any]:
        cells = self.format.cell_index
        blocks = [
            {
                "id": block.id,
                "label": block.label,
                "fields": [{"id": f.id, "label": f.label, "kind": f.kind, "unit": f.unit} for f in block.fields],
                "items": [
                    {
                        "id": item.id,
                        "label": item.label,
                        "values": {f.id: value(cells[(self.id, item.id, f.id)]) for f in block.fields},
                    }
                    for item in block.items
                ],
            }
            for block in self.table.blocks
        ]
        label = self.section.heading
        return {"id": self.id, "label": label, "content_label": self.table.content_label, "blocks": blocks}

    # ------------------------------------------------------------ YAML: JSON Schema

    def schema(self) -> Schema:
        props: dict[str, Schema] = {}
        for block, item in self.table.items():
            props |= spellings(item.keys, _item_schema(block, item))
        return or_zero(obj(props, [item.keys for _, item in self.table.items()], self.section.heading))


def _field_schema(kind: str, label: str, unit: str) -> Schema:
    return {**NUMBERS[kind], "description": f"{label}（{unit}）"}  # type: ignore[index]


def _item_schema(block: Block, item: Item) -> Schema:
    fields: dict[str, Schema] = {}
    for f in block.fields:
        fields |= spellings(f.keys, _field_schema(f.kind, f.label, f.unit))
    description = f"{block.label} {item.label}：" + "、".join(f.label for f in block.fields)
    mapping = obj(fields, [f.keys for f in block.fields], description)
    if block.scalar:
        f = block.fields[0]
        return {"description": description, "anyOf": [_field_schema(f.kind, f.label, f.unit), mapping]}
    return or_zero(mapping)
