"""The web portal: index, year and report pages, CMS fragments, sitemap.xml, static files and the
narratives' images — and, when PDFs are wanted, the documents the PDF output prints."""

from __future__ import annotations

from gkgen.findings import Finding
from gkgen.outputs.registry import BuildState, Output
from gkgen.publish import write_files


class Pages(Output):
    name = "网页"

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.html import render_portal

        rendered = render_portal(state.site, pdf=state.pdf, jobs=state.jobs)
        write_files(state.stage, rendered.files)
        state.documents = rendered.pdf_documents
        return []


OUTPUT = Pages()
