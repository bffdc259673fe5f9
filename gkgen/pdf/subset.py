"""Cut a font face down to the characters of Chinese official documents before its outlines are
converted (gkgen.pdf.outlines): a Noto CJK face keeps about 9 000 of its 65 535 glyphs.

The characters are the 6 763 hanzi of GB 2312 (the set the standard official-document fonts
仿宋_GB2312 and 楷体_GB2312 cover) plus the punctuation, digit, Latin and symbol blocks of
``CHARACTER_RANGES``. Characters outside the cut still render: the stylesheet names the installed
font after the copy (gkgen.pdf.fonts.roles_css).

HarfBuzz's subsetter (libharfbuzz-subset0, which WeasyPrint needs anyway) does the cut in well
under a second; fontTools.subset is the fallback. Every OpenType layout feature and script is kept
(vert/vrt2 for vertical text among them), but the language systems other than the default and
zh-Hans (OpenType ``ZHS``) are removed: their ``locl`` lookups (Japanese, Korean, traditional
Chinese glyph forms) would pull in 5 500 more glyphs that a zh-CN report never shows. With
HarfBuzz the face is cut first, the language systems are removed from the small cut, and the cut
is cut again (which drops the glyphs only those lookups reached): about 1 s per face instead of
2.5 s for pruning the whole 26 MB collection first.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from gkgen.pdf.fonts import FontFile

CHARACTER_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "Basic Latin"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2100, 0x214F, "Letterlike Symbols"),
    (0x2150, 0x218F, "Number Forms"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
)
"""The Unicode blocks a TrueType copy keeps whole, besides the hanzi of GB 2312 (what
政府信息公开 reports and other official documents use). Changing this list or ``HANZI`` changes
the copies' file names, so they are made again."""

HANZI = "GB 2312"
"""The hanzi a copy keeps: every character of this national standard (Python's ``gb2312`` codec)."""


@functools.cache
def gb2312_characters() -> frozenset[int]:
    """Every character GB 2312 encodes (6 763 hanzi and 682 other symbols)."""
    found: set[int] = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return frozenset(found)


KEEP_LANGUAGES = frozenset({"ZHS "})
"""OpenType language systems kept besides each script's default (zh-Hans)."""

DROPPED_FEATURES = ("aalt", "vert", "vrt2", "vkna", "vjmo", "vhal", "vkrn", "vpal", "valt")
"""OpenType features a copy leaves out: vertical text (a copy has no vertical metrics either:
gkgen sets text horizontally) and ``aalt`` (the alternates palette of font editors, which no
shaping engine applies; it would keep every alternate glyph). Every other feature stays, those
CSS can turn on (``font-variant-*``, ``font-feature-settings``) among them."""


def _tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


@functools.cache
def codepoints() -> tuple[int, ...]:
    """The code points a copy keeps, sorted."""
    blocks = {cp for first, last, _ in CHARACTER_RANGES for cp in range(first, last + 1)}
    return tuple(sorted(blocks | gb2312_characters()))


def _runs(points: tuple[int, ...]) -> list[tuple[int, int]]:
    """Sorted code points as (first, last) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for cp in points:
        if runs and runs[-1][1] == cp - 1:
            runs[-1] = (runs[-1][0], cp)
        else:
            runs.append((cp, cp))
    return runs


def subset_face(face: FontFile, dest: Path) -> None:
    """Write ``face`` cut to CHARACTER_RANGES to ``dest`` (an OpenType file, outlines as found)."""
    pruned = dest.with_name(f".{dest.name}.{os.getpid()}.langsys")
    first_cut = dest.with_name(f".{dest.name}.{os.getpid()}.cut")
    try:
        hb = _harfbuzz()
        if hb is None:
            _fonttools_subset(_prune_languages(face, pruned), dest)
            return
        first_cut.write_bytes(_harfbuzz_subset(hb, face))
        cut = FontFile(face.family, first_cut, 0)
        source = _prune_languages(cut, pruned)
        if source == cut:
            os.replace(first_cut, dest)
        else:
            dest.write_bytes(_harfbuzz_subset(hb, source))
    finally:
        pruned.unlink(missing_ok=True)
        first_cut.unlink(missing_ok=True)


def _prune_languages(face: FontFile, tmp: Path) -> FontFile:
    """``face`` without the GSUB language systems of other languages (written to ``tmp``), or
    ``face`` itself when it has none."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    try:
        if "GSUB" not in font:
            return face
        changed = False
        for record in font["GSUB"].table.ScriptList.ScriptRecord:
            keep = [r for r in record.Script.LangSysRecord if r.LangSysTag in KEEP_LANGUAGES]
            if len(keep) != len(record.Script.LangSysRecord):
                record.Script.LangSysRecord = keep
                record.Script.LangSysCount = len(keep)
                changed = True
        if not changed:
            return face
        font.save(str(tmp))
        return FontFile(face.family, tmp, 0)
    finally:
        font.close()


_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
void hb_set_add_range(hb_set_t *set, uint32_t first, uint32_t last);
void hb_set_clear(hb_set_t *set);
void hb_set_del(hb_set_t *set, uint32_t codepoint);
void hb_set_invert(hb_set_t *set);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_SETS_UNICODE, _SETS_LAYOUT_FEATURES, _SETS_LAYOUT_SCRIPTS = 1, 6, 7
_FLAGS = 0x01 | 0x40  # HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE


@functools.cache
def _harfbuzz() -> tuple[Any, Any, Any] | None:
    """(ffi, libharfbuzz, libharfbuzz-subset), or None when they cannot be loaded."""
    try:
        from cffi import FFI  # type: ignore[import-untyped]

        ffi = FFI()
        ffi.cdef(_CDEF)
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except (ImportError, OSError, AttributeError):
        return None


def _harfbuzz_subset(hb: tuple[Any, Any, Any], face: FontFile) -> bytes:
    ffi, lib, sub = hb
    blob = lib.hb_blob_create_from_file_or_fail(str(face.path).encode())
    if blob == ffi.NULL:
        raise OSError(f"HarfBuzz cannot read {face.path}")
    source = lib.hb_face_create(blob, face.index)
    request = sub.hb_subset_input_create_or_fail()
    try:
        unicodes = sub.hb_subset_input_set(request, _SETS_UNICODE)
        for first, last in _runs(codepoints()):
            lib.hb_set_add_range(unicodes, first, last)
        for kind in (_SETS_LAYOUT_FEATURES, _SETS_LAYOUT_SCRIPTS):
            tags = sub.hb_subset_input_set(request, kind)
            lib.hb_set_clear(tags)
            lib.hb_set_invert(tags)  # all of them …
        features = sub.hb_subset_input_set(request, _SETS_LAYOUT_FEATURES)
        for name in DROPPED_FEATURES:
            lib.hb_set_del(features, _tag(name))  # … but these
        sub.hb_subset_input_set_flags(request, _FLAGS)
        result = sub.hb_subset_or_fail(source, request)
        if result == ffi.NULL:
            raise ValueError(f"HarfBuzz could not subset {face.path}")
        out = lib.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(lib.hb_blob_get_data(out, length), length[0]))
        lib.hb_blob_destroy(out)
        lib.hb_face_destroy(result)
        return data
    finally:
        sub.hb_subset_input_destroy(request)
        lib.hb_face_destroy(source)
        lib.hb_blob_destroy(blob)


def _fonttools_subset(face: FontFile, dest: Path) -> None:
    """The same cut with fontTools (much slower than HarfBuzz)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(face.path), fontNumber=face.index)
    options = subset.Options()
    options.layout_features = sorted(
        {
            record.FeatureTag
            for tag in ("GSUB", "GPOS")
            if tag in font
            for record in font[tag].table.FeatureList.FeatureRecord
        }
        - set(DROPPED_FEATURES)
    )
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(codepoints()))
    subsetter.subset(font)
    font.save(str(dest))
    font.close()
