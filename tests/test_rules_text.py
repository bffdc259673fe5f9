"""Unit tests of the narrative rules (GK501-GK509) on in-memory narratives."""

from __future__ import annotations

import pytest
from rules_support import AGENCY, blank, good_narrative, put

from gkgen.findings import Finding
from gkgen.format import FORMAT_2019, FORMAT_2021
from gkgen.format.model import APPLICATIONS, REVIEWS
from gkgen.load.narrative import parse_narrative
from gkgen.rules.sections import check_sections
from gkgen.rules.text import check_text, outside_reason

MD = f"reports/{AGENCY}/2021.md"
NARRATIVE = [s for s in FORMAT_2021.sections if s.kind == "narrative"]
OVERVIEW, PROBLEMS, OTHER = NARRATIVE


def findings(text: str, data_year: int | None = 2021) -> list[Finding]:
    narrative = parse_narrative(text, MD)
    data = blank(data_year) if data_year else None
    fmt = data.format if data else FORMAT_2021
    return check_sections(narrative, fmt) + check_text(narrative, data)


def rules(found: list[Finding]) -> list[str]:
    return sorted(f.rule for f in found)


def test_good_narratives_are_clean() -> None:
    assert findings(good_narrative(FORMAT_2021)) == []
    narrative = parse_narrative(good_narrative(FORMAT_2019), MD)
    assert check_sections(narrative, FORMAT_2019) == []


def test_gk501_missing_section_points_at_line_one() -> None:
    text = good_narrative(FORMAT_2021).replace(f"# {PROBLEMS.title}", f"## {PROBLEMS.title}")
    found = [f for f in findings(text) if f.rule == "GK501"]
    assert [(f.line, f.column) for f in found] == [(1, None)]
    assert PROBLEMS.title in found[0].message


def test_gk501_order_and_duplicates() -> None:
    text = f"# {PROBLEMS.title}\n\n问题。\n\n# {OVERVIEW.title}\n\n## x\n\n# {OTHER.title}\n\n信息处理费0元。\n"
    order = [f for f in findings(text) if f.rule == "GK501"]
    assert len(order) == 1 and order[0].line == 5 and "顺序错误" in order[0].message
    text = good_narrative(FORMAT_2021) + f"\n# {OTHER.title}\n\n信息处理费。\n"
    dup = [f for f in findings(text) if f.rule == "GK501"]
    assert len(dup) == 1 and "重复" in dup[0].message


def test_numbered_and_alias_headings_are_recognised() -> None:
    text = good_narrative(FORMAT_2021).replace(f"# {OVERVIEW.title}", f"# 一、{OVERVIEW.aliases[0]}")
    assert findings(text) == []


def test_gk502_missing_part_by_heading_and_by_text() -> None:
    last = OVERVIEW.parts[-1][0]
    text = good_narrative(FORMAT_2021).replace(f"## {last}\n", "")
    [f] = findings(text)
    assert f.rule == "GK502" and f.severity == "warning" and f"“{last}”" in f.message
    plain = "\n".join(
        [
            "# " + OVERVIEW.title,
            "",
            "".join(p[0] + "工作良好。" for p in OVERVIEW.parts[:-1]),
            "",
            "# " + PROBLEMS.title,
            "",
            "无。",
            "",
            "# " + OTHER.title,
            "",
            "未收取信息处理费。",
            "",
        ]
    )
    [f] = findings(plain)
    assert f.rule == "GK502" and f.line == 1


def test_gk503_fee_only_from_2021_format() -> None:
    text = good_narrative(FORMAT_2021).replace("信息处理费", "费用")
    assert rules(findings(text)) == ["GK503"]
    assert findings(text, 2020) == []


def test_gk504_denials_against_numbers() -> None:
    data = blank()
    table = FORMAT_2021.applications
    put(data, (APPLICATIONS, table.rows[0].id, table.input_columns()[0].id), 4)
    group = FORMAT_2021.reviews.groups()[0]
    put(data, (REVIEWS, group.id, group.leaves()[0].id), 1)
    sentence = "本年度未收到政府信息公开申请，未发生因政府信息公开引起的行政复议、行政诉讼。"
    text = good_narrative(FORMAT_2021) + f"\n{sentence}\n"
    narrative = parse_narrative(text, MD)
    found = [f for f in check_text(narrative, data) if f.rule == "GK504"]
    assert len(found) == 2  # applications and 行政复议; no lawsuit was counted
    line = text.split("\n").index(sentence) + 1
    assert [(f.line, f.column) for f in found] == [(line, 4), (line, 16)]
    assert "为 4" in found[0].message and group.label in found[1].message
    assert [f for f in check_text(narrative, blank()) if f.rule == "GK504"] == []


@pytest.mark.parametrize(
    "phrase", ["未收到依申请公开事项", "没有收到公民、法人或其他组织提出的政府信息公开申请", "无依申请公开"]
)
def test_gk504_application_phrases(phrase: str) -> None:
    data = blank()
    table = FORMAT_2021.applications
    put(data, (APPLICATIONS, table.rows[0].id, table.input_columns()[0].id), 1)
    narrative = parse_narrative(f"前言{phrase}。\n", MD)
    assert [(f.rule, f.line, f.column) for f in check_text(narrative, data)] == [("GK504", 1, 3)]


def test_gk504_not_for_qualified_phrases() -> None:
    data = blank()
    table = FORMAT_2021.applications
    put(data, (APPLICATIONS, table.rows[0].id, table.input_columns()[0].id), 1)
    text = "未收到需要延期答复的申请。未收到政府信息公开行政复议申请。\n"
    assert check_text(parse_narrative(text, MD), data) == []


def test_gk505_spam_with_exact_positions() -> None:
    text = "前言\n\n# 总体情况\n\n依托市政府和365体育投注网站，以及澳门新葡京赌场。\n"
    found = check_text(parse_narrative(text, MD), None)
    assert [(f.rule, f.line, f.column) for f in found] == [("GK505", 5, 7), ("GK505", 5, 19)]
    assert "365体育投注" in found[0].message


def test_gk506_placeholders() -> None:
    text = "XX局2021年报告\n\n××单位 TODO （此处填写联系电话）\n公元XXI世纪\n"
    found = check_text(parse_narrative(text, MD), None)
    assert [(f.rule, f.line, f.column) for f in found] == [
        ("GK506", 1, 1),
        ("GK506", 3, 1),
        ("GK506", 3, 6),
        ("GK506", 3, 11),
    ]


def test_gk507_raw_html_block_and_inline() -> None:
    text = "第一段 <span>x</span>\n\n  <div>\n  块\n  </div>\n\n```\n<b>代码中的标签不算</b>\n```\n"
    found = check_text(parse_narrative(text, MD), None)
    assert [(f.rule, f.line, f.column) for f in found] == [("GK507", 1, 5), ("GK507", 1, 12), ("GK507", 3, 3)]
    assert all(f.severity == "warning" for f in found)


def test_gk508_links_and_images() -> None:
    text = (
        "[站内](../other/2021.md) [外](https://example.com/x) ![图](../../../etc/passwd)\n"
        "[脚本](javascript:alert(1)) [邮件](mailto:a@b.cn) ![数据](data:image/png;base64,AA)\n"
        "[引用][r] <http://a.cn> [根](/x.html) [协](//evil.cn/a)\n\n[r]: file:///etc/passwd\n"
    )
    found = check_text(parse_narrative(text, MD), None)
    assert sorted((f.line, f.column) for f in found if f.rule == "GK508") == [
        (1, 28),
        (1, 56),
        (2, 6),
        (2, 53),
        (3, 10),
        (3, 27),
        (3, 40),
        (5, 6),
    ]


@pytest.mark.parametrize(
    ("target", "inside"),
    [
        ("2021.md", True),
        ("../other/2021.md#a", True),
        ("../../gkgen.yaml", True),
        ("#sec", True),
        ("../../../x", False),
        ("%2e%2e/%2e%2e/%2e%2e/x", False),
        ("..\\..\\..\\x", False),
        ("HTTPS://x.cn", False),
        ("//x.cn", False),
        ("/abs", False),
        ("vbscript:x", False),
    ],
)
def test_outside_reason(target: str, inside: bool) -> None:
    assert (outside_reason(target, MD, image=False) is None) is inside


def test_gk509_unrecognised_and_table_headings() -> None:
    table = next(s for s in FORMAT_2021.sections if s.kind == "table")
    text = good_narrative(FORMAT_2021) + f"\n# 工作亮点\n\n亮点。\n\n# {table.heading}\n\n表。\n"
    found = [f for f in findings(text) if f.rule == "GK509"]
    assert len(found) == 2 and "表格章节" in found[1].message


@pytest.mark.parametrize(
    ("patterns", "first"), [("SPAM_PATTERNS", "SPAM_FIRST"), ("PLACEHOLDER_PATTERNS", "PLACEHOLDER_FIRST")]
)
def test_pattern_guards_cover_every_first_character(patterns: str, first: str) -> None:
    import re._parser as sre  # type: ignore[import-not-found]  # CPython's regex parser: the possible first characters of a pattern

    from gkgen.rules import patterns as p

    def starts(pattern: str) -> set[str]:
        op, av = next(iter(sre.parse(pattern)))
        while op is sre.SUBPATTERN or op is sre.ASSERT_NOT:
            if op is sre.ASSERT_NOT:  # a look-behind first: skip it
                op, av = list(sre.parse(pattern))[1]
                continue
            op, av = next(iter(av[-1]))
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.IN:
            return {chr(v) for kind, v in av if kind is sre.LITERAL}
        if op is sre.MAX_REPEAT or op is sre.MIN_REPEAT:
            return starts_parsed(av[2])
        if op is sre.BRANCH:
            return set().union(*(starts_parsed(b) for b in av[1]))
        if op is sre.AT:  # \b
            return starts(pattern.replace("\\b", "", 1))
        raise AssertionError(f"unhandled {op} in {pattern}")

    def starts_parsed(sub: object) -> set[str]:
        op, av = next(iter(sub))  # type: ignore[call-overload]
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.IN:
            return {chr(v) for kind, v in av if kind is sre.LITERAL}
        if op is sre.SUBPATTERN:
            return starts_parsed(av[-1])
        if op is sre.BRANCH:
            return set().union(*(starts_parsed(b) for b in av[1]))
        raise AssertionError(f"unhandled {op}")

    guard = set(getattr(p, first))
    for pattern in getattr(p, patterns):
        chars = starts(pattern)
        folded = {c for c in chars if c in guard or c.lower() in guard or c.upper() in guard}
        assert folded == chars, (pattern, chars - folded)
