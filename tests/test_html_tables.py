"""Tables 二, 三, 四: the rendered grids have the shapes the format package describes.

Expected shapes are derived from the model objects, never from a hand-written label list."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_html_helpers import make_data

from gkgen.format import FORMATS
from gkgen.format.model import ColumnGroup, Format, Row
from gkgen.format.totals import full_grid
from gkgen.html.tables import Grid, expand, format_number, table_grids

FORMAT_LIST = list(FORMATS.values())


@pytest.mark.parametrize("fmt", FORMAT_LIST, ids=lambda f: f.id)
def test_every_grid_expands_to_its_width(fmt: Format) -> None:
    for grid in table_grids(fmt, {}).values():
        rows = expand(grid)  # raises on overlaps, holes and overflows
        assert all(len(row) == grid.width for row in rows)


@pytest.mark.parametrize("fmt", FORMAT_LIST, ids=lambda f: f.id)
def test_active_table_blocks(fmt: Format) -> None:
    table = fmt.active
    grid = table_grids(fmt, {})[table.id]
    assert len(grid.bodies) == len(table.blocks)
    for block, body in zip(table.blocks, grid.bodies, strict=True):
        heading, columns, *items = body
        assert [(c.text, c.colspan) for c in heading] == [(block.label, table.width)]
        assert [c.text for c in columns] == [table.content_label, *(f.label for f in block.fields)]
        assert tuple(c.colspan for c in columns[1:]) == block.field_spans(table.width)
        assert [row[0].text for row in items] == [i.label for i in block.items]
        assert all(c.scope == "row" for row in items for c in row if c.header)


def _tree_depth(rows: tuple[Row, ...]) -> int:
    return max(1 + _tree_depth(r.children) if r.children else 1 for r in rows)


@pytest.mark.parametrize("fmt", FORMAT_LIST, ids=lambda f: f.id)
def test_application_table_shape(fmt: Format) -> None:
    table = fmt.applications
    grid = table_grids(fmt, {})[table.id]
    depth = table.header.depth()
    assert len(grid.head) == depth
    note = grid.head[0][0]
    assert (note.text, note.rowspan, note.colspan) == (table.note, depth, table.label_columns)
    assert "gk-note" in note.classes
    body = grid.bodies[0]
    assert len(body) == len(table.leaf_rows())
    assert _tree_depth(table.rows) <= table.label_columns
    expanded = expand(grid)[depth:]
    for row, cells in zip(table.leaf_rows(), expanded, strict=True):
        assert cells[table.label_columns - 1] == row.label  # the leaf label reaches the values
    # every group's label spans exactly its leaves
    for row in table.rows:
        for group in [row, *row.children]:
            if group.children:
                cell = next(c for r in body for c in r if c.text == group.label)
                assert (cell.rowspan, cell.scope) == (len(group.leaves()), "rowgroup")


@pytest.mark.parametrize("fmt", FORMAT_LIST, ids=lambda f: f.id)
def test_application_header_spans_follow_the_column_tree(fmt: Format) -> None:
    table = fmt.applications
    grid = table_grids(fmt, {})[table.id]
    expanded = expand(grid)
    leaves = table.columns()
    assert expanded[-1 - len(table.leaf_rows())][table.label_columns :] == [c.label for c in leaves]

    depth = table.header.depth()

    def check(group: ColumnGroup, level: int) -> None:
        cell = next(c for c in grid.head[level] if c.text == group.label)
        assert (cell.colspan, cell.scope) == (len(group.leaves()), "colgroup")
        for child in group.children:
            if isinstance(child, ColumnGroup):
                check(child, level + 1)
            else:
                leaf = next(c for c in grid.head[level + 1] if c.text == child.label)
                assert (leaf.rowspan, leaf.scope) == (depth - level - 1, "col")

    check(table.header, 0)


@pytest.mark.parametrize("fmt", FORMAT_LIST, ids=lambda f: f.id)
def test_review_table_shape(fmt: Format) -> None:
    table = fmt.reviews
    grid = table_grids(fmt, {})[table.id]
    leaves = [c for g in table.groups() for c in g.leaves()]
    assert grid.width == len(leaves)
    assert len(grid.head) == table.depth()
    rows = expand(grid)
    assert rows[table.depth() - 1] == [c.label for c in leaves]
    assert [c.text for c in grid.head[0]] == [g.label for g in table.header]
    assert [c.colspan for c in grid.head[0]] == [len(g.leaves()) for g in table.header]


@pytest.mark.parametrize("fmt", FORMAT_LIST, ids=lambda f: f.id)
def test_values_come_from_full_grid_with_totals(fmt: Format) -> None:
    data = make_data(fmt.first_year)
    values = full_grid(data)
    grids = table_grids(fmt, values)
    table = fmt.applications
    total = table.total_column()
    rows = expand(grids[table.id])[table.header.depth() :]
    for row, cells in zip(table.leaf_rows(), rows, strict=True):
        assert cells[table.label_columns :] == [
            format_number(values[(table.id, row.id, c.id)]) for c in table.columns()
        ]
        assert cells[-1] == format_number(values[(table.id, row.id, total.id)])
    review_row = expand(grids[fmt.reviews.id])[-1]
    assert review_row == [
        format_number(values[(fmt.reviews.id, g.id, c.id)]) for g in fmt.reviews.groups() for c in g.leaves()
    ]


def test_money_keeps_its_decimals() -> None:
    assert format_number(Decimal("1.50")) == "1.50"
    assert format_number(Decimal("0.0001")) == "0.0001"
    assert format_number(Decimal("12")) == "12"
    assert format_number(3) == "3"


class _Cells(HTMLParser):
    """Collects every table of a page as rows of (tag, attrs)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, dict[str, str | None]]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.tables[-1][-1].append((tag, dict(attrs)))


def test_rendered_html_tables_match_the_grids() -> None:
    from test_html_helpers import make_site

    from gkgen.html import render_site

    files = render_site(make_site(Path("/nonexistent")), pdf=False)
    page = files["2021/a-ju/index.html"].decode()
    parser = _Cells()
    parser.feed(page)
    fmt = FORMATS["2021"]
    grids = table_grids(fmt, {})
    for number, grid in zip((2, 3, 4), grids.values(), strict=True):
        match = re.search(rf'<table class="gk-table gk-table-{number}"', page)
        assert match, number
        rendered = parser.tables[number - 2]
        expected = [*grid.head, *(r for b in grid.bodies for r in b)]
        assert [len(r) for r in rendered] == [len(r) for r in expected]
        for cells, model_row in zip(rendered, expected, strict=True):
            for (tag, attrs), cell in zip(cells, model_row, strict=True):
                assert tag == ("th" if cell.header else "td")
                assert int(attrs.get("rowspan") or 1) == cell.rowspan
                assert int(attrs.get("colspan") or 1) == cell.colspan
                if cell.header:
                    assert attrs["scope"] == cell.scope
                else:
                    assert "num" in (attrs.get("class") or "")


def test_grid_dataclass_is_plain() -> None:
    assert Grid("x", "c", 1).bodies == ()
