"""report.json and its JSON Schema: validity, exact numbers, determinism."""

from __future__ import annotations

import copy
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_export_support import hand_site, make_agency, make_report, random_data

from gkgen.data import Cell, CellKey, Number, Pos
from gkgen.export import report_data, report_json_schema, write_report_data, write_schemas
from gkgen.export.json import JsonValue, dumps, report_json
from gkgen.format import FORMAT_2019, FORMAT_2021, FORMATS
from gkgen.format.model import Format
from gkgen.format.totals import full_grid

VALIDATOR = jsonschema.Draft202012Validator(report_json_schema())


def json_cells(doc: dict[str, Any]) -> dict[CellKey, dict[str, Any]]:
    """Every value object of a report.json under its model address."""
    tables = doc["tables"]
    out: dict[CellKey, dict[str, Any]] = {}
    active = tables["active"]
    for block in active["blocks"]:
        for item in block["items"]:
            out.update({(active["id"], item["id"], f): v for f, v in item["values"].items()})
    applications = tables["applications"]
    stack = list(applications["rows"])
    while stack:
        row = stack.pop()
        stack.extend(row.get("rows", []))
        out.update({(applications["id"], row["id"], c): v for c, v in row.get("values", {}).items()})
    reviews = tables["reviews"]
    for group in reviews["groups"]:
        out.update({(reviews["id"], group["id"], c): v for c, v in group["values"].items()})
    return out


def load(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return doc


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_report_json_validates_and_round_trips(fmt: Format, tmp_path: Path) -> None:
    site = hand_site(fmt.first_year, 3, seed=int(fmt.id), fmt=fmt)
    assert site.portal is not None
    for report in site.reports:
        (path,) = write_report_data(report, site.portal, tmp_path / report.agency.id)
        doc = load(path.read_text(encoding="utf-8"))
        VALIDATOR.validate(doc)
        assert report.data is not None
        grid = full_grid(report.data)
        cells = json_cells(doc)
        assert {key: v["value"] for key, v in cells.items()} == grid
        computed = {c.key for c in fmt.computed}
        assert {key for key, v in cells.items() if v["computed"]} == computed
        assert doc["format"]["id"] == fmt.id
        assert doc["agency"]["id"] == report.agency.id


def test_report_json_is_byte_deterministic(tmp_path: Path) -> None:
    site = hand_site(2021, 1)
    assert site.portal is not None
    report = site.reports[0]
    (first,) = write_report_data(report, site.portal, tmp_path / "a")
    (second,) = write_report_data(report, site.portal, tmp_path / "b")
    raw = first.read_bytes()
    assert raw == second.read_bytes()
    assert raw.endswith(b"}\n")
    assert not raw.startswith(b"\xef\xbb\xbf")
    doc = json.loads(raw)
    assert raw.decode("utf-8") == json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_money_keeps_its_decimals() -> None:
    site = hand_site(2021, 1)
    assert site.portal is not None
    report = site.reports[0]
    assert report.data is not None
    money = next(
        (FORMAT_2021.active.id, item.id, f.id)
        for block, item in FORMAT_2021.active.items()
        for f in block.fields
        if f.kind == "money"
    )
    report.data.cells[money] = Cell(Decimal("1.2500"), Pos("x"))
    text = dumps(report_data(report, site.portal))
    assert '"value": 1.2500' in text
    assert json_cells(load(text))[money]["value"] == Decimal("1.2500")


def test_dumps_matches_json_module_for_plain_values() -> None:
    value: JsonValue = {"b": [1, {"z": None, "a": True}], "a": '中文"\n', "c": {}, "d": [], "e": -3}
    assert dumps(value) == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_each_format_matches_only_its_own_branch() -> None:
    rng = random.Random(3)
    agency = make_agency(1)
    site = hand_site(2021, 0)
    assert site.portal is not None
    for fmt, other in ((FORMAT_2019, FORMAT_2021), (FORMAT_2021, FORMAT_2019)):
        doc = load(dumps(report_data(make_report(agency, random_data(fmt, fmt.first_year, rng)), site.portal)))
        VALIDATOR.validate(doc)
        doc["format"]["id"] = other.id
        assert not VALIDATOR.is_valid(doc)


def test_schema_rejects_wrong_data() -> None:
    site = hand_site(2021, 1)
    assert site.portal is not None
    good = load(dumps(report_data(site.reports[0], site.portal)))
    key, cell = next(iter(json_cells(good).items()))

    def broken(change: str, value: Number | str | None) -> dict[str, Any]:
        doc = copy.deepcopy(good)
        target = json_cells(doc)[key]
        target[change] = value
        return doc

    assert not VALIDATOR.is_valid(broken("value", -1))
    assert not VALIDATOR.is_valid(broken("value", "3"))
    assert not VALIDATOR.is_valid(broken("label", cell["label"] + "x"))
    missing = copy.deepcopy(good)
    del missing["tables"]["reviews"]["groups"][0]["values"]
    assert not VALIDATOR.is_valid(missing)
    extra = copy.deepcopy(good)
    extra["tables"]["reviews"]["groups"].append(extra["tables"]["reviews"]["groups"][0])
    assert not VALIDATOR.is_valid(extra)


def test_schema_file_is_a_valid_draft_2020_12_schema(tmp_path: Path) -> None:
    (path,) = write_schemas(tmp_path / "schema")
    assert path.name == "report.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == report_json_schema()
    assert path.read_bytes() == write_schemas(tmp_path / "again")[0].read_bytes()


def test_missing_input_is_refused_not_zeroed() -> None:
    from gkgen.errors import DataError

    site = hand_site(2021, 1)
    assert site.portal is not None
    report = site.reports[0]
    assert report.data is not None
    report.data.cells.pop(next(iter(report.data.cells)))
    with pytest.raises(DataError):
        report_data(report, site.portal)


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_fast_report_json_is_dumps_of_report_data(fmt: Format) -> None:
    """write_report_data fills a per-format template; it must give exactly the generic bytes."""
    site = hand_site(fmt.first_year, 3, seed=7, fmt=fmt)
    assert site.portal is not None
    money = next((fmt.active.id, i.id, f.id) for b, i in fmt.active.items() for f in b.fields if f.kind == "money")
    for report, amount in zip(site.reports, ("1.50", "0", "12345.0001"), strict=True):
        assert report.data is not None
        report.data.cells[money] = Cell(Decimal(amount), Pos("x"))
        assert report_json(report, site.portal) == dumps(report_data(report, site.portal))


def test_fast_report_json_refuses_a_missing_input() -> None:
    from gkgen.errors import DataError

    site = hand_site(2021, 1)
    assert site.portal is not None
    report = site.reports[0]
    assert report.data is not None
    report.data.cells.pop(next(iter(report.data.cells)))
    with pytest.raises(DataError):
        report_json(report, site.portal)
