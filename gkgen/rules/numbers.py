"""The narrative's numbers against the tables (GK511) and its sweeping claims (GK504: "均获维持",
"均已办结").

A statement is recognised only in a narrow shape: a phrase naming a table quantity, at most a
few connecting words ("的", "共", "共计", "为" …), an Arabic or Chinese number and a count unit
("件", "起", "宗"), e.g. "共受理政府信息公开申请34件", "予以公开及部分公开258件",
"行政复议7件". A statement is left alone when its clause names another year, compares with
the year before (同比, 较上年 …), or narrows the count to a channel or a part of the agency
(网上, 信函, 本级, "其中…"): a false warning costs more than a missed one. The phrases are
listed in docs/rules.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gkgen.data import CellKey, Narrative, Number, ReportData
from gkgen.findings import Finding, finding
from gkgen.format.model import Format
from gkgen.rules.common import cell_pos
from gkgen.rules.registry import ReportContext, rule

Values = dict[CellKey, Number | None]

# ---------------------------------------------------------------- numbers

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
NUMBER = r"(?P<num>[0-9０-９]{1,3}(?:,[0-9]{3})+|[0-9０-９]+|[零〇一二两三四五六七八九十百千]+)"


def parse_number(text: str) -> int | None:
    """ "1,234", "１２", "十二", "一百零五", "两" -> int; None when not a well-formed number."""
    text = text.replace(",", "").translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGIT:
            if digit is not None:
                return None  # "一二" is not a number here
            digit = _CN_DIGIT[char]
        elif char in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# ---------------------------------------------------------------- the phrases

_APPLICATION = r"(?:各类|各种)?(?:政府信息公开|信息公开|依申请公开)?(?:的)?申请"
_CONNECT = r"(?:的|了|为|共|共计|合计|累计|总计|计|总数为|数量为|案件|申请|件数为)*[:：]?[ \t]*\n?[ \t]*"
_UNIT = r"[ \t]*\n?[ \t]*(?P<unit>件|起|宗)"
_DOCS = r"(?:的)?(?:行政)?规范性文件"


@dataclass(frozen=True)
class Quantity:
    """A quantity of the tables a phrase may name: the cells it adds up."""

    cells: tuple[CellKey, ...]
    """Cells whose sum is the quantity (None values make the quantity unknown)."""
    shown: CellKey
    """The cell named in the message (a total, or the first cell of a group)."""
    name: str
    """The quantity in words, e.g. 表三“（三）不予公开”各项合计."""


@dataclass(frozen=True)
class Phrase:
    kind: str
    pattern: re.Pattern[str]
    quantities: Callable[[Format], list[Quantity]]
    """The quantities the phrase may mean; a statement is fine when it equals any of them, and
    the first is the one named in a warning."""
    generic: bool = True
    """Whether a narrowing ("其中网上…") makes the statement a part rather than the whole."""


def _apps_total(fmt: Format, row_id: str) -> Quantity:
    table = fmt.applications
    cells = tuple((table.id, row_id, c.id) for c in table.input_columns())
    shown = (table.id, row_id, table.total_column().id)
    return Quantity(cells, shown, fmt.describe(shown))


def _apps_rows(fmt: Format, *row_ids: str) -> Quantity:
    table = fmt.applications
    cells: list[CellKey] = []
    labels: list[str] = []
    for row_id in row_ids:
        row = table.row(row_id)
        labels.append(row.key)
        leaves = row.leaves() if row.children else (row,)
        cells.extend((table.id, leaf.id, c.id) for leaf in leaves if not leaf.computed for c in table.input_columns())
    shown = (table.id, row_ids[0], table.total_column().id)
    if table.row(row_ids[0]).children:
        shown = (table.id, table.row(row_ids[0]).leaves()[0].id, table.total_column().id)
    name = "表三" + "与".join(f"“{label}”" for label in labels) + "合计（总计列）"
    return Quantity(tuple(cells), shown, name)


def _reviews(fmt: Format, group_ids: tuple[str, ...], what: str) -> Quantity:
    table = fmt.reviews
    cells: list[CellKey] = []
    shown: CellKey | None = None
    for group in table.groups():
        if group.id in group_ids:
            cells.extend((table.id, group.id, c.id) for c in group.leaves() if not c.computed)
            total = next(c for c in group.leaves() if c.computed)
            shown = shown or (table.id, group.id, total.id)
    assert shown is not None
    return Quantity(tuple(cells), shown, f"表四“{what}”总计")


def _active(fmt: Format, item: str, field_id: str) -> list[Quantity]:
    table = fmt.active
    key = (table.id, item, field_id)
    if key not in fmt.cell_index:
        return []
    return [Quantity((key,), key, fmt.describe(key))]


NEW, CARRIED, RESULTS, FORWARD = "new_received", "carried_over", "results_total", "carry_forward"
REVIEW_GROUPS = ("admin_review",)
SUIT_GROUPS = ("direct_suit", "suit_after_review")


def _received(fmt: Format) -> list[Quantity]:
    new, both = _apps_total(fmt, NEW), _apps_rows(fmt, NEW, CARRIED)
    return [new, Quantity(both.cells, new.shown, both.name)]


def _handled(fmt: Format) -> list[Quantity]:
    return [_apps_total(fmt, RESULTS)]


def _handled_or_received(fmt: Format) -> list[Quantity]:
    return [*_received(fmt), *_handled(fmt)]


def _disclosed(fmt: Format) -> list[Quantity]:
    both = _apps_rows(fmt, "disclosed", "partly_disclosed")
    return [_apps_total(fmt, "disclosed"), both]


def _compile(label: str) -> re.Pattern[str]:
    return re.compile(f"(?P<label>{label}){_CONNECT}{NUMBER}{_UNIT}")


PHRASES: tuple[Phrase, ...] = (
    Phrase("received", _compile(r"(?:收到|受理|接收|接到|新收)(?:了)?" + _APPLICATION), _received),
    Phrase("handled", _compile(r"办理(?:了)?" + _APPLICATION), _handled_or_received),
    Phrase(
        "results",
        _compile(r"(?:办结|答复)(?:了)?(?:各类)?(?:政府信息公开|信息公开|依申请公开)?(?:的)?(?:申请)?"),
        _handled,
    ),
    Phrase(
        "carried", _compile(r"上年(?:度)?结转(?:的)?(?:政府信息公开)?(?:申请)?"), lambda f: [_apps_total(f, CARRIED)]
    ),
    Phrase(
        "forward",
        _compile(r"(?<!上年)(?<!上年度)结转(?:至|到)?(?:下一?年度?|下年|\d{4}年度?)(?:继续办理)?(?:的)?(?:申请)?"),
        lambda f: [_apps_total(f, FORWARD)],
    ),
    Phrase(
        "disclosed_partly",
        _compile(r"予以公开(?:及|和|与|、)部分公开"),
        lambda f: [_apps_rows(f, "disclosed", "partly_disclosed")],
        False,
    ),
    Phrase("disclosed", _compile(r"予以公开(?!(?:及|和|与|、)部分)"), _disclosed, False),
    Phrase(
        "partly",
        _compile(r"(?<!及)(?<!和)(?<!与)(?<!、)部分公开"),
        lambda f: [_apps_total(f, "partly_disclosed")],
        False,
    ),
    Phrase("withheld", _compile(r"不予公开"), lambda f: [_apps_rows(f, "withheld")], False),
    Phrase("unable", _compile(r"无法提供"), lambda f: [_apps_rows(f, "unable")], False),
    Phrase("not_processed", _compile(r"不予处理"), lambda f: [_apps_rows(f, "not_processed")], False),
    Phrase("other_handling", _compile(r"其他处理"), lambda f: [_apps_rows(f, "other_handling")], False),
    Phrase("review", _compile(r"(?:行政)?复议(?!后)"), lambda f: [_reviews(f, REVIEW_GROUPS, "行政复议")], False),
    Phrase("suit", _compile(r"(?<!复议后)(?:行政)?诉讼"), lambda f: [_reviews(f, SUIT_GROUPS, "行政诉讼")], False),
    Phrase("in_force", _compile(r"现行有效" + _DOCS), lambda f: _active(f, "normative_documents", "in_force"), False),
    Phrase(
        "issued",
        _compile(r"(?:制发|印发)" + _DOCS),
        lambda f: _active(f, "normative_documents", "issued") or _active(f, "normative_documents", "new_made"),
        False,
    ),
    Phrase("repealed", _compile(r"废止" + _DOCS), lambda f: _active(f, "normative_documents", "repealed"), False),
)
"""Longer phrases first where two could match at one place (予以公开及部分公开 before 予以公开)."""

_CLAUSE_END = re.compile(r"[。；;！!？?\n]")
_COMMA = re.compile(r"[，,、]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_COMPARE = re.compile(
    r"同比|较上年|比上年|较去年|比去年|上年同期|去年|上一年度?|较\d{4}年|比\d{4}年|增长|下降|减少|增加"
)
_NARROW = re.compile(
    r"网上|网络|在线|线上|当面|现场|窗口|信函|邮寄|邮件|电子邮箱|传真|电话|平台|热线|本级|乡镇|街道|"
    r"各(?:部门|单位|乡镇|街道|区|县|市)|所属|下属|其中|涉及|自然人|法人|企业|依职权|转办"
)


@dataclass(frozen=True)
class Statement:
    phrase: Phrase
    start: int
    end: int
    number: int
    text: str


def statements(source: str, year: int) -> Iterator[Statement]:
    """Every recognised count statement of a narrative, unambiguous ones only."""
    taken: list[tuple[int, int]] = []
    for phrase in PHRASES:
        for m in phrase.pattern.finditer(source):
            start, end = m.start("label"), m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            number = parse_number(m.group("num"))
            if number is None or _ambiguous(source, start, end, year, phrase):
                continue
            taken.append((start, end))
            yield Statement(phrase, start, end, number, m.group())


def _ambiguous(source: str, start: int, end: int, year: int, phrase: Phrase) -> bool:
    sentence_start = max((m.end() for m in _CLAUSE_END.finditer(source, 0, start)), default=0)
    # only the last two comma-clauses before the phrase qualify it ("2022年，全区收到…")
    before = source[sentence_start:start]
    commas = [m.end() for m in _COMMA.finditer(before)]
    near = before[commas[-2] :] if len(commas) >= 2 else before
    after_end = _CLAUSE_END.search(source, end)
    after = source[end : after_end.start() if after_end else len(source)]
    comma = _COMMA.search(after)
    after = after[: comma.start()] if comma else after
    years = {int(y) for y in _YEAR.findall(near + source[start:end])}
    if years - {year, year + 1 if phrase.kind == "forward" else year}:
        return True
    if _COMPARE.search(near) or _COMPARE.search(after[:6]):
        return True
    tail = near[-12:]
    if phrase.generic and _NARROW.search(tail):
        return True
    if "其中" in near:
        head = near[near.rindex("其中") + 2 :].strip("：:，, ")
        if head:  # "其中网上受理…": a part of the whole
            return True
    if source[end : end + 1] in ("次", "%", "％") or source[start - 1 : start] in ("被", "率"):
        return True
    if phrase.kind in _RESULT_KINDS:
        # 予以公开/不予公开… also describe documents published on the agency's own initiative
        sentence = source[sentence_start : after_end.start() if after_end else len(source)]
        paragraph_start = source.rfind("\n", 0, start) + 1
        if _DOCUMENTS.search(sentence) or "申请" not in source[max(paragraph_start, start - 400) : start]:
            return True
    return False


_RESULT_KINDS = frozenset(
    ("disclosed_partly", "disclosed", "partly", "withheld", "unable", "not_processed", "other_handling")
)
_DOCUMENTS = re.compile(r"文件|主动公开|公开发布|制发|公文|信息\d+条|公开属性")


# ---------------------------------------------------------------- GK511


def _sum(values: Values, cells: tuple[CellKey, ...]) -> Number | None:
    parts = [values.get(c) for c in cells]
    if any(p is None for p in parts):
        return None
    return sum((p for p in parts if p is not None), start=0)


def check_numbers(
    narrative: Narrative, data: ReportData, values: Values, locate: Callable[[int], tuple[int, int]]
) -> list[Finding]:
    out: list[Finding] = []
    fmt = data.format
    for statement in statements(narrative.source, data.year):
        quantities = statement.phrase.quantities(fmt)
        sums = [(q, _sum(values, q.cells)) for q in quantities]
        known = [(q, s) for q, s in sums if s is not None]
        if not known or any(s == statement.number for _, s in known):
            continue
        quantity, total = known[0]
        line, column = locate(statement.start)
        where = cell_pos(data, quantity.shown)
        place = f"{where.file}:{where.line}" if where.line is not None else where.file
        message = f"正文称“{statement.text}”，但{quantity.name}为 {total}（{place}）；请核对正文或表格"
        if len(known) > 1:
            others = "、".join(f"{q.name} {s}" for q, s in known[1:])
            message += f"（也不等于{others}）"
        out.append(
            finding(
                "GK511",
                narrative.file,
                line,
                column,
                message,
                cell=quantity.shown,
                values={"narrative": statement.number, "table": total},
            )
        )
    return out


# ---------------------------------------------------------------- GK504: sweeping claims

_UPHELD = re.compile(r"均(?:获|被|予|已被)?维持|全部(?:获|被)?维持|均胜诉|全部胜诉")
_CLOSED = re.compile(r"均已(?:结案|审结)|全部(?:结案|审结)")
_ALL_DONE = re.compile(r"(?:均已|全部|均)(?:按时|按期|依法|在法定期限内)?办结(?!率)")


def check_claims(
    narrative: Narrative, data: ReportData, values: Values, locate: Callable[[int], tuple[int, int]]
) -> list[Finding]:
    """A claim that every case ended one way, against table 四 (and 结转下年度 for 办结)."""
    source = narrative.source
    out: list[Finding] = []
    fmt = data.format
    table = fmt.reviews
    for pattern, wanted in ((_UPHELD, ("upheld",)), (_CLOSED, ("upheld", "corrected", "other"))):
        for m in pattern.finditer(source):
            sentence = _sentence(source, m.start())
            groups = _groups_named(sentence)
            if not groups:
                continue
            others: list[tuple[CellKey, Number]] = []
            for group in table.groups():
                if group.id not in groups:
                    continue
                for column in group.leaves():
                    outcome = column.id.split("_", 1)[1]
                    key = (table.id, group.id, column.id)
                    v = values.get(key)
                    if not column.computed and outcome not in wanted and v:
                        others.append((key, v))
            if others:
                line, col = locate(m.start())
                listed = "、".join(f"{fmt.describe(k)} {v}" for k, v in others)
                out.append(
                    finding(
                        "GK504",
                        narrative.file,
                        line,
                        col,
                        f"正文称“{m.group()}”，但{listed}",
                        cell=others[0][0],
                        values={"table": sum((v for _, v in others), start=0)},
                    )
                )
    forward = _apps_total(fmt, FORWARD)
    pending = _sum(values, forward.cells)
    if pending:
        for m in _ALL_DONE.finditer(source):
            sentence = _sentence(source, m.start())
            if "申请" not in sentence or re.search(r"上年|结转|复议|诉讼|投诉|诉求|建议|提案|留言", sentence):
                continue
            line, col = locate(m.start())
            out.append(
                finding(
                    "GK504",
                    narrative.file,
                    line,
                    col,
                    f"正文称申请“{m.group()}”，但{forward.name}为 {pending}",
                    cell=forward.shown,
                    values={"table": pending},
                )
            )
    return out


def _sentence(source: str, offset: int) -> str:
    start = max((m.end() for m in _CLAUSE_END.finditer(source, 0, offset)), default=0)
    end = _CLAUSE_END.search(source, offset)
    return source[start : end.start() if end else len(source)]


def _groups_named(sentence: str) -> tuple[str, ...]:
    out: tuple[str, ...] = ()
    if re.search(r"复议(?!后)", sentence):
        out += REVIEW_GROUPS
    if "诉讼" in sentence or "起诉" in sentence:
        out += SUIT_GROUPS
    return out


@rule("GK511")
def check_narrative_numbers(ctx: ReportContext) -> list[Finding]:
    if ctx.report.narrative is None or ctx.data is None or ctx.values is None:
        return []
    from gkgen.rules.text import Locator

    locator = Locator(ctx.report.narrative.source)
    return check_numbers(ctx.report.narrative, ctx.data, ctx.values, locator.at)
