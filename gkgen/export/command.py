"""`gkgen export`: every agency's tables of one year as CSV, XLSX or one JSON list."""

from __future__ import annotations

from pathlib import Path

from gkgen.errors import DataError
from gkgen.findings import Finding

EXPORT_FORMATS = ("csv", "xlsx", "json")


def export_year(root: Path, year: int, formats: tuple[str, ...], out: Path) -> list[Path]:
    """Check the site, refuse if ``year`` has errors, write the requested files into ``out``:
    summary-YYYY.csv and status-YYYY.csv (who has filed), summary-YYYY.xlsx (with a 报送情况 sheet),
    reports-YYYY.json (a list of report.json objects)."""
    from gkgen.check import check_site
    from gkgen.export.csv import write_summary_csv
    from gkgen.export.json import dumps, report_data
    from gkgen.export.status import write_status_csv, year_status
    from gkgen.export.year import year_reports

    site, findings = check_site(root)
    errors = year_errors(findings, year)
    if errors:
        raise DataError(f"{year} 年度的数据有 {len(errors)} 个错误，未导出。请运行 gkgen check 查看并修正。")
    reports = year_reports(site, year)
    if not reports or site.portal is None:
        raise DataError(f"站点中没有 {year} 年度的报告，未导出。")
    statuses = year_status(site, year, findings)
    written: list[Path] = []
    if "csv" in formats:
        written.append(write_summary_csv(reports, year, out / f"summary-{year}.csv"))
        written.append(write_status_csv(statuses, out / f"status-{year}.csv"))
    if "xlsx" in formats:
        from gkgen.export.xlsx import write_summary_xlsx

        path = out / f"summary-{year}.xlsx"
        written.append(write_summary_xlsx(reports, year, site.portal.categories, path, statuses))
    if "json" in formats:
        path = out / f"reports-{year}.json"
        out.mkdir(parents=True, exist_ok=True)
        portal = site.portal
        path.write_text(dumps([report_data(r, portal) for r in reports]), encoding="utf-8")
        written.append(path)
    return written


def year_errors(findings: list[Finding], year: int) -> list[Finding]:
    """Errors in that year's files or in files every year depends on (gkgen.yaml, agency.yaml);
    errors confined to another year's files do not stop this year's export."""
    return [f for f in findings if f.severity == "error" and (f.report is None or f.report[1] == year)]
