"""JSON Schemas (draft 2020-12) of the files people edit: agency.yaml, YYYY.yaml (2019 and 2021
formats) and gkgen.yaml — generated from the model, so that an editor with the YAML language server
completes the keys, shows each official label and flags a typo while the user types.

Every accepted spelling of a key (YAML key, full official label, label without numbering) is a
property; list lengths, non-negative integers, 万元 numbers and the literal-0 shorthand follow
docs/format.md §5. The loader stays the authority: the schemas are a typing aid, never the validator.
"""

from __future__ import annotations

import json
from pathlib import Path

from gkgen.format import FORMATS
from gkgen.format.model import Format
from gkgen.format.shapes.base import Schema, obj, spellings
from gkgen.load import settings as pdfsettings
from gkgen.load.report import DATE_KEY, FORMAT_KEY, META_KEYS, YEAR_KEY
from gkgen.load.site import (
    AGENCY_FIELDS,
    CATEGORIES_KEY,
    CONTACT_KEY,
    EXTRA_SETTINGS,
    LEVEL_KEY,
    LEVELS,
    PORTAL_FIELDS,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_REQUIRED_AGENCY = ("name", "category")
_REQUIRED_PORTAL = ("name",)


def year_schema(fmt: Format) -> Schema:
    """YYYY.yaml in one format."""
    props: dict[str, Schema] = {
        YEAR_KEY: {"type": "integer", "minimum": 2000, "maximum": 2999, "description": "报告年度（与文件名一致）"},
        FORMAT_KEY: {"enum": [int(fmt.id), fmt.id], "description": f"格式：{fmt.id}（{fmt.document}）"},
        DATE_KEY: {"type": "string", "format": "date", "description": "发布日期，YYYY-MM-DD"},
    }
    props |= {key: {"type": "string", "description": key} for key in META_KEYS}
    for shape in fmt.shapes:
        props |= spellings(shape.yaml_keys, shape.schema())
    required = [(YEAR_KEY,), (FORMAT_KEY,)] + [shape.yaml_keys for shape in fmt.shapes]
    return {
        "$schema": DRAFT,
        "title": f"年度报告数据（{fmt.id} 格式，{fmt.document}）",
        **obj(props, required, f"YYYY.yaml：{fmt.document}"),
    }


def any_year_schema() -> Schema:
    """YYYY.yaml in whichever format its 格式 names (for one editor association of all years)."""
    defs = {
        f"format{fid}": {k: v for k, v in year_schema(fmt).items() if k != "$schema"} for fid, fmt in FORMATS.items()
    }
    branches: list[Schema] = [
        {
            "if": {"properties": {FORMAT_KEY: {"enum": [int(fid), fid]}}, "required": [FORMAT_KEY]},
            "then": {"$ref": f"#/$defs/format{fid}"},
        }
        for fid in FORMATS
    ]
    ids = "、".join(FORMATS)
    return {
        "$schema": DRAFT,
        "title": "年度报告数据（YYYY.yaml）",
        "description": f"按“{FORMAT_KEY}”（{ids}）选择对应格式",
        "type": "object",
        "required": [FORMAT_KEY],
        "properties": {FORMAT_KEY: {"enum": [v for fid in FORMATS for v in (int(fid), fid)]}},
        "allOf": branches,
        "$defs": defs,
    }


def agency_schema() -> Schema:
    text: Schema = {"type": "string"}
    props: dict[str, Schema] = {key: {**text, "description": key} for key in AGENCY_FIELDS}
    props[LEVEL_KEY] = {"enum": list(LEVELS), "description": f"{LEVEL_KEY}：{'或'.join(LEVELS)}"}
    props[CONTACT_KEY] = {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": f"{CONTACT_KEY}（各项为文字；邮编、电话请加引号）",
    }
    required = [(k,) for k, attr in AGENCY_FIELDS.items() if attr in _REQUIRED_AGENCY]
    return {"$schema": DRAFT, "title": "机构信息（agency.yaml）", **obj(props, required, "agency.yaml")}


def portal_schema() -> Schema:
    props: dict[str, Schema] = {key: {"type": "string", "description": key} for key in PORTAL_FIELDS}
    props[CATEGORIES_KEY] = {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "description": f"{CATEGORIES_KEY}：机构分类，按门户首页的显示顺序",
    }
    props |= {key: {"description": key} for key in EXTRA_SETTINGS}
    props[pdfsettings.FONTS] = _pdf_setting(
        pdfsettings.FONTS,
        {"type": "string", "minLength": 1},
        "各角色的字体名称（未写的角色用默认字体），见 docs/pdf.md",
    )
    props[pdfsettings.LAYOUT] = _pdf_setting(
        pdfsettings.LAYOUT, {"type": "boolean"}, "版式选项（true 或 false），见 docs/pdf.md"
    )
    props[pdfsettings.DISPLAY] = _pdf_setting(
        pdfsettings.DISPLAY,
        {"type": "boolean"},
        "网页的年度概览表与图表（true 或 false，默认都显示），见 docs/theme.md",
    )
    required = [(k,) for k, attr in PORTAL_FIELDS.items() if attr in _REQUIRED_PORTAL] + [(CATEGORIES_KEY,)]
    return {"$schema": DRAFT, "title": "门户设置（gkgen.yaml）", **obj(props, required, "gkgen.yaml")}


def _pdf_setting(setting: str, value: Schema, description: str) -> Schema:
    keys = pdfsettings.KEYS[setting]
    return {
        "type": ["object", "null"],
        "properties": {key: value for key in keys},
        "additionalProperties": False,
        "description": f"{setting}：{description}",
    }


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
