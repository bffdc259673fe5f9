"""CFF outlines to TrueType (glyf) outlines with HarfBuzz drawing the glyphs.

fontTools interprets CFF charstrings in Python (about 60 % of a conversion with its pens) and
compiles glyf coordinates in Python (about 25 %). Here HarfBuzz (libharfbuzz0, which WeasyPrint
loads anyway) runs the charstrings and calls back with each segment, fontTools' compiled cu2qu
turns each cubic curve into quadratic ones, and the glyph's glyf record is encoded directly
(the same encoding fontTools writes: one-byte deltas where they fit, repeated flags folded).
A Noto CJK face cut to GB 2312 (about 9 000 glyphs) converts in a few seconds instead of about
20. ``glyf_records`` does one range of glyphs, so that a face can be shared between processes.
"""

from __future__ import annotations

import functools
import math
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_font_t hb_font_t; typedef struct hb_draw_funcs_t hb_draw_funcs_t;
typedef struct hb_draw_state_t hb_draw_state_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
unsigned int hb_face_get_glyph_count(const hb_face_t *face);
hb_font_t *hb_font_create(hb_face_t *face);
void hb_font_destroy(hb_font_t *font);
hb_draw_funcs_t *hb_draw_funcs_create(void);
void hb_draw_funcs_destroy(hb_draw_funcs_t *dfuncs);
typedef void (*hb_draw_move_to_func_t)(hb_draw_funcs_t *, void *, hb_draw_state_t *,
                                       float, float, void *);
typedef void (*hb_draw_line_to_func_t)(hb_draw_funcs_t *, void *, hb_draw_state_t *,
                                       float, float, void *);
typedef void (*hb_draw_quadratic_to_func_t)(hb_draw_funcs_t *, void *, hb_draw_state_t *,
                                            float, float, float, float, void *);
typedef void (*hb_draw_cubic_to_func_t)(hb_draw_funcs_t *, void *, hb_draw_state_t *,
                                        float, float, float, float, float, float, void *);
typedef void (*hb_draw_close_path_func_t)(hb_draw_funcs_t *, void *, hb_draw_state_t *, void *);
void hb_draw_funcs_set_move_to_func(hb_draw_funcs_t *, hb_draw_move_to_func_t, void *, void *);
void hb_draw_funcs_set_line_to_func(hb_draw_funcs_t *, hb_draw_line_to_func_t, void *, void *);
void hb_draw_funcs_set_quadratic_to_func(hb_draw_funcs_t *, hb_draw_quadratic_to_func_t, void *,
                                         void *);
void hb_draw_funcs_set_cubic_to_func(hb_draw_funcs_t *, hb_draw_cubic_to_func_t, void *, void *);
void hb_draw_funcs_set_close_path_func(hb_draw_funcs_t *, hb_draw_close_path_func_t, void *,
                                       void *);
void hb_font_get_glyph_shape(hb_font_t *font, unsigned int glyph, hb_draw_funcs_t *dfuncs,
                             void *draw_data);
void hb_font_draw_glyph(hb_font_t *font, unsigned int glyph, hb_draw_funcs_t *dfuncs,
                        void *draw_data);
"""

_SHORT = struct.Struct(">h")
_RUN = re.compile(rb"(.)\1{2,}", re.DOTALL)
ON_CURVE, X_SHORT, Y_SHORT, REPEAT, X_SAME, Y_SAME = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20


@dataclass(frozen=True)
class Record:
    """One glyph's glyf record and the bounds the other tables need (zeros when empty)."""

    data: bytes
    points: int
    contours: int
    x_min: int
    y_min: int
    x_max: int
    y_max: int


class _Outline:
    """Collects one glyph from HarfBuzz's drawing callbacks as TrueType contours.

    Coordinates arrive in source font units; each cubic segment goes through cu2qu with
    ``max_error`` (source units), each closed contour is reversed (CFF winds counter-clockwise,
    TrueType clockwise, as fontTools' Cu2QuPen ``reverse_direction``) and scaled by ``scale``.
    """

    def __init__(self, scale: float, max_error: float) -> None:
        from fontTools.cu2qu import curve_to_quadratic

        self.scale = scale
        self.max_error = max_error
        self.to_quadratic = curve_to_quadratic
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.on: list[int] = []
        self.gx: list[int] = []
        self.gy: list[int] = []
        self.gon: list[int] = []
        self.ends: list[int] = []

    def start(self) -> None:
        self.gx, self.gy, self.gon, self.ends = [], [], [], []

    # The callbacks take HarfBuzz's arguments: (funcs, draw data, draw state, coordinates …,
    # user data).

    def move_to(self, _f: Any, _d: Any, _s: Any, x: float, y: float, _u: Any) -> None:
        self.xs, self.ys, self.on = [x], [y], [1]

    def line_to(self, _f: Any, _d: Any, _s: Any, x: float, y: float, _u: Any) -> None:
        self.xs.append(x)
        self.ys.append(y)
        self.on.append(1)

    def quadratic_to(self, _f: Any, _d: Any, _s: Any, cx: float, cy: float, x: float, y: float, _u: Any) -> None:
        self.xs += (cx, x)
        self.ys += (cy, y)
        self.on += (0, 1)

    def cubic_to(
        self, _f: Any, _d: Any, _s: Any, c1x: float, c1y: float, c2x: float, c2y: float, x: float, y: float, _u: Any
    ) -> None:
        xs, ys = self.xs, self.ys
        points = self.to_quadratic(((xs[-1], ys[-1]), (c1x, c1y), (c2x, c2y), (x, y)), self.max_error)
        for px, py in points[1:-1]:
            xs.append(px)
            ys.append(py)
        xs.append(x)
        ys.append(y)
        self.on += [0] * (len(points) - 2)
        self.on.append(1)

    def close_path(self, _f: Any, _d: Any, _s: Any, _u: Any) -> None:
        xs, ys, on = self.xs, self.ys, self.on
        if len(xs) > 1 and on[-1] and xs[-1] == xs[0] and ys[-1] == ys[0]:
            del xs[-1], ys[-1], on[-1]  # the closing line back to the start
        if not xs:
            return
        scale = self.scale
        floor = math.floor
        # reversed, from the same start point
        self.gx += [floor(v * scale + 0.5) for v in (xs[0], *xs[:0:-1])]
        self.gy += [floor(v * scale + 0.5) for v in (ys[0], *ys[:0:-1])]
        self.gon += (on[0], *on[:0:-1])
        self.ends.append(len(self.gx) - 1)
        self.xs, self.ys, self.on = [], [], []

    def record(self) -> Record:
        if not self.ends:
            return Record(b"", 0, 0, 0, 0, 0, 0)
        xs, ys = self.gx, self.gy
        box = (min(xs), min(ys), max(xs), max(ys))
        data = encode_glyph(xs, ys, self.gon, self.ends, box)
        return Record(data, len(xs), len(self.ends), *box)


def encode_glyph(xs: list[int], ys: list[int], on: list[int], ends: list[int], box: tuple[int, int, int, int]) -> bytes:
    """The glyf record of a simple glyph without instructions, padded to an even length."""
    flags = bytearray()
    xbytes = bytearray()
    ybytes = bytearray()
    last_x = last_y = 0
    for x, y, flag in zip(xs, ys, on, strict=True):
        dx, dy = x - last_x, y - last_y
        last_x, last_y = x, y
        if dx == 0:
            flag |= X_SAME
        elif -256 < dx < 256:
            if dx > 0:
                flag |= X_SHORT | X_SAME
                xbytes.append(dx)
            else:
                flag |= X_SHORT
                xbytes.append(-dx)
        else:
            xbytes += _SHORT.pack(dx)
        if dy == 0:
            flag |= Y_SAME
        elif -256 < dy < 256:
            if dy > 0:
                flag |= Y_SHORT | Y_SAME
                ybytes.append(dy)
            else:
                flag |= Y_SHORT
                ybytes.append(-dy)
        else:
            ybytes += _SHORT.pack(dy)
        flags.append(flag)
    data = b"".join(
        (
            struct.pack(">hhhhh", len(ends), *box),
            struct.pack(f">{len(ends)}H", *ends),
            b"\0\0",  # no instructions
            _RUN.sub(_fold_run, bytes(flags)),
            xbytes,
            ybytes,
        )
    )
    return data + b"\0" if len(data) % 2 else data


def _fold_run(match: re.Match[bytes]) -> bytes:
    """A run of three or more equal flags as flag|REPEAT and the count of repeats (≤ 255 each)."""
    flag = match.group(1)[0]
    length = len(match.group(0))
    out = bytearray()
    while length >= 3:
        take = min(length, 256)
        out += bytes((flag | REPEAT, take - 1))
        length -= take
    out += bytes((flag,)) * length
    return bytes(out)


@functools.cache
def _harfbuzz() -> tuple[Any, Any, Callable[..., None]] | None:
    """(ffi, libharfbuzz, the glyph drawing function), or None when HarfBuzz cannot draw."""
    try:
        from cffi import FFI  # type: ignore[import-untyped]

        ffi = FFI()
        ffi.cdef(_CDEF)
        lib = ffi.dlopen("libharfbuzz.so.0")
    except (ImportError, OSError, AttributeError):
        return None
    for name in ("hb_font_draw_glyph", "hb_font_get_glyph_shape"):  # HarfBuzz ≥ 7.0, ≥ 4.0
        try:
            return ffi, lib, getattr(lib, name)
        except AttributeError:
            continue
    return None


def available() -> bool:
    """Whether HarfBuzz can draw glyphs here (otherwise fontTools' pens convert, slowly)."""
    return _harfbuzz() is not None


def glyf_records(path: Path, index: int, first: int, stop: int, scale: float, max_error: float) -> list[Record]:
    """The glyf records of glyphs ``first`` … ``stop - 1`` of the face (CFF or glyf outlines)."""
    hb = _harfbuzz()
    if hb is None:
        raise OSError("HarfBuzz cannot draw glyphs here")
    ffi, lib, draw = hb
    outline = _Outline(scale, max_error)
    callbacks = (
        ("hb_draw_move_to_func_t", lib.hb_draw_funcs_set_move_to_func, outline.move_to),
        ("hb_draw_line_to_func_t", lib.hb_draw_funcs_set_line_to_func, outline.line_to),
        ("hb_draw_quadratic_to_func_t", lib.hb_draw_funcs_set_quadratic_to_func, outline.quadratic_to),
        ("hb_draw_cubic_to_func_t", lib.hb_draw_funcs_set_cubic_to_func, outline.cubic_to),
        ("hb_draw_close_path_func_t", lib.hb_draw_funcs_set_close_path_func, outline.close_path),
    )
    funcs = lib.hb_draw_funcs_create()
    keep = []  # the C callbacks must outlive the drawing
    for ctype, setter, function in callbacks:
        handle = ffi.callback(ctype, function)
        keep.append(handle)
        setter(funcs, handle, ffi.NULL, ffi.NULL)
    blob = lib.hb_blob_create_from_file_or_fail(str(path).encode())
    if blob == ffi.NULL:
        raise OSError(f"HarfBuzz cannot read {path}")
    face = lib.hb_face_create(blob, index)
    font = lib.hb_font_create(face)  # scale = units per em: coordinates in font units
    try:
        records = []
        for glyph in range(first, stop):
            outline.start()
            draw(font, glyph, funcs, ffi.NULL)
            records.append(outline.record())
        return records
    finally:
        lib.hb_font_destroy(font)
        lib.hb_face_destroy(face)
        lib.hb_blob_destroy(blob)
        lib.hb_draw_funcs_destroy(funcs)
        del keep
