"""Sites built in memory for the HTML tests (no loader needed), and their own sanity tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from gkgen.data import Agency, Cell, Heading, Narrative, NarrativeSection, Portal, Pos, Report, ReportData, Site
from gkgen.format import SECTIONS, format_for_year
from gkgen.format.numbering import strip_numbering

NARRATIVE_IDS = [s.id for s in SECTIONS if s.kind == "narrative"]


def split_narrative(source: str, file: str = "x.md") -> Narrative:
    """A minimal stand-in for the loader: level-1 headings in order are the narrative sections."""
    lines = source.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("# ")]
    ends = [*starts[1:], len(lines)]
    sections = []
    for start, end in zip(starts, ends, strict=True):
        text = lines[start][2:].strip()
        heading = Heading(1, text, strip_numbering(text), start + 1)
        section_id = next((s.id for s in SECTIONS if heading.title in (s.title, *s.aliases)), None)
        sections.append(NarrativeSection(section_id, heading, start + 1, end))
    first = starts[0] if starts else len(lines)
    return Narrative(file, source, (0, first), sections)


def make_data(
    year: int, *, seed: int = 0, published: dt.date | None = None, meta: dict[str, str] | None = None
) -> ReportData:
    """Every input cell filled with a distinct small number (money as a Decimal with 2 places)."""
    fmt = format_for_year(year)
    kinds = {(fmt.active.id, item.id, f.id): f.kind for block, item in fmt.active.items() for f in block.fields}
    cells: dict[tuple[str, str, str], Cell] = {}
    for index, key in enumerate(fmt.input_keys):
        value: int | Decimal = (index * 7 + seed) % 23
        if kinds.get(key) == "money":
            value = Decimal(f"{value}.50")
        cells[key] = Cell(value, Pos(f"{year}.yaml", index + 1, 1))
    return ReportData(f"{year}.yaml", year, fmt, cells, published=published, meta=meta or {})


SAMPLE_MD = """本报告依据条例编制。

# 总体情况
## 一、主动公开
主动公开了 [目录](../index.html)。
## （二）依申请公开
### 1.小节
#### （1）细目
## 政府信息管理
## 政府信息公开平台建设
## 监督保障

# 存在的主要问题及改进情况
问题。

# 其他需要报告的事项
未收取信息处理费。
"""


def make_site(
    root: Path, *, reports: list[tuple[str, str, int]] | None = None, md: str = SAMPLE_MD, portal: Portal | None = None
) -> Site:
    """A site of (agency id, category, year) reports, every one complete."""
    portal = portal or Portal(
        name="测试门户",
        host="测试主办单位",
        site_code="1234567890",
        icp="测ICP备0号",
        police="测公网安备 0号",
        base_url="https://example.org/nb/",
        categories=("市级部门", "县级部门"),
    )
    site = Site(root, portal)
    for agency_id, category, year in reports or [
        ("a-ju", "市级部门", 2021),
        ("a-ju", "市级部门", 2020),
        ("b-ju", "县级部门", 2021),
    ]:
        agency = site.agencies.setdefault(
            agency_id, Agency(agency_id, f"{agency_id}局", category, contact={"电话": "0000-1234567"})
        )
        data = make_data(
            year, seed=len(site.reports), published=dt.date(year + 1, 1, 20), meta={"索引号": f"IDX-{year}"}
        )
        narrative = split_narrative(md, f"reports/{agency_id}/{year}.md")
        base = root / "reports" / agency_id
        site.reports.append(Report(agency, year, data, narrative, base / f"{year}.yaml", base / f"{year}.md"))
    site.reports.sort(key=lambda r: (r.agency.id, r.year))
    return site


def test_split_narrative_finds_three_sections() -> None:
    narrative = split_narrative(SAMPLE_MD)
    assert [s.section_id for s in narrative.sections] == NARRATIVE_IDS
    assert narrative.text(*narrative.preamble).strip() == "本报告依据条例编制。"


def test_make_data_fills_every_input() -> None:
    data = make_data(2021)
    assert set(data.cells) == set(data.format.input_keys)
