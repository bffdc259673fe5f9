"""The main figures of a report — the numbers the year overview table and the charts show.

Each figure is a sum of cells named by the format (a row of table 三 by its id, the keyed groups of
table 四, items of table 二), added up over :func:`gkgen.format.totals.full_grid` — the totals every
other output shows. Sums over several agencies are those of summary.xlsx
(:func:`gkgen.export.year.aggregates`). Templates only print these numbers; they add nothing up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gkgen.data import CellKey, Number, ReportData
from gkgen.format.model import Column, ColumnGroup, Format
from gkgen.format.totals import full_grid, total

Figures = dict[str, Number]
"""Figure id -> value, for one report or one sum of reports."""

OUTCOMES = ("disclosed", "partly_disclosed", "withheld", "unable", "not_processed", "other_handling")
"""The rows of 三、本年度办理结果 that add up to its （七）总计, in official order."""
REQUEST_ROWS = ("new_received", "carried_over", *OUTCOMES, "results_total", "carry_forward")
REVIEW_GROUPS = ("admin_review", "litigation")
"""The top headers of table 四: 行政复议, and 行政诉讼 (未经复议直接起诉 plus 复议后起诉)."""
ACTIVE_ITEMS = ("rules", "normative_documents", "licensing", "penalty", "enforcement")
"""The items of table 二 shown: 规章 and 规范性文件 (their first field), and the 处理决定 of
行政许可, 行政处罚 and 行政强制."""
DECISIONS = "decisions"
_SHORT = {"results_total": "办理结果总计"}
_PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    """Short words for a column heading, e.g. 不予公开, 行政复议·结果纠正."""
    keys: tuple[CellKey, ...]
    """The cells it adds up."""


def figure_specs(fmt: Format) -> dict[str, Figure]:
    """The figures of one format, by id (built once per format)."""
    return fmt.derived("html.figures", _build_specs)


def figures(data: ReportData, grid: Mapping[CellKey, Number] | None = None) -> Figures:
    """The value of every figure of one report (missing inputs count as 0, as in full_grid);
    ``grid``: its full_grid when already computed."""
    values = full_grid(data) if grid is None else grid
    return {f.id: total(values.get(key, 0) for key in f.keys) for f in figure_specs(data.format).values()}


def share(part: Number, whole: Number) -> str:
    """``part`` as a percentage of ``whole`` with one decimal (half up), or "—" when ``whole`` is 0."""
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(_PERCENT, rounding=ROUND_HALF_UP)
    return f"{value}%"


def review_ids(group: str) -> tuple[str, str]:
    """The figure ids of a table 四 top header: its 总计 and its 结果纠正."""
    return f"{group}_total", f"{group}_corrected"


def _build_specs(fmt: Format) -> dict[str, Figure]:
    table = fmt.applications
    total_col = table.total_column().id
    out: list[Figure] = []
    for row_id in REQUEST_ROWS:
        row = table.row(row_id)
        keys = tuple((table.id, leaf.id, total_col) for leaf in row.leaves())
        out.append(Figure(row_id, _SHORT.get(row_id, row.key), keys))
    reviews = fmt.reviews
    for node in reviews.header:
        if not isinstance(node, ColumnGroup) or node.id not in REVIEW_GROUPS:
            continue
        groups = [node] if node.key is not None else [g for g in reviews.groups() if _contains(node, g)]
        total_id, corrected_id = review_ids(node.id)
        totals = tuple((reviews.id, g.id, _leaf(g, computed=True).id) for g in groups)
        corrected = tuple((reviews.id, g.id, _leaf(g, suffix="_corrected").id) for g in groups)
        out.append(Figure(total_id, f"{node.label}总计", totals))
        out.append(Figure(corrected_id, f"{node.label}结果纠正", corrected))
    active = fmt.active
    for block, item in active.items():
        if item.id not in ACTIVE_ITEMS:
            continue
        field = next((f for f in block.fields if f.id == DECISIONS), block.fields[0])
        label = f"{item.label}{'处理决定' if field.id == DECISIONS else field.label}"
        out.append(Figure(item.id, label, ((active.id, item.id, field.id),)))
    specs = {f.id: f for f in out}
    unknown = [key for f in out for key in f.keys if key not in fmt.cell_index]
    if unknown:
        raise ValueError(f"figures name cells the format {fmt.id} lacks: {unknown}")
    return specs


def _contains(node: ColumnGroup, group: ColumnGroup) -> bool:
    return any(
        child is group or (isinstance(child, ColumnGroup) and _contains(child, group)) for child in node.children
    )


def _leaf(group: ColumnGroup, *, computed: bool = False, suffix: str = "") -> Column:
    for leaf in group.leaves():
        if (computed and leaf.computed) or (suffix and leaf.id.endswith(suffix)):
            return leaf
    raise ValueError(f"no such column in {group.id}")
