"""report.json beside each report page (docs/data.md)."""

from __future__ import annotations

from gkgen.findings import Finding
from gkgen.outputs.registry import BuildState, Output
from gkgen.paths import report_dir


class ReportJson(Output):
    name = "报告数据（JSON）"

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.export.json import write_report_data

        assert state.site.portal is not None
        for report in state.reports:
            write_report_data(report, state.site.portal, state.stage / report_dir(report))
        return []


OUTPUT = ReportJson()
