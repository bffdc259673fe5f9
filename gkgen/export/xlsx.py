"""summary.xlsx: the official grids with their merged cells, one sheet per agency, plus aggregates.

Written with the small SpreadsheetML writer of :mod:`gkgen.export.sheetml`: the label cells, merged
ranges and column widths of a format are laid out once per workbook, each sheet then only fills in
its numbers. The workbook is byte-identical between runs: its created/modified properties and its
zip entries carry a date from the data, never the time of writing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gkgen.data import CellKey, Number, Report, ReportData
from gkgen.export.sheetml import Sheet, Style, Styles, blank_cell, cell_ref, number_cell, text_cell, workbook_bytes
from gkgen.export.status import SHEET_NAME, AgencyStatus, missing_names, status_rows
from gkgen.export.year import Aggregate, aggregates, data_date
from gkgen.format.layout import Grid, format_grids
from gkgen.format.model import Format
from gkgen.format.totals import full_grid

SHEET_NAME_MAX = 31
AGGREGATE_SHEET = "汇总"
CREATOR = "gkgen"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TITLE = Style(bold=True, size=14)
_CAPTION = Style(bold=True)
_COLUMN_WIDTHS = (18, 18, 40)
_DEFAULT_WIDTH = 12
FIRST_GRID_ROW = 4
"""Sheet row (1-based) of the first table caption: title, note line and a blank row come first."""


def write_summary_xlsx(
    reports: list[Report],
    year: int,
    categories: tuple[str, ...],
    path: Path,
    statuses: list[AgencyStatus] | None = None,
) -> Path:
    """Aggregate sheets first (all agencies, then each 分类), each naming the agencies it sums;
    with ``statuses`` a 报送情况 sheet (one row per agency: 发布日期, state); then one sheet per
    agency."""
    book = _Book()
    names: set[str] = set()
    sheets: list[Sheet] = []
    for aggregate in aggregates(reports, year, categories):
        name = sheet_name(_aggregate_name(aggregate), names)
        scoped = [s for s in statuses or [] if not aggregate.scope or s.agency.category == aggregate.scope]
        note = _aggregate_note(aggregate, missing_names(scoped))
        sheets.append(book.sheet(name, _aggregate_title(aggregate, year), note, aggregate.data))
    if statuses is not None:
        sheets.append(book.status_sheet(sheet_name(SHEET_NAME, names), f"{year}年度报告报送情况", statuses))
    for report in reports:
        if report.data is None:
            continue
        agency = report.agency
        title = f"{agency.name}{year}年政府信息公开工作年度报告"
        sheets.append(book.sheet(sheet_name(agency.name, names), title, _report_note(report.data), report.data))
    stamp = dt.datetime.combine(data_date(reports, year), dt.time())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(sheets, book.styles, stamp, CREATOR))
    return path


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, no quote at either end,
    unique ignoring case (as Excel compares them); ``taken`` is updated."""
    base = _FORBIDDEN.sub("_", wanted).strip("'") or "Sheet"
    name = base[:SHEET_NAME_MAX]
    number = 1
    while name.casefold() in taken:
        number += 1
        suffix = f"～{number}"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def grid_origin(grid_index: int, grids: tuple[Grid, ...]) -> int:
    """The sheet row (1-based) of the first row of grid ``grid_index`` (its caption is just above)."""
    row = FIRST_GRID_ROW + 1
    for grid in grids[:grid_index]:
        row += grid.height + 2
    return row


_NumberSlot = tuple[str, CellKey, bool, bool]
"""(cell reference, the number's key, bold, covered by a merge) — filled in per sheet."""


@dataclass(frozen=True)
class _Layout:
    """What every sheet of one format shares: rows of ready cell XML (labels) and number slots."""

    rows: list[tuple[int, list[str | _NumberSlot]]]
    merges: list[str]
    widths: tuple[float, ...]
    dimension: str


class _Book:
    """One workbook's cell formats and per-format layouts."""

    def __init__(self) -> None:
        self.styles = Styles()
        self.layouts: dict[str, _Layout] = {}
        self.numbers: dict[tuple[bool, int], int] = {}
        self.title = self.styles.id(_TITLE)

    def sheet(self, name: str, title: str, note: str, data: ReportData) -> Sheet:
        layout = self.layouts.get(data.format.id)
        if layout is None:
            layout = self.layouts[data.format.id] = _layout(data.format, self.styles)
        values = full_grid(data)
        rows: list[tuple[int, list[str]]] = [(1, [text_cell("A1", title, self.title)]), (2, [text_cell("A2", note, 0)])]
        for number, slots in layout.rows:
            cells: list[str] = []
            for slot in slots:
                if isinstance(slot, str):
                    cells.append(slot)
                    continue
                ref, key, bold, covered = slot
                value = values.get(key)
                style = self.number_style(value, bold)
                cells.append(blank_cell(ref, style) if covered or value is None else number_cell(ref, value, style))
            rows.append((number, cells))
        return Sheet(name, layout.widths, rows, layout.merges, layout.dimension)

    def status_sheet(self, name: str, title: str, statuses: list[AgencyStatus]) -> Sheet:
        """One row per agency: the columns of status-YYYY.csv, under a title row."""
        header = self.styles.id(_header_style(True))
        plain = self.styles.id(Style(border=True, vertical="center"))
        table = status_rows(statuses)
        rows: list[tuple[int, list[str]]] = [(1, [text_cell("A1", title, self.title)])]
        for number, values in enumerate(table, start=3):
            style = header if number == 3 else plain
            rows.append((number, [text_cell(cell_ref(number, c), v, style) for c, v in enumerate(values, start=1)]))
        widths = (18.0, 36.0, 16.0, 8.0, 8.0, 14.0, 14.0, 14.0, 8.0, 8.0)
        return Sheet(name, widths, rows, [], f"A1:{cell_ref(len(table) + 2, len(table[0]))}")

    def number_style(self, value: Number | None, bold: bool) -> int:
        """The format of a number cell: bold for a computed total, the decimals the amount was given."""
        places = _decimal_places(value) if isinstance(value, Decimal) else 0
        found = self.numbers.get((bold, places))
        if found is None:
            number_format = "0." + "0" * places if places else "0"
            style = Style(bold=bold, border=True, horizontal="right", vertical="center", number_format=number_format)
            found = self.numbers[(bold, places)] = self.styles.id(style)
        return found


def _layout(fmt: Format, styles: Styles) -> _Layout:
    grids = format_grids(fmt)
    caption = styles.id(_CAPTION)
    header = {bold: styles.id(_header_style(bold)) for bold in (True, False)}
    cells: dict[int, dict[int, str | _NumberSlot]] = {}
    merges: list[str] = []
    for index, grid in enumerate(grids):
        top = grid_origin(index, grids)
        cells.setdefault(top - 1, {})[1] = text_cell(cell_ref(top - 1, 1), grid.section.heading, caption)
        for cell in grid.cells:
            row, col = top + cell.row, 1 + cell.col
            end_row, end_col = row + cell.rowspan - 1, col + cell.colspan - 1
            if (end_row, end_col) != (row, col):
                merges.append(f"{cell_ref(row, col)}:{cell_ref(end_row, end_col)}")
            style = header[cell.header or cell.computed]
            for r in range(row, end_row + 1):
                line = cells.setdefault(r, {})
                for c in range(col, end_col + 1):
                    ref, anchor = cell_ref(r, c), (r, c) == (row, col)
                    if cell.key is not None:
                        line[c] = (ref, cell.key, cell.computed, not anchor)
                    elif anchor and cell.text:
                        line[c] = text_cell(ref, cell.text, style)
                    else:
                        line[c] = blank_cell(ref, style)
    width = max(g.width for g in grids)
    last = max(cells)
    widths = tuple(float(_COLUMN_WIDTHS[i]) if i < len(_COLUMN_WIDTHS) else float(_DEFAULT_WIDTH) for i in range(width))
    rows = [(r, [cells[r][c] for c in sorted(cells[r])]) for r in sorted(cells)]
    return _Layout(rows, merges, widths, f"A1:{cell_ref(last, width)}")


def _header_style(bold: bool) -> Style:
    return Style(bold=bold, border=True, horizontal="center", vertical="center", wrap=True)


def _decimal_places(value: Decimal) -> int:
    """Show an amount with the decimals it was given (1.50 as 1.50)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _aggregate_name(aggregate: Aggregate) -> str:
    return f"{AGGREGATE_SHEET}-{aggregate.scope}" if aggregate.scope else AGGREGATE_SHEET


def _aggregate_title(aggregate: Aggregate, year: int) -> str:
    scope = aggregate.scope or "全部机构"
    return f"{year}年政府信息公开工作年度报告汇总：{scope}（{len(aggregate.agencies)}个机构）"


def _aggregate_note(aggregate: Aggregate, missing: list[str]) -> str:
    summed = "、".join(a.name for a in aggregate.agencies)
    note = f"格式：{aggregate.data.format.document}。各数为以下机构之和：{summed}；总计由 gkgen 计算。"
    if missing:
        note += f"未提交本年度报告、未计入的机构：{'、'.join(missing)}。"
    if aggregate.excluded:
        names = "、".join(a.name for a in aggregate.excluded)
        note += f"注：以下机构使用其他格式，未计入本汇总：{names}。"
    return note


def _report_note(data: ReportData) -> str:
    note = f"格式：{data.format.document}。"
    if data.published is not None:
        note += f"发布日期：{data.published.isoformat()}。"
    return note
