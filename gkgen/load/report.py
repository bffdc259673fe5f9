"""YYYY.yaml to :class:`gkgen.data.ReportData`: the top-level keys here, each table by its shape.

Every key, row, column and list length comes from the format package (:mod:`gkgen.format.shapes`
read the tables); this module spells no official label. A number that is missing is reported
(GK101), never taken as 0 — except where the user wrote the literal ``0`` for a whole row, group
or table, which the shapes expand.
"""

from __future__ import annotations

import datetime as dt

from gkgen.data import Pos, ReportData
from gkgen.findings import Finding, finding
from gkgen.format import FORMATS, format_for_year
from gkgen.format.model import Format
from gkgen.load.keys import Choice, Entry, match_keys, pos
from gkgen.load.values import ValueReader
from gkgen.load.yamlpos import YMap, YNode, YScalar

YEAR_KEY = "年度"
FORMAT_KEY = "格式"
DATE_KEY = "发布日期"
META_KEYS = ("索引号", "主题分类")
EARLIEST_YEAR = 1900
"""A 发布日期 before this year is impossible (a typo such as 0001-01-01 or 0202-01-20), not a date."""


def read_report(node: YNode | None, rel: str, year: int) -> tuple[ReportData | None, list[Finding]]:
    """The numbers of one report year; None when the file is not a mapping at all."""
    if node is None:
        return None, []
    if not isinstance(node, YMap):
        return None, [finding("GK002", rel, node.line, node.column, "文件内容应为“键: 值”形式的映射")]
    reader = ReportReader(rel, year)
    return reader.read(node), reader.findings


class ReportReader(ValueReader):
    """Reads one YYYY.yaml; the tables are read by their shapes (:mod:`gkgen.format.shapes`)."""

    def __init__(self, rel: str, year: int) -> None:
        super().__init__(rel)
        self.year = year
        self.rows: dict[tuple[str, str], Pos] = {}

    # ------------------------------------------------------------ top level

    def read(self, top: YMap) -> ReportData:
        fmt, format_pos = self.format(top)
        choices: list[Choice[str]] = [Choice(k, (k,)) for k in (YEAR_KEY, FORMAT_KEY, DATE_KEY, *META_KEYS)]
        choices += [Choice(shape.id, shape.yaml_keys) for shape in fmt.shapes]
        guessed: set[str] = set()
        entries = match_keys(top, choices, self.rel, self.findings, "", guessed)
        data = ReportData(self.rel, self.year, fmt, self.cells, self.typed, self.rows, format_pos=format_pos)
        self.year_key(entries.get(YEAR_KEY), data)
        self.published(entries.get(DATE_KEY), data)
        for key in META_KEYS:
            if key in entries:
                data.meta[key] = self.text(entries[key])
        for shape in fmt.shapes:
            entry = entries.get(shape.id)
            if entry is None:
                if shape.id not in guessed:
                    self.add("GK101", None, f"缺少“{shape.yaml_key}”（{shape.section.heading}）")
                continue
            shape.read(self, entry)
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
            self.add(
                "GK108",
                value,
                f"“{FORMAT_KEY}”应为 {' 或 '.join(FORMATS)}，实为 {shown}；按年度推定为 {fallback.id} 格式",
            )
            return fallback, pos(self.rel, value)
        return fmt, pos(self.rel, value)

    def year_key(self, entry: Entry | None, data: ReportData) -> None:
        if entry is None:
            self.add("GK101", None, f"缺少“{YEAR_KEY}”（应为 {self.year}）")
            return
        value = entry.value
        data.year_pos = pos(self.rel, value)
        typed = value.value if isinstance(value, YScalar) else None
        if isinstance(typed, str) and typed.strip().isascii() and typed.strip().isdigit() and len(typed.strip()) <= 8:
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
        if isinstance(typed, dt.date) and typed.year >= EARLIEST_YEAR:
            data.published = typed
            return
        if isinstance(typed, dt.date):
            example = f"应为 YYYY-MM-DD，如 {self.year + 1}-01-20"
            shown = value.text if isinstance(value, YScalar) else typed.isoformat()
            self.add(
                "GK109",
                value,
                f"“{DATE_KEY}”{shown} 不可能是发布日期（年份早于 {EARLIEST_YEAR}），{example}",
            )
            return
        shown = value.text if isinstance(value, YScalar) else "（非日期）"
        self.add("GK109", value, f"“{DATE_KEY}”不是有效日期（应为 YYYY-MM-DD，如 {self.year + 1}-01-20）：{shown}")


def _find(top: YMap, key: str) -> Entry | None:
    return next((Entry(k, v) for k, v in top.entries if k.text.strip() == key), None)
