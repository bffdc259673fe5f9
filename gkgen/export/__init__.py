"""The published data: report.json per report, summary.csv and summary.xlsx per year, and the
JSON Schema of report.json — all walking the model of :mod:`gkgen.format`."""

from __future__ import annotations

from pathlib import Path

from gkgen.data import Site
from gkgen.export.csv import write_summary_csv
from gkgen.export.json import report_data, write_report_data
from gkgen.export.schema import report_json_schema, write_schemas
from gkgen.export.xlsx import write_summary_xlsx
from gkgen.export.year import year_reports
from gkgen.paths import SUMMARY_CSV, SUMMARY_XLSX

__all__ = [
    "report_data",
    "report_json_schema",
    "write_report_data",
    "write_schemas",
    "write_year_summaries",
]


def write_year_summaries(site: Site, year: int, dest_dir: Path) -> list[Path]:
    """Write dest_dir/summary.csv and dest_dir/summary.xlsx for every agency of ``year``."""
    reports = year_reports(site, year)
    categories = site.portal.categories if site.portal is not None else ()
    return [
        write_summary_csv(reports, year, dest_dir / SUMMARY_CSV),
        write_summary_xlsx(reports, year, categories, dest_dir / SUMMARY_XLSX),
    ]
