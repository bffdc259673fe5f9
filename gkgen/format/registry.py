"""The registered official formats and which one a report year must use.

A format covers the years from its ``first_year`` up to the year before the next registered
format's first year. Adding a format year is one module (like :mod:`.y2021`) and one
:func:`register` call in :mod:`gkgen.format`.
"""

from __future__ import annotations

from gkgen.format.model import Format

FORMATS: dict[str, Format] = {}
"""Format id -> format, in order of first year."""


def register(fmt: Format) -> Format:
    """Add ``fmt`` (replacing a format of the same id) and keep the registry ordered by year."""
    FORMATS[fmt.id] = fmt
    ordered = sorted(FORMATS.values(), key=lambda f: f.first_year)
    FORMATS.clear()
    FORMATS.update((f.id, f) for f in ordered)
    return fmt


def unregister(fmt_id: str) -> None:
    FORMATS.pop(fmt_id, None)


def last_year(fmt: Format) -> int | None:
    """The last report year ``fmt`` covers (None: every year since its first)."""
    later = [f.first_year for f in FORMATS.values() if f.first_year > fmt.first_year]
    return min(later) - 1 if later else None


def format_for_year(year: int) -> Format:
    """The format an agency must use for a report year (GK401). Years before the first format
    are checked against the oldest one."""
    formats = list(FORMATS.values())
    return next((f for f in reversed(formats) if f.first_year <= year), formats[0])
