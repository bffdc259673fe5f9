"""Render every page of the portal into a mapping of output paths to bytes (nothing is written
here; gkgen.build writes and swaps)."""

from __future__ import annotations

import functools
import gc
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from gkgen.data import CellKey, Number, Portal, Report, Site
from gkgen.errors import GkgenError
from gkgen.format.model import Format
from gkgen.format.totals import full_grid
from gkgen.html.figures import Figures, figure_specs, figures
from gkgen.html.narrative import NarrativeRenderer
from gkgen.html.overview import (
    Display,
    FigureKey,
    YearNumbers,
    report_trend,
    site_trend,
    year_charts,
    year_overview,
)
from gkgen.html.pages import (
    ReportLink,
    ReportView,
    YearView,
    base_url,
    category_anchors,
    complete_reports,
    contact_items,
    home_url,
    report_link,
    report_view,
    site_domain,
    year_views,
)
from gkgen.html.theme import decode_theme_file, environment, static_files, theme_dir
from gkgen.lifeline import die_with_parent
from gkgen.load.settings import signature_wanted
from gkgen.paths import DOCX, FRAGMENT, JSON, PDF, REPORT_PAGE, SITEMAP, STATIC, link_domains, report_dir

COLUMN_NAME = "政府信息公开年报"
COLUMN_TYPE = "信息公开年报"
"""ColumnType of the government-site page tags (政府网站网页元数据) for this column."""
COLUMN_KEYWORDS = "政府信息公开,年度报告,信息公开年报"
COLUMN_DESCRIPTION = "各单位依照《中华人民共和国政府信息公开条例》第五十条编制并公布的政府信息公开工作年度报告"
STYLESHEETS = ("gkgen.css", "article.css", "charts.css")
"""The theme's stylesheets, linked from every page (a site may override any)."""


@dataclass
class Renderer:
    """Templates and the Markdown parser, prepared once per build."""

    root: Path
    portal: Portal
    env: jinja2.Environment
    markdown: NarrativeRenderer
    _charts: dict[str, Markup] = field(default_factory=dict)
    """report_charts by agency id."""

    @classmethod
    def for_site(cls, site: Site) -> Renderer:
        if site.portal is None:
            raise ValueError("site without gkgen.yaml cannot be rendered")
        return cls(
            site.root,
            site.portal,
            environment(site.root),
            NarrativeRenderer(base_url(site.portal), link_domains(site.portal)),
        )

    def common(self, root: str) -> dict[str, object]:
        """Variables every page template sees."""
        return {
            "portal": self.portal,
            "root": root,
            "column_name": COLUMN_NAME,
            "column_type": COLUMN_TYPE,
            "column_keywords": COLUMN_KEYWORDS,
            "column_description": f"{self.portal.name}：{COLUMN_DESCRIPTION}",
            "site_domain": site_domain(self.portal),
            "base_url": base_url(self.portal),
            "home_url": home_url(self.portal, root),
            "portal_contact": contact_items(self.portal.settings.get("联系方式")),
            "stylesheets": STYLESHEETS,
        }

    def render(self, template: str, **context: object) -> str:
        """Render a theme template; a broken (site) template is the user's error, not a crash:
        a Chinese message naming the template file and line, whatever the template raised."""
        try:
            return self.env.get_template(template).render(**context)
        except GkgenError:
            raise
        except jinja2.TemplateSyntaxError as e:
            where = f"（{self.shown(e.filename or e.name or template)} 第 {e.lineno} 行）"
            raise GkgenError(f"模板 {template} 出错{where}：{e}") from e
        except RecursionError as e:
            where = self.where(e)
            raise GkgenError(
                f"模板 {template} 出错{where}：模板无限递归（include、extends 或宏调用了自身），请检查模板"
            ) from e
        except Exception as e:  # a site template is content: any failure is an error in it
            raise GkgenError(f"模板 {template} 出错{self.where(e)}：{_problem(e)}") from e

    def where(self, error: BaseException) -> str:
        """（file 第 N 行）of the innermost template frame of ``error``'s traceback."""
        found: tuple[str, int] | None = None
        tb = error.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".xml", ".txt", ".j2")) or "/templates/" in name:
                found = (name, tb.tb_lineno)
            tb = tb.tb_next
        return f"（{self.shown(found[0])} 第 {found[1]} 行）" if found else ""

    def shown(self, filename: str) -> str:
        """A template's path relative to the site (or the package theme) for messages."""
        path = Path(filename)
        for base, label in ((self.root, ""), (theme_dir(), "gkgen 默认主题 ")):
            if path.is_absolute() and path.is_relative_to(base):
                return label + path.relative_to(base).as_posix()
        return filename

    @functools.cached_property
    def article_css(self) -> Markup:
        """The article stylesheet, inlined into CMS fragments (a theme file: trusted, not escaped;
        a "</" would end the <style> element, so it is refused)."""
        return self.inline_css("article.css")

    @functools.cached_property
    def charts_css(self) -> Markup:
        """The charts' stylesheet, inlined into CMS fragments beside article_css."""
        return self.inline_css("charts.css")

    def inline_css(self, name: str) -> Markup:
        path = static_files(self.root).get(name)
        css = decode_theme_file(path.read_bytes(), self.shown(str(path))) if path else ""
        if "</" in css:
            raise GkgenError(f"{path}：内联到 report.fragment.html 的样式表不能包含“</”")
        return Markup(css)

    @functools.cached_property
    def display(self) -> Display:
        """gkgen.yaml's 概览与图表: whether the overview table and the charts are shown."""
        return Display.of(self.portal)

    def report_context(self, view: ReportView, index: SiteIndex) -> dict[str, object]:
        """Context of report.html, fragment.html and (for the PDF renderer) pdf.html."""
        return {
            **self.common("../../"),
            "report": view,
            "category_anchor": index.anchors[(view.year, view.category)],
            "other_years": [r for r in index.by_agency[view.agency.id] if r.year != view.year],
            "pdf_file": PDF,
            "docx_file": DOCX,
            "json_file": JSON,
            "report_charts": self.report_charts(view, index),
        }

    def report_charts(self, view: ReportView, index: SiteIndex) -> Markup:
        """The chart of the agency's report pages and fragments (theme _report_charts.html around
        the figures of all its years), empty when switched off. The same for every year of the
        agency: rendered once per agency and process."""
        if not self.display.charts:
            return Markup("")
        agency_id = view.agency.id
        cached = self._charts.get(agency_id)
        if cached is None:
            links = index.by_agency[agency_id]
            years = sorted((r.year, index.figures[(r.agency_id, r.year)]) for r in links)
            latest = max(links, key=lambda r: r.year)
            specs = figure_specs(index.formats[(agency_id, latest.year)])
            trend = report_trend(f"gk-chart-{agency_id}", view.agency.name, years, specs)
            cached = self._charts[agency_id] = Markup(self.render("_report_charts.html", trend=trend).strip("\n"))
        return cached

    def pdf_html(self, context: dict[str, object], article: Markup) -> str:
        """The complete document the PDF renderer prints: theme pdf.html around the rendered
        ``article``, in a ``report_context``."""
        view = context["report"]
        assert isinstance(view, ReportView)
        signature = signature_wanted(self.portal.settings)
        return self.render("pdf.html", **context, article=article, pdf_title=view.title, signature=signature)


_PROBLEMS: dict[type[BaseException], str] = {
    ZeroDivisionError: "除以零",
    TypeError: "类型不匹配（如文字与数字相加）",
    ValueError: "值无效",
    KeyError: "缺少键",
    IndexError: "下标越界",
    AttributeError: "没有该属性",
    OverflowError: "数值溢出",
    MemoryError: "内存不足（模板生成的内容过大）",
}


def _problem(error: BaseException) -> str:
    kind = next((text for cls, text in _PROBLEMS.items() if isinstance(error, cls)), "无法渲染")
    return f"{kind}（{type(error).__name__}: {error}）"


@dataclass(frozen=True)
class SiteIndex:
    """What every page may link to: all reports by year and category, and by agency."""

    years: list[YearView]
    anchors: dict[tuple[int, str], str]
    by_agency: dict[str, list[ReportLink]]
    figures: dict[FigureKey, Figures]
    """The main figures of every report (gkgen.html.figures), computed once for the charts."""
    formats: dict[FigureKey, Format]
    grids: dict[FigureKey, dict[CellKey, Number]]
    """Each report's full_grid, computed once for its figures and its page's tables."""

    @classmethod
    def of(cls, portal: Portal, reports: list[Report], *, with_figures: bool = True) -> SiteIndex:
        links = [report_link(r) for r in reports]
        years = year_views(portal, links)
        by_agency: dict[str, list[ReportLink]] = {}
        for link in links:
            by_agency.setdefault(link.agency_id, []).append(link)
        datas = {(r.agency.id, r.year): r.data for r in reports if r.data is not None and with_figures}
        grids = {key: full_grid(data) for key, data in datas.items()}
        numbers = {key: figures(data, grids[key]) for key, data in datas.items()}
        formats = {key: data.format for key, data in datas.items()}
        return cls(years, category_anchors(years), by_agency, numbers, formats, grids)


@dataclass(frozen=True)
class RenderedSite:
    """What the HTML stage produces: the files to publish, by output path, and for the PDF stage
    each complete report with the document it prints (empty when built without PDFs)."""

    files: dict[str, bytes]
    pdf_documents: list[tuple[Report, str]]


def render_site(site: Site, *, pdf: bool = True, jobs: int | None = None) -> dict[str, bytes]:
    """Every HTML page, the CMS fragments, sitemap.xml and the static files, by output path."""
    return render_portal(site, pdf=pdf, jobs=jobs, documents=False).files


def render_portal(site: Site, *, pdf: bool = True, jobs: int | None = None, documents: bool = True) -> RenderedSite:
    """The files of render_site and, when ``pdf`` and ``documents``, the PDF documents: theme
    pdf.html around the same rendering of each report's article as its page.
    With ``jobs`` > 1 and many reports, report pages are rendered in that many forked processes
    (default: this process only — see docs/performance.md for why)."""
    renderer = Renderer.for_site(site)
    reports = complete_reports(site)
    display = renderer.display
    index = SiteIndex.of(renderer.portal, reports, with_figures=display.any)
    out: dict[str, str | bytes] = {}
    printed: dict[int, str] = {}
    for pages, html in map_reports(renderer, reports, index, pdf=pdf, document=pdf and documents, jobs=jobs):
        out.update(pages)
        printed.update(html)
    per_year: list[YearNumbers] = []
    for year in index.years:
        of_year = [r for r in reports if r.year == year.year]
        numbers = YearNumbers.of(renderer.portal, year.year, of_year, index.figures) if display.any else None
        overview = year_overview(numbers, has_pdf=pdf) if numbers and display.overview else None
        charts = year_charts(numbers) if numbers and display.charts else ()
        per_year.extend([numbers] if numbers else [])
        out[f"{year.year}/index.html"] = renderer.render(
            "year.html", **renderer.common("../"), year=year, overview=overview, year_charts=charts
        )
    site_chart = site_trend(per_year) if display.charts else None
    out["index.html"] = renderer.render("index.html", **renderer.common(""), years=index.years, site_chart=site_chart)
    if renderer.portal.base_url:
        out[SITEMAP] = renderer.render("sitemap.xml", **renderer.common(""), years=index.years)
    for name, path in static_files(site.root).items():
        out[f"{STATIC}/{name}"] = path.read_bytes()
    files = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in sorted(out.items())}
    return RenderedSite(files, [(reports[n], printed[n]) for n in sorted(printed)])


def render_report(
    renderer: Renderer, report: Report, index: SiteIndex, *, pdf: bool, document: bool = False
) -> tuple[dict[str, str | bytes], str | None]:
    """The report page, its CMS fragment and (with ``document``) the PDF document, sharing one
    rendering of the article, and the local images its narrative shows (copied beside the
    page, so relative addresses keep working)."""
    values = index.grids.get((report.agency.id, report.year))
    view = report_view(report, renderer.markdown, has_pdf=pdf, values=values)
    context = renderer.report_context(view, index)
    article = Markup(renderer.render("_article.html", **context).rstrip("\n"))
    folder = report_dir(report)
    out: dict[str, str | bytes] = {}
    for asset in view.assets:
        source = report.md_path.parent / asset
        if source.is_file() and source.resolve().is_relative_to(report.md_path.parent.resolve()):
            out[f"{folder}/{asset}"] = source.read_bytes()
    out[f"{folder}/{REPORT_PAGE}"] = renderer.render("report.html", **context, article=article)
    out[f"{folder}/{FRAGMENT}"] = renderer.render(
        "fragment.html", **context, article=article, article_css=renderer.article_css, charts_css=renderer.charts_css
    )
    printed = renderer.pdf_html(context, article) if document else None
    return out, printed


PARALLEL_FROM = 100
"""Fewer reports than this render in this process: starting workers would cost more."""
Work = tuple[Renderer, list[Report], SiteIndex, bool, bool]
"""renderer, reports, index, pdf, document: what map_reports renders."""
Rendered = tuple[dict[str, str | bytes], dict[int, str]]
"""Files by output path, and PDF documents by the report's position in the list."""
_WORK: Work | None = None


def map_reports(
    renderer: Renderer, reports: list[Report], index: SiteIndex, *, pdf: bool, document: bool, jobs: int | None
) -> Iterator[Rendered]:
    """Render every report, in forked worker processes when it pays off."""
    global _WORK
    work = (renderer, reports, index, pdf, document)
    workers = min(jobs or 1, len(reports) // (PARALLEL_FROM // 2) or 1)
    if workers <= 1 or len(reports) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        yield from (_render_numbers(work, (n,)) for n in range(len(reports)))
        return
    _WORK = work
    gc.freeze()  # keep the parent's objects out of the workers' collections (copy-on-write)
    try:
        chunks = [range(i, len(reports), workers) for i in range(workers)]
        with mp.get_context("fork").Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            yield from pool.map(_render_chunk, chunks)
    finally:
        _WORK = None
        gc.unfreeze()


def _render_chunk(numbers: range) -> Rendered:
    """A forked worker's share (the work is inherited from the parent, not pickled)."""
    assert _WORK is not None
    return _render_numbers(_WORK, numbers)


def _render_numbers(work: Work, numbers: Iterable[int]) -> Rendered:
    renderer, reports, index, pdf, document = work
    files: dict[str, str | bytes] = {}
    printed: dict[int, str] = {}
    for number in numbers:
        pages, html = render_report(renderer, reports[number], index, pdf=pdf, document=document)
        files.update(pages)
        if html is not None:
            printed[number] = html
    return files, printed
