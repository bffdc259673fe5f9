"""The JSON Schemas of `gkgen schema` accept the sample site and reject typos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from gkgen.format import FORMATS
from gkgen.load.report import FORMAT_KEY
from gkgen.load.schema import all_schemas, write_schemas

REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal"
SCHEMAS = all_schemas()


def _as_editor_sees(value: Any) -> Any:
    """PyYAML turns 2022-01-20 into a date; the YAML language server keeps it a string."""
    if isinstance(value, dict):
        return {str(k): _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _errors(schema: str, path: Path) -> list[str]:
    doc = _as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [e.message for e in Draft202012Validator(SCHEMAS[schema]).iter_errors(doc)]


def _site_files() -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for root in (REPO, MINIMAL):
        out.append(("gkgen.schema.json", root / "gkgen.yaml"))
        out += [("agency.schema.json", p) for p in sorted(root.glob("reports/*/agency.yaml"))]
        for p in sorted(root.glob("reports/*/[0-9][0-9][0-9][0-9].yaml")):
            out.append(("year.schema.json", p))
            fid = str(yaml.safe_load(p.read_text(encoding="utf-8"))[FORMAT_KEY])
            out.append((f"year-{fid}.schema.json", p))
    return out


def test_schemas_are_valid_draft_2020_12() -> None:
    assert set(SCHEMAS) == {
        "agency.schema.json",
        "year.schema.json",
        "gkgen.schema.json",
        *(f"year-{fid}.schema.json" for fid in FORMATS),
    }
    for schema in SCHEMAS.values():
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("schema", "path"), _site_files(), ids=lambda v: str(v).replace(str(REPO), ""))
def test_sample_files_are_valid(schema: str, path: Path) -> None:
    assert _errors(schema, path) == []


def _year_doc() -> dict[str, Any]:
    doc: dict[str, Any] = _as_editor_sees(yaml.safe_load((MINIMAL / "reports/demo/2021.yaml").read_text("utf-8")))
    return doc


def _valid(doc: dict[str, Any], schema: str = "year.schema.json") -> bool:
    return Draft202012Validator(SCHEMAS[schema]).is_valid(doc)


def test_typo_key_is_rejected() -> None:
    table = FORMATS["2021"].applications
    doc = _year_doc()
    rows = doc[table.yaml_key]
    rows[table.rows[0].key + "x"] = rows.pop(table.rows[0].key)
    assert not _valid(doc)


def test_full_label_key_and_literal_zero_and_typed_total_are_accepted() -> None:
    table = FORMATS["2021"].applications
    doc = _year_doc()
    rows = doc[table.yaml_key]
    rows[table.rows[0].label] = [*rows.pop(table.rows[0].key), 4]
    rows[table.rows[1].key] = 0
    assert _valid(doc)


def test_list_length_and_negative_and_format_are_checked() -> None:
    table = FORMATS["2021"].applications
    for bad in ([0] * 5, [0] * 8, [-1, 0, 0, 0, 0, 0], [0.5, 0, 0, 0, 0, 0]):
        doc = _year_doc()
        doc[table.yaml_key][table.rows[0].key] = bad
        assert not _valid(doc), bad
    doc = _year_doc()
    doc[FORMAT_KEY] = 2020
    assert not _valid(doc)


def test_descriptions_carry_official_labels() -> None:
    text = str(SCHEMAS["year-2021.schema.json"])
    for row in FORMATS["2021"].applications.leaf_rows():
        assert row.label in text


def test_write_schemas(tmp_path: Path) -> None:
    paths = write_schemas(tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(SCHEMAS)
    assert all(p.read_text(encoding="utf-8").endswith("}\n") for p in paths)


def test_pdf_settings_of_gkgen_yaml() -> None:
    base = {"门户名称": "示例市人民政府", "分类": ["市政府工作部门"]}
    assert _valid({**base, "PDF字体": {"正文": "仿宋_GB2312"}, "PDF版式": {"页码居中": True}}, "gkgen.schema.json")
    assert _valid({**base, "PDF字体": None}, "gkgen.schema.json")
    assert not _valid({**base, "PDF字体": {"正文字体": "仿宋_GB2312"}}, "gkgen.schema.json")
    assert not _valid({**base, "PDF版式": {"页码居中": "是"}}, "gkgen.schema.json")
