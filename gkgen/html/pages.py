"""What each page shows: plain view objects built from the site, handed to the templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from gkgen.data import Agency, CellKey, Narrative, Number, Portal, Report, Site
from gkgen.format.totals import full_grid
from gkgen.html.narrative import NarrativeRenderer, chinese_number, demote_headings
from gkgen.html.tables import Grid, table_grids
from gkgen.paths import REPORT_PAGE, report_dir


@dataclass(frozen=True)
class SectionView:
    anchor: str
    heading: str
    kind: str
    html: Markup
    grid: Grid | None = None


@dataclass(frozen=True)
class ReportView:
    """Everything _article.html and report.html show of one report."""

    title: str
    agency: Agency
    year: int
    category: str
    published: str | None
    published_iso: str | None
    meta: tuple[tuple[str, str], ...]
    preamble: Markup | None
    part_titles: tuple[str, ...]
    part_count: str
    sections: tuple[SectionView, ...]
    contact: tuple[tuple[str, str], ...]
    pdf_name: str
    has_pdf: bool
    docx_name: str
    href: str
    """The page's path from the site root: YYYY/<agency>/index.html."""
    assets: tuple[str, ...] = ()
    """Local images the narrative shows, relative to the report's Markdown file and its page."""


@dataclass(frozen=True)
class ReportLink:
    """What index pages, sitemaps and "other years" lists show of a report (no rendering needed)."""

    title: str
    agency_id: str
    year: int
    category: str
    published: str | None
    published_iso: str | None
    href: str


@dataclass(frozen=True)
class CategoryGroup:
    name: str
    anchor: str
    reports: tuple[ReportLink, ...]


@dataclass(frozen=True)
class YearView:
    year: int
    groups: tuple[CategoryGroup, ...]


def report_title(agency: Agency, year: int) -> str:
    return f"{agency.name}{year}年政府信息公开工作年度报告"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def site_domain(portal: Portal) -> str | None:
    """SiteDomain: the host of 基础网址, when given."""
    url = base_url(portal)
    if url is None:
        return None
    return urlsplit(url).netloc or None


def base_url(portal: Portal) -> str | None:
    """基础网址 with a trailing slash, so page paths can be appended (only an http(s) address:
    the loader refuses others with GK005, and a page never links anything else)."""
    if not portal.base_url or urlsplit(portal.base_url).scheme.lower() not in ("http", "https"):
        return None
    return portal.base_url if portal.base_url.endswith("/") else portal.base_url + "/"


def home_url(portal: Portal, root: str) -> str:
    """首页: the portal's home (scheme and host of 基础网址), else this site's index."""
    if portal.base_url and base_url(portal) is not None:
        parts = urlsplit(portal.base_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}/"
    return f"{root}index.html"


def contact_items(contact: object) -> tuple[tuple[str, str], ...]:
    """联系方式 as (label, value) pairs; a plain string is one pair with an empty label."""
    if isinstance(contact, Mapping):
        return tuple((str(k), str(v)) for k, v in contact.items() if v not in (None, ""))
    if isinstance(contact, str) and contact.strip():
        return (("", contact.strip()),)
    return ()


def report_link(report: Report) -> ReportLink:
    published = report.data.published if report.data else None
    return ReportLink(
        title=report_title(report.agency, report.year),
        agency_id=report.agency.id,
        year=report.year,
        category=report.agency.category,
        published=chinese_date(published) if published else None,
        published_iso=published.isoformat() if published else None,
        href=f"{report_dir(report)}/{REPORT_PAGE}",
    )


def narrative_sources(narrative: Narrative) -> tuple[str, dict[str, str]]:
    """The preamble and each recognised section's Markdown. A level-1 section gkgen does not
    recognise (a warning, GK509) is kept: it goes under the section before it, one level deeper,
    so no text the author wrote is lost from the published page."""
    preamble = narrative.text(*narrative.preamble).strip()
    bodies: dict[str, str] = {}
    current: str | None = None
    for section in narrative.sections:
        body = narrative.text(section.start, section.end)
        if section.section_id is not None:
            current = section.section_id
            bodies[current] = body
            continue
        extra = f"## {section.heading.text}\n\n{demote_headings(body)}"
        if current is None:
            preamble = f"{preamble}\n\n{extra}".strip()
        else:
            bodies[current] = f"{bodies[current]}\n\n{extra}"
    return preamble, bodies


def report_view(
    report: Report, renderer: NarrativeRenderer, *, has_pdf: bool, values: dict[CellKey, Number] | None = None
) -> ReportView:
    """The view of a complete report (data and narrative loaded); ``values``: its full_grid when
    already computed."""
    data, narrative = report.data, report.narrative
    assert data is not None and narrative is not None, "only complete reports are rendered"
    fmt = data.format
    grids = table_grids(fmt, full_grid(data) if values is None else values)
    preamble_text, bodies = narrative_sources(narrative)
    assets: list[str] = []
    sections: list[SectionView] = []
    for index, section in enumerate(fmt.sections, start=1):
        anchor = f"s{index}"
        if section.kind == "table":
            sections.append(SectionView(anchor, section.heading, "table", Markup(""), grids[section.id]))
            continue
        html = renderer.render(bodies.get(section.id, ""), assets=assets)
        sections.append(SectionView(anchor, section.heading, "narrative", Markup(html)))
    preamble = Markup(renderer.render(preamble_text, assets=assets)) if preamble_text else None
    link = report_link(report)
    return ReportView(
        title=link.title,
        agency=report.agency,
        year=report.year,
        category=report.agency.category,
        published=link.published,
        published_iso=link.published_iso,
        meta=tuple((k, v) for k, v in data.meta.items() if v),
        preamble=preamble,
        part_titles=tuple(s.title for s in fmt.sections),
        part_count=chinese_number(len(fmt.sections)),
        sections=tuple(sections),
        contact=contact_items(report.agency.contact),
        pdf_name=f"{link.title}.pdf",
        has_pdf=has_pdf,
        docx_name=f"{link.title}.docx",
        href=link.href,
        assets=tuple(sorted(assets)),
    )


def ordered_categories(portal: Portal, present: set[str]) -> list[str]:
    """gkgen.yaml's 分类 order first, then any other category found, sorted."""
    listed = [c for c in portal.categories if c in present]
    return listed + sorted(present - set(listed))


def year_views(portal: Portal, reports: list[ReportLink]) -> list[YearView]:
    """Years newest first; in each, agencies grouped by 分类 in gkgen.yaml order."""
    years = sorted({r.year for r in reports}, reverse=True)
    out: list[YearView] = []
    for year in years:
        of_year = [r for r in reports if r.year == year]
        cats = ordered_categories(portal, {r.category for r in of_year})
        groups = tuple(
            CategoryGroup(c, f"c{i}", tuple(r for r in of_year if r.category == c)) for i, c in enumerate(cats, start=1)
        )
        out.append(YearView(year, groups))
    return out


def category_anchors(years: list[YearView]) -> dict[tuple[int, str], str]:
    """The year page anchor of each (year, category) group."""
    return {(y.year, g.name): g.anchor for y in years for g in y.groups}


def complete_reports(site: Site) -> list[Report]:
    return [r for r in site.reports if r.complete]
