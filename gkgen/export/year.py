"""One year of a site: which reports, which formats, which aggregates — shared by CSV and XLSX."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gkgen.data import Agency, Report, ReportData, Site
from gkgen.export.cells import sum_reports
from gkgen.format import FORMATS, format_for_year
from gkgen.format.model import Format


@dataclass
class Aggregate:
    """The sum of several agencies' reports of one format; ``excluded`` used another format."""

    scope: str
    """Empty for all agencies, else the 分类."""
    data: ReportData
    agencies: list[Agency]
    excluded: list[Agency] = field(default_factory=list)


def year_reports(site: Site, year: int) -> list[Report]:
    """The reports of ``year`` whose numbers loaded, in the site's order (agency id)."""
    return [r for r in site.reports if r.year == year and r.data is not None]


def year_formats(reports: list[Report], year: int) -> list[Format]:
    """The formats the reports use: the one the year requires first, then the others."""
    used = {_data(r).format.id for r in reports}
    official = format_for_year(year)
    rest = [f for f in FORMATS.values() if f.id in used and f.id != official.id]
    return [official, *rest] if official.id in used else rest


def aggregates(reports: list[Report], year: int, categories: tuple[str, ...]) -> list[Aggregate]:
    """The all-agency sum, then one sum per 分类 in the portal's order (分类 not listed there
    follow, sorted). Only agencies of the year's main format are summed."""
    formats = year_formats(reports, year)
    if not formats:
        return []
    fmt = formats[0]
    out = [_aggregate("", reports, fmt, year)]
    used = {r.agency.category for r in reports}
    order = [c for c in categories if c in used] + sorted(used - set(categories))
    out.extend(_aggregate(c, [r for r in reports if r.agency.category == c], fmt, year) for c in order)
    return out


def data_date(reports: list[Report], year: int) -> dt.date:
    """A date taken from the data, never "now": the latest 发布日期, else 1 January of the next year."""
    dates = [r.data.published for r in reports if r.data is not None and r.data.published is not None]
    return max(dates, default=dt.date(year + 1, 1, 1))


def _aggregate(scope: str, reports: list[Report], fmt: Format, year: int) -> Aggregate:
    same = [r for r in reports if _data(r).format.id == fmt.id]
    other = [r.agency for r in reports if _data(r).format.id != fmt.id]
    data = sum_reports([_data(r) for r in same], fmt, year)
    return Aggregate(scope, data, [r.agency for r in same], other)


def _data(report: Report) -> ReportData:
    assert report.data is not None, "year_reports keeps only reports with data"
    return report.data
