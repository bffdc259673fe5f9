"""The rules stage: every consistency rule of docs/rules.md over a loaded site (GK110, GK2xx-GK5xx).

One module per family — :mod:`.arithmetic` (GK201-GK204), :mod:`.items` (GK110),
:mod:`.crossyear` (GK3xx), :mod:`.publication` (GK4xx), :mod:`.sections` and :mod:`.text`
(GK5xx) — each registers its checks by rule id in :mod:`.registry` with one signature
(:class:`~.registry.ReportContext` -> findings). Structure and types (GK0xx, GK1xx but GK110) are
the loader's job.
"""

from __future__ import annotations

from gkgen.data import Report, Site
from gkgen.findings import RULES, SEVERITY_WORDS, Finding
from gkgen.format import format_for_year
from gkgen.rules import arithmetic, crossyear, items, numbers, publication, sections, stale, text, typography
from gkgen.rules.arithmetic import resolve
from gkgen.rules.registry import CHECKS, ReportContext, Selection, registered_rules, selection

_FAMILIES = (arithmetic, items, crossyear, publication, sections, text, numbers, stale, typography)
"""Imported for their registrations, in the order their findings are produced."""


def check_reports(site: Site, wanted: Selection | None = None) -> list[Finding]:
    """Every rules-stage finding of every report of the site (unsorted)."""
    out: list[Finding] = []
    for report in site.reports:
        out.extend(check_report(site, report, wanted))
    return out


def check_report(site: Site, report: Report, wanted: Selection | None = None) -> list[Finding]:
    data = report.data
    before = site.report(report.agency.id, report.year - 1)
    context = ReportContext(
        site=site,
        report=report,
        format=data.format if data is not None else format_for_year(report.year),
        previous=before.data if before is not None else None,
        values=resolve(data) if data is not None else None,
    )
    ref = (report.agency.id, report.year)
    out: list[Finding] = []
    for check in CHECKS:
        if wanted is None or any(wanted(rid) for rid in check.rules):
            out.extend(f.about(ref) for f in check.run(context) if wanted is None or wanted(f.rule))
    return out


def rules_table() -> str:
    """Every rule as a Markdown table: id, severity, stage (loading, the registered check that
    reports it, or the build), title and example — docs/rules.md and `gkgen rules` show it."""
    checks = registered_rules()
    lines = ["| 编号 | 级别 | 阶段 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for info in RULES.values():
        if info.id in checks:
            stage = f"校验（{checks[info.id].name}）"
        else:
            stage = "生成" if info.id.startswith("GK6") else "读取"
        cells = [info.id, SEVERITY_WORDS[info.severity], stage, info.title, info.example]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


__all__ = ["check_report", "check_reports", "registered_rules", "rules_table", "selection"]
