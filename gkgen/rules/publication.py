"""The format a year must use (GK401), the publication deadline (GK402) and
dates that cannot be true (GK403).

GK403 decides: a report cannot be published before its year has ended (that includes a date
left over from last year's file, and 0001-01-01), nor after the end of the following year (the
deadline is 1月31日 or 3月31日; a date a whole year later is a typo of the year). A date
exactly one year after last year's is *not* flagged: many agencies publish on the same day
every year (often the deadline itself).
"""

from __future__ import annotations

import datetime as dt

from gkgen.data import Agency, Pos, ReportData
from gkgen.findings import Finding, finding
from gkgen.format import format_for_year
from gkgen.rules.registry import ReportContext, rule

GOVERNMENT_LEVEL = "政府"
"""agency.yaml 层级 of a government's own report (docs/format.md §3), due 3月31日 instead of 1月31日."""

_DEADLINES: dict[bool, tuple[int, int]] = {False: (1, 31), True: (3, 31)}


def deadline(agency: Agency, year: int) -> dt.date:
    """条例第四十九条: departments by 1月31日, governments by 3月31日 of the following year."""
    month, day = _DEADLINES[agency.level == GOVERNMENT_LEVEL]
    return dt.date(year + 1, month, day)


def check_publication(agency: Agency, data: ReportData) -> list[Finding]:
    out: list[Finding] = []
    expected = format_for_year(data.year)
    if data.format.id != expected.id:
        pos = data.format_pos or Pos(data.file, 1, 1)
        out.append(
            finding(
                "GK401",
                pos.file,
                pos.line,
                pos.column,
                f"{data.year} 年度报告应使用 {expected.id} 格式（{expected.document}），"
                f"本文件为 {data.format.id} 格式（{data.format.document}）",
            )
        )
    if data.published is not None:
        due = deadline(agency, data.year)
        if due < data.published <= dt.date(data.year + 1, 12, 31):
            pos = data.published_pos or Pos(data.file, 1, 1)
            out.append(
                finding(
                    "GK402",
                    pos.file,
                    pos.line,
                    pos.column,
                    f"发布日期 {data.published.isoformat()} 晚于法定期限 {due.isoformat()}"
                    f"（{agency.level}年报应于次年{due.month}月{due.day}日前公开）",
                )
            )
    return out


@rule("GK401", "GK402")
def check_format_and_date(ctx: ReportContext) -> list[Finding]:
    if ctx.data is None:
        return []
    return check_publication(ctx.report.agency, ctx.data)


def check_date_plausible(data: ReportData, previous: ReportData | None) -> list[Finding]:
    day = data.published
    if day is None:
        return []
    pos = data.published_pos or Pos(data.file, 1, 1)
    shown = day.isoformat()
    if previous is not None and previous.published == day:
        where = previous.published_pos or Pos(previous.file)
        place = f"{where.file}:{where.line}" if where.line is not None else where.file
        problem = f"与上一年度报告的发布日期相同（{place}），疑为复制后未改"
    elif day <= dt.date(data.year, 12, 31):
        problem = f"早于 {data.year} 年结束：年度报告只能在次年发布（应在 {data.year + 1} 年）"
    elif day > dt.date(data.year + 1, 12, 31):
        problem = f"晚于 {data.year + 1} 年年底，是否把年份写错了？（应在 {data.year + 1} 年）"
    else:
        return []
    return [
        finding(
            "GK403",
            pos.file,
            pos.line,
            pos.column,
            f"{data.year} 年度报告的发布日期 {shown} {problem}",
            values={"year": data.year},
        )
    ]


@rule("GK403")
def check_date(ctx: ReportContext) -> list[Finding]:
    if ctx.data is None:
        return []
    return check_date_plausible(ctx.data, ctx.previous)
