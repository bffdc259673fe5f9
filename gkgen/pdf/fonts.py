"""Fonts: which files the roles resolve to, glyph coverage, the HarfBuzz subsetting check."""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from gkgen.pdf.jobs import FontRoles, PdfLayout

# Characters that are never drawn with a glyph: whitespace and controls.
_INVISIBLE = frozenset("\t\n\r\f\v \u00a0\u200b\u3000\ufeff")
# Drawn by the stylesheet itself (page numbers "— N —").
PAGE_NUMBER_TEXT = "— 0123456789"


@dataclass(frozen=True)
class FontFile:
    """A font face as fontconfig found it."""

    family: str
    path: Path
    index: int


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint will subset fonts with HarfBuzz (fast) rather than fontTools (slow).

    WeasyPrint 70 (weasyprint/pdf/fonts.py, ``Font.subset``) uses HarfBuzz when the shared
    library libharfbuzz-subset.so.0 could be opened (``weasyprint.text.ffi.harfbuzz_subset`` is
    not None) and libharfbuzz is at least 4.1.0; otherwise it falls back to fontTools.
    """
    from gkgen.pdf.weasy import import_weasyprint

    import_weasyprint()
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


HARFBUZZ_WARNING = (
    "！！！警告：未找到 HarfBuzz 字体子集库（libharfbuzz-subset0，需 4.1.0 以上），"
    "WeasyPrint 将改用 fontTools 生成字体子集，每份 PDF 会慢 20 倍以上（约 13–15 秒）。"
    "请安装：sudo apt-get install libharfbuzz-subset0 ！！！"
)


def _fc_escape(name: str) -> str:
    return "".join("\\" + ch if ch in "-:,\\" else ch for ch in name)


@functools.cache
def find_font(family: str, bold: bool = False) -> FontFile | None:
    """The regular (or bold) face of ``family`` as fontconfig knows it; None if not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    proc = subprocess.run(
        [fc_list, _fc_escape(family), "file", "index", "style"],
        capture_output=True,
        text=True,
        check=False,
    )
    faces: list[tuple[int, str, FontFile]] = []
    for line in proc.stdout.splitlines():
        path, _, rest = line.partition(": ")
        fields = dict(_split_fields(rest))
        style = fields.get("style", "")
        rank = 0 if ("Bold" if bold else "Regular") in style.split(",") else 1
        face = FontFile(family, Path(path), int(fields.get("index", "0") or 0))
        faces.append((rank, str(face.path), face))
    if not faces:
        return None
    return sorted(faces, key=lambda item: (item[0], item[1]))[0][2]


def _split_fields(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for part in text.split(":"):
        key, sep, value = part.partition("=")
        if sep:
            out.append((key.strip(), value.strip()))
    return out


def missing_fonts(roles: FontRoles) -> list[str]:
    """Chinese warnings for every configured family that is not installed."""
    role_names = {
        "body": "正文",
        "title": "标题",
        "heading1": "一级标题",
        "heading2": "二级标题",
        "page_number": "页码",
    }
    warnings: list[str] = []
    for field_name, role in role_names.items():
        family = getattr(roles, field_name)
        if find_font(family) is None:
            warnings.append(
                f"字体缺失：PDF字体.{role} 配置的“{family}”未安装，PDF 将使用系统替代字体"
                "（请安装该字体，或在 gkgen.yaml 的 PDF字体 中改用已安装的字体）"
            )
    return warnings


_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_set_t *hb_set_create(void);
void hb_set_destroy(hb_set_t *set);
unsigned int hb_set_get_population(const hb_set_t *set);
unsigned int hb_set_next_many(const hb_set_t *set, uint32_t codepoint, uint32_t *out,
                              unsigned int size);
void hb_face_collect_unicodes(hb_face_t *face, hb_set_t *out);
"""


@functools.cache
def _harfbuzz() -> tuple[Any, Any] | None:
    try:
        from cffi import FFI  # type: ignore[import-untyped]

        ffi = FFI()
        ffi.cdef(_HB_CDEF)
        lib = ffi.dlopen("libharfbuzz.so.0")
        lib.hb_set_next_many  # HarfBuzz ≥ 4.0  # noqa: B018
        return ffi, lib
    except (ImportError, OSError, AttributeError):
        return None


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    """The code points the face maps to glyphs: HarfBuzz reads the cmap in C (a few ms for a
    Noto CJK face); fontTools, the fallback, takes about 0.2 s (it also parses the CFF charset)."""
    hb = _harfbuzz()
    if hb is not None:
        ffi, lib = hb
        blob = lib.hb_blob_create_from_file_or_fail(str(path).encode())
        if blob != ffi.NULL:
            face = lib.hb_face_create(blob, index)
            found = lib.hb_set_create()
            try:
                lib.hb_face_collect_unicodes(face, found)
                size = lib.hb_set_get_population(found)
                out = ffi.new("uint32_t[]", max(size, 1))
                count = lib.hb_set_next_many(found, 0xFFFFFFFF, out, size)
                return frozenset(ffi.unpack(out, count))
            finally:
                lib.hb_set_destroy(found)
                lib.hb_face_destroy(face)
                lib.hb_blob_destroy(blob)
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def covered_codepoints(roles: FontRoles) -> frozenset[int]:
    """Every code point some configured (and installed) font has a glyph for."""
    covered: set[int] = set()
    for family in roles.families():
        face = find_font(family)
        if face is not None:
            covered |= _cmap(face.path, face.index)
    return frozenset(covered)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chars.update(data)


def text_characters(html: str) -> set[str]:
    """The distinct characters of the document's visible text."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.chars | set(PAGE_NUMBER_TEXT)


def missing_glyphs(html: str, covered: frozenset[int], report: str) -> list[str]:
    """Chinese warnings naming each character that no configured font can draw."""
    warnings: list[str] = []
    for ch in sorted(text_characters(html) - _INVISIBLE):
        if ord(ch) not in covered and not ch.isspace():
            warnings.append(
                f"{report}：字符“{ch}”（U+{ord(ch):04X}）在所有已配置的 PDF 字体中都没有字形，"
                "PDF 中会显示为方框或替代字体"
            )
    return warnings


def fonts_signature(roles: FontRoles) -> str:
    """A hash of the role mapping and the font files it resolves to (for the cache key)."""
    digest = hashlib.sha256()
    for family in (roles.body, roles.title, roles.heading1, roles.heading2, roles.page_number):
        digest.update(family.encode() + b"\0")
        face = find_font(family)
        if face is not None:
            stat = face.path.stat()
            digest.update(f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}".encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _css_string(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def roles_css(roles: FontRoles, layout: PdfLayout, truetype: frozenset[tuple[str, int]] = frozenset()) -> str:
    """CSS appended to pdf.css: the role fonts and the layout settings.

    ``truetype`` lists the (family, weight) faces that have a TrueType copy (gkgen.pdf.outlines);
    a role whose face has one names the copy first.
    """
    heading = 700 if layout.bold_headings else 400

    def family(name: str, weight: int) -> str:
        if (name, weight) in truetype:
            return f"{_css_string('gkgen TT ' + name)}, {_css_string(name)}"
        return _css_string(name)

    lines = [
        ":root {",
        f"  --gk-font-body: {family(roles.body, 400)};",
        f"  --gk-font-title: {family(roles.title, 700)};",
        f"  --gk-font-h1: {family(roles.heading1, heading)};",
        f"  --gk-font-h2: {family(roles.heading2, heading)};",
        f"  --gk-font-page: {family(roles.page_number, 400)};",
        f"  --gk-heading-weight: {'bold' if layout.bold_headings else 'normal'};",
        "}",
    ]
    return "\n".join(lines) + "\n"
