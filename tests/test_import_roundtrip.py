"""Round trips: a report written by gkgen (its HTML page) or from its data (a Word file with the
official merged grid) imports back to the same numbers — for every report of the sample site
and of the seed transcriptions."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
from import_grids import write_docx
from import_support import load, seed_site

from gkgen.data import CellKey, Number, Report, Site
from gkgen.html import render_site
from gkgen.importer import import_file
from gkgen.totals import computed_cells, full_grid

ROOT = Path(__file__).parent.parent


def _reports(site: Site) -> list[Report]:
    return [r for r in site.reports if r.data is not None and r.narrative is not None]


_SEEDS = seed_site(Path(tempfile.mkdtemp(prefix="gkgen-seeds-")) / "site")
atexit.register(shutil.rmtree, _SEEDS.parent, ignore_errors=True)
SITES = {"sample": load(ROOT), "seeds": load(_SEEDS)}
CASES = [(name, r.agency.id, r.year) for name, site in SITES.items() for r in _reports(site)]
IDS = [f"{s}-{a}-{y}" for s, a, y in CASES]


@pytest.fixture(scope="module")
def pages() -> dict[str, dict[str, bytes]]:
    return {name: render_site(site, pdf=False) for name, site in SITES.items()}


def _expected(report: Report) -> tuple[dict[CellKey, Number], dict[CellKey, Number]]:
    """Input cells as typed, and every total as gkgen computes (and prints) it."""
    assert report.data is not None
    grid = full_grid(report.data)
    totals = {key: grid[key] for key, _ in computed_cells(report.data.format)}
    return {k: c.value for k, c in report.data.cells.items()}, totals


def _got(path: Path, year: int) -> tuple[dict[CellKey, Number], dict[CellKey, Number]]:
    item = import_file(path, year=year)
    assert item.complete, (item.missing, item.match.unplaced)
    return {k: c.value for k, c in item.data.cells.items()}, {k: c.value for k, c in item.data.typed_totals.items()}


@pytest.mark.parametrize(("site_name", "agency", "year"), CASES, ids=IDS)
def test_docx_round_trip(tmp_path: Path, site_name: str, agency: str, year: int) -> None:
    report = SITES[site_name].report(agency, year)
    assert report is not None and report.data is not None
    path = write_docx(report.data, tmp_path / "report.docx", f"{report.agency.name}{year}年政府信息公开工作年度报告")
    cells, totals = _got(path, year)
    want_cells, want_totals = _expected(report)
    assert cells == want_cells
    assert totals == {k: v for k, v in want_totals.items() if k in totals}
    assert import_file(path).format is report.data.format


@pytest.mark.parametrize(("site_name", "agency", "year"), CASES, ids=IDS)
def test_gkgen_html_page_round_trip(pages: dict[str, dict[str, bytes]], tmp_path: Path, site_name: str, agency: str,
                                    year: int) -> None:
    site = SITES[site_name]
    page = next(v for k, v in pages[site_name].items() if k.endswith(f"{year}/{agency}/index.html"))
    path = tmp_path / "page.html"
    path.write_bytes(page)
    cells, totals = _got(path, year)
    want_cells, want_totals = _expected(site.report(agency, year))  # type: ignore[arg-type]
    assert cells == want_cells
    assert totals == want_totals
    item = import_file(path)
    assert item.year == year
