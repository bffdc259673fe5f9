"""Export on real sites loaded from disk: the bundled sample site (repo root) and the minimal
valid fixture, and the `gkgen export` command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import MINIMAL, MakeSite
from test_export_json import json_cells
from test_export_xlsx import assert_obeys_rules, expected_merges, sheet_values

from gkgen.cli import main
from gkgen.data import Site
from gkgen.export import report_data, report_json_schema, write_report_data, write_year_summaries
from gkgen.export.json import dumps
from gkgen.export.xlsx import AGGREGATE_SHEET
from gkgen.findings import has_errors
from gkgen.format.totals import full_grid
from gkgen.load.site import load_site

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = jsonschema.Draft202012Validator(report_json_schema())


def loaded(root: Path) -> Site:
    site, findings = load_site(root)
    assert not has_errors(findings)
    return site


@pytest.mark.parametrize("root", [ROOT, MINIMAL], ids=["sample", "minimal"])
def test_every_report_json_validates_and_round_trips(root: Path, tmp_path: Path) -> None:
    site = loaded(root)
    assert site.portal is not None and site.reports
    for report in site.reports:
        assert report.data is not None
        (path,) = write_report_data(report, site.portal, tmp_path / str(report.year) / report.agency.id)
        doc = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        VALIDATOR.validate(doc)
        assert {key: v["value"] for key, v in json_cells(doc).items()} == full_grid(report.data)


@pytest.mark.parametrize("root", [ROOT, MINIMAL], ids=["sample", "minimal"])
def test_year_summaries_of_a_loaded_site(root: Path, tmp_path: Path) -> None:
    site = loaded(root)
    for year in sorted({r.year for r in site.reports}):
        reports = [r for r in site.reports if r.year == year and r.data is not None]
        csv_path, xlsx_path = write_year_summaries(site, year, tmp_path / str(year))
        lines = csv_path.read_bytes().decode("utf-8-sig").splitlines()
        assert len(lines) == 1 + len(reports)
        book = openpyxl.load_workbook(xlsx_path)
        fmt = reports[0].data.format if reports[0].data is not None else None
        assert fmt is not None
        assert_obeys_rules(sheet_values(book[AGGREGATE_SHEET], fmt), fmt)
        for report in reports:
            assert report.data is not None
            ws = book[report.agency.name]
            assert {str(r) for r in ws.merged_cells.ranges} == expected_merges(report.data.format)
            assert sheet_values(ws, report.data.format) == full_grid(report.data)


def test_export_command_writes_all_three(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(ROOT), "--year", "2021", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["reports-2021.json", "status-2021.csv", "summary-2021.csv", "summary-2021.xlsx"]
    docs = json.loads((tmp_path / "reports-2021.json").read_text(encoding="utf-8"), parse_float=Decimal)
    site = loaded(ROOT)
    assert site.portal is not None
    expected = [report_data(r, site.portal) for r in site.reports if r.year == 2021]
    assert docs == json.loads("[" + ",".join(dumps(d) for d in expected) + "]", parse_float=Decimal)
    for doc in docs:
        VALIDATOR.validate(doc)


def test_export_command_one_format(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(site), "--year", "2020", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["status-2020.csv", "summary-2020.csv"]


def test_export_refuses_a_year_with_errors(make_site: MakeSite, tmp_path: Path) -> None:
    yaml_2021 = (MINIMAL / "reports" / "demo" / "2021.yaml").read_text(encoding="utf-8")
    broken = yaml_2021.replace("本年新收: [3,", "本年新收: [9,", 1)
    assert broken != yaml_2021
    site = make_site({"reports/demo/2021.yaml": broken})
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(site), "--year", "2021", "--out", str(out)])
    assert result.exit_code == 1
    assert "2021 年度的数据有" in result.output and "未导出" in result.output
    assert not out.exists()
    result = CliRunner().invoke(main, ["export", str(site), "--year", "2020", "--out", str(out)])
    assert result.exit_code == 0, result.output  # 2020's files are clean


def test_export_refuses_a_year_without_reports(make_site: MakeSite, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(make_site()), "--year", "2030", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "没有 2030 年度的报告" in result.output


def test_export_needs_a_year(make_site: MakeSite) -> None:
    result = CliRunner().invoke(main, ["export", str(make_site())])
    assert result.exit_code == 2
