"""summary.xlsx: official grids with the model's merged cells, aggregates that obey C1–C4,
valid sheet names, identical bytes on every write."""

from __future__ import annotations

import random
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_export_support import CATEGORIES, hand_site, make_agency, make_report, random_data

from gkgen.data import Cell, CellKey, Number, Pos, ReportData, Site
from gkgen.export import write_year_summaries
from gkgen.export.xlsx import AGGREGATE_SHEET, SHEET_NAME_MAX, grid_origin, sheet_name
from gkgen.format import FORMAT_2019, FORMAT_2021, FORMATS
from gkgen.format.layout import format_grids
from gkgen.format.model import Format, walk_rows
from gkgen.format.totals import full_grid


def write_xlsx(site: Site, year: int, dest: Path) -> Path:
    _, path = write_year_summaries(site, year, dest)
    return path


def sheet_values(ws: Any, fmt: Format) -> dict[CellKey, Number]:
    """Every number of a sheet, read at the positions the model's grids give."""
    grids = format_grids(fmt)
    out: dict[CellKey, Number] = {}
    for index, grid in enumerate(grids):
        top = grid_origin(index, grids)
        for cell in grid.cells:
            if cell.key is not None:
                value = ws.cell(row=top + cell.row, column=1 + cell.col).value
                out[cell.key] = Decimal(str(value)) if isinstance(value, float) else value
    return out


def expected_merges(fmt: Format) -> set[str]:
    grids = format_grids(fmt)
    out = set()
    for index, grid in enumerate(grids):
        top = grid_origin(index, grids)
        for c in grid.cells:
            if c.rowspan > 1 or c.colspan > 1:
                first = openpyxl.utils.get_column_letter(1 + c.col) + str(top + c.row)
                last = openpyxl.utils.get_column_letter(c.col + c.colspan) + str(top + c.row + c.rowspan - 1)
                out.add(f"{first}:{last}")
    return out


def assert_obeys_rules(values: dict[CellKey, Number], fmt: Format) -> None:
    """C1–C4 with the model's own equations and computed cells."""
    inputs = {key: Cell(values[key], Pos("")) for key in fmt.input_keys}
    recomputed = full_grid(ReportData(file="", year=0, format=fmt, cells=inputs))
    for key, addends in ((c.key, c.addends) for c in fmt.computed):  # C2, C3, C4
        assert values[key] == sum(values[a] for a in addends), key
    assert recomputed == values
    table = fmt.applications
    for equation in table.equations:  # C1, every column including 总计
        for column in table.columns():
            left = sum(values[(table.id, r, column.id)] for r in equation.left)
            right = sum(values[(table.id, r, column.id)] for r in equation.right)
            assert left == right, (equation.rule, column.id)


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_agency_sheets_show_the_official_grids(fmt: Format, tmp_path: Path) -> None:
    site = hand_site(fmt.first_year, 3, fmt=fmt)
    book = openpyxl.load_workbook(write_xlsx(site, fmt.first_year, tmp_path))
    for report in site.reports:
        assert report.data is not None
        ws = book[report.agency.name]
        assert {str(r) for r in ws.merged_cells.ranges} == expected_merges(fmt)
        assert sheet_values(ws, fmt) == full_grid(report.data)


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_grid_spans_follow_the_model(fmt: Format) -> None:
    active, applications, reviews = format_grids(fmt)
    table = fmt.applications
    labels = {c.text: c for c in applications.cells if c.text is not None and c.row >= table.header.depth()}
    for row in walk_rows(table.rows):
        cell = labels[row.label]
        if row.children:
            assert (cell.rowspan, cell.colspan) == (len(row.leaves()), 1)
        else:
            assert cell.rowspan == 1 and cell.col + cell.colspan == table.label_columns
    note = next(c for c in applications.cells if c.text == table.note)
    assert (note.rowspan, note.colspan) == (table.header.depth(), table.label_columns)
    assert applications.width == table.label_columns + len(table.columns())
    assert reviews.width == sum(len(g.leaves()) for g in fmt.reviews.groups())
    for block in fmt.active.blocks:
        heading = next(c for c in active.cells if c.text == block.label)
        assert heading.colspan == fmt.active.width
    for grid in (active, applications, reviews):  # the cells tile the grid exactly
        covered = [
            (r, c) for x in grid.cells for r in range(x.row, x.row + x.rowspan) for c in range(x.col, x.col + x.colspan)
        ]
        assert sorted(covered) == [(r, c) for r in range(grid.height) for c in range(grid.width)]


def test_aggregates_sum_all_agencies_and_each_category(tmp_path: Path) -> None:
    site = hand_site(2021, 5)
    book = openpyxl.load_workbook(write_xlsx(site, 2021, tmp_path))
    names = book.sheetnames
    assert names[: 1 + len(CATEGORIES)] == [AGGREGATE_SHEET, *(f"{AGGREGATE_SHEET}-{c}" for c in CATEGORIES)]
    scopes = {AGGREGATE_SHEET: site.reports}
    scopes.update({f"{AGGREGATE_SHEET}-{c}": [r for r in site.reports if r.agency.category == c] for c in CATEGORIES})
    for name, reports in scopes.items():
        values = sheet_values(book[name], FORMAT_2021)
        assert_obeys_rules(values, FORMAT_2021)
        grids = [full_grid(r.data) for r in reports if r.data is not None]
        assert values == {key: sum(g[key] for g in grids) for key in grids[0]}


def test_aggregate_keeps_money_exact(tmp_path: Path) -> None:
    site = hand_site(2021, 2)
    money = next(
        (FORMAT_2021.active.id, i.id, f.id)
        for b, i in FORMAT_2021.active.items()
        for f in b.fields
        if f.kind == "money"
    )
    for report, amount in zip(site.reports, ("0.1", "0.2"), strict=True):
        assert report.data is not None
        report.data.cells[money] = Cell(Decimal(amount), Pos(""))
    book = openpyxl.load_workbook(write_xlsx(site, 2021, tmp_path))
    cell_value = sheet_values(book[AGGREGATE_SHEET], FORMAT_2021)[money]
    assert Decimal(str(cell_value)) == Decimal("0.3")


def test_mixed_formats_are_not_summed_together(tmp_path: Path) -> None:
    site = hand_site(2021, 2)
    odd = make_agency(7)
    site.reports.append(make_report(odd, random_data(FORMAT_2019, 2021, random.Random(2))))
    book = openpyxl.load_workbook(write_xlsx(site, 2021, tmp_path))
    ws = book[AGGREGATE_SHEET]
    assert odd.name in ws["A2"].value
    assert "未计入" in ws["A2"].value
    values = sheet_values(ws, FORMAT_2021)
    grids = [full_grid(r.data) for r in site.reports if r.data is not None and r.data.format is FORMAT_2021]
    assert values == {key: sum(g[key] for g in grids) for key in grids[0]}
    assert {str(r) for r in book[odd.name].merged_cells.ranges} == expected_merges(FORMAT_2019)


def test_xlsx_is_byte_deterministic(tmp_path: Path) -> None:
    site = hand_site(2021, 3)
    first = write_xlsx(site, 2021, tmp_path / "a").read_bytes()
    second = write_xlsx(site, 2021, tmp_path / "b").read_bytes()
    assert first == second
    latest = max(r.data.published for r in site.reports if r.data is not None and r.data.published)
    with zipfile.ZipFile(tmp_path / "a" / "summary.xlsx") as archive:
        stamps = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert stamps == {(latest.year, latest.month, latest.day, 0, 0, 0)}
    assert core.count(f"{latest.isoformat()}T00:00:00Z") == 2
    props = openpyxl.load_workbook(tmp_path / "a" / "summary.xlsx").properties
    assert props.created == props.modified


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    long = "很长的机构名称" * 10
    names = [sheet_name(n, taken) for n in (long, long, "a[b]:c*d?e/f\\g", "'引号'", "Ab", "aB", "")]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= SHEET_NAME_MAX
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")


def test_every_agency_gets_a_sheet_even_with_equal_names(tmp_path: Path) -> None:
    site = hand_site(2021, 3)
    for report in site.reports:
        report.agency.name = "同名机构" * 10
    book = openpyxl.load_workbook(write_xlsx(site, 2021, tmp_path))
    assert len(book.sheetnames) == 1 + len(CATEGORIES) + 3
    assert len(set(book.sheetnames)) == len(book.sheetnames)


def test_2019_format_year(tmp_path: Path) -> None:
    site = hand_site(2020, 2, fmt=FORMAT_2019)
    book = openpyxl.load_workbook(write_xlsx(site, 2020, tmp_path))
    assert_obeys_rules(sheet_values(book[AGGREGATE_SHEET], FORMAT_2019), FORMAT_2019)
    assert FORMAT_2019.document in book[AGGREGATE_SHEET]["A2"].value


def html_spans(grid: Any) -> set[tuple[int, int, int, int, str | None]]:
    """(row, col, rowspan, colspan, header text) of every cell of an HTML grid, placed as a
    browser places them."""
    rows = [*grid.head, *(r for body in grid.bodies for r in body)]
    taken: set[tuple[int, int]] = set()
    out = set()
    for y, row in enumerate(rows):
        x = 0
        for cell in row:
            while (y, x) in taken:
                x += 1
            out.add((y, x, cell.rowspan, cell.colspan, cell.text if cell.header else None))
            taken.update((y + dy, x + dx) for dy in range(cell.rowspan) for dx in range(cell.colspan))
            x += cell.colspan
    return out


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_grids_match_the_html_tables(fmt: Format) -> None:
    from gkgen.html.tables import table_grids

    html = table_grids(fmt, {})
    for grid in format_grids(fmt):
        mine = {(c.row, c.col, c.rowspan, c.colspan, c.text if c.header else None) for c in grid.cells}
        assert mine == html_spans(html[grid.table_id]), grid.table_id


def test_cell_formats_are_what_a_reader_sees(tmp_path: Path) -> None:
    """Bold title, captions and headers; thin borders; centred wrapped labels; right-aligned numbers
    with the decimals each amount was given; bold computed totals; the column widths."""
    site = hand_site(2021, 1)
    report = site.reports[0]
    assert report.data is not None
    money = next(
        (FORMAT_2021.active.id, i.id, f.id)
        for b, i in FORMAT_2021.active.items()
        for f in b.fields
        if f.kind == "money"
    )
    report.data.cells[money] = Cell(Decimal("1.50"), Pos(""))
    ws = openpyxl.load_workbook(write_xlsx(site, 2021, tmp_path))[report.agency.name]
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    grids = format_grids(FORMAT_2021)
    for index, grid in enumerate(grids):
        top = grid_origin(index, grids)
        caption = ws.cell(row=top - 1, column=1)
        assert caption.value == grid.section.heading and caption.font.b
        for cell in grid.cells:  # covered cells: see test_package_is_well_formed_in_schema_order
            target = ws.cell(row=top + cell.row, column=1 + cell.col)
            sides = (target.border.left, target.border.right, target.border.top, target.border.bottom)
            assert all(side.style == "thin" for side in sides), target.coordinate
            assert target.alignment.vertical == "center"
            if cell.key is None:
                assert target.font.b and target.alignment.horizontal == "center" and target.alignment.wrap_text
            else:
                assert bool(target.font.b) == cell.computed
                assert target.alignment.horizontal == "right"
                assert target.number_format == ("0.00" if cell.key == money else "0")
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, 6)]
    assert widths == [18, 18, 40, 12, 12]


WORKSHEET_ORDER = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STYLES_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]


def test_package_is_well_formed_in_schema_order(tmp_path: Path) -> None:
    """Every part parses, is declared in [Content_Types].xml, and children come in ECMA-376 order."""
    import xml.etree.ElementTree as ET

    site = hand_site(2021, 2)
    with zipfile.ZipFile(write_xlsx(site, 2021, tmp_path)) as archive:
        parts = {name: ET.fromstring(archive.read(name)) for name in archive.namelist()}
    types = parts.pop("[Content_Types].xml")
    declared = {t.get("PartName", "").lstrip("/") for t in types if t.get("PartName")}
    assert declared == {name for name in parts if not name.endswith(".rels")}
    sheets = [name for name in parts if name.startswith("xl/worksheets/")]
    assert len(sheets) == 1 + len(CATEGORIES) + 2

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def in_order(element: ET.Element, order: list[str]) -> None:
        names = [local(child.tag) for child in element]
        assert all(n in order for n in names), names
        assert names == sorted(names, key=order.index)

    for name in sheets:
        sheet = parts[name]
        in_order(sheet, WORKSHEET_ORDER)
        for row in sheet.iter(f"{MAIN}row"):
            cols = [openpyxl.utils.cell.coordinate_from_string(c.get("r", ""))[0] for c in row]
            indexes = [openpyxl.utils.column_index_from_string(c) for c in cols]
            assert indexes == sorted(set(indexes))
        merges = sheet.find(f"{MAIN}mergeCells")
        assert merges is not None and merges.get("count") == str(len(merges))
        styles = {c.get("r"): c.get("s") for c in sheet.iter(f"{MAIN}c")}
        for merge in merges:  # every covered cell is written with the anchor's format, so borders close
            first, last = merge.get("ref", "").split(":")
            (r1, c1), (r2, c2) = (openpyxl.utils.cell.coordinate_to_tuple(x) for x in (first, last))
            letters = [openpyxl.utils.get_column_letter(c) for c in range(c1, c2 + 1)]
            covered = {letter + str(r) for r in range(r1, r2 + 1) for letter in letters}
            assert {styles[ref] for ref in covered} == {styles[first]}
    in_order(parts["xl/styles.xml"], STYLES_ORDER)
