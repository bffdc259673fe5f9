"""The HTML renderer: report pages, CMS fragments, the portal's index pages and sitemap."""

from gkgen.html.render import Renderer, render_report, render_site

__all__ = ["Renderer", "render_report", "render_site"]
