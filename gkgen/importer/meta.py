"""What the text says about the report itself: its year, the agency's name, the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

_YEAR = r"((?:19|20)\d\d)\s*年"
_TITLE_YEAR = re.compile(_YEAR + r"\s*度?")
_PERIOD = re.compile(r"统计.{0,12}?" + _YEAR + r"\s*1\s*月\s*1\s*日")
_REPORT_YEAR = re.compile(_YEAR + r"\s*度?\s*(?:政府)?(?:信息公开|政务公开)?(?:工作)?\s*年度?\s*报告")
_YEAR_DU = re.compile(_YEAR + r"\s*度")
_ANY_YEAR = re.compile(_YEAR)
_DATE = re.compile(r"(?:发布)?(?:日期|时间)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SOURCE = re.compile(
    r"(?:(?:信息)?来源|发布机构|发文机关|发布单位)\s*[:：]\s*([^\s:：|]{2,40}?)(?=\s|$|责任编辑|浏览|作者)"
)
_NAME_TAIL = re.compile(r"(关于)?((政府)?(信息|政务)公开(工作)?)?$")
_SIGN_DATE = re.compile(r"^\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SIGN_NAME = re.compile(r"^[\u4e00-\u9fff（）()·]{3,40}$")
_GOVERNMENT = re.compile(r"(人民政府|管委会|管理委员会)$")
_SIGN_LOOKBACK = 4


def detect_year(title: list[str], paragraphs: list[str]) -> int | None:
    """The report year: from the title, else the statistics period, else the text's "YYYY年度"."""
    for line in title:
        match = _TITLE_YEAR.search(line)
        if match:
            return int(match.group(1))
    text = "\n".join(paragraphs)
    for pattern in (_PERIOD, _REPORT_YEAR):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    for pattern in (_YEAR_DU, _ANY_YEAR):
        counts = Counter(int(m.group(1)) for m in pattern.finditer(text))
        if counts:
            return counts.most_common(1)[0][0]
    return None


def detect_name(title: list[str]) -> str | None:
    """The agency's name from the title lines: a name line of its own, or the text before the year."""
    if len(title) > 1:
        return title[0].strip() or None
    if not title:
        return None
    line = title[0].strip()
    match = re.search(_YEAR, line)
    if not match:
        return None
    before = line[: match.start()].strip()
    if not before:
        after = re.sub(r"^\s*度", "", line[match.end() :])
        before = re.split(r"(?:政府)?(?:信息|政务)公开", after, maxsplit=1)[0]
    name = _NAME_TAIL.sub("", before).strip(' 《》“”"')
    return name or None


def detect_published(paragraphs: list[str]) -> dt.date | None:
    """A publication date from the page's date line ("日期: 2022-01-20")."""
    for text in paragraphs:
        if len(text) > 150:
            continue
        match = _DATE.search(text)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def detect_source(paragraphs: list[str]) -> str | None:
    """The publisher a page names in its "来源：" line, when the report has no title."""
    for text in paragraphs:
        match = _SOURCE.search(text) if len(text) <= 150 else None
        if match:
            return match.group(1)
    return None


def detect_signature(paragraphs: list[str]) -> tuple[str | None, dt.date | None]:
    """The 落款 at the end of the text: the agency's name line and the date line under it."""
    tail = [p.strip() for p in paragraphs[-_SIGN_LOOKBACK:] if p.strip()]
    for i in range(len(tail) - 1, -1, -1):
        match = _SIGN_DATE.match(tail[i])
        if not match:
            continue
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None, None
        name = tail[i - 1] if i > 0 and _SIGN_NAME.match(tail[i - 1]) else None
        return name, day
    return None, None


def detect_level(name: str | None) -> str:
    """层级: 政府 for a people's government or an administrative committee (管委会), else 部门."""
    if name and _GOVERNMENT.search(name.strip()):
        return "政府"
    return "部门"


_META_LABEL = re.compile(
    r"^(发布机构|发文机关|发布单位|发布日期|发布时间|成文日期|日期|来源|信息来源|索引号|主题分类|文号)\s*[:：]?$"
)
_META_VALUE_MAX = 40


def pair_labels(paragraphs: list[str]) -> list[str]:
    """A page's metadata list ("发布日期" above "2022年1月20日", as <dt>/<dd>) as "发布日期：…" lines,
    so that the date is found and the lines are recognised as page chrome."""
    out: list[str] = []
    i = 0
    while i < len(paragraphs):
        text = paragraphs[i].strip()
        if _META_LABEL.match(text) and i + 1 < len(paragraphs) and len(paragraphs[i + 1].strip()) <= _META_VALUE_MAX:
            out.append(text.rstrip(":：") + "：" + paragraphs[i + 1].strip())
            i += 2
            continue
        out.append(paragraphs[i])
        i += 1
    return out
