"""The narrative's sections (GK501, GK502, GK503, GK509).

The expected sections, their order, titles and the five conventional parts of 总体情况 all come
from the format's ``sections`` (:mod:`gkgen.format`).
"""

from __future__ import annotations

import re

from gkgen.data import Narrative, NarrativeSection
from gkgen.findings import Finding, finding
from gkgen.format.model import Format, Section
from gkgen.load.narrative import heading_title, section_id
from gkgen.rules.registry import ReportContext, rule
from gkgen.rules.typography import near_miss

FEE_TERM = "信息处理费"
"""What 六、其他需要报告的事项 must mention from the 2021 format on (信息处理费管理办法)."""


def narrative_sections(fmt: Format) -> list[Section]:
    return [s for s in fmt.sections if s.kind == "narrative"]


def check_sections(narrative: Narrative, fmt: Format) -> list[Finding]:
    out = _order(narrative, fmt)
    out.extend(_unrecognised(narrative, fmt))
    out.extend(_overview_parts(narrative, fmt))
    out.extend(_fee_notice(narrative, fmt))
    return out


def _expected_list(fmt: Format) -> str:
    return "“" + "”“".join(s.title for s in narrative_sections(fmt)) + "”"


def _order(narrative: Narrative, fmt: Format) -> list[Finding]:
    expected = [s.id for s in narrative_sections(fmt)]
    out: list[Finding] = []
    seen: dict[str, NarrativeSection] = {}
    furthest = -1
    for section in narrative.sections:
        if section.section_id not in expected:
            continue
        index = expected.index(section.section_id)
        first = seen.get(section.section_id)
        if first is not None:
            out.append(
                _at_heading(
                    "GK501",
                    narrative,
                    section,
                    f"一级标题“{section.heading.text}”重复（第 {first.heading.line} 行已出现）",
                )
            )
            continue
        seen[section.section_id] = section
        if index < furthest:
            out.append(
                _at_heading(
                    "GK501",
                    narrative,
                    section,
                    f"一级标题“{section.heading.text}”顺序错误：正文各章应依次为{_expected_list(fmt)}",
                )
            )
        furthest = max(furthest, index)
    for spec in narrative_sections(fmt):
        if spec.id not in seen:
            line, hint = _missing_hint(narrative, spec)
            out.append(
                finding(
                    "GK501",
                    narrative.file,
                    line,
                    1 if line > 1 or hint else None,
                    f"缺少一级标题“# {spec.title}”{hint or f'（正文各章应依次为{_expected_list(fmt)}）'}",
                )
            )
    return out


_PSEUDO_HEADING = re.compile(
    r"^ {0,3}(?:(?P<hash>#{1,6}|＃{1,6})[ \t　]*(?P<a>\S.*?)|\*\*(?P<b>[^*]+?)\*\*|__(?P<c>[^_]+?)__"
    r"|(?P<d>[一二三四五六七八九十]+、.{2,30}?))[ \t]*$"
)
"""A line meant as a level-1 heading that Markdown does not read as one: "#总体情况" (no space),
"＃ 总体情况" (full-width #), "**一、总体情况**" (bold) or a bare "一、总体情况"."""


def _missing_hint(narrative: Narrative, spec: Section) -> tuple[int, str]:
    """Where a missing section was probably meant, and what to write there ("" when nowhere)."""
    wanted = f"# {spec.title}"
    titles = tuple("".join(t.split()) for t in (spec.title, *spec.aliases))
    for section in narrative.sections:
        if section.section_id is None and section.heading.level == 1:
            near = near_miss(section.heading.title, titles)
            if near is not None:
                return section.heading.line, (
                    f"：第 {section.heading.line} 行的“{section.heading.text}”与之相差一两个字，是否想写“{wanted}”？"
                )
    for number, line in enumerate(narrative.source.split("\n"), 1):
        m = _PSEUDO_HEADING.match(line)
        if m is None or ((m.group("hash") or "").startswith("#") and re.match(r"^ {0,3}#{1,6}[ \t]", line)):
            continue
        text = next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d")) if g)
        if section_id(heading_title(text)) == spec.id:
            return (
                number,
                f"：第 {number} 行“{line.strip()}”不是 Markdown 标题，应写作“{wanted}”（# 为半角，其后加一个空格）",
            )
    return 1, ""


def _unrecognised(narrative: Narrative, fmt: Format) -> list[Finding]:
    narrative_ids = {s.id for s in narrative_sections(fmt)}
    tables = {s.id: s for s in fmt.sections if s.kind == "table"}  # a heading the author should drop
    out: list[Finding] = []
    present = {s.section_id for s in narrative.sections}
    missing = [s for s in narrative_sections(fmt) if s.id not in present]
    for section in narrative.sections:
        if section.section_id in narrative_ids:
            continue
        if any(_missing_hint(narrative, spec)[0] == section.heading.line for spec in missing):
            continue  # GK501 points here with the fix
        table = tables.get(section.section_id or "") or next(
            (t for t in tables.values() if _compact(t.title) == _compact(section.heading.title)), None
        )
        if table is not None:
            message = (
                f"一级标题“{section.heading.text}”是表格章节，由 YAML 数据生成，正文中不应再写；请删除该标题及其内容"
            )
        else:
            message = f"无法识别的一级标题“{section.heading.text}”；正文的一级标题应为{_expected_list(fmt)}之一"
        out.append(_at_heading("GK509", narrative, section, message))
    return out


def _overview_parts(narrative: Narrative, fmt: Format) -> list[Finding]:
    spec = next((s for s in narrative_sections(fmt) if s.parts), None)
    section = narrative.section(spec.id) if spec is not None else None
    if spec is None or section is None:
        return []
    if section.parts:
        haystacks = [_compact(part.heading.title) for part in section.parts]
    else:
        haystacks = [_compact(narrative.text(section.start, section.end))]
    absent = [
        variants[0] for variants in spec.parts if not any(_compact(v) in hay for v in variants for hay in haystacks)
    ]
    if not absent:
        return []
    where = "小标题" if section.parts else "内容"
    listed = "".join(f"“{name}”" for name in absent)
    return [
        _at_heading(
            "GK502",
            narrative,
            section,
            f"“{spec.title}”未见{listed}部分（按惯例分为{_parts_list(spec)}五部分；本节{where}中未找到）",
        )
    ]


def _parts_list(spec: Section) -> str:
    return "".join(f"“{variants[0]}”" for variants in spec.parts)


def _fee_notice(narrative: Narrative, fmt: Format) -> list[Finding]:
    if not fmt.fee_notice:
        return []
    section = next((narrative.section(s.id) for s in narrative_sections(fmt) if s.id == "other"), None)
    if section is None or FEE_TERM in _compact(narrative.text(section.start, section.end)):
        return []
    return [
        _at_heading(
            "GK503",
            narrative,
            section,
            f"{fmt.document}要求在“{section.heading.title}”中说明收取{FEE_TERM}的情况（未收取也应写明）",
        )
    ]


def _compact(text: str) -> str:
    return "".join(text.split())


def _at_heading(rule: str, narrative: Narrative, section: NarrativeSection, message: str) -> Finding:
    return finding(rule, narrative.file, section.heading.line, 1, message)


@rule("GK501", "GK502", "GK503", "GK509")
def check_narrative_sections(ctx: ReportContext) -> list[Finding]:
    # the sections are the same in every format; only the 信息处理费 notice depends on it
    if ctx.report.narrative is None:
        return []
    return check_sections(ctx.report.narrative, ctx.format)
