"""What an office signs and files (issue 11), on a real `gkgen build` of the sample site with an
image and a "培训 2 次" sentence added to one narrative:

- the PDFs: no screen-only text, every heading on the page of the first row of what follows it
  (pdftotext -bbox), the 落款 in its GB/T 9704 place, the narrative's image (pdfimages), size;
- a configured font that is not installed: GK601 from `gkgen check` and in the build summary;
- report.docx: A4 and the type area, styles, the PAGE field, the grids' merged cells exactly, the
  落款; the same bytes twice; `gkgen import report.docx` gives back the numbers, 发布日期 and
  narrative (sample and synthetic sites); LibreOffice converts it (when soffice is installed).

Page images of both versions are kept in tests/artifacts/office/ for a person to look at
(docs/office.md compares them with the official layout).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from import_support import load, synthetic_site
from pdf_helpers import Word, run, words
from test_pdf import A4, BOTTOM, RIGHT

from gkgen.build import build
from gkgen.check import check_site
from gkgen.data import Report, Site
from gkgen.format import layout
from gkgen.format.totals import full_grid
from gkgen.html.narrative import NarrativeRenderer, strip_heading_numbering
from gkgen.html.pages import chinese_date, narrative_sources
from gkgen.html.render import Renderer
from gkgen.html.tables import format_number
from gkgen.importer import import_file
from gkgen.load.site import is_site_url
from gkgen.markdown import commonmark
from gkgen.outputs.docx import word_file

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "office"
SCREEN_ONLY = ("表格较宽", "左右滑动", "跳到正文", "下载 PDF", "下载 Word", "下载本报告数据", "可横向滚动")
IMAGE_AGENCY, IMAGE_YEAR = "fuxin-mtzx", 2021
SENTENCE = (
    "全年组织专题培训 2 次，参训干部职工 35 人次，覆盖全部科室和下属单位的信息公开工作人员，"
    "培训内容包括条例解读和保密审查。"
)
CHAR = 15.79
"""The PDF's character pitch (pt)."""


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def sample_copy(root: Path) -> Path:
    """The sample site, with an image and a CJK-digit sentence in one narrative."""
    shutil.copy(ROOT / "gkgen.yaml", root / "gkgen.yaml")
    shutil.copytree(ROOT / "reports", root / "reports")
    folder = root / "reports" / IMAGE_AGENCY
    (folder / "images").mkdir()
    (folder / "images" / "ok.png").write_bytes(_png(240, 120))
    md = folder / f"{IMAGE_YEAR}.md"
    text = md.read_text(encoding="utf-8")
    head, sep, rest = text.partition("## ")
    addition = f"\n\n![工作现场](images/ok.png)\n\n{SENTENCE}\n\n"
    md.write_text(head + sep + rest.replace("\n\n", addition, 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    root = sample_copy(tmp_path_factory.mktemp("office-site"))
    out = root / "build"
    build(root, out, pdf=True, jobs=2)
    return load(root), out


def _reports(site: Site) -> list[Report]:
    return [r for r in site.reports if r.complete]


def _pdf(out: Path, report: Report) -> Path:
    return out / str(report.year) / report.agency.id / "report.pdf"


# ---------------------------------------------------------------- the PDF


def test_no_screen_only_text_in_any_pdf(built: tuple[Site, Path]) -> None:
    site, out = built
    for report in _reports(site):
        text = run("pdftotext", str(_pdf(out, report)), "-")
        assert not [s for s in SCREEN_ONLY if s in text], report.agency.id


def _stream(pdf: Path) -> tuple[str, list[tuple[int, float]], list[Word]]:
    """The text of the page bodies (page numbers left out) without spaces, for each of its
    characters the page and top of its word, and the body words."""
    text: list[str] = []
    where: list[tuple[int, float]] = []
    body = [w for w in words(pdf) if w[2] <= A4[1] - BOTTOM]
    for page, _x0, y0, _x1, _y1, word in body:
        clean = re.sub(r"\s+", "", word.replace("\u2009", ""))
        text.append(clean)
        where.extend([(page, y0)] * len(clean))
    return "".join(text), where, body


def _headings(report: Report) -> list[tuple[str, tuple[str, list[str]] | None]]:
    """Every heading of the article in order, with the first row of the table it introduces
    (its label and its numbers), or None for a narrative heading."""
    assert report.data is not None and report.narrative is not None
    values = full_grid(report.data)
    grids = {g.table_id: g for g in layout.format_grids(report.data.format)}
    renderer = NarrativeRenderer()
    _, bodies = narrative_sources(report.narrative)
    out: list[tuple[str, tuple[str, list[str]] | None]] = []
    for section in report.data.format.sections:
        grid = grids.get(section.id)
        if grid is not None:
            first = next(row for row in grid.rows() if any(c.key for c in row))
            label = "".join(c.text or "" for c in first if c.key is None)
            numbers = [format_number(values.get(c.key, 0)) for c in first if c.key is not None]
            out.append((section.heading, (label, numbers)))
            continue
        out.append((section.heading, None))
        tokens = renderer.tokens(bodies.get(section.id, ""))
        out.extend((tokens[i + 1].content, None) for i, t in enumerate(tokens) if t.type == "heading_open")
    return out


def _row_on_page(body: list[Word], page: int, below: float, label: str, numbers: list[str]) -> bool:
    """Whether ``page`` shows, below ``below``, a line with exactly ``numbers`` left to right and
    (when the row has one) the start of its label beside it."""
    lines: dict[int, list[Word]] = {}
    for word in body:
        if word[0] == page and word[2] > below:
            lines.setdefault(round(word[2] / 2), []).append(word)
    for key, line in lines.items():
        found = [w[5] for w in sorted(line, key=lambda w: w[1]) if re.fullmatch(r"[\d.]+", w[5])]
        if found != numbers:
            continue
        near = [w for w in body if w[0] == page and abs(w[2] - key * 2) < 30]
        if not label or any(w[5].startswith(label[:4]) for w in near):
            return True
    return False


def test_every_heading_is_on_the_page_of_what_follows(built: tuple[Site, Path]) -> None:
    site, out = built
    checked = 0
    for report in _reports(site):
        text, where, body = _stream(_pdf(out, report))
        position = 0
        for heading, first_row in _headings(report):
            wanted = re.sub(r"\s+", "", heading.replace("\u2009", ""))
            start = text.find(wanted, position)
            assert start >= 0, (report.agency.id, heading)
            end = start + len(wanted)
            page, top = where[end - 1]
            what = (report.agency.id, report.year, heading)
            if first_row is None:  # the first line of the text below it
                assert end < len(text) and where[end][0] == page, what
            else:  # the table's first row (under its header rows), label and numbers
                assert _row_on_page(body, page, top, *first_row), what
            position = end
            checked += 1
    assert checked > 40


def test_signature_in_its_gbt9704_place(built: tuple[Site, Path]) -> None:
    site, out = built
    signed = [r for r in _reports(site) if r.data is not None and r.data.published is not None]
    assert signed
    for report in _reports(site):
        assert report.data is not None
        text = run("pdftotext", str(_pdf(out, report)), "-")
        if report.data.published is None:  # no 成文日期, no 落款
            assert not text.rstrip().splitlines()[-3].endswith(report.agency.name)
            continue
        found = words(_pdf(out, report))
        last = max(w[0] for w in found)
        body = [w for w in found if w[0] == last and w[2] < A4[1] - BOTTOM]
        name, date = body[-2], body[-1]
        assert name[5] == report.agency.name and date[5] == chinese_date(report.data.published)
        right = A4[0] - RIGHT
        if len(report.agency.name) >= 9:  # the name is the longer: two characters from the right
            assert abs(name[3] - (right - 2 * CHAR)) < 3, name
            assert abs(date[1] - (name[1] + 2 * CHAR)) < 3, (name, date)
        assert date[2] - name[2] == pytest.approx(28.95, abs=1)


def test_narrative_image_is_in_the_pdf(built: tuple[Site, Path]) -> None:
    site, out = built
    report = site.report(IMAGE_AGENCY, IMAGE_YEAR)
    assert report is not None
    listing = run("pdfimages", "-list", str(_pdf(out, report))).splitlines()[2:]
    assert any(line.split()[3:5] == ["240", "120"] for line in listing), listing
    assert (out / str(IMAGE_YEAR) / IMAGE_AGENCY / "images" / "ok.png").is_file()


def test_cjk_digit_space_does_not_stretch(built: tuple[Site, Path]) -> None:
    site, out = built
    report = site.report(IMAGE_AGENCY, IMAGE_YEAR)
    assert report is not None
    found = [w for w in words(_pdf(out, report)) if "培训" in w[5] or w[5].startswith("2")]
    line = next(w for w in found if "专题培训" in w[5])
    after = [w for w in found if w[0] == line[0] and abs(w[2] - line[2]) < 1 and w[1] > line[1]]
    for word in after:  # whatever pdftotext splits off, the gap is a thin space, not a stretched one
        assert word[1] - line[3] < 0.4 * 16, (line, word)
    page = (out / str(IMAGE_YEAR) / IMAGE_AGENCY / "index.html").read_text(encoding="utf-8")
    assert "专题培训\u20092\u2009次" in page


def test_pdf_size_and_pages(built: tuple[Site, Path]) -> None:
    site, out = built
    for report in _reports(site):
        pdf = _pdf(out, report)
        pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
        if pages <= 6:
            assert pdf.stat().st_size <= 150_000, (pdf, pdf.stat().st_size)


def test_pdf_page_images_for_review(built: tuple[Site, Path]) -> None:
    site, out = built
    report = site.report(IMAGE_AGENCY, IMAGE_YEAR)
    assert report is not None
    target = ARTIFACTS / "gkgen-pdf"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(_pdf(out, report)), str(target / "page")], check=True)
    assert len(list(target.glob("page-*.png"))) >= 4


# ---------------------------------------------------------------- fonts


def test_missing_font_is_gk601_in_check_and_build(make_site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    config = root / "gkgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "PDF字体:\n  正文: 并不存在的仿宋体\n  一级标题: Noto Sans CJK SC\n",
        encoding="utf-8",
    )
    line = config.read_text(encoding="utf-8").splitlines().index("  正文: 并不存在的仿宋体") + 1
    _, findings = check_site(root)
    fonts = [f for f in findings if f.rule == "GK601"]
    assert len(fonts) == 1 and fonts[0].file == "gkgen.yaml" and fonts[0].line == line
    assert "并不存在的仿宋体" in fonts[0].message and "Noto Serif CJK SC" in fonts[0].message
    result = build(root, root / "build", pdf=True, jobs=0)
    assert [f.message for f in result.warnings if f.rule == "GK601"] == [fonts[0].message]
    summary = capsys.readouterr().err
    reports = len(list((root / "build").glob("*/*/report.pdf")))
    assert reports and f"有警告 {reports} 份" in summary, summary


def test_installed_font_is_not_reported(make_site: Any) -> None:
    root = make_site()
    config = root / "gkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "PDF字体: {正文: Noto Serif CJK SC}\n", encoding="utf-8")
    _, findings = check_site(root)
    assert not [f for f in findings if f.rule == "GK601"]


def test_signature_setting_turns_it_off(make_site: Any) -> None:
    from gkgen.html import render_portal

    root = make_site()
    config = root / "gkgen.yaml"
    site, _ = check_site(root)
    assert all("gk-signature" in html for _, html in render_portal(site).pdf_documents)
    config.write_text(config.read_text(encoding="utf-8") + "PDF版式: {落款: false}\n", encoding="utf-8")
    site, findings = check_site(root)
    assert not [f for f in findings if f.severity == "error"]
    assert all("gk-signature" not in html for _, html in render_portal(site).pdf_documents)
    report = _reports(site)[0]
    document = docx.Document(io.BytesIO(word_file(Renderer.for_site(site), report)[0]))
    assert _style(document.paragraphs[-1]) != "gkgen 落款"


def test_base_url_must_be_http() -> None:
    assert is_site_url("https://www.example.gov.cn/zfxxgk/nb/") and is_site_url("http://10.0.0.1:8080/nb")
    for bad in ("www.example.gov.cn/nb/", "javascript:alert(1)", "ftp://x.cn/", "https://", "https://a b.cn/", "/nb/"):
        assert not is_site_url(bad), bad


# ---------------------------------------------------------------- Word


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def _spans(table: Any) -> set[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of every cell of a Word table, from gridSpan and vMerge."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    origins: dict[int, list[int]] = {}  # column -> [row, col, rowspan, colspan] of the open cell
    cells: list[list[int]] = []
    for y, tr in enumerate(table._tbl.tr_lst):
        x = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            merge = tc.tcPr.find(f"{w}vMerge") if tc.tcPr is not None else None
            if merge is not None and merge.get(f"{w}val", "continue") == "continue":
                origins[x][2] += 1
            else:
                cell = [y, x, 1, span]
                cells.append(cell)
                origins[x] = cell
            x += span
    return {(a, b, c, d) for a, b, c, d in cells}


def test_docx_layout_styles_and_exact_grids(built: tuple[Site, Path]) -> None:
    site, out = built
    for report in _reports(site):
        assert report.data is not None
        path = out / str(report.year) / report.agency.id / "report.docx"
        document = docx.Document(str(path))
        section = document.sections[0]
        assert section.page_width is not None and section.page_height is not None
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [round(m.mm) if m is not None else None for m in margins] == [37, 35, 28, 26]
        normal = document.styles["Normal"]
        assert normal.font.size.pt == 16 and normal.element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "仿宋"
        headings = [p.text for p in document.paragraphs if _style(p) == "Heading 1"]
        assert headings == [s.heading for s in report.data.format.sections]
        assert any(_style(p) == "Heading 2" for p in document.paragraphs)
        footer = section.footer._element.xml + section.even_page_footer._element.xml
        assert footer.count(" PAGE ") == 2 and "— " in footer
        grids = layout.format_grids(report.data.format)
        assert len(document.tables) == len(grids)
        for grid, table in zip(grids, document.tables, strict=True):
            assert _spans(table) == {(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells}, grid.table_id
        if report.data.published is not None:
            last = [p.text for p in document.paragraphs[-2:]]
            assert last == [report.agency.name, chinese_date(report.data.published)]
            created = document.core_properties.created
            assert created is not None and created.date() == report.data.published
        else:
            assert _style(document.paragraphs[-1]) != "gkgen 落款"
        with zipfile.ZipFile(path) as archive:
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_docx_is_reproducible(built: tuple[Site, Path]) -> None:
    site, _ = built
    report = _reports(site)[0]
    assert word_file(Renderer.for_site(site), report)[0] == word_file(Renderer.for_site(site), report)[0]


def _blocks(markdown: str) -> list[str]:
    """The narrative's headings (numbering dropped) and paragraphs as plain text, no spacing."""
    tokens = commonmark().parse(markdown)
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or index == 0:
            continue
        parent = tokens[index - 1].type
        text = "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))
        if parent == "heading_open":
            text = strip_heading_numbering(text)
        text = re.sub(r"\s+", "", text.replace("\u2009", " "))
        if text:
            out.append(text)
    return out


def _round_trip_cases() -> list[tuple[str, Site]]:
    import tempfile

    synthetic = synthetic_site(Path(tempfile.mkdtemp(prefix="gkgen-office-")) / "site")
    return [("sample", load(ROOT)), ("synthetic", load(synthetic))]


SITES = _round_trip_cases()


@pytest.mark.parametrize(("name", "site"), SITES, ids=[n for n, _ in SITES])
def test_docx_import_round_trip(tmp_path: Path, name: str, site: Site) -> None:
    renderer = Renderer.for_site(site)
    reports = _reports(site)
    assert reports
    for report in reports:
        assert report.data is not None and report.narrative is not None
        path = tmp_path / f"{report.agency.id}-{report.year}.docx"
        path.write_bytes(word_file(renderer, report)[0])
        item = import_file(path)
        assert item.complete, (item.missing, item.match.unplaced)
        assert item.year == report.year and item.format is report.data.format
        assert {k: c.value for k, c in item.data.cells.items()} == {k: c.value for k, c in report.data.cells.items()}
        totals = full_grid(report.data)
        assert {k: c.value for k, c in item.data.typed_totals.items()} == {
            c.key: totals[c.key] for c in report.data.format.computed
        }
        assert item.data.published == report.data.published
        assert item.name == report.agency.name
        source, imported = _blocks(report.md_path.read_text(encoding="utf-8")), _blocks(item.markdown)
        if not narrative_sources(report.narrative)[0]:  # gkgen's standard preamble stood in for it
            first = report.data.format.sections[0].title
            assert first in imported and "第五十条" in imported[0]
            imported = imported[imported.index(first) :]
        assert imported == source, (name, report.agency.id, report.year)


def test_libreoffice_renders_the_docx(built: tuple[Site, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice（soffice）未安装：apt-get install libreoffice-writer-nogui")
    site, out = built
    target = ARTIFACTS / "libreoffice"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    report = site.report(IMAGE_AGENCY, IMAGE_YEAR)
    assert report is not None and report.data is not None and report.data.published is not None
    source = out / str(report.year) / report.agency.id / "report.docx"
    profile = tmp_path / "lo-profile"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "report.pdf"
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", run("pdfinfo", str(pdf)))
    text = run("pdftotext", "-layout", str(pdf), "-")
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", report.agency.name + "2021年政府信息") in flat
    assert "—1—" in flat and "三、收到和处理政府信息公开申请情况" in flat
    signature = re.escape(report.agency.name + chinese_date(report.data.published))
    assert re.search(signature + r"—\d+—$", flat), flat[-80:]
    images = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert images, "the narrative's picture is missing from LibreOffice's rendering"
    shutil.copy(pdf, target / "report-libreoffice.pdf")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(target / "page")], check=True)
