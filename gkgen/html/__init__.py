"""The HTML renderer: report pages, CMS fragments, the portal's index pages and sitemap."""

from gkgen.html.render import Renderer, pdf_documents, render_report, render_site

__all__ = ["Renderer", "pdf_documents", "render_report", "render_site"]
