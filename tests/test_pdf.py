"""The PDF of the fixture report: layout, fonts, structure, metadata, attachments."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pikepdf
import pytest
from pdf_helpers import (
    ARTIFACTS,
    META,
    MM,
    fixture_job,
    grid_widths,
    run,
    section_titles,
    struct_elements,
    table_rows,
    words,
)

from gkgen.pdf import PdfResult, render_pdfs

A4 = (595.276, 841.89)
TOP, LEFT, RIGHT, BOTTOM = 37 * MM, 28 * MM, 26 * MM, 35 * MM
TOLERANCE = 1.0  # points


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PdfResult]:
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    [result] = render_pdfs([fixture_job(out)], workers=0, cache_dir=None, progress=False)
    assert result.ok, result.warnings
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / "fixture.pdf")
    run("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "8", str(out), str(ARTIFACTS / "page"))
    return out, result


def test_renders_without_warnings(rendered: tuple[Path, PdfResult]) -> None:
    _, result = rendered
    assert result.warnings == []
    assert 7 <= result.pages <= 11


def test_no_weasyprint_warning_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdfs([fixture_job(tmp_path / "r.pdf")], workers=0)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_caplog_sees_weasyprint_in_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """workers=0 renders in this process, so the test above would see any warning."""
    html = fixture_job(tmp_path / "x.pdf").html.replace("按月通报", "按月通报\U00013000")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdfs([fixture_job(tmp_path / "r.pdf", html)], workers=0)
    assert any("U+13000" in r.getMessage() for r in caplog.records)


def test_page_size_is_a4(rendered: tuple[Path, PdfResult]) -> None:
    pdf = pikepdf.open(rendered[0])
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        assert (x1 - x0, y1 - y0) == pytest.approx(A4, abs=0.01)


def _is_page_number(word: tuple[int, float, float, float, float, str]) -> bool:
    return word[2] > A4[1] - BOTTOM


def test_text_stays_inside_the_type_area(rendered: tuple[Path, PdfResult]) -> None:
    body = [w for w in words(rendered[0]) if not _is_page_number(w)]
    assert body
    for page, x0, y0, x1, y1, text in body:
        assert x0 >= LEFT - TOLERANCE, (page, text, x0)
        assert x1 <= A4[0] - RIGHT + TOLERANCE, (page, text, x1)
        assert y0 >= TOP - TOLERANCE, (page, text, y0)
        assert y1 <= A4[1] - BOTTOM + TOLERANCE, (page, text, y1)


def test_page_numbers_text_and_position(rendered: tuple[Path, PdfResult]) -> None:
    numbers: dict[int, list[tuple[int, float, float, float, float, str]]] = {}
    for word in words(rendered[0]):
        if _is_page_number(word):
            numbers.setdefault(word[0], []).append(word)
    assert sorted(numbers) == list(range(1, rendered[1].pages + 1))
    for page, found in numbers.items():
        assert " ".join(w[5] for w in found) == f"— {page} —"
        left, right = min(w[1] for w in found), max(w[3] for w in found)
        top = min(w[2] for w in found)
        if page % 2:  # odd: right, one 14 pt character in
            assert right == pytest.approx(A4[0] - RIGHT - 14, abs=2)
        else:  # even: left, one character in
            assert left == pytest.approx(LEFT + 14, abs=2)
        # 7 mm below the type area to the dash; the dash sits mid-height of the 14 pt line
        below = top - (A4[1] - BOTTOM)
        assert 3 * MM <= below <= 7 * MM, below


def test_every_font_embedded_with_tounicode(rendered: tuple[Path, PdfResult]) -> None:
    lines = run("pdffonts", str(rendered[0])).splitlines()[2:]
    assert lines
    for line in lines:
        fields = line.split()
        emb, sub, uni = fields[-5], fields[-4], fields[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_bookmarks_for_title_and_six_sections(rendered: tuple[Path, PdfResult]) -> None:
    with pikepdf.open(rendered[0]) as pdf, pdf.open_outline() as outline:
        [top] = outline.root
        assert top.title == META.title
        assert [item.title for item in top.children] == section_titles()
    assert len(section_titles()) == 6


def test_attachments_embedded_with_relationship(rendered: tuple[Path, PdfResult]) -> None:
    listing = run("pdfdetach", "-list", str(rendered[0]))
    for name in ("2021.yaml", "2021.md", "report.json"):
        assert name in listing
    with pikepdf.open(rendered[0]) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        specs = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        assert str(specs["report.json"].AFRelationship) == "/Data"
        assert str(specs["2021.yaml"].AFRelationship) == "/Source"
        assert str(specs["2021.yaml"].EF.F.Subtype) == "/application/yaml"
        assert specs["report.json"].EF.F.read_bytes() == b'{"year": 2021}'
        assert sorted(str(spec.UF) for spec in pdf.Root.AF) == sorted(specs)


def test_table_headers_carry_scope(rendered: tuple[Path, PdfResult]) -> None:
    with pikepdf.open(rendered[0]) as pdf:
        elements = struct_elements(pdf.Root.StructTreeRoot)
        headers = [e for e in elements if e.get("/S") == "/TH"]
        assert headers
        scopes = [str(e.A.Scope) for e in headers]
        assert set(scopes) == {"/Column", "/Row"}


def test_metadata_from_data_and_pdfa_identification(rendered: tuple[Path, PdfResult]) -> None:
    info = run("pdfinfo", str(rendered[0]))
    assert f"Title:           {META.title}" in info
    assert f"Author:          {META.author}" in info
    assert "CreationDate:    Thu Jan 20 00:00:00 2022" in info
    assert "ModDate:         Fri Jan 21 00:00:00 2022" in info
    with pikepdf.open(rendered[0]) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "3"
        assert xmp["pdfaid:conformance"] == "A"
        assert xmp["dc:title"] == META.title
        assert xmp["xmp:CreateDate"] == "2022-01-20"


def test_output_is_deterministic(rendered: tuple[Path, PdfResult], tmp_path: Path) -> None:
    [again] = render_pdfs([fixture_job(tmp_path / "again.pdf")], workers=0)
    assert again.out.read_bytes() == rendered[0].read_bytes()


def test_pdfua_checker_finds_no_table_or_structure_problem(rendered: tuple[Path, PdfResult]) -> None:
    pdfua = shutil.which("pdfua") or str(Path(__import__("sys").executable).parent / "pdfua")
    if not Path(pdfua).exists():
        pytest.skip("pdfua (PyPI) is not installed")
    import subprocess

    proc = subprocess.run([pdfua, "check", str(rendered[0])], capture_output=True, text=True, check=False)
    # 3 = errors. Warnings allowed: UA-28-004 (no PDF/UA claim; gkgen claims PDF/A-3a only).
    assert proc.returncode != 3, proc.stdout
    warnings = [line for line in proc.stdout.splitlines() if "[WARN" in line]
    assert all("UA-28-004" in line for line in warnings), proc.stdout


def test_every_table_fragment_is_a_closed_grid(rendered: tuple[Path, PdfResult]) -> None:
    """Rows of each tagged table (one per page) fill the same number of columns."""
    with pikepdf.open(rendered[0]) as pdf:
        tables = [e for e in struct_elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Table"]
        assert tables
        for table in tables:
            widths, overhang = grid_widths(table_rows(table))
            assert len(set(widths)) == 1, widths
            assert not overhang, f"row spans reach past the table's last row: {overhang}"


def test_parent_tree_maps_each_mcid_to_the_element_holding_it(rendered: tuple[Path, PdfResult]) -> None:
    """Text MCIDs sit straight in their block's /K (no one-line /Span wrappers, no element
    listing itself), and the parent tree points every MCID of every page at that element."""
    with pikepdf.open(rendered[0]) as pdf:
        elements = struct_elements(pdf.Root.StructTreeRoot)
        assert not [e for e in elements if e.get("/S") == "/Span"]
        holder: dict[tuple[int, int], tuple[int, int]] = {}
        for element in elements:
            kids = element.get("/K")
            if not isinstance(kids, pikepdf.Array) or "/Pg" not in element:
                continue
            assert all(not (isinstance(k, pikepdf.Dictionary) and k.objgen == element.objgen) for k in kids)
            for kid in kids:
                if isinstance(kid, int):
                    holder[(element.Pg.objgen[0], int(kid))] = element.objgen
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        mapped = 0
        for index in range(0, len(nums), 2):
            if int(nums[index]) >= len(pdf.pages):
                continue  # annotations
            page = pdf.pages[int(nums[index])].obj.objgen[0]
            for mcid, element in enumerate(nums[index + 1]):
                assert holder[(page, mcid)] == element.objgen
                mapped += 1
        assert mapped == len(holder) > 100


def test_page_numbers_are_artifacts_and_all_other_text_is_tagged(rendered: tuple[Path, PdfResult]) -> None:
    with pikepdf.open(rendered[0]) as pdf:
        for page in pdf.pages:
            stack: list[str] = []
            shown = {"artifact": 0, "tagged": 0}
            for operands, operator in pikepdf.parse_content_stream(page):  # type: ignore[misc]
                name = str(operator)
                if name in ("BMC", "BDC"):
                    mcid = name == "BDC" and "/MCID" in operands[1]
                    stack.append("tagged" if mcid else str(operands[0]))
                elif name == "EMC":
                    stack.pop()
                elif name in ("Tj", "TJ"):
                    assert stack, "text outside any marked content"
                    shown["artifact" if "/Artifact" in stack else stack[-1]] += 1
            # the page number is the only artifact text; everything else is tagged
            assert shown["artifact"] == 1
            assert shown["tagged"] > 0


def test_images_and_links_keep_their_own_structure_elements(tmp_path: Path) -> None:
    """A narrative image is a /Figure holding its MCID and alt text, a link a /Link holding its
    text and annotation; the text around them is folded into its paragraph."""
    from dataclasses import replace

    from pdf_helpers import fixture_html
    from PIL import Image

    Image.new("RGB", (40, 20), "red").save(tmp_path / "chart.png")
    article = (
        '<article class="gk-report"><h1>示例</h1>'
        '<p>详见<a href="https://www.gov.cn/">中国政府网</a>。</p>'
        '<p><img alt="办理情况示意图" src="chart.png"></p></article>'
    )
    job = replace(fixture_job(tmp_path / "figure.pdf", fixture_html(article), "figure"), base_dir=tmp_path)
    [result] = render_pdfs([job], workers=0, cache_dir=None)
    assert result.ok and result.warnings == []
    with pikepdf.open(job.out) as pdf:
        elements = struct_elements(pdf.Root.StructTreeRoot)
        by_type = {str(e.get("/S")): e for e in elements if "/S" in e}
        figure, link = by_type["/Figure"], by_type["/Link"]
        assert str(figure.Alt) == "办理情况示意图"
        assert any(isinstance(k, int) for k in figure.K)
        assert any(isinstance(k, int) for k in link.K)
        assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" for k in link.K)
        paragraph = next(
            e
            for e in elements
            if e.get("/S") == "/P" and any(isinstance(k, pikepdf.Dictionary) and k.objgen == link.objgen for k in e.K)
        )
        assert any(isinstance(k, int) for k in paragraph.K)  # 详见 and 。
