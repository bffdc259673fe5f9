"""PDF files read directly: a Word report exported to PDF by LibreOffice (ruled grid), and a gkgen
PDF rendered without any table rules (as WPS exports often look), read from text positions."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from import_grids import write_docx
from import_support import load

from gkgen.format.totals import full_grid
from gkgen.importer import import_file

ROOT = Path(__file__).parent.parent
SITE = load(ROOT)
CASES = [(r.agency.id, r.year) for r in SITE.reports if r.data is not None]


def _want(agency: str, year: int) -> dict[tuple[str, str, str], object]:
    report = SITE.report(agency, year)
    assert report is not None and report.data is not None
    return {k: c.value for k, c in report.data.cells.items()}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(("agency", "year"), CASES, ids=[f"{a}-{y}" for a, y in CASES])
def test_word_exported_pdf(tmp_path: Path, agency: str, year: int) -> None:
    report = SITE.report(agency, year)
    assert report is not None and report.data is not None
    path = write_docx(report.data, tmp_path / "report.docx", f"{report.agency.name}{year}年政府信息公开工作年度报告")
    document = docx.Document(str(path))
    for table in document.tables:
        table.style = document.styles["Table Grid"]  # Word's ruled grid
    document.save(str(path))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    item = import_file(tmp_path / "report.pdf", year=year)
    want = _want(agency, year)
    got = {k: p.value for k, p in item.match.cells.items()}
    # a row Word breaks across two pages loses its label's head on the second page: that row is
    # reported, never guessed; every other cell is read
    assert got == {k: want[k] for k in got}
    assert len(got) + len(item.missing) == len(want)
    assert len(item.missing) <= 7 * 2
    assert item.name == report.agency.name


def test_unruled_pdf_never_misplaces(tmp_path: Path) -> None:
    """Without rules the rows come from text positions: what is placed is right, the rest reported."""
    from gkgen.html import render_portal
    from gkgen.pdf import PdfJob, PdfMeta, render_pdfs

    report, html = next(
        (r, h) for r, h in render_portal(SITE).pdf_documents if (r.agency.id, r.year) == ("fuxin-mtzx", 2021)
    )
    rules = "<style>table, th, td, tr, tbody, thead { border: 0 none !important; }</style>"
    html = html.replace("</head>", rules + "</head>")
    out = tmp_path / "unruled.pdf"
    day = dt.date(2022, 1, 20)
    meta = PdfMeta(title="", author="", subject="", keywords=(), created=day, modified=day)
    (result,) = render_pdfs(
        [PdfJob(html=html, base_dir=SITE.root, theme_dir=ROOT / "gkgen" / "theme", out=out, meta=meta)], workers=0
    )
    assert result.ok
    item = import_file(out, year=2021)
    assert "PDF 中没有找到表格线，表格按文字位置读取" in item.notes
    want = _want("fuxin-mtzx", 2021)
    got = {k: p.value for k, p in item.match.cells.items()}
    assert got == {k: want[k] for k in got}
    # Rows next to a page break (where table 三 splits depends on the PDF layout: with headings kept
    # with their tables it splits inside "（六）其他处理") are reported as missing, never misplaced.
    assert len(got) >= 0.9 * len(want)
    assert len(got) + len(item.missing) == len(want)
    grid = full_grid(report.data)  # type: ignore[arg-type]
    assert all(p.value == grid[k] for k, p in item.match.totals.items() if k in {c.key for c in item.format.computed})
