"""The official report formats as data, and everything derived from them.

- :mod:`.model`: the types (tables, rows, columns, sections, :class:`~.model.Format`, cell ids);
- :mod:`.common`: what the formats share (sections, table 三's rows, table 四);
- :mod:`.y2019`, :mod:`.y2021`: one module per official format;
- :mod:`.shapes`: per table kind, its cells and computed cells, its YAML surface (read, write,
  JSON Schema), its grid and how a cell is named in words;
- :mod:`.layout`: the positioned grid cells every output draws;
- :mod:`.registry`: the registered formats and the format of a report year.

Every stage reads this package; no other module spells an official label or walks the tables.
"""

from __future__ import annotations

from gkgen.format import y2019, y2021
from gkgen.format.common import SECTIONS
from gkgen.format.model import CellKey, CellSpec, Format
from gkgen.format.registry import FORMATS, format_for_year, last_year, register, unregister

FORMAT_2019 = register(y2019.FORMAT)
FORMAT_2021 = register(y2021.FORMAT)

__all__ = [
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "SECTIONS",
    "CellKey",
    "CellSpec",
    "Format",
    "format_for_year",
    "last_year",
    "register",
    "unregister",
]
