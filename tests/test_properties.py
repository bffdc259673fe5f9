"""Hypothesis: consistent reports pass the arithmetic rules; any single changed count is caught."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_support import blank

from gkgen.data import Cell, CellKey, ReportData
from gkgen.format import FORMAT_2021
from gkgen.format.model import APPLICATIONS, REVIEWS
from gkgen.format.totals import full_grid
from gkgen.rules.arithmetic import check_arithmetic

FMT = FORMAT_2021
T3 = FMT.applications
NEW, CARRIED, _, CARRY_FWD = (r.id for r in T3.rows)
RESULT_LEAVES = [r.id for r in T3.sum_rows(next(r for r in T3.leaf_rows() if r.computed))]
COMPUTED = [c.key for c in FMT.computed]
REVIEW_INPUTS = [(REVIEWS, g.id, c.id) for g in FMT.reviews.groups() for c in g.leaves() if not c.computed]
small = st.integers(min_value=0, max_value=30)


@st.composite
def consistent_reports(draw: st.DrawFn) -> ReportData:
    """Random leaves; 本年新收 and 结转下年度 chosen so that rule 1 holds in every column."""
    data = blank(2021, FMT)
    for column in T3.input_columns():
        results = sum(_set(data, (APPLICATIONS, row, column.id), draw(small)) for row in RESULT_LEAVES)
        carried = _set(data, (APPLICATIONS, CARRIED, column.id), draw(small))
        forward = draw(small)
        new = max(0, results + forward - carried)
        _set(data, (APPLICATIONS, NEW, column.id), new)
        _set(data, (APPLICATIONS, CARRY_FWD, column.id), new + carried - results)
    for key in REVIEW_INPUTS:
        _set(data, key, draw(small))
    grid = full_grid(data)
    for key in draw(st.lists(st.sampled_from(COMPUTED), unique=True, max_size=12)):
        data.typed_totals[key] = Cell(grid[key], data.row_pos(key[0], key[1]))
    return data


def _set(data: ReportData, key: CellKey, value: int) -> int:
    data.cells[key] = Cell(value, data.cells[key].pos)
    return value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports())
def test_consistent_reports_have_no_arithmetic_findings(data: ReportData) -> None:
    assert check_arithmetic(data) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.data())
def test_any_single_changed_count_is_caught(data: ReportData, draw: st.DataObject) -> None:
    table3_inputs = [k for k in data.cells if k[0] == APPLICATIONS]
    typed = sorted(data.typed_totals)
    key = draw.draw(st.sampled_from(table3_inputs + typed))
    store = data.typed_totals if key in data.typed_totals else data.cells
    old = int(store[key].value)
    new = draw.draw(st.integers(min_value=0, max_value=old + 40).filter(lambda v: v != old))
    store[key] = Cell(new, store[key].pos)
    assert check_arithmetic(data) != []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.sampled_from(REVIEW_INPUTS), st.integers(min_value=1, max_value=9))
def test_changed_table4_count_is_caught_by_its_typed_total(data: ReportData, key: CellKey, delta: int) -> None:
    group = next(g for g in FMT.reviews.groups() if g.id == key[1])
    total = (REVIEWS, group.id, next(c for c in group.leaves() if c.computed).id)
    data.typed_totals[total] = Cell(full_grid(data)[total], data.row_pos(REVIEWS, group.id))
    _set(data, key, int(data.cells[key].value) + delta)
    assert [f.rule for f in check_arithmetic(data)] == ["GK204"]
