"""TrueType copies of CFF fonts (gkgen.pdf.outlines, gkgen.pdf.subset), on tiny fonts built
here: no test converts a real Noto CJK face."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph
from pdf_helpers import THEME, fixture_html, fixture_job, run

from gkgen.pdf import (
    FontRoles,
    PdfLayout,
    full_stylesheet,
    outlines,
    prepare_fonts,
    quadratic,
    render_pdfs,
)
from gkgen.pdf.cache import job_digest
from gkgen.pdf.fonts import FontFile, find_font
from gkgen.pdf.outlines import (
    FIRST_USE,
    Converted,
    convert_to_truetype,
    converted_path,
    default_font_dir,
    make_copy,
    prepare_truetype_fonts,
    used_faces,
)
from gkgen.pdf.site import font_dir_for
from gkgen.pdf.subset import (
    CHARACTER_RANGES,
    HANZI,
    _fonttools_subset,
    codepoints,
    gb2312_characters,
    subset_face,
)

# 一 and 丁 are in the copies' character set, 한 (Hangul) is not.
CMAP = {0x4E00: "uni4E00", 0x4E01: "uni4E01", 0xD55C: "uniD55C"}
FEATURES = """
languagesystem DFLT dflt;
languagesystem hani dflt;
languagesystem hani ZHS;
languagesystem hani JAN;
feature locl {
  script hani; language ZHS exclude_dflt; sub uni4E01 by uni4E01.zhs;
  script hani; language JAN exclude_dflt; sub uni4E00 by uni4E00.jp;
} locl;
feature vert { sub uni4E00 by uni4E00.vert; } vert;
"""


def tiny_cff_font(path: Path, cmap: dict[int, str] | None = None, features: str = "") -> None:
    cmap = cmap or {0x4E00: "uni4E00"}
    builder = FontBuilder(1000, isTTF=False)
    names = [".notdef", *cmap.values()]
    if features:
        names += ["uni4E01.zhs", "uni4E00.jp", "uni4E00.vert"]
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(cmap)
    strings = {}
    for name in names:
        pen = T2CharStringPen(1000, None)
        pen.moveTo((100, 380))
        pen.curveTo((300, 420), (700, 420), (900, 380))
        pen.lineTo((900, 330))
        pen.lineTo((100, 330))
        pen.closePath()
        strings[name] = pen.getCharString()
    builder.setupCFF("GkTiny", {"FullName": "GkTiny"}, strings, {})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "GkTiny", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    if features:
        builder.addOpenTypeFeatures(features)
    builder.save(str(path))


def test_cff_font_becomes_truetype_with_the_same_glyphs(tmp_path: Path) -> None:
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source)
    face = FontFile("GkTiny", source, 0)
    dest = converted_path(face, tmp_path / "tt")
    convert_to_truetype(face, dest)
    font = TTFont(str(dest))
    assert "glyf" in font and "CFF " not in font
    assert font.getGlyphOrder() == [".notdef", "uni4E00"]
    assert font.getBestCmap() == {0x4E00: "uni4E00"}
    glyph = font["glyf"]["uni4E00"]
    assert glyph.numberOfContours == 1
    # the name changes when the source file changes
    source.write_bytes(source.read_bytes() + b"\0")
    assert converted_path(face, tmp_path / "tt") != dest


def test_copy_is_scaled_to_500_units_with_matching_metrics(tmp_path: Path) -> None:
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source)
    dest = tmp_path / "copy.ttf"
    convert_to_truetype(FontFile("GkTiny", source, 0), dest)
    font = TTFont(str(dest))
    assert font["head"].unitsPerEm == outlines.UNITS_PER_EM == 500
    assert font["hhea"].ascent == 440 and font["hhea"].descent == -60
    glyph = font["glyf"]["uni4E00"]
    # the outline (x 100..900, y 330..420 at 1000 units) at half the size
    assert (glyph.xMin, glyph.xMax, glyph.yMin) == (50, 450, 165)
    assert 205 <= glyph.yMax <= 210
    # the advance is halved and the side bearing is the scaled outline's own xMin
    assert font["hmtx"]["uni4E00"] == (500, 50)
    assert not {"vhea", "vmtx", "VORG", "CFF "} & set(font.keys())


def test_stylesheet_names_the_truetype_copy_first(tmp_path: Path) -> None:
    roles = FontRoles()
    copy = Converted(roles.body, 400, tmp_path / "body.ttf")
    css = full_stylesheet(THEME, roles, PdfLayout(), [copy])
    assert '@font-face { font-family: "gkgen TT Noto Serif CJK SC"; font-weight: 400;' in css
    assert '--gk-font-body: "gkgen TT Noto Serif CJK SC", "Noto Serif CJK SC";' in css
    # the title is bold: no bold copy, so it keeps the installed font
    assert '--gk-font-title: "Noto Serif CJK SC";' in css


def test_used_faces_follow_the_bold_setting() -> None:
    roles = FontRoles()
    assert (roles.heading1, 400) in used_faces(roles, PdfLayout())
    assert (roles.heading1, 700) in used_faces(roles, PdfLayout(bold_headings=True))


def glyph_count(path: Path) -> int:
    return len(TTFont(str(path)).getGlyphOrder())


def test_copy_keeps_official_characters_and_zh_hans_forms(tmp_path: Path) -> None:
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source, CMAP, FEATURES)
    dest = tmp_path / "copy.ttf"
    make_copy(FontFile("GkTiny", source, 0), dest)
    font = TTFont(str(dest))
    assert "glyf" in font and "CFF " not in font
    # Hangul is outside the copies' character set: it is drawn by the installed font instead
    assert set(font.getBestCmap()) == {0x4E00, 0x4E01}
    # .notdef, 一, 丁 and the zh-Hans locl form of 丁; neither the Japanese form nor the vertical one
    assert len(font.getGlyphOrder()) == 4
    gsub = font["GSUB"].table
    assert {f.FeatureTag for f in gsub.FeatureList.FeatureRecord} == {"locl"}
    languages = {r.LangSysTag for s in gsub.ScriptList.ScriptRecord for r in s.Script.LangSysRecord}
    assert languages == {"ZHS "}
    assert not list(tmp_path.glob(".*"))  # no temporary files left


def test_fonttools_fallback_cuts_the_same_characters(tmp_path: Path) -> None:
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source, CMAP, FEATURES)
    harfbuzz = tmp_path / "hb.otf"
    subset_face(FontFile("GkTiny", source, 0), harfbuzz)
    fonttools = tmp_path / "ft.otf"
    _fonttools_subset(FontFile("GkTiny", source, 0), fonttools)
    assert set(TTFont(str(fonttools)).getBestCmap()) == set(TTFont(str(harfbuzz)).getBestCmap())


def test_character_set_is_documented_and_sorted() -> None:
    starts = [first for first, _, _ in CHARACTER_RANGES]
    assert starts == sorted(starts)
    assert all(first <= last for first, last, _ in CHARACTER_RANGES)
    text = (Path(__file__).resolve().parent.parent / "docs" / "pdf.md").read_text(encoding="utf-8")
    for _, _, name in CHARACTER_RANGES:
        assert name in text


def test_prepare_converts_once_and_announces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    regular, bold = tmp_path / "regular.otf", tmp_path / "bold.otf"
    tiny_cff_font(regular, CMAP, FEATURES)
    tiny_cff_font(bold)
    monkeypatch.setattr(
        outlines, "_face", lambda family, weight: FontFile(family, bold if weight >= 600 else regular, 0)
    )
    monkeypatch.setattr(outlines, "GLYPHS_PER_TASK", 2)  # each face drawn in several tasks
    folder = tmp_path / "fonts"
    assert prepare_truetype_fonts(FontRoles(), PdfLayout(), folder, convert=False) == []
    # two faces to make: cut, drawn and assembled by two worker processes
    first = prepare_truetype_fonts(FontRoles(), PdfLayout(), folder, convert=True, workers=2)
    assert all(len(TTFont(str(c.path)).getGlyphOrder()) in (2, 4) for c in first)
    assert capsys.readouterr().err.strip() == FIRST_USE
    assert len({c.path for c in first}) == 2 and len(list(folder.iterdir())) == 2
    assert {(c.family, c.weight) for c in first} == set(used_faces(FontRoles(), PdfLayout()))
    again = prepare_truetype_fonts(FontRoles(), PdfLayout(), folder, convert=True)
    assert again == first and capsys.readouterr().err == ""
    assert prepare_fonts.main(["--font-dir", str(folder)]) == 0
    assert "TrueType 字体副本：" in capsys.readouterr().err


def test_broken_font_keeps_the_installed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source)
    monkeypatch.setattr(outlines, "_face", lambda family, weight: FontFile(family, source, 0))
    monkeypatch.setattr(outlines, "subset_face", _fail)
    assert prepare_truetype_fonts(FontRoles(), PdfLayout(), tmp_path / "f", convert=True) == []
    assert "无法为字体" in capsys.readouterr().err


def _fail(face: FontFile, dest: Path) -> None:
    raise ValueError("broken")


def test_font_dir_follows_xdg_and_the_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_font_dir() == tmp_path / "gkgen" / "fonts"
    assert font_dir_for(PdfLayout()) == tmp_path / "gkgen" / "fonts"
    off = PdfLayout.from_config({"TrueType字体副本": False})
    assert font_dir_for(off) is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_font_dir() == Path.home() / ".cache" / "gkgen" / "fonts"


def test_switching_copies_on_or_off_changes_the_cache_key(tmp_path: Path) -> None:
    job = fixture_job(tmp_path / "r.pdf")
    roles = FontRoles()
    copy = Converted(roles.body, 400, tmp_path / "body.ttf")
    keys = {
        job_digest(
            job,
            fonts_signature="f",
            css_text=full_stylesheet(THEME, roles, layout, copies),
            layout=layout,
            variant="pdf/a-3a",
        )
        for layout, copies in ((PdfLayout(), [copy]), (PdfLayout(), []), (PdfLayout(truetype_copies=False), []))
    }
    assert len(keys) == 3


def test_characters_outside_the_copy_come_from_the_installed_font(tmp_path: Path) -> None:
    """A copy holding only 一 stands in for the body font: 한 and 𠮷 fall back to the installed
    Noto Serif CJK SC, drawn (not tofu) and without a missing-glyph warning."""
    face = find_font(FontRoles().body)
    if face is None:
        pytest.skip("Noto Serif CJK SC is not installed")
    folder = tmp_path / "fonts"
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source)
    convert_to_truetype(FontFile("GkTiny", source, 0), converted_path(face, folder))
    article = "<article><h1>一</h1><p>一한𠮷</p></article>"
    out = tmp_path / "r.pdf"
    [result] = render_pdfs([fixture_job(out, fixture_html(article))], workers=0, font_dir=folder)
    assert result.ok and result.warnings == []
    fonts = run("pdffonts", str(out))
    assert "gkgen-TT-Noto-Serif-CJK-SC" in fonts and "+Noto-Serif-CJK-SC " in fonts
    assert "한" in run("pdftotext", str(out), "-") and "𠮷" in run("pdftotext", str(out), "-")


def test_new_copy_replaces_the_outdated_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source)
    face = FontFile("GkTiny", source, 0)
    monkeypatch.setattr(outlines, "_face", lambda family, weight: face)
    folder = tmp_path / "fonts"
    folder.mkdir()
    current = converted_path(face, folder)
    stale = current.with_name(current.stem.rsplit("-", 1)[0] + "-000000000000.ttf")  # old recipe
    stale.write_bytes(b"old recipe")
    other = folder / "OtherFont-0-abcdef-000000000000.ttf"
    other.write_bytes(b"another face")
    [copy, *_] = prepare_truetype_fonts(FontRoles(), PdfLayout(), folder, convert=True)
    assert copy.path == current and current.is_file()
    assert not stale.exists()
    assert other.exists()


def test_harfbuzz_drawing_gives_the_same_outlines_as_fonttools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert quadratic.available()
    source = tmp_path / "tiny.otf"
    tiny_cff_font(source, CMAP, FEATURES)
    fast, slow = tmp_path / "fast.ttf", tmp_path / "slow.ttf"
    convert_to_truetype(FontFile("GkTiny", source, 0), fast)
    monkeypatch.setattr(quadratic, "available", lambda: False)
    convert_to_truetype(FontFile("GkTiny", source, 0), slow)
    a, b = TTFont(str(fast)), TTFont(str(slow))
    assert a.getGlyphOrder() == b.getGlyphOrder()
    for name in a.getGlyphOrder():
        ga, gb = a["glyf"][name], b["glyf"][name]
        assert ga.numberOfContours == gb.numberOfContours
        assert list(ga.coordinates) == list(gb.coordinates)
        assert list(ga.flags) == list(gb.flags) and ga.endPtsOfContours == gb.endPtsOfContours
        assert a["hmtx"][name] == b["hmtx"][name]
    for tag, fields in (
        ("head", ("xMin", "yMin", "xMax", "yMax", "unitsPerEm")),
        ("hhea", ("advanceWidthMax", "minLeftSideBearing", "minRightSideBearing", "xMaxExtent")),
        ("maxp", ("numGlyphs", "maxPoints", "maxContours")),
    ):
        assert [getattr(a[tag], f) for f in fields] == [getattr(b[tag], f) for f in fields], tag


def test_glyph_records_decode_to_the_points_written() -> None:
    """encode_glyph writes what fontTools reads back: long and short deltas of both signs, zero
    moves, and runs of equal flags longer than one repeat count holds."""
    xs = [0, 0, 300, -300, 5, 5, *range(10, 10 + 600)]
    ys = [0, -1000, 1000, 255, -255, 0, *([7] * 600)]
    on = [1, 0, 1, 1, 0, 1, *([1] * 600)]
    ends = [2, len(xs) - 1]
    box = (min(xs), min(ys), max(xs), max(ys))
    data = quadratic.encode_glyph(xs, ys, on, ends, box)
    assert len(data) % 2 == 0
    glyph = Glyph(data)
    glyph.expand(None)
    assert list(glyph.coordinates) == list(zip(xs, ys, strict=True))
    assert [f & 1 for f in glyph.flags] == on
    assert glyph.endPtsOfContours == ends
    assert (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) == box
    # the 600 equal flags take a handful of bytes, not 600
    assert len(data) < 10 + 4 + 2 + 60 + 2 * len(xs) + 20


def test_copy_characters_are_gb2312_and_the_listed_blocks() -> None:
    points = set(codepoints())
    assert {ord(c) for c in "政府信息公开工作年度报告呼伦贝尔（一）、。“”—·①㈠ＡＢ"} <= points
    assert len(gb2312_characters()) == 7445
    assert sum(1 for cp in points if 0x4E00 <= cp <= 0x9FFF) == 6763
    # rarer hanzi (names, extension blocks) are left to the installed font
    assert not {ord(c) for c in "镕堃喆㐀𠮷"} & points
    text = (Path(__file__).resolve().parent.parent / "docs" / "pdf.md").read_text(encoding="utf-8")
    assert HANZI in text


def test_rare_characters_outside_a_real_copy_come_from_the_installed_font(tmp_path: Path) -> None:
    """A real copy (Noto Sans CJK SC, the heading font, cut to GB 2312) beside the installed
    font: common characters come from the copy, 镕 堃 (not in GB 2312) and 𠮷 (extension B) from
    the installed font, all drawn and extracted as text, without a warning."""
    face = find_font(FontRoles().heading1)
    if face is None:
        pytest.skip("Noto Sans CJK SC is not installed")
    folder = tmp_path / "fonts"
    make_copy(face, converted_path(face, folder))
    font = TTFont(str(converted_path(face, folder)))
    assert "glyf" in font and 6000 < len(font.getGlyphOrder()) < 12000
    article = "<article><h1>标题</h1><h2>一、总体情况</h2><h2>二、朱镕基堃𠮷报告</h2></article>"
    out = tmp_path / "r.pdf"
    [result] = render_pdfs([fixture_job(out, fixture_html(article))], workers=0, font_dir=folder)
    assert result.ok and result.warnings == []
    fonts = run("pdffonts", str(out))
    assert "gkgen-TT-Noto-Sans-CJK-SC" in fonts and "+Noto-Sans-CJK-SC " in fonts
    text = run("pdftotext", str(out), "-")
    assert "一、总体情况" in text and "二、朱镕基堃𠮷报告" in text
