"""Structure checks on the PDFs of the bundled sample site (real reports, real HTML renderer).

The jobs are built here from the documents `gkgen build` prints (gkgen.html.render_portal),
with the TrueType font copies of the per-user cache when they exist (scripts/bootstrap.sh makes
them during set-up; the tests never convert a Noto face).
"""

from __future__ import annotations

import datetime

import pikepdf
import pytest
from pdf_helpers import ROOT, THEME, grid_widths, run, struct_elements, table_rows, words
from test_pdf import A4, BOTTOM, LEFT, RIGHT, TOLERANCE, TOP

from gkgen.html import render_portal
from gkgen.html.pages import report_title
from gkgen.load.site import load_site
from gkgen.pdf import FontRoles, PdfJob, PdfLayout, PdfMeta, PdfResult, render_pdfs
from gkgen.pdf.outlines import default_font_dir, prepare_truetype_fonts


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[PdfResult]:
    site, _ = load_site(ROOT)
    out = tmp_path_factory.mktemp("sample")
    jobs = []
    for report, html in render_portal(site).pdf_documents:
        title = report_title(report.agency, report.year)
        day = datetime.date(report.year + 1, 1, 20)
        meta = PdfMeta(title, report.agency.name, "政府信息公开工作年度报告", ("政府信息公开", "年度报告"), day, day)
        jobs.append(PdfJob(html, ROOT, THEME, out / f"{report.year}-{report.agency.id}.pdf", meta, (), title))
    assert len(jobs) >= 5
    return render_pdfs(jobs, workers=2, cache_dir=None, font_dir=default_font_dir())


def copies_exist() -> bool:
    copies = prepare_truetype_fonts(FontRoles(), PdfLayout(), default_font_dir(), convert=False)
    return len(copies) >= 3  # Noto Serif CJK SC regular and bold, Noto Sans CJK SC


def test_sample_site_embeds_truetype_copies(sample_pdfs: list[PdfResult]) -> None:
    if not copies_exist():
        pytest.skip("no TrueType font copies: run .venv/bin/python -m gkgen.pdf.prepare_fonts")
    for result in sample_pdfs:
        lines = run("pdffonts", str(result.out)).splitlines()[2:]
        # glyf outlines ("CID TrueType"), no CFF ("CID Type 0C")
        assert lines and all(" CID TrueType " in line for line in lines), (result.out.name, lines)
        assert result.out.stat().st_size < 200_000, result.out.name


def test_sample_site_renders_without_warnings(sample_pdfs: list[PdfResult]) -> None:
    for result in sample_pdfs:
        assert result.ok and result.warnings == [], (result.out.name, result.warnings)


def test_sample_site_layout(sample_pdfs: list[PdfResult]) -> None:
    for result in sample_pdfs:
        assert "Page size:       595.276 x 841.89 pts (A4)" in run("pdfinfo", str(result.out))
        numbers: dict[int, list[str]] = {}
        for page, x0, y0, x1, y1, text in words(result.out):
            if y0 > A4[1] - BOTTOM:
                numbers.setdefault(page, []).append(text)
                continue
            assert x0 >= LEFT - TOLERANCE and x1 <= A4[0] - RIGHT + TOLERANCE, (result.out, text)
            assert y0 >= TOP - TOLERANCE and y1 <= A4[1] - BOTTOM + TOLERANCE, (result.out, text)
        assert {p: " ".join(t) for p, t in numbers.items()} == {p: f"— {p} —" for p in range(1, result.pages + 1)}


def test_sample_site_fonts_and_tables(sample_pdfs: list[PdfResult]) -> None:
    for result in sample_pdfs:
        for line in run("pdffonts", str(result.out)).splitlines()[2:]:
            assert line.split()[-5:-2] == ["yes", "yes", "yes"], (result.out, line)
        with pikepdf.open(result.out) as pdf:
            elements = struct_elements(pdf.Root.StructTreeRoot)
            headers = [e for e in elements if e.get("/S") == "/TH" and len(e.K) > 0]
            assert headers and all("/Scope" in e.A for e in headers)
            for table in (e for e in elements if e.get("/S") == "/Table"):
                widths, overhang = grid_widths(table_rows(table))
                assert len(set(widths)) == 1 and not overhang, (result.out, widths)
