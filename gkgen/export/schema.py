"""The JSON Schema (draft 2020-12) of report.json, generated from the model for both formats.

Every id and label is a ``const`` and every list a fixed ``prefixItems`` sequence, so the schema
pins the exact official layout of each format; a report.json validates against exactly one
branch of the top-level ``oneOf`` — the one of its format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gkgen.export.json import SCHEMA_VERSION, JsonValue, dumps
from gkgen.format import FORMATS, last_year
from gkgen.format.model import CellSpec, Format, Kind
from gkgen.paths import REPORT_SCHEMA

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
    path = dest_dir / REPORT_SCHEMA
    path.write_text(dumps(report_json_schema()), encoding="utf-8")
    return [path]


def _report(fmt: Format) -> Schema:
    text: Schema = {"type": "string"}
    optional_text: Schema = {"type": ["string", "null"]}
    return _object(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "portal": _object({"门户名称": text, "基础网址": optional_text}),
            "agency": _object(
                {
                    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"},
                    "名称": text,
                    "简称": optional_text,
                    "分类": text,
                    "层级": text,
                }
            ),
            "year": {
                "type": "integer",
                "minimum": fmt.first_year,
                **({"maximum": last} if (last := last_year(fmt)) is not None else {}),
            },
            "format": _object({"id": {"const": fmt.id}, "document": {"const": fmt.document}}),
            "published": {"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
            "meta": {"type": "object", "additionalProperties": text},
            "tables": _tables(fmt),
        }
    )


@dataclass(frozen=True)
class _Cell:
    """A cell's place in the report.json tables, for :func:`_schema_of`."""

    spec: CellSpec


def _tables(fmt: Format) -> Schema:
    """The tables of report.json as the shapes nest them: every id and label a const, every cell
    a value object of its kind."""
    return _object({shape.id: _schema_of(shape.to_json(_Cell)) for shape in fmt.shapes})


def _schema_of(value: object) -> Schema:
    if isinstance(value, _Cell):
        return _value(value.spec.path[-1], value.spec.kind, value.spec.computed)
    if isinstance(value, dict):
        return _object({key: _schema_of(item) for key, item in value.items()})
    if isinstance(value, list):
        return _tuple([_schema_of(item) for item in value])
    if isinstance(value, (str, bool)):
        return _const(value)
    raise TypeError(f"not a table value: {value!r}")


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
