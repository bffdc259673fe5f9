"""The JSON Schema (draft 2020-12) of report.json, generated from the model for both formats.

Every id and label is a ``const`` and every list a fixed ``prefixItems`` sequence, so the schema
pins the exact official layout of each format; a report.json validates against exactly one
branch of the top-level ``oneOf`` — the one of its format.
"""

from __future__ import annotations

from pathlib import Path

from gkgen.export.json import SCHEMA_VERSION, JsonValue, dumps, table_label
from gkgen.format import FORMATS, last_year
from gkgen.format.model import ActiveTable, ApplicationTable, Column, ColumnGroup, Format, Kind, ReviewTable, Row

SCHEMA_FILE = "report.schema.json"
SCHEMA_ID = "urn:gkgen:schema:report.json:1"

DESCRIPTION = "政府信息公开工作年度报告的数据（gkgen 生成）：表二、表三、表四，英文 id 与官方标签对照，含计算的总计。"

Schema = dict[str, JsonValue]


def report_json_schema() -> Schema:
    """The schema every report.json satisfies, whichever format it uses."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "gkgen report.json",
        "description": DESCRIPTION,
        "oneOf": [{"$ref": f"#/$defs/format_{fmt_id}"} for fmt_id in FORMATS],
        "$defs": {f"format_{fmt.id}": _report(fmt) for fmt in FORMATS.values()},
    }


def write_schemas(dest_dir: Path) -> list[Path]:
    """Write dest_dir/report.schema.json; return the paths written."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / SCHEMA_FILE
    path.write_text(dumps(report_json_schema()), encoding="utf-8")
    return [path]


def _report(fmt: Format) -> Schema:
    text: Schema = {"type": "string"}
    optional_text: Schema = {"type": ["string", "null"]}
    computed = {c.key for c in fmt.computed}
    return _object(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "portal": _object({"门户名称": text, "基础网址": optional_text}),
            "agency": _object(
                {"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"}, "名称": text,
                 "简称": optional_text, "分类": text, "层级": text}
            ),
            "year": {"type": "integer", "minimum": fmt.first_year,
                     **({"maximum": last} if (last := last_year(fmt)) is not None else {})},
            "format": _object({"id": {"const": fmt.id}, "document": {"const": fmt.document}}),
            "published": {"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
            "meta": {"type": "object", "additionalProperties": text},
            "tables": _object(
                {
                    fmt.active.id: _active(fmt, fmt.active),
                    fmt.applications.id: _applications(fmt, fmt.applications, computed),
                    fmt.reviews.id: _reviews(fmt, fmt.reviews, computed),
                }
            ),
        }
    )


def _active(fmt: Format, table: ActiveTable) -> Schema:
    blocks: list[Schema] = []
    for block in table.blocks:
        fields = [
            _object({"id": _const(f.id), "label": _const(f.label), "kind": _const(f.kind), "unit": _const(f.unit)})
            for f in block.fields
        ]
        items = [
            _object({
                "id": _const(item.id),
                "label": _const(item.label),
                "values": _object({f.id: _value(f.label, f.kind, False) for f in block.fields}),
            })
            for item in block.items
        ]
        blocks.append(_object({"id": _const(block.id), "label": _const(block.label),
                               "fields": _tuple(fields), "items": _tuple(items)}))
    return _object({"id": _const(table.id), "label": _const(table_label(fmt, table.id)),
                    "content_label": _const(table.content_label), "blocks": _tuple(blocks)})


def _applications(fmt: Format, table: ApplicationTable, computed: set[tuple[str, str, str]]) -> Schema:
    return _object({
        "id": _const(table.id),
        "label": _const(table_label(fmt, table.id)),
        "note": _const(table.note),
        "columns": _tuple([_column(table.header)]),
        "rows": _tuple([_row(table, row, computed) for row in table.rows]),
    })


def _row(table: ApplicationTable, row: Row, computed: set[tuple[str, str, str]]) -> Schema:
    props: Schema = {"id": _const(row.id), "label": _const(row.label), "computed": _const(row.computed)}
    if row.children:
        props["rows"] = _tuple([_row(table, child, computed) for child in row.children])
    else:
        props["values"] = _object({
            c.id: _value(c.label, "count", (table.id, row.id, c.id) in computed) for c in table.columns()
        })
    return _object(props)


def _reviews(fmt: Format, table: ReviewTable, computed: set[tuple[str, str, str]]) -> Schema:
    groups = [
        _object({
            "id": _const(group.id),
            "label": _const(group.label),
            "values": _object({
                c.id: _value(c.label, "count", (table.id, group.id, c.id) in computed) for c in group.leaves()
            }),
        })
        for group in table.groups()
    ]
    return _object({
        "id": _const(table.id),
        "label": _const(table_label(fmt, table.id)),
        "columns": _tuple([_column(node) for node in table.header]),
        "groups": _tuple(groups),
    })


def _column(node: Column | ColumnGroup) -> Schema:
    if isinstance(node, ColumnGroup):
        return _object({"id": _const(node.id), "label": _const(node.label),
                        "columns": _tuple([_column(c) for c in node.children])})
    return _object({"id": _const(node.id), "label": _const(node.label), "computed": _const(node.computed)})


def _value(label: str, kind: Kind, computed: bool) -> Schema:
    return _object({"label": _const(label), "value": _number(kind), "computed": _const(computed)})


def _number(kind: Kind) -> Schema:
    if kind == "money":
        return {"type": "number", "minimum": 0}
    if kind == "delta":
        return {"type": "integer"}
    return {"type": "integer", "minimum": 0}


def _object(properties: Schema) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": [key for key in sorted(properties)],
        "additionalProperties": False,
    }


def _tuple(items: list[Schema]) -> Schema:
    prefix: list[JsonValue] = list(items)
    return {"type": "array", "prefixItems": prefix, "items": False, "minItems": len(items)}


def _const(value: str | bool) -> Schema:
    return {"const": value}
