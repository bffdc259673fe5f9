"""summary.csv: BOM, a header derived from the model, exact values, mixed formats."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from test_export_support import hand_site, make_agency, make_report, random_data

from gkgen.export import write_year_summaries
from gkgen.export.cells import SEPARATOR, flat_cells, merge_flat_cells
from gkgen.export.csv import LEADING_COLUMNS, number_text
from gkgen.format import FORMAT_2019, FORMAT_2021, FORMATS
from gkgen.format.model import ColumnGroup, walk_rows
from gkgen.format.totals import full_grid


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_flat_cells_cover_every_cell_once() -> None:
    for fmt in FORMATS.values():
        cells = flat_cells(fmt)
        keys = [key for key, _ in cells]
        assert len(set(keys)) == len(keys)
        assert set(keys) == set(fmt.input_keys) | {c.key for c in fmt.computed}
        headings = [heading for _, heading in cells]
        assert len(set(headings)) == len(headings)


def test_headings_join_the_official_labels() -> None:
    for fmt in FORMATS.values():
        headings = dict(flat_cells(fmt))
        for block, item in fmt.active.items():
            for f in block.fields:
                assert headings[(fmt.active.id, item.id, f.id)] == SEPARATOR.join((block.label, item.label, f.label))
        table = fmt.applications
        for row in walk_rows(table.rows):
            if row.children:
                continue
            for column in table.columns():
                parts = headings[(table.id, row.id, column.id)].split(SEPARATOR)
                assert parts[-1] == column.label
                assert row.label in parts
        groups = {g.id: g for g in fmt.reviews.groups()}
        for group_id, group in groups.items():
            for column in group.leaves():
                parts = headings[(fmt.reviews.id, group_id, column.id)].split(SEPARATOR)
                assert parts[-2:] == [group.label, column.label]
        parents = [n for n in fmt.reviews.header if isinstance(n, ColumnGroup) and n.key is None]
        for parent in parents:
            for child in parent.children:
                assert isinstance(child, ColumnGroup)
                key = (fmt.reviews.id, child.id, child.leaves()[0].id)
                assert headings[key].startswith(parent.label + SEPARATOR)


def test_summary_csv_rows_and_values(tmp_path: Path) -> None:
    site = hand_site(2021, 4)
    csv_path, _ = write_year_summaries(site, 2021, tmp_path)
    rows = read_csv(csv_path)
    cells = flat_cells(FORMAT_2021)
    assert rows[0] == [*LEADING_COLUMNS, *(heading for _, heading in cells)]
    assert len(rows) == 1 + len(site.reports)
    for row, report in zip(rows[1:], site.reports, strict=True):
        assert report.data is not None
        grid = full_grid(report.data)
        assert row[:4] == [report.agency.id, report.agency.name, report.agency.category, "2021"]
        assert row[4:] == [number_text(grid[key]) for key, _ in cells]
    assert csv_path.read_bytes() == write_year_summaries(site, 2021, tmp_path / "again")[0].read_bytes()


def test_mixed_formats_use_the_union_of_cells(tmp_path: Path) -> None:
    site = hand_site(2021, 2)
    odd = make_agency(9)
    site.reports.append(make_report(odd, random_data(FORMAT_2019, 2021, random.Random(5))))
    csv_path, _ = write_year_summaries(site, 2021, tmp_path)
    rows = read_csv(csv_path)
    header = rows[0][4:]
    expected = merge_flat_cells([flat_cells(FORMAT_2021), flat_cells(FORMAT_2019)])
    assert header == [heading for _, heading in expected]
    for fmt in (FORMAT_2021, FORMAT_2019):
        own = [heading for _, heading in flat_cells(fmt)]
        assert [h for h in header if h in own] == own  # each format's order is kept
    by_format = {row[3]: dict(zip(header, row[4:], strict=True)) for row in rows[1:]}
    for fmt in (FORMAT_2021, FORMAT_2019):
        headings = {heading for _, heading in flat_cells(fmt)}
        values = by_format[fmt.id]
        assert all(values[h] != "" for h in headings)
        assert all(values[h] == "" for h in header if h not in headings)


def test_merge_keeps_each_list_order() -> None:
    a = [(("t", "r", "1"), "1"), (("t", "r", "3"), "3")]
    b = [(("t", "r", "1"), "1"), (("t", "r", "2"), "2"), (("t", "r", "3"), "3"), (("t", "r", "4"), "4")]
    assert [h for _, h in merge_flat_cells([a, b])] == ["1", "2", "3", "4"]
