"""Builders for the rules' unit tests: ReportData, Narrative and Site objects made in memory,
every row and cell derived from the model (no label is spelled here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gkgen.data import Agency, Cell, CellKey, Number, Pos, Report, ReportData, Site
from gkgen.format import format_for_year
from gkgen.format.model import Format, walk_rows
from gkgen.load.narrative import parse_narrative

AGENCY = "test-agency"


def blank(year: int = 2021, fmt: Format | None = None, agency: str = AGENCY) -> ReportData:
    """All-zero data with a distinct line per row and a distinct column per cell."""
    fmt = fmt or format_for_year(year)
    file = f"reports/{agency}/{year}.yaml"
    rows: dict[tuple[str, str], Pos] = {}
    line = 4
    for row in walk_rows(fmt.applications.rows):
        rows[(fmt.applications.id, row.id)] = Pos(file, line, 5)
        line += 1
    for group in fmt.reviews.groups():
        rows[(fmt.reviews.id, group.id)] = Pos(file, line, 3)
        line += 1
    for _block, item in fmt.active.items():
        rows[(fmt.active.id, item.id)] = Pos(file, line, 3)
        line += 1
    cells: dict[CellKey, Cell] = {}
    index: dict[tuple[str, str], int] = {}
    for key in fmt.input_keys:
        n = index.get(key[:2], 0)
        index[key[:2]] = n + 1
        cells[key] = Cell(0, Pos(file, rows[key[:2]].line, 20 + 3 * n))
    return ReportData(
        file=file, year=year, format=fmt, cells=cells, rows=rows, year_pos=Pos(file, 1, 5), format_pos=Pos(file, 2, 5)
    )


def put(data: ReportData, key: CellKey, value: Number) -> None:
    data.cells[key] = Cell(value, data.cells[key].pos)


def type_total(data: ReportData, key: CellKey, value: Number) -> Pos:
    """Record a typed total at a position of its own; returns that position."""
    row = data.row_pos(key[0], key[1])
    pos = Pos(data.file, row.line, 90)
    data.typed_totals[key] = Cell(value, pos)
    return pos


def good_narrative(fmt: Format, agency: str = AGENCY, year: int = 2021) -> str:
    """A narrative that passes every section rule for ``fmt``."""
    narrative = [s for s in fmt.sections if s.kind == "narrative"]
    out = ["本报告依据条例编制。", ""]
    for section in narrative:
        out += [f"# {section.title}", ""]
        for variants in section.parts:
            out += [f"## {variants[0]}", "", "本年度工作正常开展。", ""]
        if not section.parts:
            out += ["本年度收取信息处理费0元。", ""]
    return "\n".join(out)


def site_of(*reports: tuple[ReportData, str], level: str = "部门") -> Site:
    """A site of one agency holding the given (data, narrative text) pairs."""
    agency = Agency(id=AGENCY, name="测试机构", category="测试", level=level)
    site = Site(root=Path("."), portal=None, agencies={AGENCY: agency})
    for data, text in sorted(reports, key=lambda r: r[0].year):
        narrative = parse_narrative(text, data.file.replace(".yaml", ".md"))
        site.reports.append(Report(agency, data.year, data, narrative, Path(data.file), Path(narrative.file)))
    return site


def published(data: ReportData, day: dt.date) -> None:
    data.published = day
    data.published_pos = Pos(data.file, 3, 7)
