"""Round trips: a report written by gkgen (its HTML page, its PDF as `pdftotext -layout` text) or
from its data (a Word file with the official merged grid) imports back to the same numbers — for
every report of the sample site, of the seed transcriptions and of a generated synthetic site."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from import_grids import write_docx
from import_support import load, seed_site, synthetic_site

from gkgen.data import CellKey, Number, Report, Site
from gkgen.format.totals import full_grid
from gkgen.html import render_site
from gkgen.importer import import_file

ROOT = Path(__file__).parent.parent
THEME = ROOT / "gkgen" / "theme"


def _reports(site: Site) -> list[Report]:
    return [r for r in site.reports if r.data is not None and r.narrative is not None]


_SEEDS = seed_site(Path(tempfile.mkdtemp(prefix="gkgen-seeds-")) / "site")
_SYNTHETIC = synthetic_site(_SEEDS.parent / "synthetic")
atexit.register(shutil.rmtree, _SEEDS.parent, ignore_errors=True)
SITES = {"sample": load(ROOT), "seeds": load(_SEEDS), "synthetic": load(_SYNTHETIC)}
CASES = [(name, r.agency.id, r.year) for name, site in SITES.items() for r in _reports(site)]
IDS = [f"{s}-{a}-{y}" for s, a, y in CASES]


@pytest.fixture(scope="module")
def pages() -> dict[str, dict[str, bytes]]:
    return {name: render_site(site, pdf=False) for name, site in SITES.items()}


def _expected(report: Report) -> tuple[dict[CellKey, Number], dict[CellKey, Number]]:
    """Input cells as typed, and every total as gkgen computes (and prints) it."""
    assert report.data is not None
    grid = full_grid(report.data)
    totals = {key: grid[key] for key in (c.key for c in report.data.format.computed)}
    return {k: c.value for k, c in report.data.cells.items()}, totals


def _got(path: Path, year: int) -> tuple[dict[CellKey, Number], dict[CellKey, Number]]:
    item = import_file(path, year=year)
    assert item.complete, (item.missing, item.match.unplaced)
    return {k: c.value for k, c in item.data.cells.items()}, {k: c.value for k, c in item.data.typed_totals.items()}


@pytest.mark.parametrize(("site_name", "agency", "year"), CASES, ids=IDS)
def test_docx_round_trip(tmp_path: Path, site_name: str, agency: str, year: int) -> None:
    report = SITES[site_name].report(agency, year)
    assert report is not None and report.data is not None
    path = write_docx(report.data, tmp_path / "report.docx", f"{report.agency.name}{year}年政府信息公开工作年度报告")
    cells, totals = _got(path, year)
    want_cells, want_totals = _expected(report)
    assert cells == want_cells
    assert totals == {k: v for k, v in want_totals.items() if k in totals}
    assert import_file(path).format is report.data.format


@pytest.mark.parametrize(("site_name", "agency", "year"), CASES, ids=IDS)
def test_gkgen_html_page_round_trip(
    pages: dict[str, dict[str, bytes]], tmp_path: Path, site_name: str, agency: str, year: int
) -> None:
    site = SITES[site_name]
    page = next(v for k, v in pages[site_name].items() if k.endswith(f"{year}/{agency}/index.html"))
    path = tmp_path / "page.html"
    path.write_bytes(page)
    cells, totals = _got(path, year)
    want_cells, want_totals = _expected(site.report(agency, year))  # type: ignore[arg-type]
    assert cells == want_cells
    assert totals == want_totals
    item = import_file(path)
    assert item.year == year


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, int], Path]:
    """Every report rendered to PDF by gkgen's PDF renderer, then `pdftotext -layout`."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from gkgen.html import render_portal
    from gkgen.pdf import PdfJob, PdfMeta, render_pdfs

    out = tmp_path_factory.mktemp("pdf")
    jobs: list[PdfJob] = []
    keys: list[tuple[str, str, int]] = []
    for name, site in SITES.items():
        for report, html in render_portal(site).pdf_documents:
            keys.append((name, report.agency.id, report.year))
            meta = PdfMeta(
                title=report.agency.name,
                author=report.agency.name,
                subject="政府信息公开工作年度报告",
                keywords=(),
                created=dt.date(2022, 1, 20),
                modified=dt.date(2022, 1, 20),
            )
            jobs.append(
                PdfJob(
                    html=html,
                    base_dir=site.root,
                    theme_dir=THEME,
                    out=out / f"{name}-{report.agency.id}-{report.year}.pdf",
                    meta=meta,
                )
            )
    results = render_pdfs(jobs, workers=0)
    assert all(r.ok for r in results), [r.warnings for r in results]
    texts: dict[tuple[str, str, int], Path] = {}
    for key, job in zip(keys, jobs, strict=True):
        text = job.out.with_suffix(".txt")
        subprocess.run(["pdftotext", "-layout", str(job.out), str(text)], check=True)
        texts[key] = text
    return texts


@pytest.mark.parametrize(("site_name", "agency", "year"), CASES, ids=IDS)
def test_gkgen_pdf_text_round_trip(
    pdf_texts: dict[tuple[str, str, int], Path], site_name: str, agency: str, year: int
) -> None:
    cells, totals = _got(pdf_texts[(site_name, agency, year)], year)
    want_cells, want_totals = _expected(SITES[site_name].report(agency, year))  # type: ignore[arg-type]
    assert cells == want_cells
    assert totals == want_totals


@pytest.mark.parametrize(("site_name", "agency", "year"), CASES, ids=IDS)
def test_gkgen_pdf_file_round_trip(
    pdf_texts: dict[tuple[str, str, int], Path], site_name: str, agency: str, year: int
) -> None:
    """The PDF itself (ruling lines and text positions), not its pdftotext copy."""
    pdf = pdf_texts[(site_name, agency, year)].with_suffix(".pdf")
    cells, totals = _got(pdf, year)
    want_cells, want_totals = _expected(SITES[site_name].report(agency, year))  # type: ignore[arg-type]
    assert cells == want_cells
    assert totals == want_totals
    assert import_file(pdf).year == year


def _blocks(markdown: str) -> list[str]:
    """Markdown as blocks: headings without gkgen's numbering, paragraphs without inline marks."""
    import re

    from gkgen.format.numbering import strip_numbering

    out: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        heading = re.match(r"^#+\s*(.*)$", block.strip())
        if heading:
            text = heading.group(1)
            for _ in range(3):
                text = strip_numbering(text)
            out.append("# " + text)
        else:
            out.append(re.sub(r"\s+|\*\*", "", block))
    return out


SAMPLE = [(a, y) for s, a, y in CASES if s == "sample"]


@pytest.mark.parametrize(("agency", "year"), SAMPLE, ids=[f"{a}-{y}" for a, y in SAMPLE])
def test_gkgen_page_and_pdf_give_back_narrative_and_date(
    pages: dict[str, dict[str, bytes]],
    pdf_texts: dict[tuple[str, str, int], Path],
    tmp_path: Path,
    agency: str,
    year: int,
) -> None:
    report = SITES["sample"].report(agency, year)
    assert report is not None and report.narrative is not None and report.data is not None
    source = (ROOT / "reports" / agency / f"{year}.md").read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_bytes(next(v for k, v in pages["sample"].items() if k.endswith(f"{year}/{agency}/index.html")))
    for path in (page, pdf_texts[("sample", agency, year)].with_suffix(".pdf")):
        item = import_file(path)
        assert _blocks(item.markdown) == _blocks(source), path.suffix
        assert "下载本报告数据" not in item.markdown and "本单位其他年度报告" not in item.markdown
        assert item.name == report.agency.name
    assert import_file(page).data.published == report.data.published
