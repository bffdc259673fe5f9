"""Reading one value of a YAML file against what the model expects: a count, a delta, money in 万元,
a list of counts, a mapping — with Chinese findings (GK101, GK103-GK106) and the literal-0 test."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from gkgen.data import Cell, CellKey, Number, Pos
from gkgen.findings import Finding, finding
from gkgen.format.model import Kind
from gkgen.load.keys import Entry, pos
from gkgen.load.yamlpos import YMap, YNode, YScalar, YSeq

MAX_DECIMALS = 6
"""万元 to six decimals is to the 分 (some reports print money that precisely)."""
MAX_NUMBER = 10**9
"""The largest count, delta or amount (万元) accepted: one billion. No report comes near it (a
province's busiest office receives some 10^5 applications a year); a larger value is a typing
error or an attack and is refused (GK103) rather than published or summed."""
_DIGITS = re.compile(r"[-+]?[0-9]+\Z")
What = str | tuple[str, str, str]
"""A cell's name in messages, or (row, column, suffix) formatted only when there is an error."""


def is_zero(node: YNode) -> bool:
    """The literal ``0`` that stands for an all-zero row, group or table."""
    return isinstance(node, YScalar) and type(node.value) is int and node.value == 0 and not node.quoted


class ValueReader:
    """Findings and cells of one file; subclasses walk the model and call these."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.findings: list[Finding] = []
        self.cells: dict[CellKey, Cell] = {}
        self.typed: dict[CellKey, Cell] = {}

    def add(self, rule: str, node: YNode | None, message: str) -> None:
        p = pos(self.rel, node)
        self.findings.append(finding(rule, self.rel, p.line, p.column, message))

    def text(self, entry: Entry) -> str:
        value = entry.value
        if isinstance(value, YScalar) and value.value is not None:
            return value.text
        self.add("GK103", value, f"“{entry.key.text}”应为一段文字")
        return ""

    def number(self, node: YNode, kind: Kind, what_: What) -> Number | None:
        if (
            type(node) is YScalar
            and type(node.value) is int
            and not node.quoted
            and kind != "money"
            and (0 <= node.value <= MAX_NUMBER or (kind == "delta" and abs(node.value) <= MAX_NUMBER))
        ):
            return node.value
        what = what_ if isinstance(what_, str) else "“{}”的“{}”{}".format(*what_)
        if not isinstance(node, YScalar):
            self.add("GK103", node, f"{what}应为一个数，不能是列表或映射")
            return None
        value = node.value
        if value is None:
            self.add("GK101", node, f"{what}未填写（缺失的数字不会被当作 0）")
            return None
        if isinstance(value, str) and not node.quoted and _DIGITS.match(value.strip()):
            self.too_large(node, what)  # longer than the loader turns into a number
            return None
        if isinstance(value, (bool, str)) or node.quoted:
            hint = _text_hint(node.text) or number_form_hint(node.text, kind)
            self.add("GK103", node, f"{what}的值“{_shown(node.text)}”不是{_kind_word(kind)}{hint}")
            return None
        if kind == "money":
            return self.money(node, what)
        if not isinstance(value, int):
            self.add("GK103", node, f"{what}的值“{node.text}”不是整数")
            return None
        if abs(value) > MAX_NUMBER:
            self.too_large(node, what)
            return None
        if value < 0 and kind == "count":
            self.add("GK105", node, f"{what}为 {value}，不能为负数")
        return value

    def money(self, node: YScalar, what: str) -> Number | None:
        try:
            value = Decimal(node.text.replace("_", "").strip())
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite() or (isinstance(node.value, float) and not math.isfinite(node.value)):
            self.add("GK103", node, f"{what}的值“{node.text}”不是数字")
            return None
        if abs(value) > MAX_NUMBER:
            self.too_large(node, what)
            return None
        if value < 0:
            self.add("GK105", node, f"{what}为 {node.text}，不能为负数")
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
            self.add("GK106", node, f"{what}为 {node.text} 万元，小数超过 {MAX_DECIMALS} 位（万元最多精确到分）")
        return value

    def too_large(self, node: YScalar, what: str) -> None:
        self.add("GK103", node, f"{what}的值“{_shown(node.text)}”过大：超过上限 {MAX_NUMBER}（十亿），请核对")

    def put(self, key: CellKey, value: Number | None, node: YNode, *, typed: bool = False) -> None:
        if value is not None:
            (self.typed if typed else self.cells)[key] = Cell(value, Pos(self.rel, node.line, node.column))

    def number_list(self, entry: Entry, n: int, total_label: str) -> list[YNode] | None:
        value = entry.value
        if self.empty(entry):
            return None
        if not isinstance(value, YSeq):
            example = "[" + ", ".join(["0"] * n) + "]"
            hint = _text_hint(value.text) if isinstance(value, YScalar) else ""
            self.add("GK103", value, f"“{entry.key.text}”应为 {n} 个数的列表，如 {example}（或写 0 表示全为 0）{hint}")
            return None
        bad = next(
            (i for i in value.items if isinstance(i, YScalar) and isinstance(i.value, str) and _text_hint(i.text)), None
        )
        if isinstance(bad, YScalar):
            self.add("GK103", bad, f"“{entry.key.text}”中的“{bad.text}”不是数{_text_hint(bad.text)}")
            return None
        if len(value.items) not in (n, n + 1):
            self.add(
                "GK104",
                value,
                f"“{entry.key.text}”应有 {n} 个数（或 {n + 1} 个，含{total_label}），实有 {len(value.items)} 个",
            )
            return None
        return value.items

    def empty(self, entry: Entry) -> bool:
        """GK101 for ``key:`` with nothing after it; True when so."""
        value = entry.value
        if isinstance(value, YScalar) and value.value is None and not value.quoted:
            self.add("GK101", value, f"“{entry.key.text}”未填写（缺失的数字不会被当作 0；全为 0 请写 0）")
            return True
        return False

    def mapping(self, entry: Entry, what: str) -> YMap | None:
        if isinstance(entry.value, YMap):
            return entry.value
        if self.empty(entry):
            return None
        hint = _text_hint(entry.value.text) if isinstance(entry.value, YScalar) else ""
        self.add("GK103", entry.value, f"“{entry.key.text}”应为{what}的映射（或写 0 表示全为 0）{hint}")
        return None


def _kind_word(kind: Kind) -> str:
    return {"count": "非负整数", "money": "数字（万元）", "delta": "整数"}[kind]


_FULLWIDTH_DIGITS = re.compile("[０-９．－]")


def _shown(text: str) -> str:
    """A value as written, cut when it is absurdly long."""
    text = text.strip()
    return text if len(text) <= 30 else f"{text[:20]}…（共 {len(text)} 个字符）"


_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[-+]?0[xX][0-9a-fA-F_]+\Z"), "十六进制写法（YAML 1.1 会把 0x10 读作 16）"),
    (re.compile(r"[-+]?0[bB][01_]+\Z"), "二进制写法（YAML 1.1 会把 0b101 读作 5）"),
    (re.compile(r"[-+]?0[oO][0-7_]+\Z"), "八进制写法"),
    (re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+\Z"), "科学计数法"),
    (
        re.compile(r"[-+]?[0-9][0-9]*(?:_[0-9]*)+(?:\.[0-9_]*)?\Z"),
        "带下划线“_”分隔的写法（YAML 1.1 会把 1_000 读作 1000）",
    ),
)


def number_form_hint(text: str, kind: Kind) -> str:
    """Why a YAML 1.1 number form is not accepted, naming the form ("" for other text)."""
    text = text.strip()
    digits = "十进制数字（可带小数点）" if kind == "money" else "十进制数字"
    if _SEXAGESIMAL.match(text):
        return f"：这是六十进制写法（YAML 1.1 会把 1:30 读作 90），只能用{digits}书写"
    for pattern, name in _FORMS:
        if pattern.match(text):
            return f"：这是{name}，只能用{digits}书写"
    return ""


def _text_hint(text: str) -> str:
    if _FULLWIDTH_DIGITS.search(text):
        halfwidth = text.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
        return f"（用了全角数字？请改为半角数字：“{text}”应写作“{halfwidth}”）"
    if "，" in text or "、" in text:
        return "（用了中文逗号“，”或顿号“、”？数字之间请用英文逗号“,”加空格分隔）"
    if "：" in text:
        return "（用了中文冒号“：”？请改为英文冒号加空格“: ”）"
    return ""
