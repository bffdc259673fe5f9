"""summary.xlsx: the official grids with their merged cells, one sheet per agency, plus aggregates.

The workbook is byte-identical between runs: its created/modified properties are a date from the
data and the zip entries are rewritten with that date instead of the time of writing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.writer.excel import ExcelWriter

from gkgen.data import Number, Report, ReportData
from gkgen.export.year import Aggregate, aggregates, data_date
from gkgen.layout import Grid, format_grids
from gkgen.totals import full_grid

SHEET_NAME_MAX = 31
AGGREGATE_SHEET = "汇总"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_NUMBER_ALIGN = Alignment(horizontal="right", vertical="center")
_COLUMN_WIDTHS = (18, 18, 40)
_DEFAULT_WIDTH = 12
FIRST_GRID_ROW = 4
"""Sheet row (1-based) of the first table caption: title, note line and a blank row come first."""


def write_summary_xlsx(reports: list[Report], year: int, categories: tuple[str, ...], path: Path) -> Path:
    """Aggregate sheets first (all agencies, then each 分类), then one sheet per agency."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _Styles(workbook)
    names: set[str] = set()
    for aggregate in aggregates(reports, year, categories):
        ws = workbook.create_sheet(sheet_name(_aggregate_name(aggregate), names))
        _fill(ws, _aggregate_title(aggregate, year), _aggregate_note(aggregate), aggregate.data, styles)
    for report in reports:
        if report.data is None:
            continue
        agency = report.agency
        ws = workbook.create_sheet(sheet_name(agency.name, names))
        _fill(ws, f"{agency.name}{year}年政府信息公开工作年度报告", _report_note(report.data), report.data, styles)
    stamp = dt.datetime.combine(data_date(reports, year), dt.time())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_save(workbook, stamp))
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


def _fill(ws: Any, title: str, note: str, data: ReportData, styles: _Styles) -> None:
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = note
    grids = format_grids(data.format)
    values = full_grid(data)
    for index, grid in enumerate(grids):
        top = grid_origin(index, grids)
        caption = ws.cell(row=top - 1, column=1, value=grid.section.heading)
        caption.font = Font(bold=True)
        _write_grid(ws, grid, top, values, styles)
    for index in range(max(g.width for g in grids)):
        letter = ws.cell(row=1, column=index + 1).column_letter
        width = _COLUMN_WIDTHS[index] if index < len(_COLUMN_WIDTHS) else _DEFAULT_WIDTH
        ws.column_dimensions[letter].width = width


def _write_grid(
    ws: Any, grid: Grid, top: int, values: dict[tuple[str, str, str], Number], styles: _Styles
) -> None:
    for cell in grid.cells:
        row, col = top + cell.row, 1 + cell.col
        target = ws.cell(row=row, column=col)
        if cell.key is not None:
            value = values.get(cell.key)
            target.value = value
            style = styles.number(value, bold=cell.computed)
        else:
            target.value = cell.text
            style = styles.header(bold=cell.header or cell.computed)
        _apply(target, style)
        if cell.rowspan > 1 or cell.colspan > 1:
            _merge(ws, row, col, cell.rowspan, cell.colspan, style)


def _apply(cell: Any, style: NamedStyle) -> None:
    """``cell.style = style`` without openpyxl's per-assignment search of the style list:
    the assignment only ever copies the named style's index array, so copy it directly."""
    cell._style = copy.copy(style.as_tuple())


def _merge(ws: Any, row: int, col: int, rowspan: int, colspan: int, style: NamedStyle) -> None:
    """Merge a range, giving the covered cells the anchor's style so the borders close.

    openpyxl's own merge_cells() restyles every covered cell border by border, which costs
    ~60% of the export; registering the range and naming one shared style is equivalent."""
    end_row, end_col = row + rowspan - 1, col + colspan - 1
    ws.merged_cells.add(CellRange(min_col=col, min_row=row, max_col=end_col, max_row=end_row))
    for r in range(row, end_row + 1):
        for c in range(col, end_col + 1):
            if (r, c) != (row, col):
                _apply(ws.cell(row=r, column=c), style)


_HEADER = "header"
_NUMBER = "number"


class _Styles:
    """The workbook's shared cell styles, registered on first use."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.known: dict[str, NamedStyle] = {}

    def header(self, *, bold: bool) -> NamedStyle:
        return self._get(_HEADER, bold=bold, places=0)

    def number(self, value: Number | None, *, bold: bool) -> NamedStyle:
        places = _decimal_places(value) if isinstance(value, Decimal) else 0
        return self._get(_NUMBER, bold=bold, places=places)

    def _get(self, kind: str, *, bold: bool, places: int) -> NamedStyle:
        name = f"gk-{kind}{'-bold' if bold else ''}{f'-{places}' if places else ''}"
        style = self.known.get(name)
        if style is None:
            style = NamedStyle(name=name, border=_BORDER, font=Font(bold=bold))
            if kind == _HEADER:
                style.alignment = _HEADER_ALIGN
            else:
                style.alignment = _NUMBER_ALIGN
                style.number_format = "0." + "0" * places if places else "0"
            self.workbook.add_named_style(style)
            self.known[name] = style
        return style


def _decimal_places(value: Decimal) -> int:
    """Show an amount with the decimals it was given (1.50 as 1.50)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _aggregate_name(aggregate: Aggregate) -> str:
    return f"{AGGREGATE_SHEET}-{aggregate.scope}" if aggregate.scope else AGGREGATE_SHEET


def _aggregate_title(aggregate: Aggregate, year: int) -> str:
    scope = aggregate.scope or "全部机构"
    return f"{year}年政府信息公开工作年度报告汇总：{scope}（{len(aggregate.agencies)}个机构）"


def _aggregate_note(aggregate: Aggregate) -> str:
    note = f"格式：{aggregate.data.format.document}。各数为所列机构之和，总计由 gkgen 计算。"
    if aggregate.excluded:
        names = "、".join(a.name for a in aggregate.excluded)
        note += f"注：以下机构使用其他格式，未计入本汇总：{names}。"
    return note


def _report_note(data: ReportData) -> str:
    note = f"格式：{data.format.document}。"
    if data.published is not None:
        note += f"发布日期：{data.published.isoformat()}。"
    return note


def _save(workbook: Workbook, stamp: dt.datetime) -> bytes:
    """The workbook's bytes with every timestamp set to ``stamp``."""
    workbook.properties.creator = "gkgen"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() would set `modified` to now.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _restamp(raw.getvalue(), stamp)


def _restamp(data: bytes, stamp: dt.datetime) -> bytes:
    out = io.BytesIO()
    date_time = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
