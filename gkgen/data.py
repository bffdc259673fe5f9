"""Typed objects the loader produces and every later stage reads.

Every value that came from a file keeps its :class:`Pos` so a rule can point at the exact line.
Numbers are addressed by the model's ids: ``(table_id, row_id, column_id)`` — for table 二
``("active", item_id, field_id)``, table 三 ``("applications", row_id, column_id)``, table 四
``("reviews", group_id, column_id)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gkgen.format.model import Format

Number = int | Decimal
CellKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a site file: path relative to the site (POSIX), 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    value: Number
    pos: Pos


@dataclass
class Portal:
    """gkgen.yaml."""

    name: str
    host: str | None = None
    site_code: str | None = None
    icp: str | None = None
    police: str | None = None
    base_url: str | None = None
    categories: tuple[str, ...] = ()
    settings: dict[str, object] = field(default_factory=dict)
    """Every other key of gkgen.yaml as loaded (e.g. PDF字体), for the stages that read them."""


@dataclass
class Agency:
    """reports/<id>/agency.yaml."""

    id: str
    name: str
    category: str
    short_name: str | None = None
    level: str = "部门"
    contact: dict[str, str] = field(default_factory=dict)
    pos: Pos = field(default_factory=lambda: Pos(""))


@dataclass
class ReportData:
    """The numbers of one YYYY.yaml, as typed by the user (totals are computed separately)."""

    file: str
    year: int
    format: Format
    cells: dict[CellKey, Cell]
    typed_totals: dict[CellKey, Cell] = field(default_factory=dict)
    """Totals the user typed although gkgen computes them: checked, not trusted."""
    rows: dict[tuple[str, str], Pos] = field(default_factory=dict)
    """Where each row (table_id, row_id) is written; table 四 groups are rows here."""
    published: dt.date | None = None
    published_pos: Pos | None = None
    year_pos: Pos | None = None
    format_pos: Pos | None = None
    meta: dict[str, str] = field(default_factory=dict)
    """Optional article metadata: 索引号, 主题分类 …"""

    def row_pos(self, table: str, row: str) -> Pos:
        return self.rows.get((table, row), Pos(self.file, 1, 1))


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    """The heading as the author wrote it."""
    title: str
    """The heading with any numbering the author typed removed."""
    line: int


@dataclass
class Part:
    """A level-2 sub-section (or deeper) of a narrative section."""

    heading: Heading
    start: int
    end: int
    """0-based source line range [start, end) of the part, heading included."""


@dataclass
class NarrativeSection:
    section_id: str | None
    """The model's section id (overview, problems, other) or None when unrecognised."""
    heading: Heading
    start: int
    end: int
    """0-based source line range [start, end) of the body, heading excluded."""
    parts: list[Part] = field(default_factory=list)


@dataclass
class Narrative:
    """YYYY.md split into preamble and level-1 sections."""

    file: str
    source: str
    preamble: tuple[int, int]
    """0-based line range of the text before the first level-1 heading."""
    sections: list[NarrativeSection] = field(default_factory=list)

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.source.splitlines()[start:end])

    def section(self, section_id: str) -> NarrativeSection | None:
        return next((s for s in self.sections if s.section_id == section_id), None)


@dataclass
class Report:
    """One agency's report of one year: its numbers and its narrative."""

    agency: Agency
    year: int
    data: ReportData | None
    narrative: Narrative | None
    yaml_path: Path
    md_path: Path

    @property
    def complete(self) -> bool:
        return self.data is not None and self.narrative is not None


@dataclass
class Site:
    root: Path
    portal: Portal | None
    agencies: dict[str, Agency] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    """Sorted by agency id, then year."""

    _positions: dict[tuple[str, int], int] = field(default_factory=dict, repr=False, compare=False)
    _indexed: int = field(default=-1, repr=False, compare=False)

    def report(self, agency_id: str, year: int) -> Report | None:
        """The report of an agency and year (an index kept in step with ``reports``)."""
        at = self._positions.get((agency_id, year))
        if at is not None and at < len(self.reports):
            found = self.reports[at]
            if found.agency.id == agency_id and found.year == year:
                return found
        if at is None and self._indexed == len(self.reports):
            return None
        self._positions = {(r.agency.id, r.year): n for n, r in enumerate(self.reports)}
        self._indexed = len(self.reports)
        at = self._positions.get((agency_id, year))
        return None if at is None else self.reports[at]
