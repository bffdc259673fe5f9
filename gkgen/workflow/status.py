"""`gkgen status`: per year, every agency — filed or not, 发布日期 and whether late, errors and
warnings. The rows come from :mod:`gkgen.export.status` (the same as the export's status sheet)."""

from __future__ import annotations

import json
from pathlib import Path

from gkgen.export.status import MISSING, ON_TIME, AgencyStatus, site_years, year_status
from gkgen.format.shapes.base import pad, width
from gkgen.workflow.console import Console
from gkgen.workflow.site import Scope

StatusFormat = str
"""text | json | csv"""


def collect_status(root: Path, scope: Scope, years: tuple[int, ...]) -> dict[int, list[AgencyStatus]]:
    """The status rows of each year asked for (default: every year with a report), in scope."""
    from gkgen.check import check_site

    site, findings = check_site(root, scope)
    wanted = years or tuple(site_years(site)) or ()
    out: dict[int, list[AgencyStatus]] = {}
    for year in sorted(wanted):
        out[year] = [s for s in year_status(site, year, findings) if scope.covers(s.agency.id, year)]
    return out


def run_status(root: Path, scope: Scope, years: tuple[int, ...], output: StatusFormat, console: Console) -> int:
    """Print the status; exit 0 (status is information, `gkgen check` is the gate)."""
    with console.step("正在检查"):
        table = collect_status(root, scope, years)
    if not table:
        console.info("站点中还没有任何报告。用 gkgen new 机构标识 年度 新建。")
        return 0
    if output == "json":
        console.result(json.dumps(status_json(table), ensure_ascii=False, indent=2))
    elif output == "csv":
        from gkgen.export.status import status_rows

        rows = status_rows([s for year in table for s in table[year]])
        console.result("\n".join(",".join(_csv_field(v) for v in row) for row in rows))
    else:
        console.result(status_text(table, colour=console.colour))
    return 0


def status_json(table: dict[int, list[AgencyStatus]]) -> list[dict[str, object]]:
    return [
        {
            "year": year,
            "agency": s.agency.id,
            "name": s.agency.name,
            "category": s.agency.category,
            "filed": s.filed,
            "published": s.published.isoformat() if s.published else None,
            "due": s.due.isoformat(),
            "late": s.late,
            "state": s.state,
            "errors": s.errors,
            "warnings": s.warnings,
        }
        for year, statuses in table.items()
        for s in statuses
    ]


def status_text(table: dict[int, list[AgencyStatus]], *, colour: bool = False) -> str:
    """One block per year: a line per agency, then the count of each state."""
    import click

    lines: list[str] = []
    for year, statuses in table.items():
        if lines:
            lines.append("")
        filed = sum(s.filed for s in statuses)
        lines.append(f"{year} 年度：{len(statuses)} 个机构，已提交 {filed} 个，未提交 {len(statuses) - filed} 个")
        name_width = max((width(s.agency.name) for s in statuses), default=0) + 2
        for s in statuses:
            state = pad(s.state, 14)
            if colour:
                fg = "green" if s.state == ON_TIME else "red" if s.state == MISSING or s.errors else "yellow"
                state = click.style(s.state, fg=fg) + " " * (width(state) - width(s.state))
            date = s.published.isoformat() if s.published else "—"
            counts = f"错误 {s.errors}，警告 {s.warnings}" if s.filed and s.errors is not None else ""
            lines.append(
                f"  {pad(s.agency.name, name_width)}{state}发布日期 {pad(date, 12)}期限 {s.due}  {counts}".rstrip()
            )
    return "\n".join(lines)


def _csv_field(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n') else value
