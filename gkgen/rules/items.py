"""GK110: in the 2019 format, 上一年项目数量 + 本年增/减 (the field before it) is not negative."""

from __future__ import annotations

from collections.abc import Iterator

from gkgen.findings import Finding, finding
from gkgen.rules.common import cell_pos
from gkgen.rules.registry import ReportContext, rule


@rule("GK110")
def check_item_changes(ctx: ReportContext) -> Iterator[Finding]:
    data = ctx.data
    if data is None:
        return
    table = data.format.active
    for block, item in table.items():
        for before, change in zip(block.fields, block.fields[1:], strict=False):
            if change.kind != "delta":
                continue
            a = data.cells.get((table.id, item.id, before.id))
            b = data.cells.get((table.id, item.id, change.id))
            if a is None or b is None or a.value + b.value >= 0:
                continue
            key = (table.id, item.id, change.id)
            pos = cell_pos(data, key)
            yield finding(
                "GK110",
                pos.file,
                pos.line,
                pos.column,
                f"“{item.key}”：{before.label} {a.value} + {change.label} {b.value} = {a.value + b.value}，不能为负数",
                cell=key,
                values={"reported": b.value, "sum": a.value + b.value},
            )
