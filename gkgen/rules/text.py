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
from gkgen.html.narrative import allowed_external
from gkgen.markdown import source_parser
from gkgen.paths import ALLOWED_DOMAINS, ATTACHMENT_SUFFIXES, IMAGE_SUFFIXES, JSON, PDF, REPORT_PAGE, link_domains
from gkgen.rules import patterns
from gkgen.rules.arithmetic import resolve
from gkgen.rules.numbers import check_claims
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
    pages: frozenset[str] | None = None,
    domains: tuple[str, ...] = (),
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
        out.extend(_markup(narrative, locator, root, pages, domains))
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


def _markup(
    narrative: Narrative,
    locator: Locator,
    root: Path | None,
    pages: frozenset[str] | None = None,
    domains: tuple[str, ...] = (),
) -> list[Finding]:
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
                if problem and child.type == "link_open" and allowed_external(target, domains):
                    problem = None
                elif problem and child.type == "link_open" and re.match(r"(?i)^https?://", target.strip()):
                    problem += f"（如为可信的政府网站，可在 gkgen.yaml 的“{ALLOWED_DOMAINS}”中列出其域名）"
                if child.type == "link_open" and not problem and root is not None:
                    missing = link_problem(target, narrative.file, root, pages)
                    if missing:
                        out.append(_hit("GK515", narrative, locator, cursor, f"链接“{_short(target)}”{missing}"))
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


def link_problem(target: str, md_file: str, root: Path, pages: frozenset[str] | None) -> str | None:
    """Why a site-internal link would 404 once published: a file of the agency folder that does
    not exist or is not published (only attachments are), or a page the build does not write."""
    url = unquote(target.strip()).replace("\\", "/")
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path or _SCHEME.match(url) or path.startswith("/"):
        return None
    folder = posixpath.dirname(md_file)
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if resolved.startswith(folder + "/"):
        if not resolved.lower().endswith(ATTACHMENT_SUFFIXES):
            kinds = "、".join(s[1:] for s in ATTACHMENT_SUFFIXES)
            return f"指向 {resolved}，它不随报告发布（可链接的附件：{kinds}）"
        if not (root / resolved).is_file():
            return f"指向的文件 {resolved} 不存在"
        return None
    if pages is None:
        return None
    # anything else is read from the published page (YYYY/<agency>/, as deep as the .md file)
    year = posixpath.splitext(posixpath.basename(md_file))[0]
    page = posixpath.normpath(posixpath.join(year, posixpath.basename(folder), path))
    if page in pages or page + "/" + REPORT_PAGE in pages:
        return None
    return f"指向的页面 {page} 在生成的站点中不存在"


def site_pages(reports: list[tuple[str, int]]) -> frozenset[str]:
    """Every page and file path a build writes that a narrative may link to."""
    out = {REPORT_PAGE, "."}
    for agency, year in reports:
        folder = f"{year}/{agency}"
        out.update(
            {
                str(year),
                f"{year}/{REPORT_PAGE}",
                folder,
                f"{folder}/{REPORT_PAGE}",
                f"{folder}/{PDF}",
                f"{folder}/{JSON}",
            }
        )
    return frozenset(out)


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


_ACTIVE_HTML = re.compile(
    r"<\s*(?:script|iframe|object|embed|frame|frameset)\b|\son[a-z]+\s*=|javascript\s*:", re.IGNORECASE
)
"""HTML that runs or embeds something: how injected spam reaches a page (seed 002)."""


def _html_finding(narrative: Narrative, locator: Locator, offset: int, content: str) -> Finding:
    active = _ACTIVE_HTML.search(content)
    if active:
        return _hit(
            "GK516",
            narrative,
            locator,
            offset,
            f"正文含可执行的 HTML“{_short(content)}”（{active.group().strip()}）：这类内容常是被注入的，"
            "请核对原文后删除",
        )
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


@rule("GK504", "GK505", "GK506", "GK507", "GK508", "GK510", "GK515", "GK516")
def check_narrative_text(ctx: ReportContext) -> list[Finding]:
    if ctx.report.narrative is None:
        return []
    pages = ctx.site.__dict__.get("_gk_pages")
    if pages is None:
        pages = site_pages([(r.agency.id, r.year) for r in ctx.site.reports])
        ctx.site.__dict__["_gk_pages"] = pages
    domains = link_domains(ctx.site.portal)
    return check_text(ctx.report.narrative, ctx.data, ctx.values, ctx.root, pages, domains)
