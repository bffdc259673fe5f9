"""TrueType (glyf) copies of the CFF (PostScript-outline) fonts, made once per machine.

Noto CJK ships CFF outlines. WeasyPrint's HarfBuzz subsetting desubroutinizes CFF, so every
report embeds large subsets and spends time writing them; the same glyphs as TrueType (quadratic)
outlines embed at about a third of the size and are written faster (docs/performance.md).

A copy keeps the characters of gkgen.pdf.subset (GB 2312 and the punctuation, Latin and symbol
blocks: about 8 700 glyphs of a Noto CJK face). HarfBuzz cuts the face, draws its glyphs for
cu2qu (gkgen.pdf.quadratic), and the copy is scaled to 500 units per em: about 3 s of CPU per
face; the faces are cut, drawn in ranges of glyphs and assembled as tasks of all cores together.
Without HarfBuzz's drawing API fontTools' pens convert instead (several times slower).
`gkgen build` keeps the copies in ``default_font_dir()`` (``$XDG_CACHE_HOME/gkgen/fonts``), named
after the source file's path, face index, size and modification time and the recipe (tolerance,
grid, dropped tables and features, character set), and only looks them up later.
``python -m gkgen.pdf.prepare_fonts`` makes the default fonts' copies ahead (set-up).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

import click

from gkgen.pdf import quadratic
from gkgen.pdf.fonts import FontFile, find_font
from gkgen.pdf.jobs import FontRoles, PdfLayout
from gkgen.pdf.subset import CHARACTER_RANGES, DROPPED_FEATURES, HANZI, subset_face

PREFIX = "gkgen TT "
MAX_ERROR_EM = 0.004
"""cu2qu tolerance, in em (4 font units of Noto CJK): 0.064 pt at 16 pt, far below a printer's
dot; 0.001 em would make the body font's subset about 10 % larger (measured)."""
UNITS_PER_EM = 500
"""Copies of finer-grained faces are scaled to this grid (Noto CJK: 1000 units per em). The
rounding moves a point by at most 0.001 em (0.016 pt at 16 pt); glyf stores most moves between
points in one byte instead of two, which makes a report's body-font subset about 12 % smaller
(docs/performance.md)."""
DROPPED_TABLES = ("CFF ", "VORG", "vhea", "vmtx")
"""The CFF outlines and the vertical metrics: gkgen sets text horizontally only."""


@dataclass(frozen=True)
class Converted:
    """A TrueType copy of one face, declared to WeasyPrint by @font-face."""

    family: str  # the configured family
    weight: int  # 400 or 700
    path: Path


def used_faces(roles: FontRoles, layout: PdfLayout) -> list[tuple[str, int]]:
    """(family, weight) pairs the stylesheet uses, in a stable order."""
    heading = 700 if layout.bold_headings else 400
    pairs = [
        (roles.body, 400),
        (roles.title, 700),
        (roles.heading1, heading),
        (roles.heading2, heading),
        (roles.page_number, 400),
        (roles.body, heading),
    ]
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


SECONDS_PER_FACE = 3
"""What the first-use message announces (measured: about 3 s of CPU per Noto CJK face)."""
FIRST_USE = f"首次使用：正在为 PDF 准备 TrueType 字体副本（每种字体约 {SECONDS_PER_FACE} 秒，仅需一次）…"


def default_font_dir() -> Path:
    """The per-user folder of the copies (fonts are machine-wide, not per site)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "gkgen" / "fonts"


def _copy_prefix(face: FontFile) -> str:
    """The name every copy of this face (source file and index) starts with, whatever the
    recipe or the source file's version."""
    where = hashlib.sha256(f"{face.path}|{face.index}".encode()).hexdigest()[:6]
    return f"{face.path.stem}-{face.index}-{where}-"


def converted_path(face: FontFile, folder: Path) -> Path:
    """Where the copy of ``face`` lives; a new name when the source or the recipe changes."""
    stat = face.path.stat()
    key = (
        f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{MAX_ERROR_EM}|"
        f"{UNITS_PER_EM}|{DROPPED_TABLES}|{DROPPED_FEATURES}|{CHARACTER_RANGES!r}|{HANZI}"
    ).encode()
    return folder / f"{_copy_prefix(face)}{hashlib.sha256(key).hexdigest()[:12]}.ttf"


def remove_outdated_copies(face: FontFile, current: Path) -> None:
    """Delete the copies of ``face`` made from an older font file or by an older recipe."""
    prefix = _copy_prefix(face)
    for old in current.parent.iterdir():
        if old.name.startswith(prefix) and old.suffix == ".ttf" and old != current:
            old.unlink(missing_ok=True)


def convert_to_truetype(face: FontFile, dest: Path) -> None:
    """Write ``face`` with quadratic (glyf) outlines, scaled to at most ``UNITS_PER_EM``, to
    ``dest`` (atomically): HarfBuzz draws the glyphs (gkgen.pdf.quadratic), or fontTools' pens
    when HarfBuzz cannot."""
    if quadratic.available():
        count, scale, max_error = glyph_plan(face)
        assemble(face, quadratic.glyf_records(face.path, face.index, 0, count, scale, max_error), dest)
        return
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index)
    source_upem = font["head"].unitsPerEm
    glyph_set = font.getGlyphSet()  # keeps the CFF outlines it draws from
    _drop_and_scale(font)
    scale = UNITS_PER_EM / max(source_upem, UNITS_PER_EM)
    font["glyf"] = _quadratic_glyphs(font, glyph_set, scale, MAX_ERROR_EM * source_upem)
    _save_truetype(font, dest)


def glyph_plan(face: FontFile) -> tuple[int, float, float]:
    """(number of glyphs, scale to ``UNITS_PER_EM``, cu2qu tolerance in the face's units)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    try:
        upem = font["head"].unitsPerEm
        return font["maxp"].numGlyphs, UNITS_PER_EM / max(upem, UNITS_PER_EM), MAX_ERROR_EM * upem
    finally:
        font.close()


UNSCALED_TABLES = frozenset({"GSUB", "cmap", "name"})
"""Tables without design units: not decompiled or visited when a copy is scaled (GSUB alone
took most of fontTools' ``scale_upem`` time for a Noto CJK face)."""


def _drop_and_scale(font: Any) -> None:
    """Drop ``DROPPED_TABLES``; scale metrics, OpenType positioning, OS/2 … to ``UNITS_PER_EM``
    (fontTools' ``scale_upem``, table by table)."""
    from fontTools.ttLib.scaleUpem import ScalerVisitor

    for tag in DROPPED_TABLES:
        if tag in font:
            del font[tag]
    upem = font["head"].unitsPerEm
    if upem <= UNITS_PER_EM:
        return
    visitor = ScalerVisitor(UNITS_PER_EM / upem)
    visitor.font = font
    for tag in list(font.keys()):
        if tag not in UNSCALED_TABLES and tag != "GlyphOrder":
            visitor.visit(font[tag])
    del visitor.font


def assemble(face: FontFile, records: Sequence[quadratic.Record], dest: Path) -> None:
    """Write ``face`` with the glyf ``records`` (one per glyph, in order) in place of its CFF
    outlines, its other tables scaled to ``UNITS_PER_EM``, to ``dest`` (atomically).

    The bounds are taken from the records, not recomputed by fontTools from the glyphs."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    font = TTFont(str(face.path), fontNumber=face.index, recalcBBoxes=False)
    order = font.getGlyphOrder()
    if len(order) != len(records):
        raise ValueError(f"{len(records)} outlines for {len(order)} glyphs")
    _drop_and_scale(font)
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {name: Glyph(record.data) for name, record in zip(order, records, strict=True)}
    font["glyf"] = glyf
    metrics = font["hmtx"].metrics
    drawn = [(name, record) for name, record in zip(order, records, strict=True) if record.contours]
    for name, record in zip(order, records, strict=True):
        metrics[name] = (metrics[name][0], record.x_min if record.contours else 0)
    head, hhea, maxp = font["head"], font["hhea"], font["maxp"]
    if drawn:
        head.xMin = min(r.x_min for _, r in drawn)
        head.yMin = min(r.y_min for _, r in drawn)
        head.xMax = max(r.x_max for _, r in drawn)
        head.yMax = max(r.y_max for _, r in drawn)
        hhea.minLeftSideBearing = min(r.x_min for _, r in drawn)
        hhea.minRightSideBearing = min(metrics[n][0] - r.x_max for n, r in drawn)
        hhea.xMaxExtent = max(r.x_max for _, r in drawn)
    hhea.advanceWidthMax = max(advance for advance, _ in metrics.values())
    head.flags |= 2  # every left side bearing is its glyph's xMin
    maxp.maxPoints = max((r.points for r in records), default=0)
    maxp.maxContours = max((r.contours for r in records), default=0)
    maxp.maxCompositePoints = maxp.maxCompositeContours = maxp.maxComponentDepth = 0
    _save_truetype(font, dest)


def _save_truetype(font: Any, dest: Path) -> None:
    from fontTools.ttLib import newTable

    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    font.save(str(tmp))
    font.close()
    os.replace(tmp, dest)


def _quadratic_glyphs(font: Any, glyph_set: Any, scale: float, max_error: float) -> Any:
    """A glyf table of ``glyph_set``'s outlines converted by cu2qu (``max_error`` in source
    units) and scaled by ``scale``; each glyph's left side bearing is set to its new xMin."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    metrics = font["hmtx"].metrics
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(None)
        target = pen if scale == 1 else TransformPen(pen, (scale, 0, 0, scale, 0, 0))
        glyph_set[name].draw(Cu2QuPen(target, max_error, reverse_direction=True))
        glyph = glyf.glyphs[name] = pen.glyph()
        glyph.recalcBounds(glyf)
        metrics[name] = (metrics[name][0], glyph.xMin if glyph.numberOfContours else 0)
    return glyf


def make_copy(face: FontFile, dest: Path) -> None:
    """Cut ``face`` to the official-document characters, then convert it (atomically)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    cut = dest.with_name(f".{dest.name}.{os.getpid()}.subset")
    try:
        subset_face(face, cut)
        convert_to_truetype(FontFile(face.family, cut, 0), dest)
    finally:
        cut.unlink(missing_ok=True)


def _face(family: str, weight: int) -> FontFile | None:
    return find_font(family, bold=weight >= 600)


def prepare_truetype_fonts(
    roles: FontRoles, layout: PdfLayout, folder: Path, *, convert: bool, workers: int | None = None
) -> list[Converted]:
    """The TrueType copies available in ``folder``; missing ones of CFF faces are made first
    when ``convert`` (in up to ``workers`` processes, default all cores), announced on stderr.
    A face that cannot be converted keeps its installed font (a warning on stderr)."""
    wanted: list[tuple[str, int, FontFile, Path]] = []
    for family, weight in used_faces(roles, layout):
        face = _face(family, weight)
        if face is not None:
            wanted.append((family, weight, face, converted_path(face, folder)))
    if convert:
        missing = {dest: face for _, _, face, dest in wanted if not dest.is_file() and _is_cff(face)}
        if missing:
            click.echo(FIRST_USE, err=True)
            _make_copies(list(missing.items()), workers)
            for dest, face in missing.items():
                if dest.is_file():
                    remove_outdated_copies(face, dest)
    return [Converted(family, weight, dest) for family, weight, _, dest in wanted if dest.is_file()]


GLYPHS_PER_TASK = 2500
"""Glyphs drawn per task when copies are made in several processes (a Noto CJK face cut to
GB 2312 has about 8 700): small enough to keep every core busy to the end."""


def _make_copies(todo: Sequence[tuple[Path, FontFile]], workers: int | None) -> None:
    size = workers or os.cpu_count() or 1
    if size <= 1 or not quadratic.available():
        size = min(len(todo), size)
        if size <= 1:
            errors = [_try_copy(face, dest) for dest, face in todo]
        else:
            with ProcessPoolExecutor(size, mp_context=_context()) as pool:
                errors = list(pool.map(_try_copy, [f for _, f in todo], [d for d, _ in todo]))
    else:
        errors = _make_copies_in_tasks(todo, size)
    for error in errors:
        if error:
            click.echo(error, err=True)


def _context() -> Any:
    return get_context("fork" if "fork" in get_all_start_methods() else "spawn")


def _make_copies_in_tasks(todo: Sequence[tuple[Path, FontFile]], size: int) -> list[str]:
    """Every face's copy made by ``size`` processes together: each face is cut, its glyphs are
    drawn in ranges of ``GLYPHS_PER_TASK``, then the copy is assembled, each step a task as soon
    as the one before it is done, so that all processes stay busy however many faces there are."""
    errors: dict[Path, str] = {}
    cuts: dict[Path, Path] = {}
    parts: dict[Path, list[Future[list[quadratic.Record]]]] = {}
    faces = {dest: face for dest, face in todo}
    with ProcessPoolExecutor(size, mp_context=_context()) as pool:
        pending: dict[Future[Any], tuple[str, Path]] = {
            pool.submit(_cut_task, face, dest): ("cut", dest) for dest, face in todo
        }
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    step, dest = pending.pop(future)
                    if dest in errors:
                        continue
                    error = future.exception()
                    if error is not None:
                        errors[dest] = _copy_error(faces[dest], error)
                        continue
                    if step == "cut":
                        cut, count, scale, max_error = future.result()
                        cuts[dest] = cut
                        parts[dest] = []
                        for first in range(0, count, GLYPHS_PER_TASK):
                            stop = min(first + GLYPHS_PER_TASK, count)
                            part = pool.submit(quadratic.glyf_records, cut, 0, first, stop, scale, max_error)
                            parts[dest].append(part)
                            pending[part] = ("glyphs", dest)
                    elif step == "glyphs" and all(part.done() for part in parts[dest]):
                        records = [r for part in parts[dest] for r in part.result()]
                        face = FontFile(faces[dest].family, cuts[dest], 0)
                        pending[pool.submit(assemble, face, records, dest)] = ("copy", dest)
        finally:
            for cut in cuts.values():
                cut.unlink(missing_ok=True)
    return list(errors.values())


def _cut_task(face: FontFile, dest: Path) -> tuple[Path, int, float, float]:
    """Cut ``face`` next to ``dest``; (the cut, its glyph count, scale, cu2qu tolerance)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    cut = dest.with_name(f".{dest.name}.{os.getpid()}.subset")
    try:
        subset_face(face, cut)
        return (cut, *glyph_plan(FontFile(face.family, cut, 0)))
    except BaseException:
        cut.unlink(missing_ok=True)
        raise


def _try_copy(face: FontFile, dest: Path) -> str:
    try:
        make_copy(face, dest)
    except Exception as error:  # a broken font file: keep the installed font, say why
        return _copy_error(face, error)
    return ""


def _copy_error(face: FontFile, error: BaseException) -> str:
    return (
        f"警告：无法为字体“{face.family}”（{face.path}）生成 TrueType 副本"
        f"（{type(error).__name__}: {error}），PDF 将直接使用该字体"
    )


def font_face_css(converted: list[Converted]) -> str:
    """@font-face rules declaring the copies under the family name ``gkgen TT <family>``."""
    rules = []
    for item in converted:
        rules.append(
            f'@font-face {{ font-family: "{PREFIX}{item.family}"; font-weight: {item.weight}; '
            f'font-style: normal; src: url("{item.path.resolve().as_uri()}"); }}'
        )
    return "\n".join(rules) + ("\n" if rules else "")
