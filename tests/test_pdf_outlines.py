"""TrueType copies of CFF fonts (gkgen.pdf.outlines), on a tiny CFF font built here."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

from gkgen.pdf import FontRoles, PdfLayout, full_stylesheet
from gkgen.pdf.fonts import FontFile
from gkgen.pdf.outlines import Converted, convert_to_truetype, converted_path, used_faces
from tests.pdf_helpers import THEME


def tiny_cff_font(path: Path) -> None:
    builder = FontBuilder(1000, isTTF=False)
    names = [".notdef", "uni4E00"]
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x4E00: "uni4E00"})
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
