"""The narrative of an imported report as Markdown (DATA.md §4), without the page chrome.

Paragraphs before the first section heading are the preamble (the report title is dropped: gkgen
writes it); the headings 一、五、六 become level-1 headings in the author's wording; "（一）…"
sub-headings become level-2 headings, also when they open a paragraph ("（一）主动公开方面。…");
paragraphs a PDF copy broke mid-sentence are joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gkgen.format.numbering import PAREN_CN
from gkgen.importer.meta import detect_signature, pair_labels
from gkgen.importer.sections import MAX_HEADING, heading_section

_CHROME = re.compile(
    r"您(当前)?的?位置|当前位置|^首页\s*[>＞»]|^\s*[>＞»]|浏览(量|次数)|阅读(量|次数)|点击(量|数|率)|访问(量|次数)"
    r"|^(发布)?(日期|时间)\s*[:：]|^发布日期|^来源\s*[:：]|^信息来源|^责任编辑|^编辑\s*[:：]?$|^编辑\s*[:：]"
    r"|^作者\s*[:：]|文字大小|字号\s*[:：]|打印本页|关闭窗口|^【?(打印|关闭|收藏|返回顶部)】?$|分享到|扫一扫"
    r"|主办(单位)?\s*[:：]|承办(单位)?\s*[:：]|版权所有|ICP备|公网安备|网站标识码|分辨率|网站监督|举报热线"
    r"|联系我们|站点地图|网站地图|技术支持|IPv6|^地址\s*[:：].*邮编|^索引号|^主题分类|^文号\s*[:：]|^上一篇|^下一篇"
    r"|^[-—–－]\s*\d{1,4}\s*[-—–－]$|^第\s*\d+\s*页|^跳到正文$|^发布(机构|单位)\s*[:：]|^发文机关\s*[:：]|^成文日期"
    r"|^下载$|^下载\s*(PDF|Word|WPS|本报告|附件|文件)|^本单位其他年度报告$|^(相关|往年|历年)(年度)?报告$"
)
_CHROME_MAX = 150
_LEAD_IN = re.compile(r"[。：:]")
_SUB_MAX = 30
_BROKEN_MIN = 12
_LEAD_MAX = 25
_JOINABLE_END = re.compile(r"[，,、\u4e00-\u9fff]$")
_TITLE = re.compile(r"年度?报告|年报")
_SENTENCE = re.compile(r"[。，,；;：:！？]")
_HAS_YEAR = re.compile(r"(19|20)\d\d\s*年")
_YEAR_FIRST = re.compile(r"^\s*(19|20)\d\d\s*年")
_ESCAPE = re.compile(r"^(#|>|[-*+]\s|\d+[.)]\s|={3,}|-{3,})")


GENERATED_PREAMBLE = re.compile(
    r"^本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定编制。全文包括.{0,200}?部分内容。"
    r"本报告中所列数据的统计期限自"
)
"""The preamble gkgen itself prints when a report's Markdown has none (theme/_article.html)."""


def is_chrome(text: str) -> bool:
    return len(text) <= _CHROME_MAX and bool(_CHROME.search(text))


@dataclass
class Narrative:
    title: list[str] = field(default_factory=list)
    """The title lines found before the preamble (dropped from the Markdown)."""
    preamble: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    """(heading as written, Markdown lines of the body) for 一、五、六 in the order found."""

    def markdown(self) -> str:
        chunks: list[str] = []
        if self.preamble:
            chunks.append("\n\n".join(self.preamble))
        for heading, body in self.sections:
            chunks.append(f"# {heading}")
            if body:
                chunks.append("\n\n".join(body))
        return "\n\n".join(chunks).strip() + "\n"


def split_narrative(paragraphs: list[str]) -> Narrative:
    """Sort the document's paragraphs into preamble and sections; drop chrome and tables' text."""
    out = Narrative()
    body: list[str] | None = None
    seen_heading = False
    cleaned = [p.replace("\xa0", " ").replace("\u2009", " ").strip() for p in pair_labels(paragraphs)]
    texts = [p for p in cleaned if p and not is_chrome(p)]
    texts = _drop_title(texts, out)
    texts = _drop_signature(texts)
    for text in _join_broken(texts):
        section = heading_section(text)
        if section is not None:
            seen_heading = True
            if section.kind == "table":
                body = None
            else:
                body = []
                out.sections.append((text.lstrip("#").strip(), body))
            continue
        if not seen_heading:
            out.preamble.append(_escape(text))
        elif _is_title(text) and not _SENTENCE.search(text):
            continue  # another report's title: a list of links below the report
        elif body is not None:
            body.extend(_subheading(text))
    return out


def _drop_title(texts: list[str], out: Narrative) -> list[str]:
    """Find the title (the last "…YYYY年…报告" line before the first heading): it and everything
    above it (menus, breadcrumbs) go. A title that starts with the year keeps the name line above."""
    first = next((i for i, t in enumerate(texts) if heading_section(t) is not None), len(texts))
    titles = [i for i, t in enumerate(texts[:first]) if _is_title(t)]
    if not titles:
        return texts
    i = titles[-1]
    out.title = [texts[i]]
    above = texts[i - 1] if i > 0 else ""
    if _YEAR_FIRST.match(texts[i]) and above and len(above) <= 30 and not re.search(r"[。，,：:|]", above):
        out.title.insert(0, above)
    return texts[i + 1 :]


def _drop_signature(texts: list[str]) -> list[str]:
    """The 落款 (agency name and date closing the report) is metadata: gkgen prints its own."""
    name, day = detect_signature(texts)
    if day is None:
        return texts
    end = max(i for i, t in enumerate(texts) if re.fullmatch(r"\s*(19|20)\d\d\s*年.*日\s*", t))
    start = end - 1 if name is not None and end > 0 and texts[end - 1].strip() == name else end
    return texts[:start] + texts[end + 1 :]


def _is_title(text: str) -> bool:
    return len(text) <= 60 and "。" not in text and bool(_TITLE.search(text)) and bool(_HAS_YEAR.search(text))


def _join_broken(texts: list[str]) -> list[str]:
    """Join a paragraph cut mid-sentence (ends in a comma or a character) with the next one.
    A paragraph being joined is kept as its parts: joining the growing text at every line would
    take time quadratic in its length."""
    out: list[list[str]] = []
    lead = length = 0
    broken = False
    for text in texts:
        if broken and not _is_heading_like(text):
            out[-1].append(text)
            length += len(text)
            broken = _joined_is_broken(out[-1], length - lead)
        else:
            out.append([text])
            lead, length = len(text) - len(text.lstrip("#").strip()), len(text)
            broken = _is_broken(text)
    return ["".join(parts) for parts in out]


def _joined_is_broken(parts: list[str], visible: int) -> bool:
    """``_is_broken`` of the joined parts, ``visible`` characters long without the first part's
    leading "#" (the first part ends in a character, so that is all a heading test strips). Longer
    than any heading, only the last character matters."""
    if visible <= max(MAX_HEADING, _SUB_MAX):
        return _is_broken("".join(parts))
    return bool(_JOINABLE_END.search(parts[-1]))


def _is_broken(text: str) -> bool:
    return len(text) >= _BROKEN_MIN and not _is_heading_like(text) and bool(_JOINABLE_END.search(text))


def _is_heading_like(text: str) -> bool:
    return heading_section(text) is not None or bool(PAREN_CN.match(text) and len(text) <= _SUB_MAX)


def _subheading(text: str) -> list[str]:
    if not PAREN_CN.match(text):
        return [_escape(text)]
    if len(text) <= _SUB_MAX and "。" not in text.rstrip("。"):
        return [f"## {text.rstrip('。：:')}"]
    cut = _LEAD_IN.search(text)
    if cut and cut.start() <= _LEAD_MAX and text[cut.end() :].strip():
        return [f"## {text[: cut.start()]}", _escape(text[cut.end() :].strip())]
    return [_escape(text)]


def _escape(text: str) -> str:
    """Keep a paragraph a paragraph: a leading "#", ">", "- " or "1. " would change its kind."""
    return "\\" + text if _ESCAPE.match(text) else text
