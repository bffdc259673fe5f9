"""report.json: one report's numbers under the model's English ids, each beside its official label.

Layout (docs/data.md describes it for users)::

    {"schema_version": 1, "portal": {...}, "agency": {...}, "year": 2021,
     "format": {"id": "2021", "document": "..."}, "published": "2022-01-20", "meta": {...},
     "tables": {"active": {...}, "applications": {...}, "reviews": {...}}}

Order lives in lists (blocks, items, rows, columns, groups) because keys are written sorted;
each number is ``{"label": ..., "value": ..., "computed": bool}`` under its column id.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import cast

from gkgen.data import CellKey, Number, Portal, Report, ReportData
from gkgen.errors import DataError
from gkgen.format.model import CellSpec, Format
from gkgen.format.totals import full_grid

SCHEMA_VERSION = 1
REPORT_FILE = "report.json"

JsonValue = dict[str, "JsonValue"] | list["JsonValue"] | str | int | Decimal | bool | None


def report_data(report: Report, portal: Portal) -> dict[str, JsonValue]:
    """The report.json object of one report (its numbers must have loaded)."""
    data = report.data
    if data is None:
        raise DataError(f"{report.yaml_path.name}：数据未能读取，无法导出。")
    doc = report_data_head(report, portal)
    doc["tables"] = tables_data(data)
    return doc


def report_data_head(report: Report, portal: Portal) -> dict[str, JsonValue]:
    """Everything of report.json but its tables (the report's numbers must have loaded)."""
    data = report.data
    assert data is not None
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
    }


def write_report_data(report: Report, portal: Portal, dest_dir: Path) -> list[Path]:
    """Write dest_dir/report.json; return the paths written."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / REPORT_FILE
    path.write_bytes(report_json(report, portal).encode("utf-8"))
    return [path]


def report_json(report: Report, portal: Portal) -> str:
    """``dumps(report_data(report, portal))``, fast: the tables of a format are encoded once,
    with a slot for each number, and each report only fills in its numbers."""
    data = report.data
    if data is None:
        raise DataError(f"{report.yaml_path.name}：数据未能读取，无法导出。")
    doc = report_data_head(report, portal)
    doc["tables"] = cast(JsonValue, _Raw(_template(data.format).fill(data)))
    return dumps(doc)


def tables_data(data: ReportData) -> dict[str, JsonValue]:
    """Tables 二, 三 and 四 of one report, computed totals included and flagged."""
    fmt = data.format
    return _tables(fmt, _Values(data.file, full_grid(data)))


def _tables(fmt: Format, values: _Values) -> dict[str, JsonValue]:
    return {shape.id: shape.to_json(values.cell) for shape in fmt.shapes}


def dumps(value: JsonValue) -> str:
    """JSON with sorted keys, 2-space indent, real UTF-8 and a final newline — the same bytes as
    ``json.dumps(sort_keys=True, indent=2, ensure_ascii=False)`` — but with each Decimal written
    as the exact number it holds (1.50 stays 1.50)."""
    return _encode(value, 0) + "\n"


def table_label(fmt: Format, table_id: str) -> str:
    """The section heading of a table, e.g. "三、收到和处理政府信息公开申请情况"."""
    return fmt.section(table_id).heading


class _Values:
    """The numbers of one report as JSON value objects."""

    def __init__(self, file: str, grid: dict[CellKey, Number]) -> None:
        self.file = file
        self.grid = grid

    def cell(self, spec: CellSpec) -> JsonValue:
        label = spec.path[-1]
        if spec.key not in self.grid:
            raise DataError(f"{self.file}：缺少“{label}”的数值，无法导出。")
        return {"label": label, "value": self.grid[spec.key], "computed": spec.computed}


@dataclass(frozen=True)
class _Raw:
    """Text :func:`dumps` writes as it is (already-encoded JSON)."""

    text: str


@dataclass(frozen=True)
class _Slot:
    """Where a number goes in a table template."""

    index: int


_MARK = "\x00"
"""Encoded JSON never holds a raw NUL (strings escape it), so it delimits the slots."""


class _SlotValues(_Values):
    """The value objects of a format with a numbered slot instead of each number."""

    def __init__(self, fmt: Format) -> None:
        super().__init__("", {})
        self.slots: list[tuple[CellKey, str]] = []

    def cell(self, spec: CellSpec) -> JsonValue:
        slot = _Slot(len(self.slots))
        self.slots.append((spec.key, spec.path[-1]))
        return {"label": spec.path[-1], "value": cast(JsonValue, slot), "computed": spec.computed}


class _Template:
    """The encoded tables of one format (indented as report.json nests them), split at the numbers."""

    def __init__(self, fmt: Format) -> None:
        values = _SlotValues(fmt)
        parts = _encode(cast(JsonValue, _tables(fmt, values)), 1).split(_MARK)
        order = [int(i) for i in parts[1::2]]  # sorted keys reorder the slots
        assert sorted(order) == list(range(len(values.slots)))
        self.texts = parts[0::2]
        self.slots = [values.slots[i] for i in order]

    def fill(self, data: ReportData) -> str:
        grid = full_grid(data)
        out = [self.texts[0]]
        for (key, label), text in zip(self.slots, self.texts[1:], strict=True):
            value = grid.get(key)
            if value is None:
                raise DataError(f"{data.file}：缺少“{label}”的数值，无法导出。")
            out.append(_number(value) if isinstance(value, Decimal) else str(value))
            out.append(text)
        return "".join(out)


def _template(fmt: Format) -> _Template:
    return fmt.derived("report.json tables", _Template)


def _encode(value: JsonValue, level: int) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
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
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, _Raw):
        return value.text
    if isinstance(value, _Slot):
        return f"{_MARK}{value.index}{_MARK}"
    raise TypeError(f"not a JSON value: {value!r}")


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"not a JSON number: {value}")
    return format(value, "f")


def _string(text: str) -> str:
    return encode_basestring(text)
