"""The canonical YYYY.yaml writer (DATA.md §3 layout), used by the importer and `gkgen new`.

The layout follows the model: one line per table-二 item (a flow mapping, or the bare number of a
single-field block), one flow list per table-三 row with the column order in a comment, one list
per table-四 group. Reading the output with :func:`gkgen.load.load_site` gives the same cells.
A cell missing from ``data`` is written as ``null`` so that reading it back reports it (GK101).
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

import yaml

from gkgen.data import Cell, CellKey, Number, ReportData
from gkgen.load_report import DATE_KEY, FORMAT_KEY, YEAR_KEY
from gkgen.model import ActiveTable, ApplicationTable, Format, ReviewTable, Row

COMMENT_COLUMN = 32


def dump_report_yaml(data: ReportData, *, totals: bool = False) -> str:
    """YAML text of ``data``. With ``totals`` the typed totals (a 7th/5th value, a 总计 row) are
    written too, e.g. to keep a faithful transcription of a printed report."""
    fmt = data.format
    lines = [f"{YEAR_KEY}: {data.year}", f"{FORMAT_KEY}: {fmt.id}"]
    if data.published is not None:
        lines.append(f"{DATE_KEY}: {data.published.isoformat()}")
    lines.extend(f"{key}: {_text(value)}" for key, value in data.meta.items())
    writer = _Writer(data, totals)
    for part in (writer.active(fmt.active), writer.applications(fmt.applications), writer.reviews(fmt.reviews)):
        lines.append("")
        lines.extend(part)
    return "\n".join(lines) + "\n"


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, to: int) -> str:
    return text + " " * max(1, to - width(text))


def _comment(head: str, comment: str) -> str:
    return f"{_pad(head, COMMENT_COLUMN)}# {comment}"


def _heading(fmt: Format, table_id: str) -> str:
    section = next((s for s in fmt.sections if s.id == table_id), None)
    return section.heading if section is not None else ""


def _number(value: Number | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _text(value: str) -> str:
    try:
        plain = yaml.safe_load(f"k: {value}")
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("k") == value and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


class _Writer:
    def __init__(self, data: ReportData, totals: bool) -> None:
        self.data = data
        self.totals = totals

    def value(self, key: CellKey) -> Number | None:
        cell: Cell | None = self.data.cells.get(key)
        return cell.value if cell is not None else None

    def typed(self, key: CellKey) -> Number | None:
        cell = self.data.typed_totals.get(key) if self.totals else None
        return cell.value if cell is not None else None

    def flow_list(self, values: list[Number | None], total: Number | None) -> str:
        shown = [*values, total] if total is not None else values
        return "[" + ", ".join(_number(v) for v in shown) + "]"

    # ------------------------------------------------------------ table 二

    def active(self, table: ActiveTable) -> list[str]:
        out = [_comment(f"{table.yaml_key}:", _heading(self.data.format, table.id))]
        keys = [f"{item.key}:" for _, item in table.items()]
        to = max(width(k) for k in keys) + 1
        for block, item in table.items():
            head = "  " + _pad(f"{item.key}:", to)
            values = [self.value((table.id, item.id, f.id)) for f in block.fields]
            if block.scalar:
                out.append(_comment(head + _number(values[0]), block.fields[0].label))
                continue
            pairs = ", ".join(f"{f.key}: {_number(v)}" for f, v in zip(block.fields, values, strict=True))
            line = f"{head}{{{pairs}}}"
            money = [f for f in block.fields if f.kind == "money"]
            out.append(_comment(line, f"{money[0].key}单位：{money[0].unit}") if money else line)
        return out

    # ------------------------------------------------------------ table 三

    def applications(self, table: ApplicationTable) -> list[str]:
        out = [_comment(f"{table.yaml_key}:", _heading(self.data.format, table.id))]
        columns = table.input_columns()
        shown = [c.label for c in columns]
        if self.totals and any(k[0] == table.id for k in self.data.typed_totals):
            shown.append(table.total_column().label)
        out.append("  # 列：" + ", ".join(shown))
        out.extend(self.rows(table, table.rows, 1))
        return out

    def rows(self, table: ApplicationTable, rows: tuple[Row, ...], depth: int) -> list[str]:
        indent = "  " * depth
        present = [r for r in rows if not r.computed or self.typed_row(table, r)]
        leaves = [r for r in present if not r.children]
        aligned = len(leaves) == len(present)
        to = max((width(f"{r.key}:") for r in leaves), default=0) + 1 if aligned else 0
        out: list[str] = []
        for row in present:
            if row.children:
                out.append(f"{indent}{row.key}:")
                out.extend(self.rows(table, row.children, depth + 1))
                continue
            out.append(indent + _pad(f"{row.key}:", to) + self.leaf(table, row))
        return out

    def typed_row(self, table: ApplicationTable, row: Row) -> bool:
        return any(self.typed((table.id, row.id, c.id)) is not None for c in table.columns())

    def leaf(self, table: ApplicationTable, row: Row) -> str:
        get = self.typed if row.computed else self.value
        values = [get((table.id, row.id, c.id)) for c in table.input_columns()]
        return self.flow_list(values, self.typed((table.id, row.id, table.total_column().id)))

    # ------------------------------------------------------------ table 四

    def reviews(self, table: ReviewTable) -> list[str]:
        out = [_comment(f"{table.yaml_key}:", _heading(self.data.format, table.id))]
        groups = table.groups()
        first = groups[0].leaves()
        shown = [c.label for c in first if not c.computed]
        if self.totals and any(k[0] == table.id for k in self.data.typed_totals):
            shown += [c.label for c in first if c.computed]
        out.append("  # 列：" + ", ".join(shown))
        to = max(width(f"{g.key or g.label}:") for g in groups) + 1
        for group in groups:
            leaves = group.leaves()
            values = [self.value((table.id, group.id, c.id)) for c in leaves if not c.computed]
            total = next((self.typed((table.id, group.id, c.id)) for c in leaves if c.computed), None)
            out.append("  " + _pad(f"{group.key or group.label}:", to) + self.flow_list(values, total))
        return out
