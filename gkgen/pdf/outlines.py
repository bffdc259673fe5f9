"""Optional one-time conversion of CFF (PostScript) font outlines to TrueType outlines.

Noto CJK ships CFF outlines. WeasyPrint's HarfBuzz subsetting desubroutinizes CFF, so every
report embeds large subsets and spends time writing them; the same glyphs as TrueType (quadratic)
outlines embed at about a third of the size and are written faster (measured: docs/performance.md).

Converting one Noto CJK face takes about 50 s and 0.9 GB of memory, so it happens only when asked
(``gkgen.pdf.prepare_truetype_fonts`` / ``render_pdfs(..., truetype_dir=...)`` with
``convert=True``) and the result is kept in a persistent folder, named after the source file's
path, face index, size and modification time. Later runs only look the files up.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from gkgen.pdf.fonts import FontFile, find_font
from gkgen.pdf.jobs import FontRoles, PdfLayout

PREFIX = "gkgen TT "
MAX_ERROR = 4.0
"""cu2qu tolerance in font units (1/1000 em for Noto CJK): 0.064 pt at 16 pt, far below a
printer's dot; 1.0 would make the body font's subset about 10 % larger (measured)."""


@dataclass(frozen=True)
class Converted:
    """A TrueType copy of one face, declared to WeasyPrint by @font-face."""

    family: str  # the configured family
    weight: int  # 400 or 700
    path: Path


def used_faces(roles: FontRoles, layout: PdfLayout) -> list[tuple[str, int]]:
    """(family, weight) pairs the stylesheet uses, in a stable order."""
    heading = 700 if layout.bold_headings else 400
    pairs = [(roles.body, 400), (roles.title, 700), (roles.heading1, heading),
             (roles.heading2, heading), (roles.page_number, 400), (roles.body, heading)]
    out: list[tuple[str, int]] = []
    for pair in pairs:
        if pair not in out:
            out.append(pair)
    return out


def _is_cff(face: FontFile) -> bool:
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    try:
        return "CFF " in font
    finally:
        font.close()


def converted_path(face: FontFile, folder: Path) -> Path:
    stat = face.path.stat()
    key = f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{MAX_ERROR}".encode()
    return folder / f"{face.path.stem}-{face.index}-{hashlib.sha256(key).hexdigest()[:12]}.ttf"


def convert_to_truetype(face: FontFile, dest: Path) -> None:
    """Write ``face`` with quadratic (glyf) outlines to ``dest`` (atomically)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(face.path), fontNumber=face.index)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    font.save(str(tmp))
    font.close()
    os.replace(tmp, dest)


def _face(family: str, weight: int) -> FontFile | None:
    return find_font(family, bold=weight >= 600)


def prepare_truetype_fonts(roles: FontRoles, layout: PdfLayout, folder: Path, *,
                           convert: bool) -> list[Converted]:
    """The TrueType copies available in ``folder`` (converting missing ones if ``convert``)."""
    found: list[Converted] = []
    for family, weight in used_faces(roles, layout):
        face = _face(family, weight)
        if face is None:
            continue
        dest = converted_path(face, folder)
        if not dest.is_file():
            if not convert or not _is_cff(face):
                continue
            convert_to_truetype(face, dest)
        found.append(Converted(family, weight, dest))
    return found


def font_face_css(converted: list[Converted]) -> str:
    """@font-face rules declaring the copies under the family name ``gkgen TT <family>``."""
    rules = []
    for item in converted:
        rules.append(
            f'@font-face {{ font-family: "{PREFIX}{item.family}"; font-weight: {item.weight}; '
            f'font-style: normal; src: url("{item.path.resolve().as_uri()}"); }}'
        )
    return "\n".join(rules) + ("\n" if rules else "")
