"""HTML pages as portals publish them -> Document (standard library only).

Tables with rowspan/colspan become grids with the spans expanded; a table that holds other tables,
or a single column, or long text, is page layout and is read like a ``<div>``. Scripts, styles,
navigation, headers and footers are skipped; the remaining page chrome (breadcrumbs, view counts,
"打印本页") is text the narrative splitter recognises and drops.

The page is tokenised here rather than by :mod:`html.parser`, whose tolerant scanning is quadratic on
unterminated markup ("</" or "<!" repeated, many "<!--" without "-->") and raises AssertionError on
some declarations: every scan below either consumes what it looked at or ends the input, so reading
is linear in the page's size, and markup cut off by the end of the file is dropped as browsers do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape

from gkgen.importer.grid import Block, CellBudget, Document, GridBuilder, Paragraph

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
_SKIP_CLASSES = frozenset({"gk-charts-section", "gk-charts-fragment"})
"""The charts gkgen adds to its own report pages and fragments (docs/theme.md): not narrative."""
_SECTIONS = frozenset({"tbody", "thead", "tfoot"})
_SPACE = re.compile(r"[ \t\r\n\f]+")
_LONG_CELL = 300
_MAX_SPAN = 100

_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\f\r />\x00]*")
_ATTR_GAP = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_ATTR_EQ = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_RAW_TEXT = {tag: re.compile(rf"</{tag}[\t\n\f\r />]|</{tag}$", re.IGNORECASE) for tag in ("script", "style")}

Attrs = list[tuple[str, str]]


def _start_tag(text: str, i: int) -> tuple[int, str, Attrs, bool]:
    """The start tag at ``text[i] == "<"``: (end, name, attributes, self-closing); end is -1 when
    the input ends inside the tag."""
    m = _TAG_NAME.match(text, i + 1)
    assert m is not None
    name, j, n = m.group().lower(), m.end(), len(text)
    attrs: Attrs = []
    while True:
        j = _skip(_ATTR_GAP, text, j)
        if j >= n:
            return -1, name, attrs, False
        if text[j] == ">":
            return j + 1, name, attrs, text[j - 1] == "/"
        m = _ATTR_NAME.match(text, j)
        assert m is not None  # text[j] is none of the characters the gap takes, nor ">"
        key, j = m.group().lower(), m.end()
        value = ""
        eq = _ATTR_EQ.match(text, j)
        if eq:
            j = eq.end()
            if j < n and text[j] in "\"'":
                close = text.find(text[j], j + 1)
                if close < 0:
                    return -1, name, attrs, False
                value, j = text[j + 1 : close], close + 1
            else:
                start, j = j, _skip(_UNQUOTED, text, j)
                value = text[start:j]
        attrs.append((key, unescape(value)))


def _skip(pattern: re.Pattern[str], text: str, j: int) -> int:
    """The end of ``pattern`` (which matches the empty string) at ``j``."""
    m = pattern.match(text, j)
    return m.end() if m else j


def _events(text: str) -> Iterator[tuple[str, str, Attrs]]:
    """("start" | "startend" | "end" | "data", tag or text, attributes), in document order."""
    i, n = 0, len(text)
    while i < n:
        j = text.find("<", i)
        if j < 0:
            yield "data", unescape(text[i:]), []
            return
        if j > i:
            yield "data", unescape(text[i:j]), []
        i = j
        after = text[i + 1 : i + 2]
        if after.isascii() and after.isalpha():
            end, name, attrs, closed = _start_tag(text, i)
            if end < 0:
                return  # the file ends inside a tag: dropped
            yield ("startend" if closed else "start"), name, attrs
            i = end
            if name in _RAW_TEXT and not closed:  # script and style content is not markup
                m = _RAW_TEXT[name].search(text, i)
                stop = m.start() if m else n
                if stop > i:
                    yield "data", text[i:stop], []
                i = stop
        elif after == "/":
            m = _TAG_NAME.match(text, i + 2)
            gt = text.find(">", i + 2)
            if m and gt >= 0:
                yield "end", m.group().lower(), []
            elif i + 2 >= n:
                yield "data", "</", []
            i = n if gt < 0 else gt + 1
        elif text.startswith("<!--", i):
            close = text.find("-->", i + 4)
            i = n if close < 0 else close + 3
        elif after in ("!", "?"):  # doctype, CDATA, Word's <![if …]>, processing instructions
            gt = text.find(">", i + 2)
            i = n if gt < 0 else gt + 1
        else:
            yield "data", "<", []
            i += 1


@dataclass
class _El:
    tag: str
    attrs: dict[str, str]
    children: list[_El | str] = field(default_factory=list)
    has_table: bool = False
    """A <table> is somewhere below this element (set when the element is closed)."""


class _TreeBuilder:
    """Builds the element tree with an explicit stack; closing a tag finds its open element through
    per-tag position lists, so every element is pushed and popped once (linear on any nesting)."""

    def __init__(self) -> None:
        self.root = _El("#root", {})
        self.stack = [self.root]
        self.open: dict[str, list[int]] = {}
        """Stack positions of the open elements of each tag, innermost last."""
        self.title: list[str] = []

    def feed(self, text: str) -> None:
        for kind, value, attrs in _events(text):
            if kind == "data":
                self.handle_data(value)
            elif kind == "start":
                self.handle_starttag(value, attrs)
            elif kind == "startend":
                self.handle_startendtag(value, attrs)
            else:
                self.handle_endtag(value)

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        el = _El(tag, dict(attrs))
        if tag in ("td", "th"):
            self._close_to({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._close_to({"tr"}, stop={"table"})
        elif tag in ("p", "li"):
            self._close_to({tag}, stop={"div", "td", "th", "ul", "ol", "table", "body"})
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.open.setdefault(tag, []).append(len(self.stack))
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self.stack[-1].children.append(_El(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        stop = {"table"} if tag in ("td", "th", "tr", *_SECTIONS) else set()
        self._close_to({tag}, stop=stop)

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag == "title":
            self.title.append(data)
        self.stack[-1].children.append(data)

    def close(self) -> None:
        self._pop_to(1)

    def _innermost(self, tags: set[str]) -> int:
        return max((self.open[t][-1] for t in tags if self.open.get(t)), default=0)

    def _close_to(self, tags: set[str], stop: set[str]) -> None:
        """Close the innermost open element of ``tags`` (and all inside it), unless an element of
        ``stop`` is open inside it."""
        found = self._innermost(tags)
        if found and found >= self._innermost(stop):
            self._pop_to(found)

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            el = self.stack.pop()
            self.open[el.tag].pop()
            parent = self.stack[-1]
            parent.has_table = parent.has_table or el.has_table or el.tag == "table"


def read_html(text: str) -> Document:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    walker = _Walker(CellBudget())
    walker.walk(builder.root)
    walker.flush()
    title = _SPACE.sub(" ", "".join(builder.title)).strip() or None
    return Document(walker.blocks, "网页", title=title)


class _Walker:
    def __init__(self, budget: CellBudget) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.budget = budget

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, root: _El) -> None:
        """Depth first, with an explicit stack (pages nest elements arbitrarily deep); a ``None``
        entry is the end of a block element."""
        todo: list[_El | str | None] = [root]
        while todo:
            item = todo.pop()
            if item is None:
                self.flush()
            elif isinstance(item, str):
                self.buffer.append(item)
            elif item.tag in _SKIP or not _SKIP_CLASSES.isdisjoint(item.attrs.get("class", "").split()):
                continue
            elif item.tag == "table" and _is_data_table(item):
                self.flush()
                self.blocks.append(_grid(item, self.budget).table())
            else:
                if item.tag == "br" or item.tag in _BLOCK:
                    self.flush()
                if item.tag in _BLOCK:
                    todo.append(None)
                todo.extend(reversed(item.children))


def _rows(table: _El) -> list[_El]:
    """The table's own rows (not those of nested tables), in order."""
    out: list[_El] = []
    todo: list[_El | str] = list(reversed(table.children))
    while todo:
        child = todo.pop()
        if isinstance(child, _El):
            if child.tag == "tr":
                out.append(child)
            elif child.tag in _SECTIONS:
                todo.extend(reversed(child.children))
    return out


def _cells(row: _El) -> list[_El]:
    return [c for c in row.children if isinstance(c, _El) and c.tag in ("td", "th")]


def _is_data_table(table: _El) -> bool:
    if table.has_table:
        return False
    rows = _rows(table)
    if len(rows) < 2 or max((len(_cells(r)) for r in rows), default=0) < 2:
        return False
    return all(len(cell_text(c)) <= _LONG_CELL for r in rows for c in _cells(r))


def cell_text(el: _El) -> str:
    """A cell's text; lines a <br> or <p> wrapped are joined again (labels wrap inside cells).
    Each element's text is collapsed and trimmed on its own, then joined to its parent's."""
    frames: list[tuple[list[str], Iterator[_El | str]]] = [([], iter(el.children))]
    while True:
        parts, children = frames[-1]
        child = next(children, None)
        if child is None:
            text = _SPACE.sub(" ", "".join(parts)).strip()
            frames.pop()
            if not frames:
                return text
            frames[-1][0].append(text)
        elif isinstance(child, str):
            parts.append(child)
        elif child.tag not in _SKIP:
            frames.append(([], iter(child.children)))


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()), 1), _MAX_SPAN)
    except ValueError:
        return 1


def _grid(table: _El, budget: CellBudget) -> GridBuilder:
    builder = GridBuilder(budget)
    rows = _rows(table)
    for i, row in enumerate(rows):
        builder.add_row(
            [(cell_text(c), _span(c.attrs.get("rowspan")), _span(c.attrs.get("colspan"))) for c in _cells(row)],
            rows_left=len(rows) - i,
        )
    return builder
