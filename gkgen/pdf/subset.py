"""Cut a font face down to the characters of Chinese official documents before its outlines are
converted (gkgen.pdf.outlines): a Noto CJK face keeps about 29 000 of its 65 535 glyphs.

HarfBuzz's subsetter (libharfbuzz-subset0, which WeasyPrint needs anyway) does the cut in under a
second; fontTools.subset, the fallback, takes about 45 s for the same face. Every OpenType layout
feature and script is kept (vert/vrt2 for vertical text among them), but the language systems
other than the default and zh-Hans (OpenType ``ZHS``) are removed first: their ``locl`` lookups
(Japanese, Korean, traditional Chinese glyph forms) would pull in 18 000 more glyphs that a
zh-CN report never shows. Characters outside the set still render: the stylesheet names the
installed font after the copy (gkgen.pdf.fonts.roles_css).
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
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
    (0xF900, 0xFAFF, "CJK Compatibility Ideographs"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
)
"""The Unicode blocks a TrueType copy keeps (what 政府信息公开 reports and other official
documents use). Changing this list changes the copies' file names, so they are made again."""

KEEP_LANGUAGES = frozenset({"ZHS "})
"""OpenType language systems kept besides each script's default (zh-Hans)."""


def codepoints() -> list[int]:
    return [cp for first, last, _ in CHARACTER_RANGES for cp in range(first, last + 1)]


def subset_face(face: FontFile, dest: Path) -> None:
    """Write ``face`` cut to CHARACTER_RANGES to ``dest`` (an OpenType file, outlines as found)."""
    pruned = dest.with_name(f".{dest.name}.{os.getpid()}.langsys")
    try:
        source = _prune_languages(face, pruned)
        hb = _harfbuzz()
        if hb is not None:
            dest.write_bytes(_harfbuzz_subset(hb, source))
        else:
            _fonttools_subset(source, dest)
    finally:
        pruned.unlink(missing_ok=True)


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
        for first, last, _ in CHARACTER_RANGES:
            lib.hb_set_add_range(unicodes, first, last)
        for kind in (_SETS_LAYOUT_FEATURES, _SETS_LAYOUT_SCRIPTS):
            tags = sub.hb_subset_input_set(request, kind)
            lib.hb_set_clear(tags)
            lib.hb_set_invert(tags)  # all of them
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
    """The same cut with fontTools (about 45 s for a Noto CJK face)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(str(face.path), fontNumber=face.index)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    font.save(str(dest))
    font.close()
