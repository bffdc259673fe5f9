"""Copied reports: a narrative still dated last year (GK512), a narrative that is last year's
again (GK513), and narratives of one year that are nearly the same across agencies (GK514,
the 内容雷同 the national notices criticise).

Similarity is measured on clauses, not characters: the narrative is cut at 。；，！？ and line
ends, each clause reduced to its CJK letters and ASCII letters (digits, spaces and punctuation
dropped, so that a copy with new numbers is still a copy), headings left out, and clauses shorter than
:data:`MIN_CLAUSE` ignored. Two narratives are as similar as the share of their clause text (by
length) they have in common. A clause found in more than :data:`COMMON` narratives of one year
is boilerplate (the regulation's name, the statistics period) and never makes two narratives
candidates on its own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from gkgen.data import Narrative, Report, Site
from gkgen.findings import Finding, finding
from gkgen.rules.registry import ReportContext, rule

MIN_CLAUSE = 6
SAME_AS_LAST_YEAR = 0.8
"""GK513: share of this year's clause text found word for word in last year's narrative."""
SAME_AS_OTHERS = 0.8
"""GK514: share of clause text two agencies' narratives of one year have in common."""
MIN_TEXT = 200
"""Narratives with less clause text than this (in characters) are too short to compare."""
COMMON = 20

_CUT = re.compile(r"[。；;！!？?，,\n：:、]")
_KEEP = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")
_HEADING = re.compile(r"^ {0,3}#")
"""Headings are the format's words, the same in every report: left out of the comparison."""


@dataclass(frozen=True)
class Fingerprint:
    clauses: dict[str, int]
    """Each distinct clause with its length (the weight it carries)."""

    @property
    def size(self) -> int:
        return sum(self.clauses.values())

    def shared(self, other: Fingerprint) -> int:
        small, large = (self, other) if len(self.clauses) <= len(other.clauses) else (other, self)
        return sum(n for c, n in small.clauses.items() if c in large.clauses)


def fingerprint(source: str) -> Fingerprint:
    clauses: dict[str, int] = {}
    body = "\n".join(line for line in source.split("\n") if not _HEADING.match(line))
    for piece in _CUT.split(body):
        text = _KEEP.sub("", piece)
        if len(text) >= MIN_CLAUSE:
            clauses[text] = len(text)
    return Fingerprint(clauses)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Shared clause text over the union of both narratives' clause text."""
    shared = a.shared(b)
    union = a.size + b.size - shared
    return shared / union if union else 0.0


# ---------------------------------------------------------------- GK512

_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期)[^。；\n]{0,12}?(?P<y1>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
    r"[^。；\n]{0,8}?(?P<y2>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_OPENING_YEAR = re.compile(
    r"(?:^|(?<=[。；！？\n]))[ \t#*>]*(?P<year>(?:19|20)\d{2})\s*年(?:度|以来)?(?:[，,]|全年|我|本|全)"
)
"""A sentence that opens on a year: "2022年，我局……" — the year the sentence speaks of as its own."""


def stale_years(narrative: Narrative, year: int) -> list[tuple[int, int, str]]:
    """(offset, the year written, the words) where the narrative speaks of another year as its own."""
    out: list[tuple[int, int, str]] = []
    for m in _PERIOD.finditer(narrative.source):
        for group in ("y1", "y2"):
            if int(m.group(group)) != year:
                out.append((m.start(group), int(m.group(group)), m.group()))
                break
    for m in _OPENING_YEAR.finditer(narrative.source):
        if int(m.group("year")) == year - 1:
            out.append((m.start("year"), year - 1, m.group().strip(" \t#*>\n")))
    return sorted(out)


@rule("GK512")
def check_stale_years(ctx: ReportContext) -> list[Finding]:
    narrative = ctx.report.narrative
    if narrative is None:
        return []
    from gkgen.rules.text import Locator

    locator = Locator(narrative.source)
    out: list[Finding] = []
    for offset, written, words in stale_years(narrative, ctx.report.year):
        line, column = locator.at(offset)
        out.append(
            finding(
                "GK512",
                narrative.file,
                line,
                column,
                f"{ctx.report.year} 年度报告的正文写“{words}”，把 {written} 年当作本年度；"
                "是否复制了上一年度的报告而未改年份？",
                values={"year": ctx.report.year, "written": written},
            )
        )
    return out


# ---------------------------------------------------------------- GK513, GK514


def _fingerprints(site: Site) -> dict[str, Fingerprint]:
    cache: dict[str, Fingerprint] = site.__dict__.setdefault("_gk_fingerprints", {})
    if not cache:
        for report in site.reports:
            if report.narrative is not None:
                cache[report.narrative.file] = fingerprint(report.narrative.source)
    return cache


@rule("GK513")
def check_copied_from_last_year(ctx: ReportContext) -> list[Finding]:
    narrative = ctx.report.narrative
    before = ctx.site.report(ctx.report.agency.id, ctx.report.year - 1)
    if narrative is None or before is None or before.narrative is None:
        return []
    prints = _fingerprints(ctx.site)
    now, then = prints[narrative.file], prints[before.narrative.file]
    if now.size < MIN_TEXT:
        return []
    share = now.shared(then) / now.size
    if share < SAME_AS_LAST_YEAR:
        return []
    return [
        finding(
            "GK513",
            narrative.file,
            1,
            None,
            f"正文有 {share:.0%} 与上一年度的 {before.narrative.file} 逐句相同（不计数字）；"
            "年度报告应反映本年度的工作，请据实更新",
            values={"percent": round(share * 100)},
        )
    ]


def similar_pairs(site: Site, year: int) -> dict[str, list[tuple[str, float]]]:
    """Narrative file -> the other agencies' narratives of ``year`` at least SAME_AS_OTHERS alike."""
    cache: dict[int, dict[str, list[tuple[str, float]]]] = site.__dict__.setdefault("_gk_similar", {})
    if year not in cache:
        cache[year] = _similar(site, [r for r in site.reports if r.year == year and r.narrative is not None])
    return cache[year]


def _similar(site: Site, reports: Iterable[Report]) -> dict[str, list[tuple[str, float]]]:
    prints = _fingerprints(site)
    files = {r.narrative.file: r.agency.id for r in reports if r.narrative is not None}
    usable = [f for f in files if prints[f].size >= MIN_TEXT]
    counts: Counter[str] = Counter(c for f in usable for c in prints[f].clauses)
    index: dict[str, list[str]] = defaultdict(list)
    for f in usable:
        for clause in prints[f].clauses:
            if counts[clause] <= COMMON:
                index[clause].append(f)
    # shared text of rare clauses, per pair: a copy shares mostly rare clauses, so a pair whose rare
    # clauses cannot reach the threshold is never compared in full
    rare_shared: Counter[tuple[str, str]] = Counter()
    for clause, holders in index.items():
        if len(holders) > 1:
            weight = len(clause)
            for i, a in enumerate(holders):
                for b in holders[i + 1 :]:
                    if files[a] != files[b]:
                        rare_shared[(a, b)] += weight
    common = {f: sum(n for c, n in prints[f].clauses.items() if counts[c] > COMMON) for f in usable}
    candidates = [
        pair
        for pair, weight in rare_shared.items()
        if weight + min(common[pair[0]], common[pair[1]])
        >= SAME_AS_OTHERS * max(prints[pair[0]].size, prints[pair[1]].size)
    ]
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for a, b in sorted(candidates):
        score = similarity(prints[a], prints[b])
        if score >= SAME_AS_OTHERS:
            out[a].append((b, score))
            out[b].append((a, score))
    return out


@rule("GK514")
def check_same_as_others(ctx: ReportContext) -> list[Finding]:
    narrative = ctx.report.narrative
    if narrative is None:
        return []
    out: list[Finding] = []
    for other, score in sorted(similar_pairs(ctx.site, ctx.report.year).get(narrative.file, [])):
        out.append(
            finding(
                "GK514",
                narrative.file,
                1,
                None,
                f"正文与另一机构同年度的 {other} 有 {score:.0%} 逐句相同（不计数字），疑为内容雷同；"
                "请写本机构的实际情况",
                values={"percent": round(score * 100)},
            )
        )
    return out
