"""PDF files -> Document, read straight from the file with pdfplumber (over pdfminer.six).

Tables drawn with ruling lines become grids from the lines themselves: every cell's box gives its
row and column span, so merged cells (a vertical "三、本年度办理结果", a header spanning six columns)
come out as in HTML. A cell's text is its characters in reading order with the lines joined, which
mends wrapped and vertical labels. A table without rules (WPS exports, tables drawn as text) is
rebuilt from the text positions: each line that holds numbers is a row, and label lines without
numbers join the nearest such row. Everything outside tables is narrative: lines are joined into
paragraphs by indent, line length and font size. The document's metadata gives the title and,
with the text's 落款 first, the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from gkgen.errors import UsageError
from gkgen.format import FORMATS
from gkgen.importer.grid import Block, Document, GridCell, Paragraph, Table
from gkgen.importer.labels import core, parse_number
from gkgen.importer.sections import heading_section

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
_LINE_TOL = 2.5
"""Characters whose tops differ by less than this (points) are on one line."""
_GAP = 1.2
"""A horizontal gap wider than this many character widths separates two chunks of a line."""
_MIN_TABLE_ROWS = 2
"""A table's continuation on the next page may be a single row, but never a single box."""


@dataclass
class PdfDocument(Document):
    """A PDF's Document, with what the file's metadata says about the report."""

    producer: str = ""
    metadata_date: dt.date | None = None
    made_by_gkgen: bool = False
    pages: int = 0


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    chunks: list[tuple[float, float, str]] = field(default_factory=list)
    """(x0, x1, text) runs of characters separated by wide gaps."""

    @property
    def text(self) -> str:
        return " ".join(c[2] for c in self.chunks)


def read_pdf(path: Path) -> PdfDocument:
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover - pdfplumber is in the import extra
        raise UsageError("读取 PDF 文件需要 pdfplumber：pip install 'gkgen[import]'") from exc
    try:
        pdf = pdfplumber.open(str(path))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}：不是有效的 PDF 文件（{exc}）") from exc
    except Exception as exc:  # pdfminer raises its own exception kinds for encrypted or broken files
        raise UsageError(f"{path}：无法读取 PDF 文件（{type(exc).__name__}：{exc}）") from exc
    with pdf:
        meta = {str(k): _meta_text(v) for k, v in (pdf.metadata or {}).items()}
        items: list[Block | _Lines] = []
        chars_total = 0
        try:
            for page in pdf.pages:
                chars_total += len(page.chars)
                items.extend(_page_blocks(page))
        except Exception as exc:
            raise UsageError(f"{path}：无法读取 PDF 文件的内容（{type(exc).__name__}：{exc}）") from exc
        pages = len(pdf.pages)
    if chars_total == 0:
        raise UsageError(f"{path}：PDF 中没有文字（可能是扫描件）。gkgen 不做文字识别，请找到文字版或 Word 版后再导入")
    ruled = any(isinstance(b, Table) for b in items)
    blocks = _paragraphs_and_tables(_rebuild_unruled(items))
    doc = PdfDocument(
        blocks,
        "PDF",
        title=meta.get("Title") or None,
        producer=" ".join(x for x in (meta.get("Creator", ""), meta.get("Producer", "")) if x),
        metadata_date=_date(meta.get("CreationDate", "")),
        made_by_gkgen=meta.get("Creator", "") == "gkgen",
        pages=pages,
    )
    if not ruled:
        doc.notes.append("PDF 中没有找到表格线，表格按文字位置读取")
    return doc


def _meta_text(value: Any) -> str:
    if isinstance(value, bytes):
        for codec in ("utf-16", "utf-8", "gb18030"):
            try:
                return value.decode(codec).strip("\x00 ")
            except UnicodeDecodeError:
                continue
        return ""
    return str(value).strip()


def _date(text: str) -> dt.date | None:
    match = _PDF_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# ---------------------------------------------------------------- one page


@dataclass
class _Lines:
    """The text lines of a page region (outside tables), kept apart until paragraphs are built."""

    lines: list[_Line]
    page_width: float


def _page_blocks(page: Any) -> list[Block | _Lines]:
    tables = [
        t
        for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        if len(t.rows) >= _MIN_TABLE_ROWS or len(t.cells) >= _MIN_TABLE_ROWS
    ]
    boxes = [t.bbox for t in tables]
    chars = [c for c in page.chars if c["text"].strip() and c.get("upright", True)]
    outside = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    items: list[tuple[float, Block | _Lines]] = [(t.bbox[1], _grid(t, chars)) for t in tables]
    lines = _lines(outside)
    for top, group in _split_by(lines, sorted(b[1] for b in boxes)):
        items.append((top, _Lines(group, float(page.width))))
    items.sort(key=lambda item: item[0])
    return [b for _, b in items]


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def _split_by(lines: list[_Line], cuts: list[float]) -> Iterable[tuple[float, list[_Line]]]:
    """Lines cut into runs at the tops of the tables between them."""
    group: list[_Line] = []
    cut_iter = iter(cuts)
    cut = next(cut_iter, None)
    for line in lines:
        while cut is not None and line.top > cut:
            if group:
                yield group[0].top, group
            group = []
            cut = next(cut_iter, None)
        group.append(line)
    if group:
        yield group[0].top, group


def _lines(chars: Sequence[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines (by top) and chunks (by horizontal gaps)."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0]["top"] - char["top"]) <= _LINE_TOL:
            rows[-1].append(char)
        else:
            rows.append([char])
    out: list[_Line] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        size = Counter(round(c["size"], 1) for c in row).most_common(1)[0][0]
        line = _Line(min(c["top"] for c in row), max(c["bottom"] for c in row), row[0]["x0"], row[-1]["x1"], size)
        start = row[0]
        text = [start["text"]]
        prev = start
        for char in row[1:]:
            width = max(char["size"], 1.0)
            if char["x0"] - prev["x1"] > _GAP * width:
                line.chunks.append((start["x0"], prev["x1"], "".join(text)))
                start, text = char, []
            elif char["x0"] - prev["x1"] > 0.25 * width and _ascii(prev["text"]) and _ascii(char["text"]):
                text.append(" ")
            text.append(char["text"])
            prev = char
        line.chunks.append((start["x0"], prev["x1"], "".join(text)))
        out.append(line)
    out.sort(key=lambda ln: ln.top)
    return out


def _ascii(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _grid(table: Any, chars: Sequence[dict[str, Any]]) -> Table:
    """A ruled table as a grid: each cell box covers the columns and rows between its edges."""
    boxes: list[tuple[float, float, float, float]] = [tuple(c) for c in table.cells]
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    grid: dict[tuple[int, int], GridCell] = {}
    inside: dict[int, list[dict[str, Any]]] = {i: [] for i in range(len(boxes))}
    for char in chars:
        for i, box in enumerate(boxes):
            if _inside(char, box):
                inside[i].append(char)
                break
    for i, box in enumerate(boxes):
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        cell = GridCell(_cell_text(inside[i]), i)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                grid.setdefault((r, c), cell)
    rows: list[list[GridCell]] = []
    for r in range(len(ys) - 1):
        row = [grid.get((r, c), GridCell("", -1 - c - 1000 * r)) for c in range(len(xs) - 1)]
        if any(cell.origin >= 0 for cell in row):
            rows.append(row)
    return Table(rows)


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 1.5:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's lines joined without a break: labels wrap and stand vertically inside cells."""
    lines = _lines(chars)
    return "".join(line.text for line in lines).strip()


# ---------------------------------------------------------------- paragraphs


_PARAGRAPH_END = re.compile(r"[。！？!?]$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:”」』）)]$")


def _paragraphs_and_tables(items: list[Block | _Lines]) -> list[Block]:
    """Text lines joined into paragraphs: a paragraph ends at a short line, before an indented
    line, a heading, a change of font size or a wide vertical gap."""
    all_lines = [ln for item in items if isinstance(item, _Lines) for ln in item.lines]
    if not all_lines:
        return [b for b in items if not isinstance(b, _Lines)]
    body_size = Counter(ln.size for ln in all_lines).most_common(1)[0][0]
    body = [ln for ln in all_lines if ln.size == body_size] or all_lines
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    right = max(Counter(round(ln.x1) for ln in body).most_common(3))[0]
    out: list[Block] = []
    for item in items:
        if not isinstance(item, _Lines):
            out.append(item)
            continue
        current: list[str] = []
        prev: _Line | None = None
        for line in item.lines:
            text = line.text.strip()
            if _is_page_number(text):
                continue
            if prev is not None and current and not _continues(prev, line, left, right, body_size):
                out.append(Paragraph("".join(current)))
                current = []
            current.append(text)
            prev = line
        if current:
            out.append(Paragraph("".join(current)))
    return out


def _continues(prev: _Line, line: _Line, left: float, right: float, size: float) -> bool:
    em = max(size, 1.0)
    if abs(prev.size - line.size) > 0.5:
        return False
    if line.top - prev.bottom > 1.2 * em:
        return False
    if heading_section(line.text) is not None or heading_section(prev.text) is not None:
        return False
    if prev.size != size:  # a title over two lines: same size, close together
        return True
    if line.x0 > left + 1.5 * em:  # first-line indent or a centred line
        return False
    if prev.x1 < right - 2 * em:  # the previous line stopped short, unless a long word did not fit
        return line.text[:1].isascii() and line.text[:1].isalnum() and not _PARAGRAPH_END.search(prev.text)
    return not _SENTENCE_END.search(prev.text) or prev.x1 >= right - 0.5 * em


# ---------------------------------------------------------------- tables without rules


def _rebuild_unruled(items: list[Block | _Lines]) -> list[Block | _Lines]:
    """Without any ruled table, the lines between the headings 二 and 五 hold the tables: each
    run of lines between two headings becomes one table (see :func:`text_table`)."""
    if any(isinstance(b, Table) for b in items):
        return items
    out: list[Block | _Lines] = []
    zone = False
    pending: list[_Line] = []

    def flush_table() -> None:
        if pending:
            out.append(text_table(list(pending)))
            pending.clear()

    for item in items:
        if not isinstance(item, _Lines):
            out.append(item)
            continue
        kept: list[_Line] = []
        for line in item.lines:
            section = heading_section(line.text)
            if section is not None:
                if zone:
                    flush_table()
                zone = section.kind == "table"
            if zone and section is None and not _is_page_number(line.text):
                if kept:
                    out.append(_Lines(kept, item.page_width))
                    kept = []
                pending.append(line)
            elif not zone or section is not None:
                if section is not None and pending:
                    flush_table()
                kept.append(line)
        if kept:
            out.append(_Lines(kept, item.page_width))
    flush_table()
    return out


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}|第\s*\d+\s*页.*)\s*$")


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def text_table(lines: list[_Line]) -> Table:
    """Rows of a table drawn without rules, from its lines' chunks: each line that holds a number
    is a row; label chunks of other lines join the nearest such row (labels wrap, and centred
    cells put the numbers on a middle line); lines above the first number are header rows."""
    numeric = [i for i, ln in enumerate(lines) if any(parse_number(c[2]) is not None for c in ln.chunks)]
    rows: dict[int, list[tuple[float, float, str, float]]] = {
        i: [(*c, lines[i].top) for c in lines[i].chunks] for i in numeric
    }
    header: list[int] = []
    for i, line in enumerate(lines):
        if i in rows:
            continue
        if not numeric or i < numeric[0] or _is_header_line(line):
            header.append(i)
            continue
        middle = (line.top + line.bottom) / 2
        nearest = min(numeric, key=lambda j: (abs((lines[j].top + lines[j].bottom) / 2 - middle), -j))
        rows[nearest].extend((*c, line.top) for c in line.chunks)
    table = Table()
    origin = 0
    for i in sorted([*header, *rows]):
        chunks = [(*c, lines[i].top) for c in lines[i].chunks] if i in header else rows[i]
        row = []
        for text in _merge_columns(chunks):
            row.append(GridCell(text, origin))
            origin += 1
        table.rows.append(row)
    return table


@cache
def _header_words() -> frozenset[str]:
    """Cores of the labels that stand in a row of their own: block labels and column headers."""
    out: set[str] = set()
    for fmt in FORMATS.values():
        out.add(core(fmt.active.content_label))
        for block in fmt.active.blocks:
            out.add(core(block.label))
            out.update(core(k) for f in block.fields for k in f.keys)
    return frozenset(out)


def _is_header_line(line: _Line) -> bool:
    return all(core(c[2]) in _header_words() for c in line.chunks)


def _merge_columns(chunks: list[tuple[float, float, str, float]]) -> list[str]:
    """Label chunks that overlap horizontally are one cell (a wrapped label, read top to bottom);
    numbers stay apart, left to right."""
    columns: list[list[tuple[float, float, str, float]]] = []
    for chunk in sorted(chunks, key=lambda c: c[0]):
        last = columns[-1] if columns else None
        if (
            last is not None
            and parse_number(chunk[2]) is None
            and parse_number(last[0][2]) is None
            and chunk[0] < max(c[1] for c in last)
        ):
            last.append(chunk)
        else:
            columns.append([chunk])
    return ["".join(c[2] for c in sorted(col, key=lambda c: c[3])) for col in columns]


__all__ = ["PdfDocument", "read_pdf", "text_table"]
