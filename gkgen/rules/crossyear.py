"""Across years: one agency's consecutive years (GK301-GK303).

Fields are found by their model ids, so the rules follow the model if a format changes:
table 三's 上年结转/结转下年度 rows, table 二's 本年制发/本年废止/现行有效 fields (2021 format) and
上一年项目数量/本年增减 fields (2019 format).
"""

from __future__ import annotations

from gkgen.data import CellKey, Number, ReportData
from gkgen.findings import Finding, finding
from gkgen.format.model import Block, Item
from gkgen.rules.arithmetic import CARRIED_OVER, CARRY_FORWARD
from gkgen.rules.common import cell_pos, fmt_number, value
from gkgen.rules.registry import ReportContext, rule

ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"
PREVIOUS_ITEMS, CHANGE = "previous_items", "change"


def check_cross_year(data: ReportData, previous: ReportData) -> list[Finding]:
    """Compare a report with the same agency's report of the year before."""
    out = _carry_over(data, previous)
    if data.format.id == previous.format.id:
        out.extend(_in_force(data, previous))
        out.extend(_project_counts(data, previous))
    return out


def _carry_over(data: ReportData, previous: ReportData) -> list[Finding]:
    table = data.format.applications
    prev_table = previous.format.applications
    now_row, prev_row = table.row(CARRIED_OVER), prev_table.row(CARRY_FORWARD)
    out: list[Finding] = []
    for column in table.input_columns():
        key = (table.id, CARRIED_OVER, column.id)
        now, before = value(data, key), value(previous, (prev_table.id, CARRY_FORWARD, column.id))
        if now is None or before is None or now == before:
            continue
        pos = cell_pos(data, key)
        other = cell_pos(previous, (prev_table.id, CARRY_FORWARD, column.id))
        place = f"{other.file}:{other.line}" if other.line is not None else other.file
        column_name = data.format.shapes.applications.column_name(column)
        out.append(
            finding(
                "GK301",
                pos.file,
                pos.line,
                pos.column,
                f"表三“{column_name}”列：{data.year} 年“{now_row.label}”为 {fmt_number(now)}，"
                f"{previous.year} 年“{prev_row.label}”为 {fmt_number(before)}（{place}）",
                cell=key,
                values={"this_year": now, "last_year": before},
            )
        )
    return out


def _blocks_with(data: ReportData, *field_ids: str) -> list[tuple[Block, Item]]:
    return [
        (block, item)
        for block, item in data.format.shapes.active.items
        if all(any(f.id == fid for f in block.fields) for fid in field_ids)
    ]


def _label(block: Block, field_id: str) -> str:
    return next(f.label for f in block.fields if f.id == field_id)


def _get(data: ReportData, item: Item, field_id: str) -> Number | None:
    return value(data, (data.format.active.id, item.id, field_id))


def _in_force(data: ReportData, previous: ReportData) -> list[Finding]:
    out: list[Finding] = []
    for block, item in _blocks_with(data, ISSUED, REPEALED, IN_FORCE):
        nums = [_get(previous, item, IN_FORCE), _get(data, item, ISSUED), _get(data, item, REPEALED)]
        now = _get(data, item, IN_FORCE)
        if now is None or any(n is None for n in nums):
            continue
        before, issued, repealed = (n or 0 for n in nums)
        expected = before + issued - repealed
        if expected == now:
            continue
        key: CellKey = (data.format.active.id, item.id, IN_FORCE)
        pos = cell_pos(data, key)
        out.append(
            finding(
                "GK302",
                pos.file,
                pos.line,
                pos.column,
                f"表二“{item.label}”{_label(block, IN_FORCE)}：{previous.year} 年 {fmt_number(before)}"
                f"＋{_label(block, ISSUED)} {fmt_number(issued)}－{_label(block, REPEALED)} {fmt_number(repealed)}"
                f"＝{fmt_number(expected)}，本年填 {fmt_number(now)}（如有文件因有效期届满失效，可忽略本提示）",
            )
        )
    return out


def _project_counts(data: ReportData, previous: ReportData) -> list[Finding]:
    out: list[Finding] = []
    for block, item in _blocks_with(data, PREVIOUS_ITEMS, CHANGE):
        before, change = _get(previous, item, PREVIOUS_ITEMS), _get(previous, item, CHANGE)
        now = _get(data, item, PREVIOUS_ITEMS)
        if now is None or before is None or change is None:
            continue
        expected = before + change
        if expected == now:
            continue
        key: CellKey = (data.format.active.id, item.id, PREVIOUS_ITEMS)
        pos = cell_pos(data, key)
        out.append(
            finding(
                "GK303",
                pos.file,
                pos.line,
                pos.column,
                f"表二“{item.label}”{_label(block, PREVIOUS_ITEMS)}：{previous.year} 年 {fmt_number(before)}"
                f"＋{_label(block, CHANGE)} {fmt_number(change)}＝{fmt_number(expected)}，"
                f"{data.year} 年填 {fmt_number(now)}",
            )
        )
    return out


@rule("GK301", "GK302", "GK303")
def check_years(ctx: ReportContext) -> list[Finding]:
    if ctx.data is None or ctx.previous is None:
        return []
    return check_cross_year(ctx.data, ctx.previous)
