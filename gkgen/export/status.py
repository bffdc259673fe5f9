"""Who has filed a year: one row per agency with its 发布日期, deadline and state.

An agency is expected to file every year from the year of its first report on (an agency with no
report yet: every year asked about). Used by `gkgen status`, by the status sheet of
summary.xlsx and by status-YYYY.csv of `gkgen export`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gkgen.data import Agency, Site
from gkgen.findings import Finding
from gkgen.rules.publication import deadline

MISSING = "未提交"
ERRORS = "有错误"
UNDATED = "未填发布日期"
LATE = "逾期发布"
ON_TIME = "按时发布"
STATES = (MISSING, ERRORS, UNDATED, LATE, ON_TIME)
"""Every state, worst first."""

STATUS_COLUMNS = ("机构标识", "名称", "分类", "层级", "年度", "状态", "发布日期", "法定期限", "错误", "警告")
SHEET_NAME = "报送情况"


@dataclass(frozen=True)
class AgencyStatus:
    agency: Agency
    year: int
    filed: bool
    """Whether the year's files are there (YYYY.yaml or YYYY.md)."""
    published: dt.date | None
    due: dt.date
    errors: int | None
    """None when the site was not checked (a build publishes only sites without errors)."""
    warnings: int | None

    @property
    def late(self) -> bool:
        return self.published is not None and self.published > self.due

    @property
    def state(self) -> str:
        if not self.filed:
            return MISSING
        if self.errors:
            return ERRORS
        if self.published is None:
            return UNDATED
        return LATE if self.late else ON_TIME

    def row(self) -> list[str]:
        return [
            self.agency.id,
            self.agency.name,
            self.agency.category,
            self.agency.level,
            str(self.year),
            self.state,
            self.published.isoformat() if self.published else "",
            self.due.isoformat(),
            "" if self.errors is None else str(self.errors),
            "" if self.warnings is None else str(self.warnings),
        ]


def expected(site: Site, agency: Agency, year: int) -> bool:
    """Whether ``agency`` should have filed ``year``: from its first report's year on."""
    years = [r.year for r in site.reports if r.agency.id == agency.id]
    return not years or min(years) <= year


def site_years(site: Site) -> list[int]:
    return sorted({r.year for r in site.reports})


def year_status(site: Site, year: int, findings: Iterable[Finding] | None = None) -> list[AgencyStatus]:
    """Every agency expected to file ``year`` (agency id order). With ``findings`` (of a check)
    each row counts the errors and warnings of that report."""
    counts: dict[tuple[str, str], int] | None = None
    if findings is not None:
        counts = {}
        for f in findings:
            if f.report is not None and f.report[1] == year:
                key = (f.report[0], f.severity)
                counts[key] = counts.get(key, 0) + 1
    out: list[AgencyStatus] = []
    for agency in sorted(site.agencies.values(), key=lambda a: a.id):
        if not expected(site, agency, year):
            continue
        report = site.report(agency.id, year)
        published = report.data.published if report is not None and report.data is not None else None
        out.append(
            AgencyStatus(
                agency,
                year,
                report is not None,
                published,
                deadline(agency, year),
                None if counts is None else counts.get((agency.id, "error"), 0),
                None if counts is None else counts.get((agency.id, "warning"), 0),
            )
        )
    return out


def status_rows(statuses: list[AgencyStatus]) -> list[list[str]]:
    return [list(STATUS_COLUMNS), *(s.row() for s in statuses)]


def write_status_csv(statuses: list[AgencyStatus], path: Path) -> Path:
    """UTF-8 with a BOM and CRLF, like summary.csv."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(status_rows(statuses))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def missing_names(statuses: list[AgencyStatus]) -> list[str]:
    return [s.agency.name for s in statuses if not s.filed]
