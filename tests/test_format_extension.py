"""Adding a format year is one small module: a made-up 2026 format (the 2021 format with one more
row in table 二) registered here gets loading, checking (its sums), HTML, report.json and its
schema, CSV/XLSX, the editors' schema and import, with no change anywhere else in gkgen."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from conftest import MINIMAL

from gkgen.data import Cell, Pos, ReportData
from gkgen.format import FORMAT_2021, format_for_year, register, unregister
from gkgen.format.model import Format, Item
from gkgen.load.site import load_site
from gkgen.load.writer import dump_report_yaml

NEW_ITEM = Item("inspection", "行政检查", "行政检查")


def variant_2026() -> Format:
    """The made-up format: table 二's 第二十条第（六）项 gains a 行政检查 row."""
    blocks = tuple(
        replace(b, items=(*b.items, NEW_ITEM)) if b.id == "art20_6" else b for b in FORMAT_2021.active.blocks
    )
    return replace(
        FORMAT_2021,
        id="2026",
        document="（测试用）2026 年虚构格式",
        first_year=2026,
        active=replace(FORMAT_2021.active, blocks=blocks),
    )


@pytest.fixture
def fmt2026() -> Iterator[Format]:
    fmt = register(variant_2026())
    try:
        yield fmt
    finally:
        unregister(fmt.id)


def site_2026(tmp_path: Path, fmt: Format, *, inspections: int = 7, new_received: int | None = None) -> Path:
    """The minimal site plus a 2026 report in the new format (its 2021 numbers, one more row)."""
    root = tmp_path / "site"
    shutil.copytree(MINIMAL, root)
    site, _ = load_site(root)
    report = site.report("demo", 2021)
    assert report is not None and report.data is not None
    cells = dict(report.data.cells)
    cells[("active", "inspection", "decisions")] = Cell(inspections, Pos(""))
    if new_received is not None:
        key = ("applications", "new_received", "natural_person")
        cells[key] = Cell(new_received, Pos(""))
    data = ReportData("", 2026, fmt, cells)
    data.published = report.data.published and report.data.published.replace(year=2027)
    folder = root / "reports" / "demo"
    (folder / "2026.yaml").write_text(dump_report_yaml(data), encoding="utf-8")
    md = (folder / "2021.md").read_text(encoding="utf-8").replace("2021", "2026")
    (folder / "2026.md").write_text(md, encoding="utf-8")
    return root


def test_the_year_picks_the_new_format(fmt2026: Format) -> None:
    assert format_for_year(2026) is fmt2026
    assert format_for_year(2030) is fmt2026
    assert format_for_year(2025).id == "2021"


def test_load_and_check(tmp_path: Path, fmt2026: Format) -> None:
    from gkgen.check import check_site

    root = site_2026(tmp_path, fmt2026)
    site, findings = check_site(root)
    assert findings == []
    report = site.report("demo", 2026)
    assert report is not None and report.data is not None and report.data.format is fmt2026
    assert report.data.cells[("active", "inspection", "decisions")].value == 7
    assert fmt2026.describe(("active", "inspection", "decisions")) == "表二“行政检查”行“本年处理决定数量”列"

    # its sums are checked like any format's
    _, findings = check_site(site_2026(tmp_path / "b", fmt2026, new_received=99))
    assert [f.rule for f in findings] == ["GK201"]

    # a missing row of the new table is a missing row
    root = site_2026(tmp_path / "c", fmt2026)
    path = root / "reports" / "demo" / "2026.yaml"
    path.write_text("\n".join(x for x in path.read_text(encoding="utf-8").splitlines() if "行政检查" not in x))
    _, findings = check_site(root)
    assert [(f.rule, "行政检查" in f.message) for f in findings] == [("GK101", True)]


def test_outputs(tmp_path: Path, fmt2026: Format) -> None:
    from gkgen.build import build
    from gkgen.export.schema import report_json_schema
    from gkgen.load.schema import any_year_schema, year_schema

    root = site_2026(tmp_path, fmt2026)
    out = build(root, tmp_path / "out", pdf=False).out
    page = (out / "2026" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "行政检查" in page
    doc = json.loads((out / "2026" / "demo" / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, report_json_schema())
    assert doc["format"]["id"] == "2026"
    items = [i["id"] for b in doc["tables"]["active"]["blocks"] for i in b["items"]]
    assert "inspection" in items
    with (out / "2026" / "summary.csv").open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert any("行政检查" in h for h in header)
    assert (out / "2026" / "summary.xlsx").stat().st_size > 0
    assert "行政检查" in json.dumps(year_schema(fmt2026), ensure_ascii=False)
    assert "format2026" in any_year_schema()["$defs"]


def test_import_of_its_own_page(tmp_path: Path, fmt2026: Format) -> None:
    from gkgen.build import build
    from gkgen.importer import import_file

    root = site_2026(tmp_path, fmt2026)
    out = build(root, tmp_path / "out", pdf=False).out
    imported = import_file(out / "2026" / "demo" / "index.html", year=2026)
    assert imported.format is fmt2026
    assert imported.missing == []
    site, _ = load_site(root)
    report = site.report("demo", 2026)
    assert report is not None and report.data is not None
    assert {k: c.value for k, c in imported.data.cells.items()} == {k: c.value for k, c in report.data.cells.items()}
