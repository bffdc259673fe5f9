"""Inline SVG charts, written here rather than with a charting library.

Why no library: gkgen's pages must need no JavaScript, make no external request and come out
byte-identical on every build. The JavaScript libraries (ECharts, Chart.js) fail the first two;
the Python ones that write SVG (matplotlib, pygal, Altair) bring a large dependency, draw text at a
fixed size inside a scaled picture (unreadable on a phone) and stamp ids, dates or float noise
into their output. Two chart kinds are enough here, and they fit in this module:

- :func:`stacked_bars` — one horizontal bar per row, split into the series (e.g. the 办理结果
  of each agency, sorted);
- :func:`grouped_bars` — for each row one thin bar per series, each with its own value (e.g.
  本年新收、行政复议、行政诉讼 per year).

Both are *horizontal* bar charts laid out in percentages of the width and in pixels of the height:
the text is never scaled, a long CJK label has the full width of its own line above its bar, and
the chart reflows from a 320 px phone to a wide screen without a viewBox. Every chart has a
``<title>`` and a ``<desc>`` (referenced by ``aria-labelledby``), draws with presentation
attributes only (so it looks the same inside a CMS page without the theme's CSS), and uses a
palette of one hue ramp (dark blue to yellow, as cividis) with strictly increasing lightness and a
dark outline on every bar: colour-blind readers and greyscale print tell the series apart by
lightness and order, and each bar keeps 3:1 contrast against the page through its outline.
The numbers are always also in a table beside the chart (see ``_charts.html``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from gkgen.data import Number

PALETTE = ("#00224e", "#3b496c", "#707173", "#a59c74", "#d9c761", "#fde737")
"""Dark to light, one hue ramp: CIE L* about 14, 31, 48, 64, 80, 91 — distinct in greyscale."""
INK = "#1a1a1a"
"""Text and bar outlines (the page's text colour)."""
FONT_SIZE = 13
"""Label size in CSS pixels (never scaled: the SVG has no viewBox)."""
LABEL_EM = 21.0
"""A label longer than this (in em, a CJK character being 1 em) is cut with "…": what fits on
a 320 px screen. The full label is in the chart's table and in the label's tooltip."""
STACK_SPAN = 85.0
"""Percent of the width the longest bar takes; the rest holds its value."""
_LABEL_LINE = 18
_BAR = 14
_THIN_BAR = 10
_THIN_GAP = 3
_ROW_GAP = 10


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class BarRow:
    label: str
    values: tuple[Number, ...]
    """One value per series."""

    @property
    def total(self) -> Number:
        out: Number = 0
        for value in self.values:
            out = out + value
        return out


def palette(count: int) -> tuple[str, ...]:
    """``count`` colours of :data:`PALETTE`, spread over its lightness range."""
    if count > len(PALETTE):
        raise ValueError(f"at most {len(PALETTE)} series")
    if count <= 1:
        return PALETTE[:count]
    step = (len(PALETTE) - 1) / (count - 1)
    return tuple(PALETTE[round(i * step)] for i in range(count))


def number_text(value: Number) -> str:
    """A number as the tables print it (integers plain, 万元 amounts with their decimals)."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def text_em(text: str) -> float:
    """The width of ``text`` in em: CJK and full-width characters 1, others about 0.6."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text)


def fit_label(text: str, limit: float = LABEL_EM) -> str:
    """``text`` cut with "…" so that it fits in ``limit`` em."""
    if text_em(text) <= limit:
        return text
    out = ""
    for ch in text:
        if text_em(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def stacked_bars(chart_id: str, title: str, desc: str, series: Sequence[Series], rows: Sequence[BarRow]) -> Markup:
    """Each row a label line, then one bar split into ``series`` (left to right) with the row's
    total after it; the longest total spans :data:`STACK_SPAN` percent of the width."""
    top = max((float(r.total) for r in rows), default=0.0)
    parts: list[str] = []
    y = 0
    for row in rows:
        parts.append(_label(row.label, y))
        bar_y = y + _LABEL_LINE + 2
        x = 0.0
        for value, one in zip(row.values, series, strict=True):
            if value <= 0 or top <= 0:
                continue
            width = float(value) / top * STACK_SPAN
            parts.append(_rect(x, width, bar_y, _BAR, one.colour))
            x += width
        parts.append(_value(x, bar_y + _BAR - 2, row.total))
        y = bar_y + _BAR + _ROW_GAP
    return _svg(chart_id, title, desc, y, parts)


def grouped_bars(chart_id: str, title: str, desc: str, series: Sequence[Series], rows: Sequence[BarRow]) -> Markup:
    """Each row a label line, then one thin bar per series with its value after it; all bars
    share one scale (the largest value spans :data:`STACK_SPAN` percent of the width)."""
    top = max((float(v) for r in rows for v in r.values), default=0.0)
    parts: list[str] = []
    y = 0
    for row in rows:
        parts.append(_label(row.label, y))
        bar_y = y + _LABEL_LINE + 2
        for value, one in zip(row.values, series, strict=True):
            width = float(value) / top * STACK_SPAN if top > 0 and value > 0 else 0.0
            if width:
                parts.append(_rect(0.0, width, bar_y, _THIN_BAR, one.colour))
            parts.append(_value(width, bar_y + _THIN_BAR - 1, value, small=True))
            bar_y += _THIN_BAR + _THIN_GAP
        y = bar_y - _THIN_GAP + _ROW_GAP
    return _svg(chart_id, title, desc, y, parts)


def swatch(colour: str) -> Markup:
    """A legend's colour sample: a small inline SVG square with the bars' outline."""
    return Markup(
        '<svg class="gk-swatch" width="14" height="14" aria-hidden="true">'
        f'<rect x="0.5" y="0.5" width="13" height="13" fill="{colour}" stroke="{INK}"/></svg>'
    )


def _pct(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _label(text: str, y: int) -> str:
    shown = fit_label(text)
    tip = f"<title>{escape(text)}</title>" if shown != text else ""
    return f'<text x="0" y="{y + _LABEL_LINE - 4}">{tip}{escape(shown)}</text>'


def _rect(x: float, width: float, y: int, height: int, colour: str) -> str:
    """A bar (its outline comes from the group all bars are drawn in)."""
    return f'<rect x="{_pct(x)}" y="{y}" width="{_pct(width)}" height="{height}" fill="{colour}"/>'


def _value(x: float, y: int, value: Number, *, small: bool = False) -> str:
    size = ' font-size="12"' if small else ""
    return f'<text x="{_pct(x)}" dx="4" y="{y}"{size}>{escape(number_text(value))}</text>'


def _svg(chart_id: str, title: str, desc: str, height: int, parts: list[str]) -> Markup:
    head = (
        f'<svg class="gk-chart-svg" width="100%" height="{max(height, 1)}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
    )
    bars = "".join(p for p in parts if p.startswith("<rect"))
    texts = "".join(p for p in parts if not p.startswith("<rect"))
    return Markup(f'{head}<g stroke="{INK}" stroke-width="0.75">{bars}</g>{texts}</svg>')
