"""HTML pages as portals publish them -> Document (stdlib html.parser only).

Tables with rowspan/colspan become grids with the spans expanded; a table that holds other tables,
or a single column, or long text, is page layout and is read like a ``<div>``. Scripts, styles,
navigation, headers and footers are skipped; the remaining page chrome (breadcrumbs, view counts,
"打印本页") is text the narrative splitter recognises and drops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from gkgen.importer.grid import Block, Document, GridBuilder, Paragraph

_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"})
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "iframe",
        "svg",
        "button",
        "select",
        "textarea",
        "object",
        "head",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "blockquote",
        "center",
        "dd",
        "dt",
        "dl",
        "pre",
        "tr",
        "td",
        "th",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "body",
        "main",
        "aside",
        "form",
        "figure",
        "figcaption",
    }
)
_SECTIONS = frozenset({"tbody", "thead", "tfoot"})
_SPACE = re.compile(r"[ \t\r\n\f]+")
_LONG_CELL = 300
_MAX_SPAN = 100


@dataclass
class _El:
    tag: str
    attrs: dict[str, str]
    children: list[_El | str] = field(default_factory=list)

    def find_all(self, tag: str) -> list[_El]:
        out: list[_El] = []
        for child in self.children:
            if isinstance(child, _El):
                if child.tag == tag:
                    out.append(child)
                out.extend(child.find_all(tag))
        return out


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _El("#root", {})
        self.stack = [self.root]
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = _El(tag, {k: v or "" for k, v in attrs})
        if tag in ("td", "th"):
            self._close_to({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._close_to({"tr"}, stop={"table"})
        elif tag in ("p", "li"):
            self._close_to({tag}, stop={"div", "td", "th", "ul", "ol", "table", "body"})
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_El(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        stop = {"table"} if tag in ("td", "th", "tr", *_SECTIONS) else set()
        self._close_to({tag}, stop=stop)

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag == "title":
            self.title.append(data)
        self.stack[-1].children.append(data)

    def _close_to(self, tags: set[str], stop: set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                del self.stack[i:]
                return
            if tag in stop:
                return


def read_html(text: str) -> Document:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    walker = _Walker()
    walker.walk(builder.root)
    walker.flush()
    title = _SPACE.sub(" ", "".join(builder.title)).strip() or None
    return Document(walker.blocks, "网页", title=title)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, el: _El) -> None:
        if el.tag in _SKIP:
            return
        if el.tag == "table" and _is_data_table(el):
            self.flush()
            self.blocks.append(_grid(el).table())
            return
        if el.tag == "br" or el.tag in _BLOCK:
            self.flush()
        for child in el.children:
            if isinstance(child, str):
                self.buffer.append(child)
            else:
                self.walk(child)
        if el.tag in _BLOCK:
            self.flush()


def _rows(table: _El) -> list[_El]:
    """The table's own rows (not those of nested tables), in order."""
    out: list[_El] = []
    for child in table.children:
        if isinstance(child, _El):
            if child.tag == "tr":
                out.append(child)
            elif child.tag in _SECTIONS:
                out.extend(_rows(child))
    return out


def _cells(row: _El) -> list[_El]:
    return [c for c in row.children if isinstance(c, _El) and c.tag in ("td", "th")]


def _is_data_table(table: _El) -> bool:
    if table.find_all("table"):
        return False
    rows = _rows(table)
    if len(rows) < 2 or max((len(_cells(r)) for r in rows), default=0) < 2:
        return False
    return all(len(cell_text(c)) <= _LONG_CELL for r in rows for c in _cells(r))


def cell_text(el: _El) -> str:
    """A cell's text; lines a <br> or <p> wrapped are joined again (labels wrap inside cells)."""
    parts: list[str] = []
    for child in el.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in _SKIP:
            parts.append(cell_text(child))
    return _SPACE.sub(" ", "".join(parts)).strip()


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()), 1), _MAX_SPAN)
    except ValueError:
        return 1


def _grid(table: _El) -> GridBuilder:
    builder = GridBuilder()
    for row in _rows(table):
        builder.add_row(
            [(cell_text(c), _span(c.attrs.get("rowspan")), _span(c.attrs.get("colspan"))) for c in _cells(row)]
        )
    return builder
