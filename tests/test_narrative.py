"""parse_narrative: preamble, level-1 sections matched to the model, sub-sections, line ranges."""

from __future__ import annotations

import pytest

from gkgen.format import SECTIONS
from gkgen.load.narrative import heading_title, parse_narrative, section_id

NARRATIVE = {s.id: s for s in SECTIONS if s.kind == "narrative"}

DOC = """本报告根据条例编制。

# 一、总体情况

## （一）主动公开

内容一。

## (二)依申请公开

内容二。

### 1. 细节

# 五、政府信息公开工作存在的主要问题及改进情况

问题。

# 其他需要报告的事项

无。
"""


def test_sections_parts_and_ranges() -> None:
    n = parse_narrative(DOC, "reports/demo/2021.md")
    assert n.file == "reports/demo/2021.md"
    assert n.preamble == (0, 2)
    assert n.text(*n.preamble).strip() == "本报告根据条例编制。"
    assert [s.section_id for s in n.sections] == ["overview", "problems", "other"]
    overview = n.sections[0]
    assert overview.heading.line == 3 and overview.heading.level == 1
    assert overview.heading.text == "一、总体情况" and overview.heading.title == "总体情况"
    assert (overview.start, overview.end) == (3, 14)
    assert [p.heading.title for p in overview.parts] == ["主动公开", "依申请公开"]
    assert [(p.start, p.end) for p in overview.parts] == [(4, 8), (8, 14)]
    assert "细节" in n.text(overview.parts[1].start, overview.parts[1].end)
    other = n.section("other")
    assert other is not None and n.text(other.start, other.end).strip() == "无。"


def test_no_headings_is_all_preamble() -> None:
    n = parse_narrative("只有一段。\n\n第二段。\n", "x.md")
    assert n.sections == [] and n.preamble == (0, 3)


def test_no_preamble() -> None:
    n = parse_narrative("# 总体情况\n正文\n", "x.md")
    assert n.preamble == (0, 0) and n.sections[0].section_id == "overview"


@pytest.mark.parametrize(
    "heading",
    [
        "一、总体情况",
        "总体情况",
        "一、 总体情况",
        "1、总体情况",
        "1. 总体情况",
        "（一）总体情况",
        "(一)总体情况",
        "一．总体情况",
        "第一部分 总体情况",
        "总体情况：",
        "政府信息公开总体情况",
        "一、政府信息公开工作总体情况",
    ],
)
def test_overview_heading_variants(heading: str) -> None:
    n = parse_narrative(f"# {heading}\n\n正文\n", "x.md")
    assert n.sections[0].section_id == "overview"


@pytest.mark.parametrize("section", list(NARRATIVE.values()), ids=lambda s: s.id)
def test_every_title_and_alias_with_official_numbering(section) -> None:  # type: ignore[no-untyped-def]
    for title in (section.title, *section.aliases):
        for heading in (title, f"{section.number}、{title}"):
            assert section_id(heading_title(heading)) == section.id


def test_unrecognised_h1_has_no_section_id() -> None:
    n = parse_narrative("# 工作亮点\n\n正文\n# 总体情况\n", "x.md")
    assert [s.section_id for s in n.sections] == [None, "overview"]
    assert n.sections[0].heading.title == "工作亮点"


def test_table_section_heading_is_not_a_narrative_section() -> None:
    table = next(s for s in SECTIONS if s.kind == "table")
    n = parse_narrative(f"# {table.heading}\n", "x.md")
    assert n.sections[0].section_id is None


def test_headings_in_code_blocks_and_quotes_are_not_sections() -> None:
    n = parse_narrative("```\n# 总体情况\n```\n\n> # 其他需要报告的事项\n", "x.md")
    assert n.sections == []


def test_setext_heading_body_starts_after_underline() -> None:
    n = parse_narrative("总体情况\n====\n正文\n", "x.md")
    section = n.sections[0]
    assert section.section_id == "overview" and section.heading.line == 1
    assert (section.start, section.end) == (2, 3)


def test_crlf_line_endings() -> None:
    n = parse_narrative("前言\r\n\r\n# 总体情况\r\n## 主动公开\r\n正文\r\n", "x.md")
    assert n.preamble == (0, 2)
    assert n.sections[0].parts[0].heading.line == 4
    assert n.text(4, 5) == "正文"


def test_deeper_parts_when_no_level_two() -> None:
    n = parse_narrative("# 总体情况\n### （一）主动公开\n正文\n### （二）依申请公开\n", "x.md")
    assert [p.heading.title for p in n.sections[0].parts] == ["主动公开", "依申请公开"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("（一）主动公开情况", "主动公开情况"),
        ("一、（一）主动公开", "主动公开"),
        ("2021年政务公开工作要点", "2021年政务公开工作要点"),
        ("（1）平台建设", "平台建设"),
        ("1）监督保障", "监督保障"),
        ("  三、 政府信息管理：", "政府信息管理"),
    ],
)
def test_heading_title(text: str, title: str) -> None:
    assert heading_title(text) == title


def test_emphasis_around_a_heading() -> None:
    n = parse_narrative("# **一、总体情况**\n", "x.md")
    assert n.sections[0].heading.text == "**一、总体情况**"
    assert n.sections[0].heading.title == "总体情况" and n.sections[0].section_id == "overview"
