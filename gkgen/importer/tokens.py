"""Table cells as a stream of tokens: labels, numbers and blanks, each with where it was found."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations, pairwise
from typing import Literal

from gkgen.data import Number
from gkgen.importer.grid import Block, Paragraph, Table
from gkgen.importer.labels import core, is_blank, normalise, parse_number
from gkgen.importer.sections import heading_section

Kind = Literal["label", "value", "blank", "heading"]


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    where: str
    value: Number | None = None

    @cached_property
    def core(self) -> str:
        """The label's core, computed once (the matcher asks for it several times per token)."""
        return core(self.text)


def tokenize(blocks: Sequence[Block], is_heading: Callable[[str], bool]) -> list[Token]:
    """Every cell of the report's tables in reading order; paragraphs only when they are the
    headings of the table sections (二、三、四). When such headings exist, tables outside their
    sections (a statistics table in 总体情况, a metadata table above the title) are left out."""
    headings = [isinstance(b, Paragraph) and bool(heading_section(b.text)) for b in blocks]
    zoned = any(isinstance(b, Paragraph) and is_heading(b.text) for b in blocks)
    out: list[Token] = []
    table_no = 0
    inside = not zoned
    for block, is_section in zip(blocks, headings, strict=True):
        if isinstance(block, Paragraph):
            if is_section:
                inside = not zoned or is_heading(block.text)
                if is_heading(block.text):
                    out.append(Token("heading", block.text, "正文"))
            continue
        table_no += 1
        if inside:
            out.extend(_table_tokens(block, table_no))
    return out


def _table_tokens(table: Table, table_no: int) -> Iterator[Token]:
    for r, row in enumerate(table.row_texts(), start=1):
        for c, text in enumerate(row, start=1):
            yield from cell_tokens(text, f"表格{table_no}第{r}行第{c}格")


def cell_tokens(text: str, where: str) -> list[Token]:
    """One cell: a blank, a number, several numbers, or a label possibly followed by numbers."""
    return [Token(kind, part, where, value) for kind, part, value in _cell_parts(text.strip())]


@lru_cache(maxsize=4096)
def _cell_parts(text: str) -> tuple[tuple[Kind, str, Number | None], ...]:
    """What :func:`cell_tokens` makes of a cell's text, remembered: tables repeat the same few
    texts ("0", "", the labels) in most of their cells."""
    if is_blank(text):
        return (("blank", text, None),)
    parts = text.split()
    value = parse_number(text) if len(parts) == 1 else None
    if value is not None:
        return (("value", text, value),)
    numbers = [parse_number(p) for p in parts]
    tail = len(parts)
    while tail > 0 and numbers[tail - 1] is not None:
        tail -= 1
    out: list[tuple[Kind, str, Number | None]] = []
    if tail > 0:
        out.append(("label", " ".join(parts[:tail]), None))
    out.extend(("value", p, n) for p, n in zip(parts[tail:], numbers[tail:], strict=True))
    return tuple(out)


# ---------------------------------------------------------------- fitting a run of values


@dataclass(frozen=True)
class Val:
    value: Number | None
    """None: the published cell was blank."""
    raw: str
    where: str
    split: bool = False
    inferred: bool = False
    """A cell the source left out, its value the only one the sums allow."""
    reason: str = ""


Check = Callable[[list[int]], bool]


def fit(vals: list[Val], n: int, check: Check | None = None) -> list[Val] | None:
    """The ``n`` values a run stands for, or None when it has no single reading.

    Padding blanks (before or after the numbers) are dropped first; a blank among exactly ``n``
    cells is a blank published cell; stray blanks go when the numbers alone are ``n``; digits run
    together are split only when ``check`` (the row's 总计) leaves exactly one reading."""
    vals = list(vals)
    while len(vals) > n and vals and vals[-1].value is None:
        vals.pop()
    while len(vals) > n and vals and vals[0].value is None:
        vals.pop(0)
    if len(vals) == n:
        return vals
    numbers = [v for v in vals if v.value is not None]
    if len(numbers) == n:
        return numbers
    if 0 < len(numbers) < n and check is not None:
        return _split(numbers, n, check)
    return None


_MAX_READINGS = 200_000


def _split(numbers: list[Val], n: int, check: Check) -> list[Val] | None:
    found = split_readings(numbers, n, check, limit=2)
    if not found or len(found) != 1:
        return None
    where = numbers[0].where
    return [Val(i, str(i), where, split=len(numbers) != n) for i in found[0]]


def split_readings(numbers: list[Val], n: int, check: Check, limit: int = 20) -> list[list[int]] | None:
    """Every way to cut the digits of ``numbers`` (run together) into ``n`` values that ``check``
    accepts, at most ``limit`` of them; None when there are too many ways to try. A value never
    starts with a 0 unless it is 0."""
    raw = "".join(normalise(v.raw) for v in numbers)
    if not raw.isdigit() or len(raw) < n:
        return []
    if _choose(len(raw) - 1, n - 1) > _MAX_READINGS:
        return None
    readings: list[list[int]] = []
    for points in combinations(range(1, len(raw)), n - 1):
        bounds = (0, *points, len(raw))
        parts = [raw[a:b] for a, b in pairwise(bounds)]
        if any(len(p) > 1 and p.startswith("0") for p in parts):
            continue
        ints = [int(p) for p in parts]
        if check(ints):
            readings.append(ints)
            if len(readings) >= limit:
                break
    return readings


def _choose(n: int, k: int) -> int:
    out = 1
    for i in range(k):
        out = out * (n - i) // (i + 1)
    return out
