"""The portal at a glance: the year overview table and the charts of the index, year and report
pages, as plain view objects (every number already computed and formatted; see
:mod:`gkgen.html.figures` for where the numbers come from, :mod:`gkgen.html.charts` for the SVG)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from gkgen.data import Number, Portal, Report, ReportData
from gkgen.export.year import Aggregate, aggregates
from gkgen.format.model import Format
from gkgen.html.charts import BarRow, Series, grouped_bars, number_text, palette, stacked_bars, swatch
from gkgen.html.figures import OUTCOMES, Figure, Figures, figure_specs, figures, review_ids, share
from gkgen.html.pages import chinese_date
from gkgen.load import settings as sitesettings
from gkgen.paths import DOCX, JSON, PDF, REPORT_PAGE, report_dir
from gkgen.rules.publication import deadline

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
"""The media type of report.docx (as the report page's download link gives it)."""
FigureKey = tuple[str, int]
"""(agency id, year)."""


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Display:
    """What gkgen.yaml's 概览与图表 switches on (both by default)."""

    overview: bool = True
    charts: bool = True

    @property
    def any(self) -> bool:
        return self.overview or self.charts

    @classmethod
    def of(cls, portal: Portal) -> Display:
        value = portal.settings.get(sitesettings.DISPLAY)
        if not isinstance(value, Mapping):
            return cls()
        keys = sitesettings.DISPLAY_KEYS
        flags = {attr: value[key] for key, attr in keys.items() if isinstance(value.get(key), bool)}
        return cls(**flags)


# ---------------------------------------------------------------- the numbers of one year


@dataclass(frozen=True)
class YearNumbers:
    """One year's reports with their figures, and summary.xlsx's sums (all agencies first, then
    each 分类) with theirs: computed once, shown by the overview table and the charts."""

    year: int
    reports: tuple[Report, ...]
    figures: tuple[Figures, ...]
    """Of each report, in the same order."""
    sums: tuple[Aggregate, ...]
    sum_figures: tuple[Figures, ...]

    @classmethod
    def of(
        cls, portal: Portal, year: int, reports: Sequence[Report], known: Mapping[FigureKey, Figures] | None = None
    ) -> YearNumbers | None:
        """``known``: figures already computed, by (agency id, year)."""
        sums = aggregates(list(reports), year, portal.categories)
        if not sums:
            return None
        known = known or {}
        values = tuple(known.get((r.agency.id, r.year)) or figures(_data(r)) for r in reports)
        return cls(year, tuple(reports), values, tuple(sums), tuple(figures(a.data) for a in sums))

    @property
    def format(self) -> Format:
        """The year's main format (the one summed)."""
        return self.sums[0].data.format


# ---------------------------------------------------------------- the year overview table


@dataclass(frozen=True)
class HeadCell:
    text: str
    colspan: int = 1
    rowspan: int = 1

    @property
    def scope(self) -> str:
        return "colgroup" if self.colspan > 1 else "col"


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    type: str | None = None


@dataclass(frozen=True)
class OverviewRow:
    kind: str
    """report, subtotal or total."""
    name: str
    category: str
    published: str
    published_iso: str | None
    late: str | None
    """Words saying the report came late (e.g. 逾期，期限为2022年1月31日), else None."""
    values: tuple[str, ...]
    href: str | None = None
    """The report page (report rows only)."""
    links: tuple[Link, ...] = ()
    """PDF, Word and data of the report."""


@dataclass(frozen=True)
class OverviewBody:
    category: str
    rows: tuple[OverviewRow, ...]


@dataclass(frozen=True)
class OverviewTable:
    caption: str
    head: tuple[tuple[HeadCell, ...], tuple[HeadCell, ...]]
    bodies: tuple[OverviewBody, ...]
    notes: tuple[str, ...]


Column = tuple[str, str, str]
"""(kind, figure id, second figure id): kind "n" prints a figure, "%" the first as a share of the second."""


def overview_columns(group_labels: Mapping[str, str]) -> list[tuple[str | None, list[tuple[str, Column]]]]:
    """The numeric columns under their header groups (None: a column of its own)."""
    review, litigation = (review_ids(g) for g in ("admin_review", "litigation"))
    return [
        (None, [("", ("n", "new_received", ""))]),
        (None, [("", ("n", "carried_over", ""))]),
        (
            group_labels["results"],
            [
                ("总计", ("n", "results_total", "")),
                ("", ("n", "disclosed", "")),
                ("予以公开占比", ("%", "disclosed", "results_total")),
                ("", ("n", "partly_disclosed", "")),
                ("部分公开占比", ("%", "partly_disclosed", "results_total")),
                *[("", ("n", f, "")) for f in OUTCOMES[2:]],
            ],
        ),
        (None, [("", ("n", "carry_forward", ""))]),
        (group_labels["admin_review"], [("总计", ("n", review[0], "")), ("结果纠正", ("n", review[1], ""))]),
        (group_labels["litigation"], [("总计", ("n", litigation[0], "")), ("结果纠正", ("n", litigation[1], ""))]),
        (
            "主动公开（表二）",
            [("", ("n", f, "")) for f in ("rules", "normative_documents", "licensing", "penalty", "enforcement")],
        ),
    ]


def year_overview(numbers: YearNumbers, *, has_pdf: bool, root: str = "../") -> OverviewTable:
    """Every agency of the year (complete reports, in year-page order), a 小计 row per 分类 and a
    合计 row — the sums of summary.xlsx."""
    year, reports, sums = numbers.year, numbers.reports, numbers.sums
    fmt = sums[0].data.format
    specs = figure_specs(fmt)
    labels = {
        "results": fmt.applications.row("results").key,
        "admin_review": _header_label(fmt, "admin_review"),
        "litigation": _header_label(fmt, "litigation"),
    }
    groups = overview_columns(labels)
    columns = [col for _, cols in groups for _, col in cols]
    top: list[HeadCell] = [HeadCell(t, rowspan=2) for t in ("机构", "分类", "发布日期")]
    second: list[HeadCell] = []
    for group, cols in groups:
        if group is None:
            top.append(HeadCell(cols[0][0] or specs[cols[0][1][1]].label, rowspan=2))
            continue
        top.append(HeadCell(group, colspan=len(cols)))
        second.extend(HeadCell(text or specs[col[1]].label) for text, col in cols)
    top.append(HeadCell("报告与数据", rowspan=2))

    def cells(values: Figures) -> tuple[str, ...]:
        return tuple(number_text(values[a]) if kind == "n" else share(values[a], values[b]) for kind, a, b in columns)

    bodies: list[OverviewBody] = []
    for agg, values in zip(numbers.sums[1:], numbers.sum_figures[1:], strict=True):
        category = agg.scope
        rows = [
            _report_row(r, cells(f), has_pdf, root)
            for r, f in zip(reports, numbers.figures, strict=True)
            if r.agency.category == category
        ]
        rows.append(_sum_row("subtotal", f"{category}小计", category, agg, cells(values)))
        bodies.append(OverviewBody(category, tuple(rows)))
    grand = sums[0]
    bodies.append(OverviewBody("", (_sum_row("total", "合计", "", grand, cells(numbers.sum_figures[0])),)))
    notes = []
    if grand.excluded:
        names = "、".join(a.name for a in grand.excluded)
        notes.append(f"{names}使用其他格式，未计入小计与合计（与 summary.xlsx 相同）。")
    caption = f"{year}年度各机构政府信息公开工作主要数字"
    return OverviewTable(caption, (tuple(top), tuple(second)), tuple(bodies), tuple(notes))


def _header_label(fmt: Format, node_id: str) -> str:
    return next(n.label for n in fmt.reviews.header if n.id == node_id)


def _data(report: Report) -> ReportData:
    assert report.data is not None, "only reports with data are shown"
    return report.data


def _report_row(report: Report, values: tuple[str, ...], has_pdf: bool, root: str) -> OverviewRow:
    data = report.data
    assert data is not None
    published = data.published
    late = None
    if published is not None:
        due = deadline(report.agency, report.year)
        if published > due:
            late = f"逾期，期限为{chinese_date(due)}"
    folder = f"{root}{report_dir(report)}/"
    links = []
    if has_pdf:
        links.append(Link("PDF", folder + PDF, "application/pdf"))
    links.append(Link("Word", folder + DOCX, DOCX_TYPE))
    links.append(Link("数据", folder + JSON, "application/json"))
    return OverviewRow(
        "report",
        report.agency.name,
        report.agency.category,
        chinese_date(published) if published else "未填写",
        published.isoformat() if published else None,
        late,
        values,
        folder + REPORT_PAGE,
        tuple(links),
    )


def _sum_row(kind: str, name: str, category: str, agg: Aggregate, values: tuple[str, ...]) -> OverviewRow:
    return OverviewRow(kind, f"{name}（{len(agg.agencies)}个机构）", category, "", None, None, values)


# ---------------------------------------------------------------- charts


@dataclass(frozen=True)
class LegendItem:
    swatch: Markup
    name: str


@dataclass(frozen=True)
class ChartView:
    svg: Markup
    legend: tuple[LegendItem, ...]
    title: str | None = None
    """Shown above the chart when its figure holds several."""


@dataclass(frozen=True)
class ChartFigure:
    """One <figure>: its charts, and every number they draw as a table."""

    id: str
    caption: str
    charts: tuple[ChartView, ...]
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    note: str | None = None

    @property
    def wide(self) -> bool:
        """A table too wide to sit beside its charts goes below them."""
        return len(self.columns) > WIDE_TABLE


WIDE_TABLE = 8
"""More data columns than this: the table goes below the charts."""


def year_charts(numbers: YearNumbers) -> tuple[ChartFigure, ...]:
    """The year page: 办理结果 by 分类 and by agency, each sorted by its 总计 (largest first)."""
    year, sums = numbers.year, numbers.sums
    specs = figure_specs(numbers.format)
    by_category = [(a.scope, f) for a, f in zip(sums[1:], numbers.sum_figures[1:], strict=True)]
    by_agency = [(r.agency.name, f) for r, f in zip(numbers.reports, numbers.figures, strict=True)]
    note = None
    if sums[0].excluded:
        note = "、".join(a.name for a in sums[0].excluded) + "使用其他格式，未计入各分类之和。"
    return (
        _outcome_figure("gk-chart-category", f"{year}年度各分类依申请公开办理结果", "分类", by_category, specs, note),
        _outcome_figure("gk-chart-agency", f"{year}年度各机构依申请公开办理结果", "机构", by_agency, specs),
    )


def report_trend(
    chart_id: str, agency_name: str, years: Sequence[tuple[int, Figures]], specs: Mapping[str, Figure]
) -> ChartFigure:
    """A report page: that agency's figures over all its years (oldest first)."""
    return _trend_figure(chart_id, f"{agency_name}历年政府信息公开主要数字", years, specs)


def site_trend(per_year: Sequence[YearNumbers]) -> ChartFigure | None:
    """The index page: the sums over all agencies of each year (as summary.xlsx's 汇总 sheet)."""
    ordered = sorted(per_year, key=lambda n: n.year)
    if not ordered:
        return None
    years = [(n.year, n.sum_figures[0]) for n in ordered]
    excluded = [f"{n.year}年{a.name}" for n in ordered for a in n.sums[0].excluded]
    specs = figure_specs(ordered[-1].format)
    note = "、".join(excluded) + "的报告使用其他格式，未计入。" if excluded else None
    return _trend_figure("gk-chart-site", "全部机构历年政府信息公开主要数字（合计）", years, specs, note)


TREND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("申请与复议诉讼", ("new_received", *review_ids("admin_review")[:1], *review_ids("litigation")[:1])),
    ("行政许可与行政处罚", ("licensing", "penalty")),
)
"""The grouped-bar charts of a trend figure, after its chart of 办理结果: a title and its figures."""


def _outcome_series(specs: Mapping[str, Figure]) -> tuple[Series, ...]:
    return tuple(Series(specs[o].label, c) for o, c in zip(OUTCOMES, palette(len(OUTCOMES)), strict=True))


def _legend(series: Sequence[Series]) -> tuple[LegendItem, ...]:
    return tuple(LegendItem(swatch(s.colour), s.name) for s in series)


def _unit_text(value: Number) -> str:
    return f"{number_text(value)}件"


def _outcome_figure(
    chart_id: str,
    title: str,
    row_header: str,
    rows: Sequence[tuple[str, Figures]],
    specs: Mapping[str, Figure],
    note: str | None = None,
) -> ChartFigure:
    series = _outcome_series(specs)
    bars = sorted((BarRow(name, tuple(f[o] for o in OUTCOMES)) for name, f in rows), key=lambda b: -b.total)
    names = "、".join(s.name for s in series)
    desc = f"横向堆积条形图，按{specs['results_total'].label}从多到少排列；每个条形从左到右依次为{names}。"
    if bars and not bars[0].total:
        desc += f"各{row_header}均为0件。"
    elif bars:
        first, last = bars[0], bars[-1]
        desc += f"最多的是{first.label}（{_unit_text(first.total)}）"
        desc += f"，最少的是{last.label}（{_unit_text(last.total)}）。" if len(bars) > 1 else "。"
    svg = stacked_bars(chart_id, title, desc, series, bars)
    columns = (*(s.name for s in series), specs["results_total"].label)
    table = tuple((b.label, (*(number_text(v) for v in b.values), number_text(b.total))) for b in bars)
    return ChartFigure(chart_id, title, (ChartView(svg, _legend(series)),), row_header, columns, table, note)


def _trend_figure(
    chart_id: str,
    title: str,
    years: Sequence[tuple[int, Figures]],
    specs: Mapping[str, Figure],
    note: str | None = None,
) -> ChartFigure:
    labels = [f"{year}年" for year, _ in years]
    series = _outcome_series(specs)
    span = f"{labels[0]}至{labels[-1]}" if len(labels) > 1 else labels[0]
    outcome_rows = [BarRow(label, tuple(f[o] for o in OUTCOMES)) for label, (_, f) in zip(labels, years, strict=True)]
    names = "、".join(s.name for s in series)
    totals = "；".join(f"{b.label}{_unit_text(b.total)}" for b in outcome_rows)
    total_label = specs["results_total"].label
    first = f"{span}依申请公开办理结果"
    charts = [
        ChartView(
            stacked_bars(
                f"{chart_id}-1",
                first,
                f"横向堆积条形图，每年一个条形，长度为{total_label}（{totals}），从左到右依次为{names}。",
                series,
                outcome_rows,
            ),
            _legend(series),
            first,
        )
    ]
    for number, (name, ids) in enumerate(TREND_GROUPS, start=2):
        group_series = tuple(Series(specs[i].label, c) for i, c in zip(ids, palette(len(ids)), strict=True))
        rows = [BarRow(label, tuple(f[i] for i in ids)) for label, (_, f) in zip(labels, years, strict=True)]
        said = "；".join(
            f"{r.label}" + "、".join(f"{s.name}{_unit_text(v)}" for s, v in zip(group_series, r.values, strict=True))
            for r in rows
        )
        desc = f"横向分组条形图，每年依次为{'、'.join(s.name for s in group_series)}：{said}。"
        chart_title = f"{span}{name}"
        svg = grouped_bars(f"{chart_id}-{number}", chart_title, desc, group_series, rows)
        charts.append(ChartView(svg, _legend(group_series), chart_title))
    ids = ("new_received", *OUTCOMES, "results_total", *(i for _, g in TREND_GROUPS for i in g if i != "new_received"))
    columns = tuple(specs[i].label for i in ids)
    table = tuple((label, tuple(number_text(f[i]) for i in ids)) for label, (_, f) in zip(labels, years, strict=True))
    return ChartFigure(chart_id, title, tuple(charts), "年度", columns, table, note)
