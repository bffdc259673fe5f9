"""The HTML renderer: report pages, CMS fragments, the portal's index pages and sitemap."""

from gkgen.html.render import RenderedSite, Renderer, render_portal, render_report, render_site

__all__ = ["RenderedSite", "Renderer", "render_portal", "render_report", "render_site"]
