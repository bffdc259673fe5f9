"""Typography that offices are told to fix (GK520-GK523), each at its exact line and column.

- GK520: an ASCII , ; : ? ! between two Chinese characters, or ASCII parentheses around Chinese
  text after a Chinese character ("规章(试行)"). :func:`fix_punctuation` rewrites exactly these
  (``gkgen fix --punctuation``); nothing inside code, link targets or autolinks is touched.
- GK521: a word written twice in a row ("资金资金", "审核审核"), and "的的".
- GK522: 一是/二是… and （一）（二）… that repeat or skip a number within one section.
- GK523: a sub-heading one or two characters away from a conventional part title
  ("## 政府信息公开平台建没"). Level-1 headings are GK501's (it points at the near-miss line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gkgen.data import Narrative
from gkgen.findings import Finding, finding
from gkgen.format.model import Format
from gkgen.format.numbering import CN_DIGITS
from gkgen.rules.registry import ReportContext, rule

if TYPE_CHECKING:
    from gkgen.rules.text import Locator

CJK = "\u4e00-\u9fff"
FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

_PUNCT = re.compile(rf"(?<=[{CJK}])([,;:?!])[ \t]*(?=[{CJK}])")
_PARENS = re.compile(rf"(?<=[{CJK}])\(([^()\n/:.=]*[{CJK}][^()\n/:.=]*)\)")
_PROTECTED = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)|<[a-zA-Z][^>\n]*>|https?://\S+")
"""Inline code, link destinations, autolinks/HTML and bare URLs: never checked or rewritten."""
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Edit:
    line: int
    """0-based line."""
    column: int
    """0-based column of the first replaced character."""
    old: str
    new: str


def _text_lines(source: str) -> Iterator[tuple[int, str]]:
    """(0-based line number, line) outside fenced code blocks."""
    fence: str | None = None
    for number, line in enumerate(source.split("\n")):
        m = _FENCE.match(line)
        if m:
            fence = None if fence == m.group(1) else (fence or m.group(1))
            continue
        if fence is None:
            yield number, line


def _masked(line: str) -> str:
    """The line with protected spans replaced by a same-length run of a neutral character."""
    return _PROTECTED.sub(lambda m: "\x00" * len(m.group()), line)


def punctuation_edits(source: str) -> list[Edit]:
    """Every ASCII punctuation mark between Chinese characters, with its full-width replacement."""
    out: list[Edit] = []
    for number, line in _text_lines(source):
        masked = _masked(line)
        for m in _PUNCT.finditer(masked):
            out.append(Edit(number, m.start(), m.group(), FULLWIDTH[m.group(1)]))
        for m in _PARENS.finditer(masked):
            out.append(Edit(number, m.start(), "(", "（"))
            out.append(Edit(number, m.end() - 1, ")", "）"))
    return sorted(out, key=lambda e: (e.line, e.column))


def fix_punctuation(source: str) -> str:
    """``source`` with every :func:`punctuation_edits` applied."""
    lines = source.split("\n")
    for edit in reversed(punctuation_edits(source)):
        text = lines[edit.line]
        lines[edit.line] = text[: edit.column] + edit.new + text[edit.column + len(edit.old) :]
    return "\n".join(lines)


def _punctuation(narrative: Narrative) -> list[Finding]:
    out: list[Finding] = []
    lines = narrative.source.split("\n")
    for edit in punctuation_edits(narrative.source):
        text = lines[edit.line]
        context = text[max(0, edit.column - 4) : edit.column + len(edit.old) + 4]
        out.append(
            finding(
                "GK520",
                narrative.file,
                edit.line + 1,
                edit.column + 1,
                f"中文之间用了英文标点“{edit.old.strip()}”（“{context.strip()}”），应为“{edit.new}”；"
                "可用 gkgen fix --punctuation 自动改正",
            )
        )
    return out


# ---------------------------------------------------------------- GK521

_DOUBLED = re.compile(rf"(?P<unit>[{CJK}](?:[{CJK}0-9 ]{{0,38}}[{CJK}])?)(?P=unit)")
_DOUBLE_DE = re.compile("的的(?!确)")
_REDUPLICATED = frozenset(("研究", "讨论", "学习", "商量", "考虑", "了解", "看看", "想想", "走走", "谈谈"))
"""Verbs Chinese repeats on purpose (研究研究): not a doubled word."""


def _doubled(narrative: Narrative) -> list[Finding]:
    out: list[Finding] = []
    for number, line in _text_lines(narrative.source):
        masked = _masked(line)
        hits: list[tuple[int, str]] = [(m.start(), m.group()) for m in _DOUBLE_DE.finditer(masked)]
        for m in _DOUBLED.finditer(masked):
            unit = m.group("unit")
            cjk = re.sub(rf"[^{CJK}]", "", unit)
            if len(cjk) < 2 or len(set(cjk)) == 1 or unit in _REDUPLICATED or unit.startswith("一"):
                continue
            hits.append((m.start(), m.group()))
        for start, text in sorted(hits):
            shown = text if len(text) <= 24 else text[: len(text) // 2][:20] + "…"
            out.append(
                finding(
                    "GK521",
                    narrative.file,
                    number + 1,
                    start + 1,
                    f"“{shown}”疑为重复：同一词语连写了两遍",
                )
            )
    return out


# ---------------------------------------------------------------- GK522

_CN_VALUE = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
_BULLET = re.compile(rf"(?:^|(?<=[。；;：:，,！!？?\s]))[ \t>*#-]*(?P<num>[{CN_DIGITS}]{{1,3}})是(?=[，,：:{CJK}“《])")
_OTHER_ITEM = re.compile(r"(?:^|(?<=[。；;：:！!？?\s]))[ \t>*#-]*(?:[（(]\d{1,2}[）)]|\d{1,2}[.．、](?!\d))")
"""Other numbered items ("（2）", "5."): a 一是 list never runs across them."""
_PAREN_ITEM = re.compile(rf"(?:^|(?<=[。；;：:！!？?\n]))[ \t>*#-]*[（(](?P<num>[{CN_DIGITS}]{{1,3}})[）)]")


def cn_value(text: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if not text:
        return None
    if "十" not in text:
        return _CN_VALUE.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    high = 1 if not tens else _CN_VALUE.get(tens)
    low = 0 if not ones else _CN_VALUE.get(ones)
    return None if high is None or low is None else high * 10 + low


def _cn(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens - 1]) + "十" + (CN_DIGITS[ones - 1] if ones else "")


def _numbering(narrative: Narrative) -> list[Finding]:
    from gkgen.rules.text import Locator

    source = narrative.source
    locator = Locator(source)
    starts = locator.starts
    out: list[Finding] = []
    ranges = [(s.start, s.end) for s in narrative.sections] or [(0, len(starts))]
    headings = [starts[h.line - 1] for s in narrative.sections for h in [s.heading, *(p.heading for p in s.parts)]]
    for first, last in ranges:
        begin = starts[first] if first < len(starts) else len(source)
        end = starts[last] if last < len(starts) else len(source)
        items = _marks(_PAREN_ITEM, source, begin, end)
        # 一是/二是 lists restart under each sub-heading and each （一）（二） item
        others = [m.start() for m in _OTHER_ITEM.finditer(source, begin, end)]
        barriers = sorted([*headings, *others, *(offset for offset, _ in items)])
        out.extend(_sequence(narrative, locator, items, "（{}）", [], paren=True))
        out.extend(_sequence(narrative, locator, _marks(_BULLET, source, begin, end), "{}是", barriers, paren=False))
    return out


def _marks(pattern: re.Pattern[str], source: str, begin: int, end: int) -> list[tuple[int, int]]:
    return [
        (m.start("num"), n) for m in pattern.finditer(source, begin, end) if (n := cn_value(m.group("num"))) is not None
    ]


def _sequence(
    narrative: Narrative,
    locator: Locator,
    marks: list[tuple[int, int]],
    shape: str,
    barriers: list[int],
    *,
    paren: bool,
) -> Iterator[Finding]:
    previous: int | None = None
    last_offset = -1
    skip_next = False
    for i, (offset, n) in enumerate(marks):
        if any(last_offset < b <= offset for b in barriers):
            previous = None
        last_offset = offset
        if skip_next:
            skip_next = False
            previous = n
            continue
        message = None
        if previous is not None and n != 1:
            before, here = shape.format(_cn(previous)), shape.format(_cn(n))
            following = marks[i + 1][1] if i + 1 < len(marks) else None
            if n == previous:
                message = f"序号重复：“{before}”之后又是“{here}”"
            elif n > previous + 1 and following == n:
                wanted = shape.format(_cn(previous + 1))
                message = f"序号有误：“{before}”之后是“{here}”，下一个又是“{here}”；此处应为“{wanted}”"
                skip_next = True
            elif n > previous + 1:
                message = f"序号跳号：“{before}”之后是“{here}”，缺少“{shape.format(_cn(previous + 1))}”"
        if message is not None:
            line, column = locator.at(offset - (1 if paren else 0))
            yield finding("GK522", narrative.file, line, column, message)
        previous = n


# ---------------------------------------------------------------- GK523


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        best = row[0]
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
            best = min(best, row[j])
        if best >= limit:
            return limit
    return min(row[-1], limit)


def near_miss(title: str, official: tuple[str, ...]) -> str | None:
    """The official title ``title`` is one or two characters away from (not a longer or shorter
    phrase containing it), or None."""
    squashed = "".join(title.split())
    if len(squashed) < 4 or squashed in official:
        return None
    for word in official:
        if word in squashed or squashed in word:
            return None
    best = min(official, key=lambda w: (edit_distance(squashed, w), official.index(w)))
    distance = edit_distance(squashed, best)
    return best if 0 < distance <= 2 and distance * 3 < len(best) else None


def _headings(narrative: Narrative, fmt: Format) -> list[Finding]:
    spec = next((s for s in fmt.sections if s.kind == "narrative" and s.parts), None)
    if spec is None:
        return []
    official = tuple(v for variants in spec.parts for v in variants)
    out: list[Finding] = []
    for section in narrative.sections:
        for part in section.parts:
            wanted = near_miss(part.heading.title, official)
            if wanted is not None:
                out.append(
                    finding(
                        "GK523",
                        narrative.file,
                        part.heading.line,
                        1,
                        f"小标题“{part.heading.text}”与惯例的“{wanted}”相差一两个字：是否想写“{wanted}”？",
                    )
                )
    return out


@rule("GK520", "GK521", "GK522", "GK523")
def check_typography(ctx: ReportContext) -> list[Finding]:
    narrative = ctx.report.narrative
    if narrative is None:
        return []
    return [*_punctuation(narrative), *_doubled(narrative), *_numbering(narrative), *_headings(narrative, ctx.format)]
