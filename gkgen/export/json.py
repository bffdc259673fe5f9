"""report.json: one report's numbers under the model's English ids, each beside its official label.

Layout (docs/data.md describes it for users)::

    {"schema_version": 1, "portal": {...}, "agency": {...}, "year": 2021,
     "format": {"id": "2021", "document": "..."}, "published": "2022-01-20", "meta": {...},
     "tables": {"active": {...}, "applications": {...}, "reviews": {...}}}

Order lives in lists (blocks, items, rows, columns, groups) because keys are written sorted;
each number is ``{"label": ..., "value": ..., "computed": bool}`` under its column id.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from gkgen.data import CellKey, Number, Portal, Report, ReportData
from gkgen.errors import DataError
from gkgen.model import ActiveTable, ApplicationTable, Column, ColumnGroup, Format, ReviewTable, Row
from gkgen.totals import computed_cells, full_grid

SCHEMA_VERSION = 1
REPORT_FILE = "report.json"

JsonValue = dict[str, "JsonValue"] | list["JsonValue"] | str | int | Decimal | bool | None


def report_data(report: Report, portal: Portal) -> dict[str, JsonValue]:
    """The report.json object of one report (its numbers must have loaded)."""
    data = report.data
    if data is None:
        raise DataError(f"{report.yaml_path.name}：数据未能读取，无法导出。")
    agency = report.agency
    return {
        "schema_version": SCHEMA_VERSION,
        "portal": {"门户名称": portal.name, "基础网址": portal.base_url},
        "agency": {
            "id": agency.id,
            "名称": agency.name,
            "简称": agency.short_name,
            "分类": agency.category,
            "层级": agency.level,
        },
        "year": report.year,
        "format": {"id": data.format.id, "document": data.format.document},
        "published": data.published.isoformat() if data.published else None,
        "meta": {key: text for key, text in data.meta.items()},
        "tables": tables_data(data),
    }


def write_report_data(report: Report, portal: Portal, dest_dir: Path) -> list[Path]:
    """Write dest_dir/report.json; return the paths written."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / REPORT_FILE
    path.write_text(dumps(report_data(report, portal)), encoding="utf-8")
    return [path]


def tables_data(data: ReportData) -> dict[str, JsonValue]:
    """Tables 二, 三 and 四 of one report, computed totals included and flagged."""
    fmt = data.format
    grid = full_grid(data)
    computed = {key for key, _ in computed_cells(fmt)}
    values = _Values(data.file, grid, computed)
    return {
        fmt.active.id: _active(fmt, fmt.active, values),
        fmt.applications.id: _applications(fmt, fmt.applications, values),
        fmt.reviews.id: _reviews(fmt, fmt.reviews, values),
    }


def dumps(value: JsonValue) -> str:
    """JSON with sorted keys, 2-space indent, real UTF-8 and a final newline — the same bytes as
    ``json.dumps(sort_keys=True, indent=2, ensure_ascii=False)`` — but with each Decimal written
    as the exact number it holds (1.50 stays 1.50)."""
    return _encode(value, 0) + "\n"


def table_label(fmt: Format, table_id: str) -> str:
    """The section heading of a table, e.g. "三、收到和处理政府信息公开申请情况"."""
    return next(s.heading for s in fmt.sections if s.id == table_id)


class _Values:
    """The numbers of one report as JSON value objects."""

    def __init__(self, file: str, grid: dict[CellKey, Number], computed: set[CellKey]) -> None:
        self.file = file
        self.grid = grid
        self.computed = computed

    def cell(self, key: CellKey, label: str) -> JsonValue:
        if key not in self.grid:
            raise DataError(f"{self.file}：缺少“{label}”的数值，无法导出。")
        return {"label": label, "value": self.grid[key], "computed": key in self.computed}


def _active(fmt: Format, table: ActiveTable, values: _Values) -> JsonValue:
    blocks: list[JsonValue] = []
    for block in table.blocks:
        fields: list[JsonValue] = [
            {"id": f.id, "label": f.label, "kind": f.kind, "unit": f.unit} for f in block.fields
        ]
        items: list[JsonValue] = [
            {
                "id": item.id,
                "label": item.label,
                "values": {f.id: values.cell((table.id, item.id, f.id), f.label) for f in block.fields},
            }
            for item in block.items
        ]
        blocks.append({"id": block.id, "label": block.label, "fields": fields, "items": items})
    return {"id": table.id, "label": table_label(fmt, table.id), "content_label": table.content_label, "blocks": blocks}


def _applications(fmt: Format, table: ApplicationTable, values: _Values) -> JsonValue:
    return {
        "id": table.id,
        "label": table_label(fmt, table.id),
        "note": table.note,
        "columns": [_column(table.header)],
        "rows": [_row(table, row, values) for row in table.rows],
    }


def _row(table: ApplicationTable, row: Row, values: _Values) -> JsonValue:
    out: dict[str, JsonValue] = {"id": row.id, "label": row.label, "computed": row.computed}
    if row.children:
        out["rows"] = [_row(table, child, values) for child in row.children]
    else:
        out["values"] = {c.id: values.cell((table.id, row.id, c.id), c.label) for c in table.columns()}
    return out


def _reviews(fmt: Format, table: ReviewTable, values: _Values) -> JsonValue:
    groups: list[JsonValue] = [
        {
            "id": group.id,
            "label": group.label,
            "values": {c.id: values.cell((table.id, group.id, c.id), c.label) for c in group.leaves()},
        }
        for group in table.groups()
    ]
    return {
        "id": table.id,
        "label": table_label(fmt, table.id),
        "columns": [_column(node) for node in table.header],
        "groups": groups,
    }


def _column(node: Column | ColumnGroup) -> JsonValue:
    if isinstance(node, ColumnGroup):
        return {"id": node.id, "label": node.label, "columns": [_column(c) for c in node.children]}
    return {"id": node.id, "label": node.label, "computed": node.computed}


def _encode(value: JsonValue, level: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "  " * (level + 1)
        parts = [f"{inner}{_string(k)}: {_encode(value[k], level + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(parts) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "  " * (level + 1)
        return "[\n" + ",\n".join(inner + _encode(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a JSON number: {value}")
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
