"""The one matcher: a stream of table tokens -> the model's cells, by row and column labels.

Every input kind (text, HTML, Word, PDF text) arrives here as the same token stream. A label
token names a row (表三), an item (表二) or a header; the numbers that follow it belong to that
row, in the column order its header gives. Numbers that follow no recognised label are reported,
never placed by their position in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from gkgen.data import CellKey, Number
from gkgen.format.model import ACTIVE, APPLICATIONS, REVIEWS, Block, Field, Format, Item, Row
from gkgen.importer.labels import CONTAINS, EXACT, PREFIX, Index, core, normalise, score
from gkgen.importer.tokens import Check, Token, Val, fit, split_readings

Mode = Literal["active", "applications", "reviews"]
Status = Literal["imported", "blank", "split", "inferred"]
_MAX_COMBINATIONS = 20_000
_SHOWN = 6


@dataclass(frozen=True)
class Placed:
    value: Number
    status: Status
    where: str
    raw: str
    reason: str = ""
    """Why an inferred value is the only reading (status "inferred")."""


@dataclass
class _Pending:
    """A 表三 row whose reading waits for the whole table (its width, the column sums)."""

    run: _Run
    row: Row
    readings: list[list[int]]
    """Candidate (inputs + total) vectors when the row alone has several readings."""
    vals: list[Val] | None = None
    """The row's single reading, when it has one."""
    how: str = ""


@dataclass
class MatchResult:
    cells: dict[CellKey, Placed] = field(default_factory=dict)
    totals: dict[CellKey, Placed] = field(default_factory=dict)
    """Totals the source printed (kept so the checker reports the source's inconsistencies)."""
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


@dataclass
class _Run:
    mode: Mode
    target: Item | Row | None
    where: str
    vals: list[Val] = field(default_factory=list)

    def has_values(self) -> bool:
        return any(v.value is not None for v in self.vals)


class Matcher:
    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.result = MatchResult()
        self.mode: Mode | None = None
        self.run: _Run | None = None
        active = fmt.active
        self.blocks = Index([(b, (b.label,)) for b in active.blocks])
        self.items = Index([(item, item.keys) for _, item in fmt.shapes.active.items])
        self.rows = Index([(r, r.keys) for r in fmt.shapes.applications.rows])
        self.columns = Index([(c, (c.key, c.label)) for c in fmt.applications.columns()])
        self.block: Block | None = None
        self.header: list[Field] = []
        self.in_header = False
        self.yuan: set[str] = set()
        self.orders: dict[str, list[Field]] = {}
        self.group: Row | None = None
        self.app_header: list[str] = []
        self.rows_started = False
        self.review_header: list[str] = []
        self.pending: list[_Pending] = []
        self._noted: set[str] = set()

    # ------------------------------------------------------------ driving

    def feed(self, tokens: list[Token]) -> MatchResult:
        for token in tokens:
            if token.kind == "heading":
                self._switch(self._heading_mode(token))
            elif token.kind == "label":
                self._label(token)
            else:
                self._value(token)
        self._finish()
        self._resolve_applications()
        return self.result

    def _switch(self, mode: Mode | None) -> None:
        if mode is None or mode == self.mode:
            return
        self._finish()
        if self.mode == "applications":
            self._resolve_applications()
        self.mode = mode

    def _heading_mode(self, token: Token) -> Mode | None:
        text = token.core
        for section, mode in (("active", "active"), ("applications", "applications"), ("reviews", "reviews")):
            sec = self.fmt.section(section)
            if score(text, frozenset({core(sec.title)})) >= PREFIX:
                return mode  # type: ignore[return-value]
        return None

    def _marker(self, token: Token) -> Mode | None:
        """A label that can only belong to one table switches to that table."""
        text = token.core
        if self.blocks.lookup(text, minimum=PREFIX)[1] or text == core(self.fmt.active.content_label):
            return "active"
        if text == core(self.fmt.applications.header.label) or "勾稽关系" in text:
            return "applications"
        if text in {core(g.label) for g in self.fmt.reviews.header}:
            return "reviews"
        is_row = self.rows.lookup(text, minimum=PREFIX)[0] >= PREFIX
        if self.mode != "applications" and is_row and not self.columns.exact(text):
            return "applications"
        if self.mode is None and self.items.lookup(text, minimum=EXACT)[1]:
            return "active"
        return self._heading_mode(token)

    def _value(self, token: Token) -> None:
        val = Val(token.value, token.text, token.where)
        if self.run is not None:
            self.run.vals.append(val)
        elif self.mode == "reviews" and val.value is not None:
            self.run = _Run("reviews", None, token.where, [val])
        elif val.value is not None and self.mode is not None:
            self.result.unplaced.append(f"{token.where}：数字“{token.text}”前没有可识别的行标签，无法放入表格")

    def _label(self, token: Token) -> None:
        text = token.core
        if not text:
            return
        self._switch(self._marker(token))
        handled = False
        if self.mode == "active":
            handled = self._active_label(token)
        elif self.mode == "applications":
            handled = self._application_label(token)
        elif self.mode == "reviews":
            handled = self._review_label(token)
        if not handled and self.run is not None and self.run.has_values():
            self._finish()

    def _start(self, run: _Run) -> None:
        self._finish()
        self.run = run

    def _finish(self) -> None:
        run, self.run = self.run, None
        if run is None or not run.vals:
            return
        if not run.has_values() and not self._all_blank_row(run):
            return
        if run.mode == "active" and isinstance(run.target, Item):
            self._place_item(run, run.target)
        elif run.mode == "applications" and isinstance(run.target, Row):
            self._place_row(run, run.target)
        elif run.mode == "reviews":
            self._place_reviews(run)

    # ------------------------------------------------------------ table 二

    def _active_label(self, token: Token) -> bool:
        text = token.core
        blocks = self.blocks.lookup(text, minimum=PREFIX)[1]
        if blocks:
            self._finish()
            self.block, self.header, self.in_header = blocks[0], [], False
            return True
        if text == core(self.fmt.active.content_label):
            self._finish()
            self.header, self.in_header = [], True
            return True
        best, items = self.items.lookup(text, minimum=PREFIX)
        if items and (best == EXACT or not self.in_header):
            item = items[0]
            block = self.fmt.shapes.active.block_of(item)
            if block is not self.block:
                self.block, self.header = block, []
            self.in_header = False
            self._start(_Run("active", item, token.where))
            return True
        if self.in_header and self.block is not None:
            fields = Index([(f, f.keys) for f in self.block.fields]).lookup(text)[1]
            if fields:
                self.header.append(fields[0])
                if "元" in normalise(token.text) and "万元" not in normalise(token.text):
                    self.yuan.add(fields[0].id)
                self.orders[self.block.id] = list(self.header)
                return True
        return False

    def _place_item(self, run: _Run, item: Item) -> None:
        block = self.fmt.shapes.active.block_of(item)
        order = self.orders.get(block.id, [])
        if sorted(f.id for f in order) != sorted(f.id for f in block.fields):
            labels = "、".join(f.label for f in block.fields)
            self._note_once(f"表二{block.label}的表头不完整，按官方格式的列序（{labels}）读取")
            order = list(block.fields)
        vals = fit(run.vals, len(order))
        if vals is None:
            self._unfit(run, f"表二“{item.label}”", len(order))
            return
        for fld, val in zip(order, vals, strict=True):
            self._put((ACTIVE, item.id, fld.id), val, yuan=fld.id in self.yuan and fld.kind == "money")

    # ------------------------------------------------------------ table 三

    def _application_label(self, token: Token) -> bool:
        text = token.core
        if (not self.rows_started and self.columns.lookup(text, minimum=PREFIX)[1]) or "勾稽关系" in text:
            self.app_header.append(text)
            return True
        if not self.rows_started and text == core(self.fmt.applications.header.label):
            self.app_header.append(text)
            return True
        row = self._find_row(text)
        if row is None:
            if not self.rows_started:
                self.app_header.append(text)
            return False
        self.rows_started = True
        if row.children:
            self._finish()
            self.group = row
            return True
        self._start(_Run("applications", row, token.where))
        return True

    def _find_row(self, text: str) -> Row | None:
        best, rows = self.rows.lookup(text)
        if len(rows) > 1 and self.group is not None:
            inside = [r for r in rows if r in self.group.leaves() or r in self.group.children]
            rows = inside or rows
        if len(rows) > 1:
            leaves = [r for r in rows if not r.children]
            rows = leaves if len(leaves) == 1 else rows
        if len(rows) != 1 or (best == CONTAINS and len(text) < 4):
            return None
        return rows[0]

    def _place_row(self, run: _Run, row: Row) -> None:
        """Rows wait until the table ends: whether it prints a 总计 column, and its column sums,
        decide rows that have no single reading of their own."""
        self.pending.append(_Pending(run, row, []))

    def _resolve_applications(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        table = self.fmt.applications
        n = len(table.input_columns())
        counts = [sum(v.value is not None for v in p.run.vals) for p in pending]
        header = "".join(self.app_header)
        with_total = core(table.total_column().label) in header or sum(c > n for c in counts) > len(counts) / 2
        width = n + 1 if with_total else n

        def balanced(ints: list[int]) -> bool:
            return sum(ints[:n]) == ints[n]

        for item in pending:
            if with_total:
                vals = fit(item.run.vals, n + 1, balanced)
                if vals is not None and vals[n].value is None:
                    vals = vals[:n]
            else:
                vals = fit(item.run.vals, n)
            if vals is not None:
                item.vals = vals
                continue
            item.readings, item.how = self._row_readings(item.run.vals, n, width)
        self._solve(pending, n)
        self._check_header(self.app_header, [c.label for c in table.input_columns()], "表三")
        total = table.total_column()
        for item in pending:
            if item.vals is None:
                continue
            for col, val in zip(table.input_columns(), item.vals, strict=False):
                self._put((APPLICATIONS, item.row.id, col.id), val, total=item.row.computed)
            if len(item.vals) > n:
                self._put((APPLICATIONS, item.row.id, total.id), item.vals[n], total=True)

    def _row_readings(self, vals: list[Val], n: int, width: int) -> tuple[list[list[int]], str]:
        """A row's candidate readings (inputs, then the total when the table prints one): the
        digits cut so that the row adds up to its total, else — one number short — one cell
        missing at any place, its value what the total leaves."""
        numbers = [v for v in vals if v.value is not None]
        if width == n + 1 and all(isinstance(v.value, int) for v in numbers):
            cut = split_readings(numbers, n + 1, lambda ints: sum(ints[:n]) == ints[n], limit=_MAX_COMBINATIONS)
            if cut:
                return cut, "split"
            if len(numbers) == n:
                ints = [int(v.value) for v in numbers if v.value is not None]
                out: list[list[int]] = []
                for gap in range(n + 1):
                    reading: list[int]
                    if gap == n:
                        reading = [*ints, sum(ints)]
                    else:
                        rest = ints[: n - 1]
                        missing = ints[n - 1] - sum(rest)
                        if missing < 0:
                            continue
                        reading = [*rest[:gap], missing, *rest[gap:], ints[n - 1]]
                    if reading not in out:
                        out.append(reading)
                return out, "missing"
        return [], ""

    def _solve(self, pending: list[_Pending], n: int) -> None:
        """Rows with several readings: keep the one combination the column sums allow (（七）总计 =
        its leaves, and the 勾稽关系 of the table); otherwise report every such row with its
        candidates."""
        open_rows = [p for p in pending if p.vals is None]
        if not open_rows:
            return
        fixed: dict[str, list[int]] = {}
        for p in pending:
            if p.vals is not None and len(p.vals) >= n and all(isinstance(v.value, int | type(None)) for v in p.vals):
                fixed[p.row.id] = [int(v.value or 0) for v in p.vals[:n]]
        choosable = [p for p in open_rows if p.readings]
        combos = 1
        for p in choosable:
            combos *= len(p.readings)
        solutions: list[tuple[list[int], ...]] = []
        if choosable and len(choosable) == len(open_rows) and combos <= _MAX_COMBINATIONS:
            relations = self._relations()
            ids = {p.row.id for p in choosable}
            relevant = [r for r in relations if ids & (set(r[0]) | set(r[1]))]
            for combo in _product([p.readings for p in choosable]):
                rows = dict(fixed)
                rows.update({p.row.id: reading[:n] for p, reading in zip(choosable, combo, strict=True)})
                if relevant and all(_holds(rows, left, right, n) for left, right in relevant):
                    solutions.append(combo)
                    if len(solutions) > 1:
                        break
        if len(solutions) == 1:
            for p, reading in zip(choosable, solutions[0], strict=True):
                reason = "各列之和（（七）总计等于各项之和、第一项加第二项等于第三项加第四项）只允许这一种读法"
                p.vals = self._inferred(p, reading, reason)
            return
        for p in open_rows:
            self._unfit_candidates(p, n)

    @staticmethod
    def _inferred(p: _Pending, reading: list[int], reason: str) -> list[Val]:
        """The chosen reading as values: split digits keep their printed text; a cell the source
        left out is marked inferred, the printed numbers keep their places around it."""
        where = p.run.vals[0].where if p.run.vals else p.run.where
        numbers = [v for v in p.run.vals if v.value is not None]
        if p.how == "split":
            raw = " ".join(v.raw for v in numbers)
            return [Val(value, raw, where, split=True, reason=reason) for value in reading]
        ints = [int(v.value or 0) for v in numbers]
        gap = _missing_position(ints, reading)
        printed = iter(numbers)
        return [
            Val(value, "（原文缺一格）", where, inferred=True, reason=reason) if i == gap else next(printed)
            for i, value in enumerate(reading)
        ]

    def _relations(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        table = self.fmt.applications
        out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for row in self.fmt.shapes.applications.rows:
            if row.computed:
                out.append((tuple(r.id for r in table.sum_rows(row)), (row.id,)))
        out.extend((eq.left, eq.right) for eq in table.equations)
        return out

    def _unfit_candidates(self, p: _Pending, n: int) -> None:
        shown = "、".join(v.raw or "（空）" for v in p.run.vals) or "没有数字"
        what = f"表三“{p.row.label}”"
        if not p.readings:
            self.result.unplaced.append(
                f"{p.run.where}：{what}应有 {n + 1} 个数，读到的是：{shown}；无法确定各数所在的列"
            )
            return
        listed = "；".join(" ".join(str(x) for x in r) for r in p.readings[:_SHOWN])
        more = f"（共 {len(p.readings)} 种，仅列出前 {_SHOWN} 种）" if len(p.readings) > _SHOWN else ""
        kind = "数字连在一起，可拆为" if p.how == "split" else "少一个数（原文漏了一格），可能的读法有"
        self.result.unplaced.append(
            f"{p.run.where}：{what}读到的是：{shown}；{kind}：{listed}{more}；"
            "各列之和也不能确定唯一一种，请对照原文改正后重新导入"
        )

    # ------------------------------------------------------------ table 四

    def _review_label(self, token: Token) -> bool:
        if self.run is not None and self.run.has_values():
            return False
        self.review_header.append(token.core)
        return True

    def _place_reviews(self, run: _Run) -> None:
        groups = self.fmt.reviews.groups()
        leaves = [g.leaves() for g in groups]
        width = len(leaves[0])

        def balanced(ints: list[int]) -> bool:
            return all(sum(ints[i : i + width - 1]) == ints[i + width - 1] for i in range(0, len(ints), width))

        vals = fit(run.vals, width * len(groups), balanced)
        with_totals = vals is not None
        if vals is None:
            vals = fit(run.vals, (width - 1) * len(groups))
        if vals is None:
            self._unfit(run, "表四", width * len(groups))
            return
        self._check_header(self.review_header, [c.label for cols in leaves for c in cols], "表四")
        it = iter(vals)
        for group, cols in zip(groups, leaves, strict=True):
            for col in cols:
                if col.computed and not with_totals:
                    continue
                self._put((REVIEWS, group.id, col.id), next(it), total=col.computed)

    # ------------------------------------------------------------ shared

    def _check_header(self, header: list[str], labels: list[str], table: str) -> None:
        text = "".join(header)
        pos = 0
        for label in labels:
            found = text.find(core(label), pos)
            if found < 0:
                self._note_once(f"{table}的表头残缺或错位（未按顺序找到“{label}”），数字按官方格式的列序放置")
                return
            pos = found + len(core(label))

    def _put(self, key: CellKey, val: Val, *, total: bool = False, yuan: bool = False) -> None:
        target = self.result.totals if total else self.result.cells
        value: Number = 0 if val.value is None else val.value
        status: Status = (
            "blank" if val.value is None else "inferred" if val.inferred else "split" if val.split else "imported"
        )
        if yuan:
            value = Decimal(value) / 10000
            self._note_once("表二金额原以“元”为单位，已换算为万元")
        if key in target and target[key].value != value:
            self.result.unplaced.append(
                f"{val.where}：{self.fmt.describe(key)}已在{target[key].where}读到 {target[key].value}，"
                f"此处又读到 {value}，两者不一致，请核对原文"
            )
            return
        target.setdefault(key, Placed(value, status, val.where, val.raw, val.reason))

    def _unfit(self, run: _Run, what: str, n: int) -> None:
        shown = "、".join(v.raw or "（空）" for v in run.vals) or "没有数字"
        self.result.unplaced.append(f"{run.where}：{what}应有 {n} 个数，读到的是：{shown}；无法确定各数所在的列")

    def _all_blank_row(self, run: _Run) -> bool:
        """A row published with every cell blank (as many blanks as the row has cells)."""
        if run.mode == "active" and isinstance(run.target, Item):
            block = self.fmt.shapes.active.block_of(run.target)
            return len(run.vals) == len(block.fields)
        width = len(self.fmt.applications.input_columns())
        return run.mode == "applications" and len(run.vals) in (width, width + 1)

    def _note_once(self, note: str) -> None:
        if note not in self._noted:
            self._noted.add(note)
            self.result.notes.append(note)


def _product(options: list[list[list[int]]]) -> Iterator[tuple[list[int], ...]]:
    if not options:
        yield ()
        return
    for first in options[0]:
        for rest in _product(options[1:]):
            yield (first, *rest)


def _holds(rows: dict[str, list[int]], left: tuple[str, ...], right: tuple[str, ...], n: int) -> bool:
    if any(r not in rows for r in (*left, *right)):
        return True
    return all(sum(rows[r][c] for r in left) == sum(rows[r][c] for r in right) for c in range(n))


def _missing_position(printed: list[int], reading: list[int]) -> int:
    """Where a cell was inserted into ``printed`` to give ``reading`` (the first place they differ)."""
    for i, value in enumerate(printed):
        if reading[i] != value:
            return i
    return len(printed)


def match_tokens(fmt: Format, tokens: list[Token]) -> MatchResult:
    return Matcher(fmt).feed(tokens)


__all__ = ["Check", "MatchResult", "Placed", "match_tokens"]
