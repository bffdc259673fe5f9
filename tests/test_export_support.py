"""Hand-built sites for the export tests: consistent random numbers for either format.

The generator walks the model, so it knows no label: table 三 gets random results and a random
carry-over split so that 一 + 二 = 三（七）总计 + 四 holds in every column (C1); C2–C4 hold by
construction because gkgen computes every total.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from gkgen.data import Agency, Cell, CellKey, Number, Portal, Pos, Report, ReportData, Site
from gkgen.format import FORMAT_2019, FORMAT_2021, format_for_year
from gkgen.format.model import Format
from gkgen.format.totals import full_grid

CATEGORIES = ("市级部门", "县级部门")


def random_data(fmt: Format, year: int, rng: random.Random, file: str = "x.yaml") -> ReportData:
    """Random inputs of ``fmt`` that obey C1 in every column of table 三."""
    values: dict[CellKey, Number] = {}
    kinds = {(fmt.active.id, item.id, f.id): f.kind for block, item in fmt.active.items() for f in block.fields}
    for key in fmt.input_keys:
        kind = kinds.get(key, "count")
        if kind == "money":
            values[key] = Decimal(rng.randint(0, 99999)).scaleb(-rng.randint(0, 4))
        elif kind == "delta":
            values[key] = rng.randint(-5, 5)
        else:
            values[key] = rng.randint(0, 9)
    _balance(fmt, values, rng)
    cells = {key: Cell(value, Pos(file, 1, 1)) for key, value in values.items()}
    published = dt.date(year + 1, 1, rng.randint(5, 28))
    return ReportData(file=file, year=year, format=fmt, cells=cells, published=published)


def _balance(fmt: Format, values: dict[CellKey, Number], rng: random.Random) -> None:
    """Choose 一 and 二 so that 一 + 二 = 三（七）总计 + 四 (the model's equation) per column."""
    table = fmt.applications
    (equation,) = table.equations
    left_inputs = [r for r in equation.left if not table.row(r).computed]
    probe = ReportData(file="", year=0, format=fmt, cells={k: Cell(v, Pos("")) for k, v in values.items()})
    grid = full_grid(probe)
    for column in table.input_columns():
        right = sum(int(grid[(table.id, r, column.id)]) for r in equation.right)
        first, second = left_inputs
        split = rng.randint(0, right)
        values[(table.id, first, column.id)] = split
        values[(table.id, second, column.id)] = right - split


def make_report(agency: Agency, data: ReportData, root: Path = Path("/site")) -> Report:
    folder = root / "reports" / agency.id
    return Report(agency, data.year, data, None, folder / f"{data.year}.yaml", folder / f"{data.year}.md")


def make_agency(index: int, category: str | None = None) -> Agency:
    return Agency(
        id=f"agency-{index:02d}",
        name=f"测试机构{index:02d}",
        category=category or CATEGORIES[index % len(CATEGORIES)],
        short_name=f"测{index:02d}" if index % 2 else None,
    )


def hand_site(year: int, count: int, seed: int = 1, fmt: Format | None = None, root: Path = Path("/site")) -> Site:
    """``count`` agencies with one report each for ``year`` (in the year's format by default)."""
    rng = random.Random(seed)
    portal = Portal(name="测试门户", base_url="https://example.org/nb/", categories=CATEGORIES)
    site = Site(root=root, portal=portal)
    for index in range(count):
        agency = make_agency(index)
        site.agencies[agency.id] = agency
        data = random_data(fmt or format_for_year(year), year, rng, f"reports/{agency.id}/{year}.yaml")
        site.reports.append(make_report(agency, data, root))
    return site


def test_random_data_obeys_the_equations() -> None:
    rng = random.Random(7)
    for fmt in (FORMAT_2019, FORMAT_2021):
        data = random_data(fmt, 2021, rng)
        grid = full_grid(data)
        table = fmt.applications
        for equation in table.equations:
            for column in table.columns():
                left = sum(grid[(table.id, r, column.id)] for r in equation.left)
                right = sum(grid[(table.id, r, column.id)] for r in equation.right)
                assert left == right
