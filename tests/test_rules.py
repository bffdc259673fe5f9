"""Unit tests of the arithmetic, cross-year and publication rules on in-memory reports."""

from __future__ import annotations

import datetime as dt

from rules_support import blank, good_narrative, published, put, site_of, type_total

from gkgen.data import Pos
from gkgen.findings import Finding
from gkgen.format import FORMAT_2019, FORMAT_2021
from gkgen.format.model import ACTIVE, APPLICATIONS, REVIEWS
from gkgen.rules import check_reports
from gkgen.rules.arithmetic import check_arithmetic
from gkgen.rules.crossyear import check_cross_year
from gkgen.rules.publication import check_publication, deadline

T3 = FORMAT_2021.applications
NAT = T3.input_columns()[0].id
COM = T3.input_columns()[1].id
TOTAL = T3.total_column().id
NEW, CARRIED, CARRY_FWD = T3.rows[0].id, T3.rows[1].id, T3.rows[3].id
LEAVES = [r for r in T3.leaf_rows() if not r.computed and r.id not in (NEW, CARRIED, CARRY_FWD)]
FIRST_RESULT = LEAVES[0].id
RESULTS_TOTAL = next(r for r in T3.leaf_rows() if r.computed).id


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_blank_report_is_clean() -> None:
    for year in (2019, 2020, 2021, 2022):
        assert check_arithmetic(blank(year)) == []


def test_balanced_column_is_clean() -> None:
    data = blank()
    put(data, (APPLICATIONS, NEW, NAT), 3)
    put(data, (APPLICATIONS, FIRST_RESULT, NAT), 2)
    put(data, (APPLICATIONS, CARRY_FWD, NAT), 1)
    assert check_arithmetic(data) == []


def test_gk201_message_names_labels_and_addends() -> None:
    data = blank()
    put(data, (APPLICATIONS, NEW, NAT), 3)
    put(data, (APPLICATIONS, FIRST_RESULT, NAT), 1)
    put(data, (APPLICATIONS, LEAVES[5].id, NAT), 1)
    put(data, (APPLICATIONS, CARRY_FWD, NAT), 2)
    [f] = check_arithmetic(data)
    assert f.rule == "GK201" and f.severity == "error"
    col = T3.input_columns()[0].label
    results = T3.row(RESULTS_TOTAL).label
    assert f.message.startswith(f"表三“{col}”列：第一项+第二项=3（{T3.rows[0].key}3），第三项{results}+第四项=4")
    assert f"{LEAVES[0].key}1+{LEAVES[5].key}1；{T3.rows[3].key}2" in f.message
    # no hint: the first row of the rule, at the cell of the column
    assert (f.line, f.column) == (
        data.cells[(APPLICATIONS, NEW, NAT)].pos.line,
        data.cells[(APPLICATIONS, NEW, NAT)].pos.column,
    )


def test_gk201_points_at_row_whose_typed_total_shows_the_typo() -> None:
    data = blank()
    put(data, (APPLICATIONS, NEW, NAT), 2)
    put(data, (APPLICATIONS, FIRST_RESULT, NAT), 3)  # should be 2; its typed 总计 says 2
    type_total(data, (APPLICATIONS, FIRST_RESULT, TOTAL), 2)
    found = check_arithmetic(data)
    assert sorted(rules(found)) == ["GK201", "GK203"]
    gk201 = next(f for f in found if f.rule == "GK201")
    assert gk201.line == data.cells[(APPLICATIONS, FIRST_RESULT, NAT)].pos.line


def test_gk201_points_at_carried_over_when_last_year_disagrees_by_the_imbalance() -> None:
    before = blank(2020)
    data = blank(2021)
    put(data, (APPLICATIONS, CARRIED, NAT), 1)
    found = check_arithmetic(data, before)
    assert rules(found) == ["GK201"]
    assert found[0].line == data.cells[(APPLICATIONS, CARRIED, NAT)].pos.line


def test_gk202_gk203_cross_at_the_typo() -> None:
    data = blank()
    put(data, (APPLICATIONS, NEW, COM), 2)
    put(data, (APPLICATIONS, FIRST_RESULT, COM), 3)  # typo: the printed totals say 2
    put(data, (APPLICATIONS, CARRY_FWD, COM), 0)
    type_total(data, (APPLICATIONS, RESULTS_TOTAL, COM), 2)
    type_total(data, (APPLICATIONS, FIRST_RESULT, TOTAL), 2)
    found = check_arithmetic(data)
    assert sorted(rules(found)) == ["GK201", "GK202", "GK203"]
    cell = data.cells[(APPLICATIONS, FIRST_RESULT, COM)].pos
    assert all((f.line, f.column) == (cell.line, cell.column) for f in found)
    gk202 = next(f for f in found if f.rule == "GK202")
    assert "填 2，各项之和为 3" in gk202.message and "疑为" in gk202.message


def test_gk202_alone_points_at_the_typed_total() -> None:
    data = blank()
    pos = type_total(data, (APPLICATIONS, RESULTS_TOTAL, NAT), 5)
    [f] = check_arithmetic(data)
    assert f.rule == "GK202" and (f.line, f.column) == (pos.line, pos.column)
    assert "均为0" in f.message


def test_correct_typed_totals_are_clean() -> None:
    data = blank()
    put(data, (APPLICATIONS, NEW, NAT), 2)
    put(data, (APPLICATIONS, FIRST_RESULT, NAT), 2)
    type_total(data, (APPLICATIONS, NEW, TOTAL), 2)
    type_total(data, (APPLICATIONS, RESULTS_TOTAL, NAT), 2)
    type_total(data, (APPLICATIONS, RESULTS_TOTAL, TOTAL), 2)
    group = FORMAT_2021.reviews.groups()[0]
    total = next(c for c in group.leaves() if c.computed)
    type_total(data, (REVIEWS, group.id, total.id), 0)
    assert check_arithmetic(data) == []


def test_gk204_review_total() -> None:
    data = blank()
    group = FORMAT_2021.reviews.groups()[1]
    first, total = group.leaves()[0], next(c for c in group.leaves() if c.computed)
    put(data, (REVIEWS, group.id, first.id), 1)
    type_total(data, (REVIEWS, group.id, total.id), 2)
    [f] = check_arithmetic(data)
    assert f.rule == "GK204"
    key = (REVIEWS, group.id, total.id)
    assert f.message == f"{FORMAT_2021.describe(key)}填 2，各项之和为 1（{first.label}1）"
    assert f.cell == key and dict(f.values) == {"reported": 2, "computed": 1}


def test_missing_cells_are_skipped_not_crashed() -> None:
    data = blank()
    put(data, (APPLICATIONS, NEW, NAT), 3)
    del data.cells[(APPLICATIONS, FIRST_RESULT, NAT)]
    type_total(data, (APPLICATIONS, RESULTS_TOTAL, NAT), 9)
    assert check_arithmetic(data) == []
    data.cells.clear()
    assert check_reports(site_of((data, good_narrative(FORMAT_2021)))) == []


def test_gk301_carry_over_each_column() -> None:
    before, data = blank(2020), blank(2021)
    put(before, (APPLICATIONS, CARRY_FWD, NAT), 1)
    put(before, (APPLICATIONS, NEW, NAT), 1)
    [f] = check_cross_year(data, before)
    assert f.rule == "GK301"
    assert f.line == data.cells[(APPLICATIONS, CARRIED, NAT)].pos.line
    assert T3.rows[1].label in f.message and FORMAT_2019.applications.rows[3].label in f.message
    assert "2021 年" in f.message and "2020 年" in f.message


def _active(fmt_data: object, field: str) -> tuple[str, str, str]:
    item = FORMAT_2021.active.blocks[0].items[0]
    return (ACTIVE, item.id, field)


def test_gk302_in_force_continuity_2021_only() -> None:
    before, data = blank(2021), blank(2022)
    put(before, _active(before, "in_force"), 10)
    put(data, _active(data, "issued"), 2)
    put(data, _active(data, "repealed"), 1)
    put(data, _active(data, "in_force"), 9)
    [f] = check_cross_year(data, before)
    assert f.rule == "GK302" and f.severity == "warning"
    assert "2021 年 10" in f.message and "＝11，本年填 9" in f.message
    put(data, _active(data, "in_force"), 11)
    assert check_cross_year(data, before) == []
    assert check_cross_year(blank(2021), blank(2020)) == []  # formats differ: not compared


def test_gk303_previous_items_2019() -> None:
    before, data = blank(2019), blank(2020)
    block = FORMAT_2019.active.blocks[1]
    item = block.items[0]
    put(before, (ACTIVE, item.id, "previous_items"), 20)
    put(before, (ACTIVE, item.id, "change"), 2)
    put(data, (ACTIVE, item.id, "previous_items"), 21)
    [f] = check_cross_year(data, before)
    assert f.rule == "GK303" and "20＋" in f.message and "＝22，2020 年填 21" in f.message


def test_gk401_format_for_year() -> None:
    data = blank(2021, FORMAT_2019)
    [f] = check_publication(site_of((data, "")).agencies["test-agency"], data)
    assert f.rule == "GK401" and f.line == 2
    assert FORMAT_2021.document in f.message


def test_gk402_deadlines() -> None:
    site = site_of((blank(), ""))
    agency = site.agencies["test-agency"]
    assert deadline(agency, 2021) == dt.date(2022, 1, 31)
    data = blank()
    published(data, dt.date(2022, 1, 31))
    assert check_publication(agency, data) == []
    published(data, dt.date(2022, 2, 15))
    [f] = check_publication(agency, data)
    assert f.rule == "GK402" and f.severity == "warning" and "2022-01-31" in f.message
    agency.level = "政府"
    assert deadline(agency, 2021) == dt.date(2022, 3, 31)
    assert check_publication(agency, data) == []


def test_check_reports_uses_previous_year_of_same_agency() -> None:
    before, data = blank(2020), blank(2021)
    put(before, (APPLICATIONS, NEW, NAT), 1)
    put(before, (APPLICATIONS, CARRY_FWD, NAT), 1)
    put(data, (APPLICATIONS, CARRIED, NAT), 1)
    put(data, (APPLICATIONS, FIRST_RESULT, NAT), 1)
    site = site_of((before, good_narrative(FORMAT_2019)), (data, good_narrative(FORMAT_2021)))
    assert check_reports(site) == []
    put(data, (APPLICATIONS, CARRIED, NAT), 0)
    assert sorted(rules(check_reports(site))) == ["GK201", "GK301"]


def test_row_pos_fallback_is_line_one() -> None:
    data = blank()
    data.rows.clear()
    assert data.row_pos(APPLICATIONS, NEW) == Pos(data.file, 1, 1)
