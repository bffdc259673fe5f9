"""Within one report: the sums inside one report (GK201-GK204).

Everything is driven by the model: the 勾稽 equations come from ``applications.equations``, the
computed cells and their addends from ``Format.computed``. A cell the loader could
not read is absent from ``ReportData.cells``; every sum that needs it is skipped (the loader has
already reported it), so a partial report never crashes the rules.

Where a finding points (the "most likely wrong" heuristic, see docs/rules.md):

1. A typed 总计 column and a typed （七）总计 row that are off by the same amount cross at one
   cell: that cell is pointed at, by GK202, GK203 and GK201 alike.
2. GK201 in a column: a row of the equation whose typed 总计 is off by exactly the imbalance;
   else 上年结转 when it differs from last year's 结转下年度 by exactly the imbalance;
   else the first row of the equation (一、本年新收).
3. GK202-GK204 otherwise point at the typed total itself.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gkgen.data import Cell, CellKey, Number, Pos, ReportData
from gkgen.findings import Finding, finding
from gkgen.format.model import REVIEWS, ApplicationTable, Equation, Row
from gkgen.rules.common import addends_text, cell_pos, fmt_number, row_ordinal
from gkgen.rules.registry import ReportContext, rule

CARRIED_OVER = "carried_over"
CARRY_FORWARD = "carry_forward"


@dataclass(frozen=True)
class Mismatch:
    """A typed total that differs from the computed one."""

    key: CellKey
    typed: Cell
    computed: Number
    addends: tuple[CellKey, ...]

    @property
    def diff(self) -> Number:
        return self.typed.value - self.computed


def resolve(data: ReportData) -> dict[CellKey, Number | None]:
    """Input values plus every computed total; None where an addend is missing."""
    values: dict[CellKey, Number | None] = {key: cell.value for key, cell in data.cells.items()}
    for spec in data.format.computed:
        key, addends = spec.key, spec.addends
        parts = [values.get(a) for a in addends]
        values[key] = None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]
    return values


def check_arithmetic(
    data: ReportData,
    previous: ReportData | None = None,
    values: dict[CellKey, Number | None] | None = None,
    changed: Callable[[], set[int] | None] | None = None,
) -> list[Finding]:
    """GK201-GK204 for one report; ``previous`` (last year's data) and ``changed`` (the lines of
    the YAML file changed since the last commit, asked only when needed) only steer the location.
    ``values`` is :func:`resolve` of ``data`` when the caller has it already."""
    values = resolve(data) if values is None else values
    mismatches = _mismatches(data, values)
    crossings = _crossings(data.format.applications, mismatches)
    single = _single_cell(data, values, mismatches)
    if single is not None and single not in data.typed_totals:
        crossings = {m.key: single for m in mismatches if m.key[0] == data.format.applications.id}
    out = [_typed_total_finding(data, m, values, crossings) for m in mismatches]
    for equation in data.format.applications.equations:
        out.extend(_equation_findings(data, equation, values, mismatches, crossings, previous, single, changed))
    return out


def _single_cell(data: ReportData, values: dict[CellKey, Number | None], mismatches: list[Mismatch]) -> CellKey | None:
    """The one cell of table 三 whose change alone would satisfy every failing equation of it (the
    勾稽 equations, the typed （七）总计 and the typed 总计 column) without breaking one that holds."""
    table = data.format.applications
    equations: list[tuple[dict[CellKey, int], Number]] = []
    for equation in table.equations:
        sides = _expanded(table, equation)
        for column in table.input_columns():
            coefficients = {(table.id, row, column.id): -side for row, side in sides.items()}
            parts = [values.get(k) for k in coefficients]
            if any(v is None for v in parts):
                continue
            residual = sum((c * (values.get(k) or 0) for k, c in coefficients.items()), start=0)
            equations.append((coefficients, residual))
    for m in mismatches:
        if m.key[0] != table.id:
            continue
        coefficients = {a: -1 for a in m.addends}
        coefficients[m.key] = 1
        equations.append((coefficients, m.diff))
    failing = [(c, r) for c, r in equations if r != 0]
    if not failing:
        return None
    cells = set(failing[0][0])
    for coefficients, _ in failing[1:]:
        cells &= set(coefficients)
    fits: list[CellKey] = []
    for cell in sorted(cells):
        deltas = {-r / c[cell] for c, r in failing}
        if len(deltas) == 1 and all(cell not in c for c, r in equations if r == 0):
            fits.append(cell)
    return fits[0] if len(fits) == 1 else None


def _mismatches(data: ReportData, values: dict[CellKey, Number | None]) -> list[Mismatch]:
    out: list[Mismatch] = []
    if not data.typed_totals:
        return []
    for spec in data.format.computed:
        key, addends = spec.key, spec.addends
        typed = data.typed_totals.get(key)
        computed = values.get(key)
        if typed is not None and computed is not None and typed.value != computed:
            out.append(Mismatch(key, typed, computed, addends))
    return out


def _is_row_total(table: ApplicationTable, key: CellKey) -> bool:
    return key[0] == table.id and key[2] == table.total_column().id


def _crossings(table: ApplicationTable, mismatches: list[Mismatch]) -> dict[CellKey, CellKey]:
    """Typed-total mismatches whose row and column are off by the same amount -> the crossing cell."""
    rows = [m for m in mismatches if _is_row_total(table, m.key) and not table.row(m.key[1]).computed]
    cols = [m for m in mismatches if m.key[0] == table.id and not _is_row_total(table, m.key)]
    out: dict[CellKey, CellKey] = {}
    for col in cols:
        hits = [row for row in rows if row.diff == col.diff and (table.id, row.key[1], col.key[2]) in col.addends]
        if len(hits) == 1:
            cell = (table.id, hits[0].key[1], col.key[2])
            out[col.key] = cell
            out.setdefault(hits[0].key, cell)
    return out


def _rule_of(table: ApplicationTable, key: CellKey) -> str:
    if key[0] == REVIEWS:
        return "GK204"
    return "GK203" if _is_row_total(table, key) else "GK202"


def _typed_total_finding(
    data: ReportData, m: Mismatch, values: dict[CellKey, Number | None], crossings: dict[CellKey, CellKey]
) -> Finding:
    table = data.format.applications
    rule = _rule_of(table, m.key)
    parts = [(_addend_name(data, m.key, a), values[a] or 0) for a in m.addends]
    sums = f"填 {fmt_number(m.typed.value)}，各项之和为 {fmt_number(m.computed)}（{addends_text(parts)}）"
    message = f"{data.format.describe(m.key)}{sums}"
    pos = m.typed.pos
    cell = m.key
    if m.key in crossings:
        cell = crossings[m.key]
        pos = cell_pos(data, cell)
        message += f"；疑为{data.format.describe(cell)}填错"
    return _at(rule, pos, message, cell, {"reported": m.typed.value, "computed": m.computed})


def _addend_name(data: ReportData, total: CellKey, addend: CellKey) -> str:
    if addend[0] == REVIEWS:
        return data.format.cell(addend).path[-1]
    table = data.format.applications
    if addend[1] == total[1]:  # a row total adds up columns
        column = next(c for c in table.columns() if c.id == addend[2])
        return data.format.shapes.applications.column_name(column)
    return table.row(addend[1]).key


def _equation_findings(
    data: ReportData,
    equation: Equation,
    values: dict[CellKey, Number | None],
    mismatches: list[Mismatch],
    crossings: dict[CellKey, CellKey],
    previous: ReportData | None,
    single: CellKey | None = None,
    changed: Callable[[], set[int] | None] | None = None,
) -> list[Finding]:
    table = data.format.applications
    left = [table.row(r) for r in equation.left]
    right = [table.row(r) for r in equation.right]
    out: list[Finding] = []
    for column in table.input_columns():
        sides = [[values.get((table.id, r.id, column.id)) for r in side] for side in (left, right)]
        if any(v is None for side in sides for v in side):
            continue
        lsum, rsum = (sum(v for v in side if v is not None) for side in sides)
        if lsum == rsum:
            continue
        if single is not None and single[2] == column.id:
            cell = single
        else:
            cell = _suspect(data, equation, column.id, lsum - rsum, mismatches, crossings, previous, changed)
        sums = [
            f"{'+'.join(row_ordinal(table, r) for r in rows)}={fmt_number(total)}"
            f"（{_side_text(data, rows, column.id, values)}）"
            for rows, total in ((left, lsum), (right, rsum))
        ]
        message = f"表三“{data.format.shapes.applications.column_name(column)}”列：{sums[0]}，{sums[1]}"
        if single is not None and cell == single:
            message += f"；疑为{data.format.describe(single)}填错"
        out.append(_at(equation.rule, cell_pos(data, cell), message, cell, {"left": lsum, "right": rsum}))
    return out


def _side_text(data: ReportData, rows: list[Row], column: str, values: dict[CellKey, Number | None]) -> str:
    table = data.format.applications
    groups: list[str] = []
    for row in rows:
        leaves = table.sum_rows(row) if row.computed else (row,)
        parts = [(leaf.key, values.get((table.id, leaf.id, column)) or 0) for leaf in leaves]
        if any(num != 0 for _, num in parts):
            groups.append(addends_text(parts))
    return "；".join(groups) if groups else "均为0"


def _suspect(
    data: ReportData,
    equation: Equation,
    column: str,
    diff: Number,
    mismatches: list[Mismatch],
    crossings: dict[CellKey, CellKey],
    previous: ReportData | None,
    changed: Callable[[], set[int] | None] | None = None,
) -> CellKey:
    """The cell of this column most likely wrong (heuristic in the module docstring)."""
    table = data.format.applications
    row_diffs = {m.key[1]: m.diff for m in mismatches if _is_row_total(table, m.key)}
    expanded = _expanded(table, equation)
    # a row typed wrong by e makes its 总计 off by -e and the imbalance (left - right) -e * side
    hits = [r for r, side in expanded.items() if r in row_diffs and row_diffs[r] == diff * side]
    crossed = [c for c in crossings.values() if c[2] == column and c[1] in hits]
    if crossed:
        return crossed[0]
    if len(hits) == 1:
        return (table.id, hits[0], column)
    if previous is not None and CARRIED_OVER in expanded:
        now = data.cells.get((table.id, CARRIED_OVER, column))
        before = previous.cells.get((table.id, CARRY_FORWARD, column))
        if now is not None and before is not None and now.value - before.value == diff * -expanded[CARRIED_OVER]:
            return (table.id, CARRIED_OVER, column)
    lines = changed() if changed is not None else None
    if lines:
        edited = [r for r in expanded if cell_pos(data, (table.id, r, column)).line in lines]
        if edited and len(edited) < len(expanded):
            return (table.id, edited[0], column)
    return (table.id, equation.left[0], column)


def _expanded(table: ApplicationTable, equation: Equation) -> dict[str, int]:
    """Every input row of an equation with its side: -1 left, +1 right."""
    out: dict[str, int] = {}
    for side, ids in ((-1, equation.left), (1, equation.right)):
        for row_id in ids:
            row = table.row(row_id)
            for leaf in table.sum_rows(row) if row.computed else (row,):
                out[leaf.id] = side
    return out


def _at(rule: str, pos: Pos, message: str, cell: CellKey, values: dict[str, Number]) -> Finding:
    return finding(rule, pos.file, pos.line, pos.column, message, cell=cell, values=values)


@rule("GK201", "GK202", "GK203", "GK204")
def check_sums(ctx: ReportContext) -> list[Finding]:
    if ctx.data is None:
        return []
    data = ctx.data
    return check_arithmetic(data, ctx.previous, ctx.values, lambda: changed_lines(ctx.root, data.file))


def changed_lines(root: Path, rel: str) -> set[int] | None:
    """Lines of ``rel`` changed since HEAD when the site is a git repository (None otherwise, or
    when git is not available, or the file is new)."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "diff", "--no-ext-diff", "--no-color", "-U0", "HEAD", "--", rel],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or not proc.stdout:
        return None
    lines: set[int] = set()
    for m in _HUNK.finditer(proc.stdout):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines


_HUNK = re.compile(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
