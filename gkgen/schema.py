"""JSON Schemas (draft 2020-12) of the files people edit: agency.yaml, YYYY.yaml (2019 and 2021
formats) and gkgen.yaml — generated from the model, so that an editor with the YAML language server
completes the keys, shows each official label and flags a typo while the user types.

Every accepted spelling of a key (YAML key, full official label, label without numbering) is a
property; list lengths, non-negative integers, 万元 numbers and the literal-0 shorthand follow
DATA.md §3. The loader stays the authority: the schemas are a typing aid, never the validator.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gkgen import pdfsettings
from gkgen.formats import FORMATS
from gkgen.load import (
    AGENCY_FIELDS,
    CATEGORIES_KEY,
    CONTACT_KEY,
    EXTRA_SETTINGS,
    LEVEL_KEY,
    LEVELS,
    PORTAL_FIELDS,
)
from gkgen.load_report import DATE_KEY, FORMAT_KEY, META_KEYS, YEAR_KEY
from gkgen.model import (
    ActiveTable,
    ApplicationTable,
    Block,
    ColumnGroup,
    Format,
    Item,
    Kind,
    ReviewTable,
    Row,
)

Schema = dict[str, Any]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
ZERO: Schema = {"const": 0, "description": "字面量 0：本行（本组）全部为 0"}
_NUMBERS: dict[Kind, Schema] = {
    "count": {"type": "integer", "minimum": 0},
    "money": {"type": "number", "minimum": 0},
    "delta": {"type": "integer"},
}
_REQUIRED_AGENCY = ("name", "category")
_REQUIRED_PORTAL = ("name",)


def _obj(properties: dict[str, Schema], required: Sequence[tuple[str, ...]], description: str) -> Schema:
    """A closed mapping; ``required`` lists each required item's accepted spellings."""
    schema: Schema = {"type": "object", "description": description, "properties": properties,
                      "additionalProperties": False}
    if required:
        schema["allOf"] = [{"anyOf": [{"required": [k]} for k in keys]} for keys in required]
    return schema


def _spellings(keys: tuple[str, ...], schema: Schema) -> dict[str, Schema]:
    return {key: schema for key in keys}


def _or_zero(schema: Schema) -> Schema:
    return {"description": schema.get("description", ""), "anyOf": [schema, ZERO]}


# ---------------------------------------------------------------- table 二


def _field(kind: Kind, label: str, unit: str) -> Schema:
    return {**_NUMBERS[kind], "description": f"{label}（{unit}）"}


def _active_item(block: Block, item: Item) -> Schema:
    fields: dict[str, Schema] = {}
    for f in block.fields:
        fields |= _spellings(f.keys, _field(f.kind, f.label, f.unit))
    description = f"{block.label} {item.label}：" + "、".join(f.label for f in block.fields)
    mapping = _obj(fields, [f.keys for f in block.fields], description)
    if block.scalar:
        f = block.fields[0]
        return {"description": description, "anyOf": [_field(f.kind, f.label, f.unit), mapping]}
    return _or_zero(mapping)


def _active(table: ActiveTable, title: str) -> Schema:
    props: dict[str, Schema] = {}
    for block, item in table.items():
        props |= _spellings(item.keys, _active_item(block, item))
    return _or_zero(_obj(props, [item.keys for _, item in table.items()], title))


# ---------------------------------------------------------------- table 三


def _count_list(n: int, columns: str, description: str) -> Schema:
    return {"type": "array", "items": _NUMBERS["count"], "minItems": n, "maxItems": n + 1,
            "description": f"{description}（列：{columns}；第 {n + 1} 个数为总计，可省略）"}


def _app_row(table: ApplicationTable, row: Row) -> Schema:
    if row.children:
        props: dict[str, Schema] = {}
        for child in row.children:
            props |= _spellings(child.keys, _app_row(table, child))
        required = [c.keys for c in row.children if not c.computed]
        return _or_zero(_obj(props, required, row.label))
    columns = "、".join(c.label for c in table.columns())
    description = row.label + ("（由 gkgen 计算，填写则核对）" if row.computed else "")
    return _or_zero(_count_list(len(table.input_columns()), columns, description))


def _applications(table: ApplicationTable, title: str) -> Schema:
    props: dict[str, Schema] = {}
    for row in table.rows:
        props |= _spellings(row.keys, _app_row(table, row))
    return _or_zero(_obj(props, [r.keys for r in table.rows if not r.computed], f"{title}{table.note}"))


# ---------------------------------------------------------------- table 四


def _reviews(table: ReviewTable, title: str) -> Schema:
    props: dict[str, Schema] = {}
    for group in table.groups():
        props |= _spellings(group.keys, _or_zero(_group_list(group)))
    return _or_zero(_obj(props, [g.keys for g in table.groups()], title))


def _group_list(group: ColumnGroup) -> Schema:
    inputs = [c for c in group.leaves() if not c.computed]
    columns = "、".join(c.label for c in group.leaves())
    return _count_list(len(inputs), columns, group.label)


# ---------------------------------------------------------------- files


def year_schema(fmt: Format) -> Schema:
    """YYYY.yaml in one format."""
    tables: list[tuple[ActiveTable | ApplicationTable | ReviewTable, Schema]] = []
    props: dict[str, Schema] = {
        YEAR_KEY: {"type": "integer", "minimum": 2000, "maximum": 2999, "description": "报告年度（与文件名一致）"},
        FORMAT_KEY: {"enum": [int(fmt.id), fmt.id], "description": f"格式：{fmt.id}（{fmt.document}）"},
        DATE_KEY: {"type": "string", "format": "date", "description": "发布日期，YYYY-MM-DD"},
    }
    props |= {key: {"type": "string", "description": key} for key in META_KEYS}
    for table in (fmt.active, fmt.applications, fmt.reviews):
        section = next(s for s in fmt.sections if s.id == table.id)
        if isinstance(table, ActiveTable):
            schema = _active(table, section.heading)
        elif isinstance(table, ApplicationTable):
            schema = _applications(table, section.heading)
        else:
            schema = _reviews(table, section.heading)
        tables.append((table, schema))
        props |= _spellings((table.yaml_key, section.title, section.heading), schema)
    required = [(YEAR_KEY,), (FORMAT_KEY,)] + [
        (t.yaml_key, s.title, s.heading)
        for t, _ in tables for s in fmt.sections if s.id == t.id
    ]
    return {"$schema": DRAFT, "title": f"年度报告数据（{fmt.id} 格式，{fmt.document}）",
            **_obj(props, required, f"YYYY.yaml：{fmt.document}")}


def any_year_schema() -> Schema:
    """YYYY.yaml in whichever format its 格式 names (for one editor association of all years)."""
    defs = {f"format{fid}": {k: v for k, v in year_schema(fmt).items() if k != "$schema"}
            for fid, fmt in FORMATS.items()}
    branches: list[Schema] = [
        {"if": {"properties": {FORMAT_KEY: {"enum": [int(fid), fid]}}, "required": [FORMAT_KEY]},
         "then": {"$ref": f"#/$defs/format{fid}"}}
        for fid in FORMATS
    ]
    ids = "、".join(FORMATS)
    return {"$schema": DRAFT, "title": "年度报告数据（YYYY.yaml）",
            "description": f"按“{FORMAT_KEY}”（{ids}）选择对应格式",
            "type": "object", "required": [FORMAT_KEY],
            "properties": {FORMAT_KEY: {"enum": [v for fid in FORMATS for v in (int(fid), fid)]}},
            "allOf": branches, "$defs": defs}


def agency_schema() -> Schema:
    text: Schema = {"type": "string"}
    props: dict[str, Schema] = {key: {**text, "description": key} for key in AGENCY_FIELDS}
    props[LEVEL_KEY] = {"enum": list(LEVELS), "description": f"{LEVEL_KEY}：{'或'.join(LEVELS)}"}
    props[CONTACT_KEY] = {"type": "object", "additionalProperties": {"type": "string"},
                          "description": f"{CONTACT_KEY}（各项为文字；邮编、电话请加引号）"}
    required = [(k,) for k, attr in AGENCY_FIELDS.items() if attr in _REQUIRED_AGENCY]
    return {"$schema": DRAFT, "title": "机构信息（agency.yaml）", **_obj(props, required, "agency.yaml")}


def portal_schema() -> Schema:
    props: dict[str, Schema] = {key: {"type": "string", "description": key} for key in PORTAL_FIELDS}
    props[CATEGORIES_KEY] = {"type": "array", "items": {"type": "string"}, "minItems": 1,
                             "description": f"{CATEGORIES_KEY}：机构分类，按门户首页的显示顺序"}
    props |= {key: {"description": key} for key in EXTRA_SETTINGS}
    props[pdfsettings.FONTS] = _pdf_setting(pdfsettings.FONTS, {"type": "string", "minLength": 1},
                                            "各角色的字体名称（未写的角色用默认字体），见 docs/pdf.md")
    props[pdfsettings.LAYOUT] = _pdf_setting(pdfsettings.LAYOUT, {"type": "boolean"},
                                             "版式选项（true 或 false），见 docs/pdf.md")
    required = [(k,) for k, attr in PORTAL_FIELDS.items() if attr in _REQUIRED_PORTAL] + [(CATEGORIES_KEY,)]
    return {"$schema": DRAFT, "title": "门户设置（gkgen.yaml）", **_obj(props, required, "gkgen.yaml")}


def _pdf_setting(setting: str, value: Schema, description: str) -> Schema:
    keys = pdfsettings.KEYS[setting]
    return {"type": ["object", "null"], "properties": {key: value for key in keys},
            "additionalProperties": False, "description": f"{setting}：{description}"}


def all_schemas() -> dict[str, Schema]:
    """File name -> schema, in a fixed order."""
    out: dict[str, Schema] = {"agency.schema.json": agency_schema(), "year.schema.json": any_year_schema()}
    out |= {f"year-{fid}.schema.json": year_schema(fmt) for fid, fmt in FORMATS.items()}
    out["gkgen.schema.json"] = portal_schema()
    return out


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into ``out`` (created if missing); the written paths."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, schema in all_schemas().items():
        path = out / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
