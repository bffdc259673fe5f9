"""Hostile or absurd inputs to `gkgen import`: every one ends in a result or a Chinese gkgen error
(exit 2), never a traceback, and in bounded work — span and zip bombs, entity expansion, deep
nesting, oversized files; a fuzz run over each importer with arbitrary bytes."""

from __future__ import annotations

import contextlib
import io
import random
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import IMPORT, SEEDS_RAW, empty_site

from gkgen.cli import main
from gkgen.errors import GkgenError, UsageError
from gkgen.importer import MAX_SIZE, import_file, read_document
from gkgen.importer.grid import MAX_CELLS, InputLimit, Paragraph
from gkgen.importer.html import read_html
from gkgen.importer.narrative import _is_broken, _join_broken

PORTAL = IMPORT / "portal-2022.html"
PIPE_SEED = SEEDS_RAW / "004_de67b3003fa77aa1.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _cli(path: Path, site: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", str(path), "--agency", "bomb", "--site", str(site)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


# ---------------------------------------------------------------- HTML


def test_span_bomb_is_refused_by_the_cell_budget(tmp_path: Path) -> None:
    # 1.5 MB of rowspan=100 colspan=100 cells: 400 million grid positions before the budget.
    row = '<tr><td rowspan="100" colspan="100">1</td><td rowspan="100" colspan="100">2</td></tr>'
    page = tmp_path / "bomb.html"
    page.write_text("<html><body><table>" + row * 20_000 + "</table></body></html>", encoding="utf-8")
    assert page.stat().st_size > 1_500_000
    code, out = _cli(page, empty_site(tmp_path / "site"))
    assert code == 2
    assert f"{page}：表格展开合并单元格后超过 {MAX_CELLS} 格" in out


def test_holes_left_by_spans_count_against_the_budget() -> None:
    # One row of wide cells and a cell spanning every later row at the far right: each later row
    # would be padded with ~100 000 blank cells.
    page = (
        "<table><tr>"
        + '<td colspan="100">x</td>' * 999
        + '<td rowspan="5000">y</td></tr>'
        + "<tr></tr>" * 5000
        + "</table>"
    )
    with pytest.raises(InputLimit):
        read_html(page)


def test_rowspan_past_the_last_row_is_clipped() -> None:
    doc = read_html("<table><tr><td rowspan='100'>甲</td><td>1</td></tr><tr><td>2</td></tr></table>")
    (table,) = doc.tables()
    assert table.row_texts() == [["甲", "1"], ["甲", "2"]]


@pytest.mark.parametrize(
    "page",
    [
        "<div>" * 100_000 + "一、总体情况" + "</div>" * 100_000,
        "<span>" * 100_000 + "一、总体情况",
        "<table><tr><td>" * 30_000 + "一、总体情况",
        "<table>" + "<tbody>" * 50_000 + "<tr><td>一、总体情况</td><td>1</td></tr><tr><td>a</td><td>2</td></tr>",
        "<ul>" + "<li><p><b><i>" * 30_000 + "一、总体情况",
    ],
    ids=["divs", "unclosed-spans", "nested-tables", "nested-tbody", "mixed"],
)
def test_deep_nesting_is_read_without_recursion(page: str) -> None:
    doc = read_html(page)
    texts = doc.paragraphs() + [c for t in doc.tables() for r in t.row_texts() for c in r]
    assert any("一、总体情况" in t for t in texts)


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        ("</" * 200_000, True),
        ("<!" * 200_000, True),
        ("<?" * 200_000, True),
        ("<![foo[ x ]]>", True),
        ("<!DOCTYPE html>", True),
        ("<!--a>" * 100_000, False),  # a comment never closed runs to the end of the page
        ('<a b="' * 100_001, False),  # so does a tag whose (last) quote is never closed
    ],
)
def test_unterminated_markup_is_read_linearly_and_without_assertion_errors(page: str, kept: bool) -> None:
    # html.parser (Python 3.11.7) takes minutes on the repeated ones and raises AssertionError
    # on "<![foo[": markup cut off by the end of the page is dropped, as browsers do.
    doc = read_html(page + "<p>正文</p>")
    assert doc.blocks == ([Paragraph("正文")] if kept else [])


def test_tokeniser_keeps_entities_attributes_and_script_text_apart() -> None:
    doc = read_html(
        "<html><head><title>甲 &amp; 乙</title><script>if (a < b) { x = '</p>' }</script></head><body>"
        "<table><tr><td colspan=2 class='x'>合&#x5E76;</td></tr><tr><td>1</td><td ROWSPAN = \"1\">2</td></tr>"
        "</table><!-- <p>注释</p> --><p>丙&lt;丁</p></body></html>"
    )
    assert doc.title == "甲 & 乙"
    (table,) = doc.tables()
    assert table.row_texts() == [["合并"], ["1", "2"]]
    assert doc.paragraphs() == ["丙<丁"]


# ---------------------------------------------------------------- Word


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    document.add_table(rows=2, cols=2)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BASE_DOCX = _docx_bytes()


def _body(inner: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'
    ).encode()


def _with_document(path: Path, document_xml: bytes, *, level: int = 6) -> Path:
    source = zipfile.ZipFile(io.BytesIO(BASE_DOCX))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, source.read(info))
        out.writestr("word/document.xml", document_xml)
    return path


def _table(first_cell: str) -> str:
    return (
        f"<w:tbl><w:tr>{first_cell}<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    )


@pytest.mark.parametrize("value", ["2000000000", "abc", "-3", "1e3", "", "99999999999999999999"])
def test_invalid_or_huge_grid_span_is_a_clear_error(tmp_path: Path, value: str) -> None:
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{value}"/></w:tcPr><w:p/></w:tc>'
    path = _with_document(tmp_path / "span.docx", _body(_table(cell)))
    with pytest.raises(UsageError, match=r"第 1 个表格：第 1 行的合并单元格列数（gridSpan）.*无效"):
        read_document(path)


def test_many_wide_cells_are_bounded_by_the_budget(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p/></w:tc>'
    path = _with_document(tmp_path / "wide.docx", _body(_table(cell * 300)))
    with pytest.raises(UsageError, match=f"超过 {MAX_CELLS} 格"):
        read_document(path)


def test_comments_processing_instructions_and_an_empty_document(tmp_path: Path) -> None:
    inner = "<!-- 注释 --><w:p><w:r><w:t>甲</w:t><!-- x --></w:r></w:p><?mso-application x?>" + _table(
        "<!-- c --><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>"
    )
    doc = read_document(_with_document(tmp_path / "c.docx", _body(inner)))
    assert doc.paragraphs() == ["甲"]
    (table,) = doc.tables()
    assert table.row_texts() == [["乙", "1"], ["", ""]]
    empty = read_document(_with_document(tmp_path / "e.docx", f'<w:document xmlns:w="{W}"/>'.encode()))
    assert empty.blocks == []


def test_entities_are_refused_before_parsing(tmp_path: Path) -> None:
    xxe = _body("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    laughs = "".join(f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, 10))
    bomb = _body("<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", f"<!DOCTYPE d [<!ENTITY l0 'ha'>{laughs}]>")
    for name, xml in (
        ("xxe", xxe),
        ("laughs", bomb),
        ("utf16", xxe.decode().replace("UTF-8", "UTF-16").encode("utf-16")),
    ):
        path = _with_document(tmp_path / f"{name}.docx", xml)
        with pytest.raises(UsageError, match=re.escape("word/document.xml 含有 DTD 或实体声明")):
            read_document(path)


def test_zip_bomb_is_refused_without_decompressing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    source = zipfile.ZipFile(io.BytesIO(BASE_DOCX))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, source.read(info))
        with out.open("word/document.xml", "w", force_zip64=True) as stream:
            zeros = bytes(1 << 20)
            for _ in range(1024):  # 1 GiB of zeros, about 1 MB on disk
                stream.write(zeros)
    assert path.stat().st_size < 8 << 20
    code, out_text = _cli(path, empty_site(tmp_path / "site"))
    assert code == 2
    assert "部件 word/document.xml 解压后 1024 MB，超过 20 MB 的上限（可能是压缩炸弹）" in out_text


def test_high_compression_ratio_is_refused(tmp_path: Path) -> None:
    xml = _body("<w:p><w:r><w:t>" + "零" * 2_000_000 + "</w:t></w:r></w:p>")  # 6 MB, compresses ~1000:1
    with pytest.raises(UsageError, match="压缩比超过 100 倍"):
        read_document(_with_document(tmp_path / "ratio.docx", xml, level=9))


def _patch_sizes(data: bytearray, name: bytes, size: int) -> None:
    """Make the local header and the central directory entry of ``name`` declare ``size``."""
    # (signature, offset of the uncompressed size, of the name's length, of the name)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            (length,) = struct.unpack_from("<H", data, at + length_at)
            if data[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)


def test_a_part_that_lies_about_its_size_fails_its_check(tmp_path: Path) -> None:
    path = _with_document(tmp_path / "liar.docx", _body("<w:p><w:r><w:t>" + "x" * 3_000_000 + "</w:t></w:r></w:p>"))
    data = bytearray(path.read_bytes())
    _patch_sizes(data, b"word/document.xml", 1000)
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size == 1000
    with pytest.raises(UsageError, match=re.escape("不是有效的 .docx 文件")):
        read_document(path)


def test_nesting_deeper_than_the_xml_parser_allows(tmp_path: Path) -> None:
    rng = random.Random(7)
    inner = "".join(f'<w:p w:rsidR="{rng.getrandbits(32):08X}">' for _ in range(400)) + "</w:p>" * 400
    with pytest.raises(UsageError, match=re.escape("不是有效的 .docx 文件")):
        read_document(_with_document(tmp_path / "deep.docx", _body(inner)))


# ---------------------------------------------------------------- sizes and text


@pytest.mark.parametrize(("suffix", "kind"), [(".txt", "文本"), (".html", "网页"), (".docx", "Word 文件")])
def test_files_over_the_limit_name_the_limit_and_the_file(tmp_path: Path, suffix: str, kind: str) -> None:
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as out:
        out.truncate(MAX_SIZE[kind] + 1)  # sparse: nothing is written to disk
    code, out_text = _cli(path, empty_site(tmp_path / "site"))
    assert code == 2
    assert f"{path}：文件大小" in out_text and f"超过{kind}的上限 {MAX_SIZE[kind] >> 20} MB，未导入" in out_text


def test_a_large_text_just_under_the_limit_is_imported(tmp_path: Path) -> None:
    # The seed report with its narrative repeated up to the limit: read in one pass.
    text = PIPE_SEED.read_text(encoding="utf-8")
    head, rest = text.split("二、主动公开政府信息情况", 1)
    line = "本段是为测试大文件而重复的正文，\n"
    filler = line * ((MAX_SIZE["文本"] - len(text.encode()) - 1000) // len(line.encode()))
    path = tmp_path / "large.txt"
    path.write_text(head + filler + "二、主动公开政府信息情况" + rest, encoding="utf-8")
    assert MAX_SIZE["文本"] - 2000 < path.stat().st_size <= MAX_SIZE["文本"]
    item = import_file(path)
    assert item.complete and item.year == 2021


def _join_broken_naive(texts: list[str]) -> list[str]:
    """The original, quadratic definition (kept to prove the linear one equal)."""
    out: list[str] = []
    for text in texts:
        from gkgen.importer.narrative import _is_heading_like

        if out and _is_broken(out[-1]) and not _is_heading_like(text):
            out[-1] = out[-1] + text
        else:
            out.append(text)
    return out


pieces = st.lists(
    st.text(alphabet="#，,、。一二三四五（）总体情况存在的主要问题 ab1", min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(pieces)
def test_joining_broken_paragraphs_is_unchanged(texts: list[str]) -> None:
    assert _join_broken(texts) == _join_broken_naive(texts)


# ---------------------------------------------------------------- fuzz: no traceback, ever


def _import_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        for year in (None, 2021):
            with contextlib.suppress(GkgenError):
                import_file(path, year=year)


def _seed_bytes() -> Iterator[bytes]:
    yield PORTAL.read_bytes()[:20_000]
    yield PIPE_SEED.read_bytes()


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
html_fragments = st.lists(
    st.sampled_from(
        [
            "<table>",
            "<tr>",
            "<td",
            " rowspan=",
            " colspan='",
            "3",
            "99",
            ">",
            "</td>",
            "</tr>",
            "</table>",
            "<p>",
            "<!--",
            "-->",
            "<![",
            "]]>",
            "</",
            "<",
            "&",
            "&#",
            ";",
            '"',
            "'",
            "一、总体情况",
            "行政许可",
            "0",
            "<br/>",
            "<script>",
            "</script>",
            "<div>",
            "</span>",
        ]
    ),
    max_size=60,
).map("".join)


@FUZZ
@given(st.binary(max_size=2000) | html_fragments.map(str.encode))
def test_fuzz_html(data: bytes) -> None:
    _import_bytes(data, ".html")


@FUZZ
@given(
    st.binary(max_size=2000) | st.text(max_size=500).map(str.encode),
    st.sampled_from(list(_seed_bytes())),
    st.integers(0, 10_000),
)
def test_fuzz_text(data: bytes, seed: bytes, at: int) -> None:
    _import_bytes(data, ".txt")
    _import_bytes(seed[:at] + data + seed[at:], ".txt")


@FUZZ
@given(
    st.binary(max_size=2000), st.lists(st.tuples(st.integers(0, len(BASE_DOCX) - 1), st.integers(0, 255)), max_size=8)
)
def test_fuzz_docx_bytes(data: bytes, flips: list[tuple[int, int]]) -> None:
    _import_bytes(data, ".docx")
    mutated = bytearray(BASE_DOCX)
    for at, value in flips:
        mutated[at] = value
    _import_bytes(bytes(mutated), ".docx")


@FUZZ
@given(st.binary(max_size=1000) | html_fragments.map(lambda s: _body(s.replace("td", "w:tc").replace("tr", "w:tr"))))
def test_fuzz_docx_document_part(xml: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _with_document(Path(folder) / "f.docx", xml)
        for year in (None, 2021):
            with contextlib.suppress(GkgenError):
                import_file(path, year=year)
