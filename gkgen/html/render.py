"""Render every page of the portal into a mapping of output paths to bytes (nothing is written
here; gkgen.build writes and swaps)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from gkgen.data import Portal, Report, Site
from gkgen.errors import GkgenError
from gkgen.html.narrative import NarrativeRenderer
from gkgen.html.pages import (
    FRAGMENT,
    JSON,
    PDF,
    REPORT_PAGE,
    ReportView,
    base_url,
    category_anchor,
    complete_reports,
    contact_items,
    home_url,
    report_dir,
    report_view,
    site_domain,
    year_views,
)
from gkgen.html.theme import environment, static_files

COLUMN_NAME = "政府信息公开年报"
STYLESHEETS = ("gkgen.css", "article.css")
"""The theme's stylesheets, linked from every page (a site may override either)."""


@dataclass
class Renderer:
    """Templates and the Markdown parser, prepared once per build."""

    root: Path
    portal: Portal
    env: jinja2.Environment
    markdown: NarrativeRenderer

    @classmethod
    def for_site(cls, site: Site) -> Renderer:
        if site.portal is None:
            raise ValueError("site without gkgen.yaml cannot be rendered")
        return cls(site.root, site.portal, environment(site.root), NarrativeRenderer(site.portal.base_url))

    def common(self, root: str) -> dict[str, object]:
        """Variables every page template sees."""
        return {
            "portal": self.portal,
            "root": root,
            "column_name": COLUMN_NAME,
            "site_domain": site_domain(self.portal),
            "base_url": base_url(self.portal),
            "home_url": home_url(self.portal, root),
            "portal_contact": contact_items(self.portal.settings.get("联系方式")),
            "stylesheets": STYLESHEETS,
        }

    def render(self, template: str, **context: object) -> str:
        """Render a theme template; a broken (site) template is the user's error, not a crash."""
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateError as e:
            where = f"（{e.filename or e.name} 第 {e.lineno} 行）" if isinstance(e, jinja2.TemplateSyntaxError) else ""
            raise GkgenError(f"模板 {template} 出错{where}：{e}") from e

    def article_css(self) -> Markup:
        """The article stylesheet, inlined into CMS fragments (a theme file: trusted, not escaped;
        a "</" would end the <style> element, so it is refused)."""
        path = static_files(self.root).get("article.css")
        css = path.read_text(encoding="utf-8") if path else ""
        if "</" in css:
            raise GkgenError(f"{path}：内联到 report.fragment.html 的样式表不能包含“</”")
        return Markup(css)

    def report_context(self, view: ReportView, views: list[ReportView]) -> dict[str, object]:
        """Context of report.html, fragment.html and (for the PDF renderer) pdf.html."""
        return {
            **self.common("../../"),
            "report": view,
            "category_anchor": category_anchor(self.portal, views, view),
            "other_years": [v for v in views if v.agency.id == view.agency.id and v.year != view.year],
            "pdf_file": PDF,
            "json_file": JSON,
        }

    def pdf_html(self, view: ReportView, views: list[ReportView]) -> str:
        """The complete document the PDF renderer prints (theme pdf.html around _article.html)."""
        return self.render("pdf.html", **self.report_context(view, views), pdf_title=view.title)


def render_site(site: Site, *, pdf: bool = True) -> dict[str, bytes]:
    """Every HTML page, the CMS fragments, sitemap.xml and the static files, by output path."""
    renderer = Renderer.for_site(site)
    reports = complete_reports(site)
    views = [report_view(r, renderer.markdown, has_pdf=pdf) for r in reports]
    out: dict[str, str | bytes] = {}
    for report, view in zip(reports, views, strict=True):
        out.update(render_report(renderer, report, view, views))
    years = year_views(renderer.portal, views)
    out["index.html"] = renderer.render("index.html", **renderer.common(""), years=years)
    for year in years:
        out[f"{year.year}/index.html"] = renderer.render("year.html", **renderer.common("../"), year=year)
    if renderer.portal.base_url:
        out["sitemap.xml"] = renderer.render("sitemap.xml", **renderer.common(""), years=years)
    for name, path in static_files(site.root).items():
        out[f"static/{name}"] = path.read_bytes()
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in sorted(out.items())}


def render_report(renderer: Renderer, report: Report, view: ReportView, views: list[ReportView]) -> dict[str, str]:
    """The report page and its CMS fragment."""
    context = renderer.report_context(view, views)
    folder = report_dir(report)
    return {
        f"{folder}/{REPORT_PAGE}": renderer.render("report.html", **context),
        f"{folder}/{FRAGMENT}": renderer.render("fragment.html", **context, article_css=renderer.article_css()),
    }
