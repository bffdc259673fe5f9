"""The render stage of `gkgen build`: every output, in the order it is written.

Each module defines one output (:class:`~.registry.Output`): the portal pages (:mod:`.pages`,
which also renders the documents the PDF prints), report.json (:mod:`.report_json`), the year
summaries (:mod:`.summaries`), the report.json schema (:mod:`.schemas`) and the PDFs
(:mod:`.pdf`). `gkgen build` writes :data:`OUTPUTS` in this order.
"""

from __future__ import annotations

from pathlib import Path

from gkgen.data import Site
from gkgen.html.pages import complete_reports
from gkgen.outputs import docx, pages, pdf, report_json, schemas, summaries
from gkgen.outputs.registry import BuildState, Output

OUTPUTS: tuple[Output, ...] = (
    pages.OUTPUT,
    report_json.OUTPUT,
    summaries.CSV,
    summaries.XLSX,
    schemas.OUTPUT,
    docx.OUTPUT,
    pdf.OUTPUT,
)

__all__ = ["OUTPUTS", "BuildState", "Output", "write_data"]


def write_data(site: Site, stage: Path) -> None:
    """Only the data outputs (report.json, the year summaries, the schema) of a checked site."""
    state = BuildState(site, stage, pdf=False, reports=complete_reports(site))
    for output in (report_json.OUTPUT, summaries.CSV, summaries.XLSX, schemas.OUTPUT):
        output.write(state)
