"""YYYY.yaml to :class:`gkgen.data.ReportData`, driven entirely by the model.

Every key, row, column and list length comes from :mod:`gkgen.model`; this module spells no
official label. A number that is missing is reported (GK101), never taken as 0 — except where the
user wrote the literal ``0`` for a whole row, group or table, which is expanded here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from gkgen.data import Pos, ReportData
from gkgen.findings import Finding, finding
from gkgen.formats import FORMATS, format_for_year
from gkgen.model import (
    ActiveTable,
    ApplicationTable,
    Block,
    Column,
    ColumnGroup,
    Field,
    Format,
    Item,
    ReviewTable,
    Row,
)
from gkgen.yamlkeys import Choice, Entry, KeySet, match_keys, norm, pos
from gkgen.yamlpos import YMap, YNode, YScalar
from gkgen.yamlvalues import ValueReader, is_zero

YEAR_KEY = "年度"
FORMAT_KEY = "格式"
DATE_KEY = "发布日期"
META_KEYS = ("索引号", "主题分类")

Table = ActiveTable | ApplicationTable | ReviewTable
Keyed = Row | Item | Field | ColumnGroup
V = TypeVar("V")

_MEMO: dict[tuple[str, int], tuple[object, Any]] = {}


def _memo(kind: str, owner: object, build: Callable[[], V]) -> V:
    """``build()`` once per model object (the owner is kept alive so its id stays unique)."""
    key = (kind, id(owner))
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not owner:
        hit = _MEMO[key] = (owner, build())
    value: V = hit[1]
    return value


def _keyset(owner: object, things: Sequence[Keyed]) -> KeySet[str]:
    return _memo("keys", owner, lambda: KeySet([Choice(t.id, t.keys) for t in things]))


def _app_columns(table: ApplicationTable) -> tuple[tuple[Column, ...], Column]:
    return _memo("columns", table, lambda: (table.input_columns(), table.total_column()))


def read_report(node: YNode | None, rel: str, year: int) -> tuple[ReportData | None, list[Finding]]:
    """The numbers of one report year; None when the file is not a mapping at all."""
    if node is None:
        return None, []
    if not isinstance(node, YMap):
        return None, [finding("GK002", rel, node.line, node.column, "文件内容应为“键: 值”形式的映射")]
    reader = _ReportReader(rel, year)
    return reader.read(node), reader.findings


class _ReportReader(ValueReader):
    def __init__(self, rel: str, year: int) -> None:
        super().__init__(rel)
        self.year = year
        self.rows: dict[tuple[str, str], Pos] = {}

    # ------------------------------------------------------------ top level

    def read(self, top: YMap) -> ReportData:
        fmt, format_pos = self.format(top)
        tables: tuple[Table, ...] = (fmt.active, fmt.applications, fmt.reviews)
        choices: list[Choice[str]] = [Choice(k, (k,)) for k in (YEAR_KEY, FORMAT_KEY, DATE_KEY, *META_KEYS)]
        choices += [Choice(t.id, _table_keys(fmt, t)) for t in tables]
        guessed: set[str] = set()
        entries = match_keys(top, choices, self.rel, self.findings, "", guessed)
        data = ReportData(self.rel, self.year, fmt, self.cells, self.typed, self.rows, format_pos=format_pos)
        self.year_key(entries.get(YEAR_KEY), data)
        self.published(entries.get(DATE_KEY), data)
        for key in META_KEYS:
            if key in entries:
                data.meta[key] = self.text(entries[key])
        for table in tables:
            entry = entries.get(table.id)
            if entry is None:
                if table.id not in guessed:
                    self.add("GK101", None, f"缺少“{table.yaml_key}”（{_section_heading(fmt, table)}）")
                continue
            self.table(table, entry)
        return data

    def format(self, top: YMap) -> tuple[Format, Pos | None]:
        entry = _find(top, FORMAT_KEY)
        fallback = format_for_year(self.year)
        if entry is None:
            self.add("GK108", None, f"缺少“{FORMAT_KEY}”（2019 或 2021）；按年度推定为 {fallback.id} 格式")
            return fallback, None
        value = entry.value
        text = value.text if isinstance(value, YScalar) and not isinstance(value.value, bool) else None
        fmt = FORMATS.get(text.strip()) if text is not None else None
        if fmt is None:
            shown = text if text is not None else "（非数字）"
            self.add("GK108", value, f"“{FORMAT_KEY}”应为 {' 或 '.join(FORMATS)}，实为 {shown}；"
                                     f"按年度推定为 {fallback.id} 格式")
            return fallback, pos(self.rel, value)
        return fmt, pos(self.rel, value)

    def year_key(self, entry: Entry | None, data: ReportData) -> None:
        if entry is None:
            self.add("GK101", None, f"缺少“{YEAR_KEY}”（应为 {self.year}）")
            return
        value = entry.value
        data.year_pos = pos(self.rel, value)
        typed = value.value if isinstance(value, YScalar) else None
        if isinstance(typed, str) and typed.strip().isascii() and typed.strip().isdigit():
            typed = int(typed)
        if type(typed) is not int:
            self.add("GK107", value, f"“{YEAR_KEY}”应为四位数字年份 {self.year}（与文件名 {self.year}.yaml 一致）")
        elif typed != self.year:
            self.add("GK107", value, f"“{YEAR_KEY}”写的是 {typed}，与文件名 {self.year}.yaml 不符")

    def published(self, entry: Entry | None, data: ReportData) -> None:
        if entry is None:
            return
        value = entry.value
        data.published_pos = pos(self.rel, value)
        typed = value.value if isinstance(value, YScalar) else None
        if isinstance(typed, dt.datetime):
            typed = typed.date()
        if isinstance(typed, str):
            try:
                typed = dt.date.fromisoformat(typed.strip())
            except ValueError:
                typed = None
        if isinstance(typed, dt.date):
            data.published = typed
            return
        shown = value.text if isinstance(value, YScalar) else "（非日期）"
        self.add("GK109", value, f"“{DATE_KEY}”不是有效日期（应为 YYYY-MM-DD，如 {self.year + 1}-01-20）：{shown}")

    def table(self, table: Table, entry: Entry) -> None:
        if isinstance(table, ActiveTable):
            self.active(table, entry)
        elif isinstance(table, ApplicationTable):
            self.applications(table, entry)
        else:
            self.reviews(table, entry)

    # ------------------------------------------------------------ table 二

    def active(self, table: ActiveTable, entry: Entry) -> None:
        if is_zero(entry.value):
            for block, item in table.items():
                self.active_zero(table, block, item, entry.value)
            return
        items = list(table.items())
        mapping = self.mapping(entry, "各信息内容")
        if mapping is None:
            return
        guessed: set[str] = set()
        found = match_keys(mapping, _keyset(table, [item for _, item in items]), self.rel,
                           self.findings, f"“{entry.key.text}”中", guessed)
        for block, item in items:
            if item.id in guessed and item.id not in found:
                continue
            if item.id not in found:
                self.add("GK101", entry.key, f"“{entry.key.text}”缺少“{item.key}”（{block.label}）")
            else:
                self.active_item(table, block, item, found[item.id])

    def active_zero(self, table: ActiveTable, block: Block, item: Item, node: YNode) -> None:
        self.rows[(table.id, item.id)] = pos(self.rel, node)
        for f in block.fields:
            self.put((table.id, item.id, f.id), Decimal(0) if f.kind == "money" else 0, node)

    def active_item(self, table: ActiveTable, block: Block, item: Item, entry: Entry) -> None:
        self.rows[(table.id, item.id)] = pos(self.rel, entry.key)
        value = entry.value
        if is_zero(value):
            self.active_zero(table, block, item, value)
            return
        if block.scalar and not isinstance(value, YMap):
            f = block.fields[0]
            self.put((table.id, item.id, f.id), self.number(value, f.kind, f"“{item.key}”"), value)
            return
        if not isinstance(value, YMap):
            names = "、".join(f.key for f in block.fields)
            self.add("GK103", value, f"“{item.key}”应为映射 {{{names}}}（或写 0 表示全为 0）")
            return
        guessed: set[str] = set()
        found = match_keys(value, _keyset(block, block.fields), self.rel, self.findings,
                           f"“{item.key}”中", guessed)
        for f in block.fields:
            if f.id in guessed and f.id not in found:
                continue
            if f.id not in found:
                self.add("GK101", entry.key, f"“{item.key}”缺少“{f.key}”（缺失的数字不会被当作 0）")
                continue
            node = found[f.id].value
            self.put((table.id, item.id, f.id), self.number(node, f.kind, f"“{item.key}”的“{f.key}”"), node)
        self.change_check(table, block, item, found)

    def change_check(self, table: ActiveTable, block: Block, item: Item, found: dict[str, Entry]) -> None:
        """GK110: in the 2019 format 上一年项目数量 + 本年增/减 (the field before it) is not negative."""
        for i, f in enumerate(block.fields):
            if f.kind != "delta" or i == 0:
                continue
            prev = block.fields[i - 1]
            a = self.cells.get((table.id, item.id, prev.id))
            b = self.cells.get((table.id, item.id, f.id))
            if a is not None and b is not None and a.value + b.value < 0:
                node = found[f.id].value
                self.add("GK110", node, f"“{item.key}”：{prev.label} {a.value} + {f.label} {b.value} = "
                                        f"{a.value + b.value}，不能为负数")

    # ------------------------------------------------------------ table 三

    def applications(self, table: ApplicationTable, entry: Entry) -> None:
        if is_zero(entry.value):
            for row in table.rows:
                self.app_zero(table, row, entry.value, typed=False)
            return
        mapping = self.mapping(entry, "各行")
        if mapping is not None:
            self.app_rows(table, table.rows, mapping, entry.key)

    def app_rows(self, table: ApplicationTable, rows: tuple[Row, ...], mapping: YMap, key: YScalar) -> None:
        guessed: set[str] = set()
        found = match_keys(mapping, _keyset(rows, rows), self.rel, self.findings,
                           f"“{key.text}”中", guessed)
        for row in rows:
            if row.id in found:
                self.app_row(table, row, found[row.id])
            elif not row.computed and row.id not in guessed:
                self.add("GK101", key, f"“{key.text}”缺少“{row.key}”（{row.label}）")

    def app_row(self, table: ApplicationTable, row: Row, entry: Entry) -> None:
        self.rows[(table.id, row.id)] = pos(self.rel, entry.key)
        value = entry.value
        if is_zero(value):
            self.app_zero(table, row, value, typed=row.computed)
        elif row.children:
            if isinstance(value, YMap):
                self.app_rows(table, row.children, value, entry.key)
            else:
                if not self.empty(entry):
                    self.add("GK103", value, f"“{row.key}”应为各小项的映射（或写 0 表示全为 0）")
        else:
            self.app_leaf(table, row, entry)

    def app_zero(self, table: ApplicationTable, row: Row, node: YNode, *, typed: bool) -> None:
        """Expand a literal 0 over ``row`` and its descendants; computed rows only when typed."""
        self.rows.setdefault((table.id, row.id), pos(self.rel, node))
        for child in row.children:
            self.app_zero(table, child, node, typed=False)
        if row.children or (row.computed and not typed):
            return
        columns = table.columns() if typed else table.input_columns()
        for col in columns:
            self.put((table.id, row.id, col.id), 0, node, typed=typed)

    def app_leaf(self, table: ApplicationTable, row: Row, entry: Entry) -> None:
        inputs, total = _app_columns(table)
        values = self.number_list(entry, len(inputs), total.label)
        if values is None:
            return
        for col, node in zip((*inputs, total), values, strict=False):
            typed = row.computed or col.computed
            value = self.number(node, "count", (row.key, col.label, "列"))
            self.put((table.id, row.id, col.id), value, node, typed=typed)

    # ------------------------------------------------------------ table 四

    def reviews(self, table: ReviewTable, entry: Entry) -> None:
        groups = table.groups()
        if is_zero(entry.value):
            for group in groups:
                self.review_zero(table, group.id, group.leaves(), entry.value)
            return
        mapping = self.mapping(entry, "各列组")
        if mapping is None:
            return
        guessed: set[str] = set()
        found = match_keys(_flatten_headings(table, mapping), _keyset(table, groups), self.rel, self.findings,
                           f"“{entry.key.text}”中", guessed)
        for group in groups:
            if group.id not in found:
                if group.id not in guessed:
                    self.add("GK101", entry.key, f"“{entry.key.text}”缺少“{group.key or group.label}”")
                continue
            item = found[group.id]
            self.rows[(table.id, group.id)] = pos(self.rel, item.key)
            leaves = group.leaves()
            if is_zero(item.value):
                self.review_zero(table, group.id, leaves, item.value)
                continue
            inputs = [c for c in leaves if not c.computed]
            totals = [c for c in leaves if c.computed]
            values = self.number_list(item, len(inputs), totals[0].label if totals else "")
            for col, node in zip((*inputs, *totals), values or [], strict=False):
                value = self.number(node, "count", (item.key.text, col.label, ""))
                self.put((table.id, group.id, col.id), value, node, typed=col.computed)

    def review_zero(self, table: ReviewTable, group_id: str, leaves: tuple[Column, ...], node: YNode) -> None:
        self.rows.setdefault((table.id, group_id), pos(self.rel, node))
        for col in leaves:
            if not col.computed:
                self.put((table.id, group_id, col.id), 0, node)



def _flatten_headings(table: ReviewTable, mapping: YMap) -> YMap:
    """Accept the keyed groups also nested under a header without a key (行政诉讼: {…})."""
    headings = {norm(g.label) for g in table.header if g.key is None}
    if not any(norm(k.text) in headings and isinstance(v, YMap) for k, v in mapping.entries):
        return mapping
    flat = YMap([], mapping.line, mapping.column)
    for key, value in mapping.entries:
        if norm(key.text) in headings and isinstance(value, YMap):
            flat.entries.extend(value.entries)
        else:
            flat.entries.append((key, value))
    return flat


def _find(top: YMap, key: str) -> Entry | None:
    return next((Entry(k, v) for k, v in top.entries if k.text.strip() == key), None)


def _table_keys(fmt: Format, table: Table) -> tuple[str, ...]:
    section = next((s for s in fmt.sections if s.id == table.id), None)
    extra = (section.title, section.heading) if section is not None else ()
    return (table.yaml_key, *extra)


def _section_heading(fmt: Format, table: Table) -> str:
    section = next((s for s in fmt.sections if s.id == table.id), None)
    return section.heading if section is not None else table.yaml_key
