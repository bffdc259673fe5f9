"""Text copied off a report page with its tables flattened: a whole table on one line, cells run
together (`…申请数量 8 0 0 0 0 0 8二、上年结转政府信息公开申请数量 0000000三、本年度办理结果 （一）予以公开
3000003（二）部分公开…`).

Such text is put back into lines before the text reader sees it: the section headings get lines of
their own, and each table becomes pipe-separated rows, a row being the labels before a run of
numbers and the numbers themselves. A row label is cut where a numbering starts ("（一）",
"三、", a "4." glued to the digits before it) or where a known official label ends the text.
Digits that ran together stay together: the matcher splits them only when the sums allow one
reading.
"""

from __future__ import annotations

import re
from functools import cache

from gkgen.format import FORMATS, SECTIONS
from gkgen.importer.labels import core, normalise

_ANCHORS = (
    "本年新收",
    "上年结转",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "结转下年度",
    "第二十条第",
    "规范性文件",
    "信息内容",
    "本年处理决定数量",
    "行政处罚",
    "行政复议",
    "结果维持",
    "复议后起诉",
)
_MIN_ANCHORS = 3
_GLUED = 20
"""A heading line this much longer than the heading holds more than the heading."""
_NUMBERING = re.compile(r"(\d)([.．、])(?=[\u4e00-\u9fff“\"「])")
_MARK = "\x00"
_LEX = re.compile(_MARK + r"\d[.．、]|-?\d[\d.,]*|[-—－/／]+(?=\s|$)|\s+|[^\d\s" + _MARK + r"]+|.")
_LABEL_START = re.compile(
    r"(?<!第)(?=[（(][一二三四五六七八九十]+[）)])|(?=(?<![第\u4e00-\u9fff])[一二三四五六七八九十]+、)"
)


def looks_flat(text: str) -> bool:
    """Some line holds several table rows' labels together with numbers."""
    for line in text.splitlines():
        if len(line) < 40 or not re.search(r"\d", line):
            continue
        if sum(a in line for a in _ANCHORS) >= _MIN_ANCHORS:
            return True
    return False


@cache
def _heading_pattern() -> re.Pattern[str]:
    names = sorted({n for s in SECTIONS for n in (s.title, *s.aliases)}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(r"[一二三四五六七八九十]\s*[、.．]\s*(?:" + alternatives + r")")


@cache
def _known_labels() -> frozenset[str]:
    """Cores of every official row and item label (both formats)."""
    out: set[str] = set()
    for fmt in FORMATS.values():
        for _, item in fmt.shapes.active.items:
            out.update(core(k) for k in item.keys)
        for row in fmt.shapes.applications.rows:
            out.update(core(k) for k in row.keys)
    return frozenset(c for c in out if len(c) >= 2)


def unflatten(text: str) -> str:
    """The text with flattened table lines put back into headings and pipe-separated rows."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _heading_pattern().search(line)
        glued = (
            heading is not None and len(line.strip()) - len(heading.group(0)) > _GLUED and bool(re.search(r"\d", line))
        )
        if sum(a in line for a in _ANCHORS) >= _MIN_ANCHORS or glued:
            out.extend(_split_line(line))
        else:
            out.append(line)
    return "\n".join(out)


def _split_line(line: str) -> list[str]:
    """Headings on lines of their own; the text between two table headings as table rows."""
    out: list[str] = []
    pos = 0
    table = False
    for match in _heading_pattern().finditer(line):
        before = line[pos : match.start()]
        out.extend(_rows(before) if table else ([before.strip()] if before.strip() else []))
        heading = match.group(0)
        out.append(heading)
        section = next(
            (
                s
                for s in SECTIONS
                if normalise(s.title) in normalise(heading)
                or any(normalise(a) in normalise(heading) for a in s.aliases)
            ),
            None,
        )
        table = section is not None and section.kind == "table"
        pos = match.end()
    rest = line[pos:]
    if table or (pos == 0 and sum(a in rest for a in _ANCHORS) >= _MIN_ANCHORS):
        out.extend(_rows(rest))
    elif rest.strip():
        out.append(rest.strip())
    return out


def _rows(text: str) -> list[str]:
    """Pipe rows: each row is the label cells before a run of numbers, then the numbers."""
    marked = _NUMBERING.sub(_MARK + r"\1\2", text)
    rows: list[tuple[list[str], list[str]]] = []
    label: list[str] = []
    numbers: list[str] = []
    for match in _LEX.finditer(marked):
        token = match.group(0)
        if token.isspace():
            if label and not numbers:
                label.append(" ")
            continue
        is_number = token.lstrip("-")[:1].isdigit() or bool(re.fullmatch(r"[-—－/／]+", token))
        if is_number:
            if not label and rows and not numbers:
                rows[-1][1].append(token)
            else:
                numbers.append(token)
            continue
        if numbers:
            rows.append((label, numbers))
            label, numbers = [], []
        label.append(token.replace(_MARK, ""))
    if label or numbers:
        rows.append((label, numbers))
    lines: list[str] = []
    for words, values in rows:
        cells = _label_cells("".join(words))
        lines.append("| " + " | ".join([*cells, *values]) + " |")
    return lines


def _label_cells(text: str) -> list[str]:
    """A label run cut into cells at spaces, at numberings, and before a known label that ends it."""
    cells: list[str] = []
    for part in text.split():
        for piece in _LABEL_START.split(part):
            piece = piece.strip()
            if piece:
                cells.extend(_known_tail(piece))
    return cells


def _known_tail(text: str) -> list[str]:
    """``text`` cut before the longest official label it ends with ("…现行有效件数规章")."""
    known = _known_labels()
    if core(text) in known:
        return [text]
    for i in range(1, len(text) - 1):
        if core(text[i:]) in known:
            return [text[:i], text[i:]]
    return [text]


__all__ = ["looks_flat", "unflatten"]
