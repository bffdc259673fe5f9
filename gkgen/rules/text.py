"""What the narrative's text says (GK504-GK508).

Every hit points at its exact line and column in the .md file (1-based, counted in characters).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token

from gkgen.data import CellKey, Narrative, Number, ReportData
from gkgen.findings import Finding, finding
from gkgen.format.model import ColumnGroup
from gkgen.markdown import source_parser
from gkgen.paths import IMAGE_SUFFIXES
from gkgen.rules import patterns
from gkgen.rules.numbers import check_claims
from gkgen.rules.arithmetic import resolve
from gkgen.rules.registry import ReportContext, rule

NEW_RECEIVED = "new_received"
_SNIPPET = 40


class Locator:
    """Turns offsets into the source into 1-based (line, column)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def at(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo] + 1


def check_text(
    narrative: Narrative,
    data: ReportData | None,
    values: dict[CellKey, Number | None] | None = None,
    root: Path | None = None,
) -> list[Finding]:
    """GK504-GK508 (and GK510 when the site ``root`` is given, to look for image files);
    ``values`` is :func:`resolve` of ``data`` when the caller has it already."""
    locator = Locator(narrative.source)
    out = _word_hits(narrative, locator)
    if data is not None:
        values = resolve(data) if values is None else values
        out.extend(_contradictions(narrative, data, locator, values))
        out.extend(check_claims(narrative, data, values, locator.at))
    if _may_have_markup(narrative.source):
        out.extend(_markup(narrative, locator, root))
    return out


def _hit(rule: str, narrative: Narrative, locator: Locator, offset: int, message: str) -> Finding:
    line, column = locator.at(offset)
    return finding(rule, narrative.file, line, column, message)


def _word_hits(narrative: Narrative, locator: Locator) -> list[Finding]:
    out: list[Finding] = []
    for m in patterns.SPAM.finditer(narrative.source):
        out.append(
            _hit(
                "GK505",
                narrative,
                locator,
                m.start(),
                f"正文含疑似被注入的赌博/彩票广告“{m.group()}”，请核对原文后删除或改正",
            )
        )
    for m in patterns.PLACEHOLDER.finditer(narrative.source):
        out.append(_hit("GK506", narrative, locator, m.start(), f"正文含未替换的占位符“{m.group()}”，请填写实际内容"))
    return out


# ---------------------------------------------------------------- GK504


def _contradictions(
    narrative: Narrative, data: ReportData, locator: Locator, values: dict[CellKey, Number | None]
) -> list[Finding]:
    table = data.format.applications
    received = _sum(values.get((table.id, NEW_RECEIVED, c.id)) for c in table.input_columns())
    row = table.row(NEW_RECEIVED)
    out: list[Finding] = []
    if received > 0:
        for m in _denials(patterns.NO_APPLICATIONS, narrative.source):
            out.append(
                _hit(
                    "GK504", narrative, locator, m.start(), f"正文称“{m.group()}”，但表三“{row.label}”合计为 {received}"
                )
            )
    for group in data.format.reviews.header:
        if not isinstance(group, ColumnGroup):
            continue
        count = _sum(
            values.get((data.format.reviews.id, sub.id, c.id))
            for sub in _list_groups(group)
            for c in sub.leaves()
            if not c.computed
        )
        if count > 0:
            for m in _proceeding_denial(group.label).finditer(narrative.source):
                out.append(
                    _hit(
                        "GK504",
                        narrative,
                        locator,
                        m.start(),
                        f"正文称“{m.group()}”，但表四“{group.label}”共 {count} 件",
                    )
                )
    return out


def _sum(numbers: Iterator[Number | None]) -> Number:
    return sum((n for n in numbers if n is not None), start=0)


def _list_groups(group: ColumnGroup) -> list[ColumnGroup]:
    """The groups under ``group`` (itself included) that are one YAML list each."""
    if group.key is not None:
        return [group]
    return [g for child in group.children if isinstance(child, ColumnGroup) for g in _list_groups(child)]


def _denials(pattern: re.Pattern[str], source: str) -> Iterator[re.Match[str]]:
    """Denials of applications, except those whose clause is about 复议/诉讼."""
    for m in pattern.finditer(source):
        end = patterns.CLAUSE_END.search(source, m.end())
        clause = source[m.start() : end.start() if end else len(source)]
        if not patterns.OTHER_PROCEEDINGS.search(clause):
            yield m


@lru_cache(maxsize=8)
def _proceeding_denial(label: str) -> re.Pattern[str]:
    return patterns.proceeding_denial(label)


# ---------------------------------------------------------------- GK507, GK508

_MARKUP_HINT = re.compile(r"<[A-Za-z/!?]|\]\s*[(\[:]|<[a-zA-Z][a-zA-Z0-9+.-]*:")


def _may_have_markup(source: str) -> bool:
    """Cheap pre-screen: without these characters markdown-it cannot produce HTML or links."""
    return _MARKUP_HINT.search(source) is not None


def _markup(narrative: Narrative, locator: Locator, root: Path | None) -> list[Finding]:
    out: list[Finding] = []
    source = narrative.source
    for token in source_parser().parse(source):
        start = locator.starts[token.map[0]] if token.map else 0
        if token.type == "html_block":
            offset = start + len(source[start:]) - len(source[start:].lstrip(" \t"))
            out.append(_html_finding(narrative, locator, offset, token.content))
        for child, cursor in _children(token, start, source):
            if child.type == "html_inline":
                out.append(_html_finding(narrative, locator, cursor, child.content))
            elif child.type in ("link_open", "image"):
                target = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
                problem = outside_reason(target, narrative.file, image=child.type == "image")
                if problem:
                    what = "图片" if child.type == "image" else "链接"
                    out.append(
                        _hit(
                            "GK508",
                            narrative,
                            locator,
                            cursor,
                            f"{what}地址“{_short(target)}”{problem}；正文中的链接和图片只能指向本站点内的文件",
                        )
                    )
                elif child.type == "image" and root is not None:
                    missing = image_problem(target, narrative.file, root)
                    if missing:
                        out.append(_hit("GK510", narrative, locator, cursor, f"图片“{_short(target)}”{missing}"))
    return out


def image_problem(target: str, md_file: str, root: Path) -> str | None:
    """Why a site-internal image cannot be shown: the page only carries images of the report's
    own agency folder (they are copied beside the page), in a web image format, that exist."""
    path = unquote(target.strip()).replace("\\", "/").split("#", 1)[0].split("?", 1)[0]
    folder = posixpath.dirname(md_file)
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if not resolved.startswith(folder + "/"):
        return f"不在本机构目录（{folder}/）内；正文用到的图片须放在该目录或其子目录中"
    if not resolved.lower().endswith(IMAGE_SUFFIXES):
        return f"不是网页可显示的图片格式（{'、'.join(s[1:] for s in IMAGE_SUFFIXES)}）"
    if not (root / resolved).is_file():
        return f"的文件 {resolved} 不存在"
    return None


def _children(token: Token, start: int, source: str) -> Iterator[tuple[Token, int]]:
    """Inline children with the offset where each is written (searched from the block start)."""
    cursor = start
    for child in token.children or []:
        needle = (
            child.content
            if child.type == "html_inline"
            else str(child.attrs.get("href") or child.attrs.get("src") or "")
        )
        if child.type not in ("html_inline", "link_open", "image") or not needle:
            continue
        found = source.find(needle, cursor)
        if found < 0:
            found = source.find(needle)
        offset = found if found >= 0 else start
        yield child, offset
        if found >= cursor:
            cursor = found + len(needle)


def _html_finding(narrative: Narrative, locator: Locator, offset: int, content: str) -> Finding:
    return _hit(
        "GK507", narrative, locator, offset, f"正文含原始 HTML“{_short(content)}”，发布时不会显示；请改用 Markdown 写法"
    )


def _short(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= _SNIPPET else first[:_SNIPPET] + "…"


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_HARMLESS_LINK_SCHEMES = ("mailto", "tel")
_UNSAFE_SCHEMES = ("javascript", "vbscript", "data", "file")


def outside_reason(target: str, md_file: str, *, image: bool) -> str | None:
    """Why a link or image destination leaves the site, or None when it stays inside."""
    url = unquote(target.strip()).replace("\\", "/")
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in _UNSAFE_SCHEMES:
            return f"使用不安全的“{name}:”协议"
        if name in _HARMLESS_LINK_SCHEMES and not image:
            return None
        return "指向站外"
    if url.startswith("//"):
        return "指向站外（省略协议的外部地址）"
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    if path.startswith("/"):
        return "是以“/”开头的绝对路径，可能不在本站点内"
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(md_file), path))
    if resolved == ".." or resolved.startswith("../"):
        return "用“..”跳出了站点目录"
    return None


@rule("GK504", "GK505", "GK506", "GK507", "GK508", "GK510")
def check_narrative_text(ctx: ReportContext) -> list[Finding]:
    if ctx.report.narrative is None:
        return []
    return check_text(ctx.report.narrative, ctx.data, ctx.values, ctx.root)
