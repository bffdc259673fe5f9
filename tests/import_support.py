"""Helpers shared by the import tests: an empty site, and a report's numbers as plain dicts."""

from __future__ import annotations

import shutil
from pathlib import Path

from gkgen.data import CellKey, Number, ReportData, Site
from gkgen.load import load_site

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS_RAW = FIXTURES / "seeds-raw"
SEEDS = FIXTURES / "seeds"
IMPORT = FIXTURES / "import"
SEED_AGENCIES = {
    "000": "ejina-gxj",
    "001": "tuoli-swgxj",
    "002": "hlbe-swj",
    "003": "zhongning-gxj",
    "004": "fuxin-mtzx",
}

PORTAL = "门户名称: 导入测试门户\n分类: [市级部门, 县级部门]\n"


def empty_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "gkgen.yaml").write_text(PORTAL, encoding="utf-8")
    return root


def seed_site(root: Path) -> Path:
    """tests/fixtures/seeds/ keeps its agencies at the top level; lay them out as a site."""
    empty_site(root)
    for agency in SEED_AGENCIES.values():
        shutil.copytree(SEEDS / agency, root / "reports" / agency)
    return root


def numbers(data: ReportData) -> tuple[dict[CellKey, Number], dict[CellKey, Number]]:
    """(input cells, typed totals) as plain values."""
    return (
        {k: c.value for k, c in data.cells.items()},
        {k: c.value for k, c in data.typed_totals.items()},
    )


def report_data(site: Site, agency: str, year: int) -> ReportData:
    report = site.report(agency, year)
    assert report is not None and report.data is not None
    return report.data


def load(root: Path) -> Site:
    site, _ = load_site(root)
    return site
