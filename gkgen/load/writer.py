"""The canonical YYYY.yaml writer (the layout of docs/format.md §6-7), used by the importer and `gkgen new`.

The layout follows the model: one line per table-二 item (a flow mapping, or the bare number of a
single-field block), one flow list per table-三 row with the column order in a comment, one list
per table-四 group. Reading the output with :func:`gkgen.load.site.load_site` gives the same cells.
A cell missing from ``data`` is written as ``null`` so that reading it back reports it (GK101).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

import yaml

from gkgen.data import Cell, CellKey, Number, ReportData
from gkgen.load.report import DATE_KEY, FORMAT_KEY, YEAR_KEY


def dump_report_yaml(
    data: ReportData, *, totals: bool = False, header: Sequence[str] = (), date_hint: str | None = None
) -> str:
    """YAML text of ``data``. With ``totals`` the typed totals (a 7th/5th value, a 总计 row) are
    written too, e.g. to keep a faithful transcription of a printed report. ``header`` lines are
    written first as comments (e.g. the editor's schema line); ``date_hint``, when the report
    has no 发布日期 yet, is written as a commented-out 发布日期 line for the author to complete."""
    fmt = data.format
    lines = [f"# {line}" if line else "#" for line in header]
    lines += [f"{YEAR_KEY}: {data.year}", f"{FORMAT_KEY}: {fmt.id}"]
    if data.published is not None:
        lines.append(f"{DATE_KEY}: {data.published.isoformat()}")
    elif date_hint is not None:
        lines.append(f"# {DATE_KEY}: {date_hint}")
    lines.extend(f"{key}: {_text(value)}" for key, value in data.meta.items())
    writer = ReportWriter(data, totals)
    for shape in fmt.shapes:
        lines.append("")
        lines.extend(shape.write(writer))
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    try:
        plain = yaml.safe_load(f"k: {value}")
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("k") == value and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


class ReportWriter:
    """The values a table shape writes, and how a number or a list of them is spelled."""

    def __init__(self, data: ReportData, totals: bool) -> None:
        self.data = data
        self.totals = totals

    def value(self, key: CellKey) -> Number | None:
        cell: Cell | None = self.data.cells.get(key)
        return cell.value if cell is not None else None

    def typed(self, key: CellKey) -> Number | None:
        """A typed total, when totals are written."""
        cell = self.data.typed_totals.get(key) if self.totals else None
        return cell.value if cell is not None else None

    def has_typed_totals(self, table_id: str) -> bool:
        return self.totals and any(k[0] == table_id for k in self.data.typed_totals)

    @staticmethod
    def number(value: Number | None) -> str:
        if value is None:
            return "null"
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value)

    def flow_list(self, values: list[Number | None], total: Number | None) -> str:
        shown = [*values, total] if total is not None else values
        return "[" + ", ".join(self.number(v) for v in shown) + "]"
