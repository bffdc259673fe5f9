"""Table shapes: each official table seen from every stage (see :mod:`.base`).

``shapes_of(fmt)`` gives tables 二, 三 and 四 of a format; :attr:`gkgen.format.model.Format.shapes`
keeps them on the format object.
"""

from __future__ import annotations

from typing import NamedTuple

from gkgen.format.model import Format
from gkgen.format.shapes.active import ActiveShape
from gkgen.format.shapes.applications import ApplicationShape
from gkgen.format.shapes.base import AnyShape, Schema, TableShape
from gkgen.format.shapes.reviews import ReviewShape


class Shapes(NamedTuple):
    """Tables 二, 三 and 四 of a format, in order (iterate it, or name one)."""

    active: ActiveShape
    applications: ApplicationShape
    reviews: ReviewShape


def shapes_of(fmt: Format) -> Shapes:
    return Shapes(
        ActiveShape(fmt, fmt.section(fmt.active.id), fmt.active),
        ApplicationShape(fmt, fmt.section(fmt.applications.id), fmt.applications),
        ReviewShape(fmt, fmt.section(fmt.reviews.id), fmt.reviews),
    )


__all__ = ["ActiveShape", "AnyShape", "ApplicationShape", "ReviewShape", "Schema", "Shapes", "TableShape", "shapes_of"]
