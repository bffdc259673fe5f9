"""Helpers shared by the import tests: an empty site, and a report's numbers as plain dicts."""

from __future__ import annotations

import shutil
from pathlib import Path

from gkgen.data import CellKey, Number, ReportData, Site
from gkgen.load.site import load_site

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
    """A writable copy of the raw seed transcriptions (tests/fixtures/seeds/, itself a site)."""
    shutil.copytree(SEEDS, root, dirs_exist_ok=True)
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


SYNTHETIC_MD = """本报告为导入测试生成的合成数据。

# 总体情况

## 主动公开

合成数据。

# 存在的主要问题及改进情况

合成数据。

# 其他需要报告的事项

本年度未收取信息处理费。
"""


def synthetic_site(root: Path, seed: int = 20240101) -> Path:
    """A site of generated reports (both formats) with varied non-zero numbers: large counts,
    money with decimals, negative 本年增减 — every value different enough to catch a misplaced cell."""
    import random
    from decimal import Decimal

    from gkgen.data import Cell, Pos
    from gkgen.format import format_for_year
    from gkgen.load.writer import dump_report_yaml

    rng = random.Random(seed)
    empty_site(root)
    for agency, years in (("syn-a", (2020, 2021)), ("syn-b", (2021, 2022))):
        folder = root / "reports" / agency
        folder.mkdir(parents=True)
        (folder / "agency.yaml").write_text(f"名称: 合成测试局{agency[-1].upper()}\n分类: 市级部门\n", encoding="utf-8")
        for year in years:
            fmt = format_for_year(year)
            cells: dict[CellKey, Cell] = {}
            for key in fmt.input_keys:
                kind = next((f.kind for b in fmt.active.blocks for f in b.fields if f.id == key[2]), "count")
                value: Number = rng.choice([0, 0, 1, 2, 3, 7, 12, 48, 105, 1234])
                if kind == "money":
                    value = Decimal(rng.randrange(0, 2_000_000)) / 10000
                elif kind == "delta":
                    value = rng.randrange(0, 5)
                cells[key] = Cell(value, Pos(""))
            data = ReportData(f"reports/{agency}/{year}.yaml", year, fmt, cells)
            (folder / f"{year}.yaml").write_text(dump_report_yaml(data), encoding="utf-8")
            (folder / f"{year}.md").write_text(SYNTHETIC_MD, encoding="utf-8")
    return root
