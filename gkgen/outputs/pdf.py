"""report.pdf beside each report page: the documents the pages output rendered, printed by
WeasyPrint in worker processes (imported only here, so `gkgen check` starts fast)."""

from __future__ import annotations

from gkgen.findings import Finding
from gkgen.outputs.registry import BuildState, Output


class Pdf(Output):
    name = "PDF"

    def enabled(self, state: BuildState) -> bool:
        return state.pdf

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.pdf.site import render_site_pdfs

        return render_site_pdfs(state.site, state.stage, state.documents, jobs=state.jobs)


OUTPUT = Pdf()
