"""The Markdown narrative as HTML: CommonMark + tables, raw HTML off, links kept inside the site,
headings numbered in the official style without doubling numbering the author typed."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from urllib.parse import unquote

from markdown_it.token import Token

from gkgen.format.numbering import PAREN_DIGITS, strip_numbering
from gkgen.markdown import commonmark
from gkgen.paths import ATTACHMENT_SUFFIXES, IMAGE_SUFFIXES

CHINESE_DIGITS = "一二三四五六七八九十"
TABLE_LABEL = "正文表格（可横向滚动）"
"""Accessible name of the scrolling box around a table the author wrote in Markdown."""


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for sub-section counts)."""
    if n <= 10:
        return CHINESE_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens - 1]
    return head + "十" + (CHINESE_DIGITS[ones - 1] if ones else "")


def heading_number(md_level: int, n: int) -> str:
    """Official numbering of a sub-heading: ## （一）, ### 1., #### （1）; deeper ones none."""
    if md_level == 2:
        return f"（{chinese_number(n)}）"
    if md_level == 3:
        return f"{n}."
    if md_level == 4:
        return f"（{n}）"
    return ""


def strip_heading_numbering(text: str) -> str:
    """Drop numbering an author typed: 一、 （一） 1. 1、 （1）."""
    return PAREN_DIGITS.sub("", strip_numbering(text), count=1)


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%‰℃]) +(?=[{_CJK}])")
THIN_SPACE = "\u2009"


def cjk_spacing(text: str) -> str:
    """A space typed between Chinese and a digit or Latin letter ("培训 2 次") becomes one thin
    space: justification (WeasyPrint's, the browsers', Word's) stretches spaces, so a plain space
    there opens wide gaps; a thin space is not a justification opportunity."""
    return _CJK_GAP.sub(THIN_SPACE, text) if " " in text else text


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = ("mailto", "tel")
"""Images copied beside the page (no SVG: opened on its own it could run script)."""


def allowed_external(url: str, domains: tuple[str, ...]) -> bool:
    """Whether an http(s) link goes to a domain gkgen.yaml's 外部链接域名 lists (or a sub-domain)."""
    m = re.match(r"^https?://([^/?#:@\s]+)(?::\d+)?(?:[/?#]|$)", url.strip(), re.IGNORECASE)
    if m is None:
        return False
    host = m.group(1).lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower().strip(".") for d in domains if d))


def is_internal(url: str, base_url: str | None = None, *, image: bool = False) -> bool:
    """Whether a link or image stays inside the site (as rule GK508 judges it): a relative
    reference that climbs at most up to the site's top (the Markdown file lies two folders deep,
    reports/<agency>/, as its page does, YYYY/<agency>/), a fragment, mailto:/tel: for links, or
    an absolute address under 基础网址. Anything else is rendered as plain text."""
    url = unquote(url.strip()).replace("\\", "/")
    if base_url and url.startswith(base_url):
        return True
    scheme = _SCHEME.match(url)
    if scheme:
        return not image and scheme.group(1).lower() in _LINK_SCHEMES
    if url.startswith("/"):
        return False
    path = url.split("#", 1)[0].split("?", 1)[0]
    return not path or not _climbs(path, SITE_DEPTH)


SITE_DEPTH = 2
"""How many folders a report's Markdown file (and its published page) lies below the top."""


def _climbs(path: str, allowed: int = 0) -> bool:
    """Whether a relative path goes up more than ``allowed`` folders."""
    parts = posixpath.normpath(path).split("/")
    ups = next((i for i, part in enumerate(parts) if part != ".."), len(parts))
    return ups > allowed or (ups == allowed and ups == len(parts))


def local_asset(src: str, suffixes: tuple[str, ...] = IMAGE_SUFFIXES) -> str | None:
    """The path of an image (or, with ``suffixes``, an attachment) beside the report's files
    (copied into the page's folder), or None."""
    url = unquote(src.strip()).replace("\\", "/")
    if _SCHEME.match(url) or url.startswith("/") or "?" in url or "#" in url or _climbs(url):
        return None
    normal = posixpath.normpath(url)
    return normal if normal.lower().endswith(suffixes) else None


def demote_headings(text: str) -> str:
    """Every ATX heading one level deeper (outside fenced code), for a section placed under another."""
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        marker = stripped[:3]
        if marker in ("```", "~~~") and (fence is None or fence == marker):
            fence = None if fence else marker
        elif fence is None and _ATX.match(line):
            line = line.replace("#", "##", 1)
        out.append(line)
    return "\n".join(out)


_ATX = re.compile(r"^ {0,3}#{1,5}(?:\s|$)")


class NarrativeRenderer:
    """One Markdown parser, reused for every report (building it is the costly part)."""

    def __init__(self, base_url: str | None = None, domains: tuple[str, ...] = ()) -> None:
        self.base_url = base_url
        self.domains = domains
        """External domains links may go to (gkgen.yaml 外部链接域名)."""
        self.md = commonmark()
        self.md.add_render_rule("table_open", _table_open)
        self.md.add_render_rule("table_close", _table_close)

    def render(self, text: str, *, heading_offset: int = 1, assets: list[str] | None = None) -> str:
        """HTML of a Markdown body. A level-n heading becomes <h(n+offset)> with its number.
        Local images are added to ``assets`` (paths relative to the Markdown file)."""
        tokens = self.tokens(text, heading_offset=heading_offset, assets=assets)
        return str(self.md.renderer.render(tokens, self.md.options, {}))

    def tokens(self, text: str, *, heading_offset: int = 1, assets: list[str] | None = None) -> list[Token]:
        """The token stream :meth:`render` turns into HTML (headings numbered, outside links as
        plain text, CJK spacing), for outputs that are not HTML (the Word version)."""
        tokens = self.md.parse(text)
        self._number_headings(tokens, heading_offset)
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = self._filter_links(token.children, assets)
                for child in token.children:
                    if child.type == "text":
                        child.content = cjk_spacing(child.content)
        return tokens

    def _number_headings(self, tokens: list[Token], offset: int) -> None:
        counters = [0] * 7
        for index, token in enumerate(tokens):
            if token.type not in ("heading_open", "heading_close"):
                continue
            level = int(token.tag[1])
            token.tag = f"h{min(level + offset, 6)}"
            if token.type == "heading_close":
                continue
            counters[level] += 1
            counters[level + 1 :] = [0] * (6 - level)
            _prefix_inline(tokens[index + 1], heading_number(level, counters[level]))

    def _filter_links(self, children: Sequence[Token], assets: list[str] | None) -> list[Token]:
        """Keep links and images inside the site; others become their plain text."""
        out: list[Token] = []
        dropped: list[bool] = []
        for token in children:
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                drop = not is_internal(href, self.base_url) and not allowed_external(href, self.domains)
                dropped.append(drop)
                if not drop:
                    out.append(token)
                attachment = None if drop else local_asset(href, ATTACHMENT_SUFFIXES)
                if attachment is not None and assets is not None and attachment not in assets:
                    assets.append(attachment)
            elif token.type == "link_close":
                if not dropped.pop():
                    out.append(token)
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                if not is_internal(src, self.base_url, image=True):
                    out.append(_text(token.content))
                    continue
                asset = local_asset(src)
                if asset is not None and assets is not None and asset not in assets:
                    assets.append(asset)
                out.append(token)
            else:
                out.append(token)
        return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _prefix_inline(inline: Token, number: str) -> None:
    children = inline.children or []
    if children and children[0].type == "text":
        children[0].content = strip_heading_numbering(children[0].content)
    if number:
        inline.children = [_text(number), *children]


def _table_open(self: object, tokens: Sequence[Token], idx: int, options: object, env: object) -> str:
    return f'<div class="gk-table-wrap" tabindex="0" role="region" aria-label="{TABLE_LABEL}"><table>\n'


def _table_close(self: object, tokens: Sequence[Token], idx: int, options: object, env: object) -> str:
    return "</table></div>\n"
