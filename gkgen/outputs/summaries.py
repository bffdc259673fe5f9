"""Each year's summary.csv and summary.xlsx: every agency's cells, and the sums (docs/data.md)."""

from __future__ import annotations

from gkgen.findings import Finding
from gkgen.outputs.registry import BuildState, Output
from gkgen.paths import SUMMARY_CSV, SUMMARY_XLSX, year_dir


def _years(state: BuildState) -> list[int]:
    return sorted({r.year for r in state.reports})


class SummaryCsv(Output):
    name = "年度汇总（CSV）"

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.export.csv import write_summary_csv
        from gkgen.export.year import year_reports

        for year in _years(state):
            folder = state.stage / year_dir(year)
            folder.mkdir(parents=True, exist_ok=True)
            write_summary_csv(year_reports(state.site, year), year, folder / SUMMARY_CSV)
        return []


class SummaryXlsx(Output):
    name = "年度汇总（XLSX）"

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.export.status import year_status
        from gkgen.export.xlsx import write_summary_xlsx
        from gkgen.export.year import year_reports

        categories = state.site.portal.categories if state.site.portal is not None else ()
        for year in _years(state):
            folder = state.stage / year_dir(year)
            folder.mkdir(parents=True, exist_ok=True)
            statuses = year_status(state.site, year)
            write_summary_xlsx(year_reports(state.site, year), year, categories, folder / SUMMARY_XLSX, statuses)
        return []


CSV = SummaryCsv()
XLSX = SummaryXlsx()
