"""The consistency rules of FORMAT.md (1-11) over a loaded site: GK2xx-GK5xx findings.

One module per family: :mod:`.arithmetic` (rules 1-4), :mod:`.crossyear` (6-7),
:mod:`.publication` (8-9), :mod:`.sections` (10) and :mod:`.text` (11 and DATA.md §4).
Structure and types (rule 5, GK1xx) are the loader's job.
"""

from __future__ import annotations

from gkgen.data import Report, Site
from gkgen.findings import Finding
from gkgen.formats import format_for_year
from gkgen.rules.arithmetic import check_arithmetic, resolve
from gkgen.rules.crossyear import check_cross_year
from gkgen.rules.publication import check_publication
from gkgen.rules.sections import check_sections
from gkgen.rules.text import check_text


def check_reports(site: Site) -> list[Finding]:
    """Every GK2xx-GK5xx finding of every report of the site (unsorted)."""
    out: list[Finding] = []
    for report in site.reports:
        out.extend(check_report(site, report))
    return out


def check_report(site: Site, report: Report) -> list[Finding]:
    out: list[Finding] = []
    data = report.data
    before = site.report(report.agency.id, report.year - 1)
    previous = before.data if before is not None else None
    values = resolve(data) if data is not None else None
    if data is not None:
        out.extend(check_arithmetic(data, previous, values))
        if previous is not None:
            out.extend(check_cross_year(data, previous))
        out.extend(check_publication(report.agency, data))
    if report.narrative is not None:
        # the sections are the same in every format; only the 信息处理费 notice depends on it
        fmt = data.format if data is not None else format_for_year(report.year)
        out.extend(check_sections(report.narrative, fmt))
        out.extend(check_text(report.narrative, data, values, site.root))
    return out


__all__ = ["check_report", "check_reports"]
