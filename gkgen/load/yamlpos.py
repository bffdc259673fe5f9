"""Safe YAML loading that keeps the 1-based line and column of every key and value.

PyYAML (libyaml when available) composes the text into nodes; :func:`walk` then turns those into
small typed nodes of our own. The walk is where aliases are expanded, so it carries a budget of
nodes (an alias bomb is refused with GK004) and it is where duplicate keys are seen (GK003) —
plain PyYAML would silently keep the last one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver, Resolver

from gkgen.findings import Finding, finding

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    _LIBYAML = True
except ImportError:  # pragma: no cover - libyaml is present in the venv
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    _LIBYAML = False


class _Loader(_Parser, BaseResolver):
    """Composes without resolving plain scalars: :meth:`_Walker.construct` resolves them itself
    with the YAML 1.1 rules of SafeLoader, after a fast path for plain integers."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

    # No path resolvers are registered, so BaseResolver's two path hooks do nothing; the C composer
    # calls them around every node, and a C builtin that is called and discarded costs ~20 % less
    # of the parse than a Python method.
    descend_resolver = slice  # type: ignore[assignment]  # called as (parent, index)
    ascend_resolver = tuple  # type: ignore[assignment]  # called with no argument

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return _DEFAULT_TAGS[kind]


_PLAIN = "!gkgen-plain"
"""Placeholder tag of an untagged plain scalar until :func:`_implicit_tag` resolves it."""

_DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
}
_IMPLICIT = Resolver.yaml_implicit_resolvers

NODE_BUDGET = 50_000
"""Nodes a walk may visit (aliases counted each time they are expanded). A report has ~400."""
MAX_DEPTH = 64
MAX_YAML_BYTES = 1024 * 1024
"""A YAML file of a site may have at most 1 MiB (a report has ~5 KB); larger ones are refused
(GK018) before they are parsed, so a huge file costs neither time nor memory."""
MAX_TEXT_BYTES = 4 * 1024 * 1024
"""A narrative (YYYY.md) may have at most 4 MiB (a long one has ~60 KB)."""
MAX_NUMBER_DIGITS = 100
"""A plain decimal longer than this stays text (the reader says it is too large): Python refuses
to parse integers of more than 4300 digits, and no count has more than a few."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embedding, override and isolate controls: they can show text in another order
than it is stored ("Trojan Source"); no report needs them (GK017)."""
MAX_BIDI_FINDINGS = 10

Scalar = str | int | float | bool | None | dt.date | dt.datetime

_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"[-+]?[0-9]+\Z")
_NOT_PLAIN_FLOAT = re.compile(r"[_:eE]")
"""YAML 1.1 floats written with "_" separators, sexagesimal ":" or an exponent stay text."""


@dataclass(slots=True)
class YScalar:
    value: Scalar
    text: str
    """The scalar as written (quotes removed) — e.g. for Decimal money or a zip code."""
    line: int
    column: int
    quoted: bool = False


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    line: int
    column: int


@dataclass(slots=True)
class YMap:
    entries: list[tuple[YScalar, YNode]] = field(default_factory=list)
    line: int = 1
    column: int = 1

    def get(self, key: str) -> YNode | None:
        return next((v for k, v in self.entries if k.text == key), None)

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.entries]


YNode = YScalar | YSeq | YMap


class _Refused(Exception):
    """The document expands beyond NODE_BUDGET or MAX_DEPTH."""


# ---------------------------------------------------------------- bytes to text


def decode(data: bytes, rel: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text (BOM removed), or None and a GK001 finding naming the encoding found."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf16 = _utf16(data)
    if utf16:
        return None, [finding("GK001", rel, 1, 1, f"文件是 {utf16} 编码，请另存为 UTF-8（无 BOM 或带 BOM 均可）")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        return None, [finding("GK001", rel, line, col, _not_utf8(data))]
    return text, bidi_findings(text, rel)


def bidi_findings(text: str, rel: str) -> list[Finding]:
    """GK017 for each bidirectional control character (the first few of a file)."""
    out: list[Finding] = []
    for match in BIDI_CONTROLS.finditer(text):
        if len(out) == MAX_BIDI_FINDINGS:
            break
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        code = ord(match.group())
        out.append(
            finding(
                "GK017",
                rel,
                line,
                column,
                f"含有双向文本控制字符 U+{code:04X}（可使文字的显示顺序与实际内容不同），请删除",
            )
        )
    return out


def read_text(path: Path, rel: str, limit: int = MAX_TEXT_BYTES) -> tuple[str | None, list[Finding]]:
    """Read a site file as UTF-8; GK002 when it cannot be read at all, GK018 when it is larger
    than ``limit`` bytes (checked before reading)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        return None, [finding("GK002", rel, None, None, f"无法读取文件：{exc.strerror or exc}")]
    if size > limit or len(data) > limit:
        shown = f"{max(size, len(data)) / 1024 / 1024:.1f} MB"
        return None, [finding("GK018", rel, None, None, f"文件过大（{shown}），超过上限 {_size(limit)}，未读取")]
    return decode(data, rel)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith(b"\xff\xfe"):
        return "UTF-16 LE"
    if data.startswith(b"\xfe\xff"):
        return "UTF-16 BE"
    head = data[:4096]
    if head.count(0) * 100 < len(head):
        return None
    # no BOM: ASCII newlines, colons and spaces put the NUL bytes on one side of each pair
    big = head[0::2].count(0) > head[1::2].count(0)
    codec = "utf-16-be" if big else "utf-16-le"
    text = head[: len(head) // 2 * 2].decode(codec, errors="replace")
    if "\n" not in text and ":" not in text:
        return None
    return "UTF-16 BE" if big else "UTF-16 LE"


def _not_utf8(data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return "不是有效的 UTF-8 编码，请用文本编辑器另存为 UTF-8"
    return "不是 UTF-8 编码：看起来是 GBK/GB18030 编码（常见于 Windows 记事本/WPS），请另存为 UTF-8"


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


# ---------------------------------------------------------------- text to nodes


def parse(text: str, rel: str) -> tuple[YNode | None, list[Finding]]:
    """Compose and walk ``text``; None and findings when it is not usable YAML."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_finding(exc, text, rel)]
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes of the UTF-8 encoding, the pure-Python reader characters
        prefix = text.encode()[: exc.position].decode(errors="ignore") if _LIBYAML else text[: exc.position]
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [finding("GK002", rel, line, column, f"含有不允许的控制字符 U+{code:04X}，请删除")]
    except yaml.YAMLError as exc:
        return None, [finding("GK002", rel, None, None, f"YAML 无法读取（{exc}）")]
    if node is None:
        return None, [finding("GK002", rel, 1, 1, "文件为空")]
    walker = _Walker(rel)
    try:
        out = walker.node(node, 0)
    except _Refused as exc:
        return None, [finding("GK004", rel, 1, 1, str(exc))]
    return out, walker.findings


def load_yaml_file(path: Path, rel: str) -> tuple[YNode | None, list[Finding]]:
    """Read, decode and parse one YAML file of a site."""
    text, findings = read_text(path, rel, MAX_YAML_BYTES)
    if text is None:
        return None, findings
    node, more = parse(text, rel)
    return node, findings + more


class _Walker:
    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.budget = NODE_BUDGET
        self.findings: list[Finding] = []
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()
        self.aliased = False
        """Whether a collection was reached twice (an alias expanded): only then is it a bomb."""

    def node(self, node: yaml.Node, depth: int) -> YNode:
        self.budget -= 1
        if self.budget < 0:
            if self.aliased:
                raise _Refused(f"锚点/别名展开后超过 {NODE_BUDGET} 个节点，拒绝处理（可能是“别名炸弹”）")
            raise _Refused(f"节点过多（超过 {NODE_BUDGET} 个键和值，一份报告约 400 个），拒绝处理")
        if depth > MAX_DEPTH:
            raise _Refused(f"嵌套超过 {MAX_DEPTH} 层，拒绝处理")
        if type(node) is yaml.ScalarNode:
            return self.scalar(node)
        if not self.aliased:
            if id(node) in self.seen:
                self.aliased = True
            self.seen.add(id(node))
        mark = node.start_mark
        if type(node) is yaml.SequenceNode:
            return YSeq(self.items(node, depth + 1), mark.line + 1, mark.column + 1)
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, depth, mark.line + 1, mark.column + 1)

    def items(self, node: yaml.SequenceNode, depth: int) -> list[YNode]:
        """A sequence's items; a list of plain integers (every row of table 三) takes a short cut
        with the same result and budget as :meth:`node`."""
        out: list[YNode] = []
        for child in node.value:
            if (
                type(child) is yaml.ScalarNode
                and child.tag == _PLAIN
                and len(child.value) <= MAX_NUMBER_DIGITS
                and _DECIMAL_INT.match(child.value)
            ):
                self.budget -= 1
                if self.budget < 0 or depth > MAX_DEPTH:
                    out.append(self.node(child, depth))  # raises
                mark = child.start_mark
                out.append(YScalar(int(child.value, 10), child.value, mark.line + 1, mark.column + 1))
            else:
                out.append(self.node(child, depth))
        return out

    def mapping(self, node: yaml.MappingNode, depth: int, line: int, column: int) -> YMap:
        out = YMap([], line, column)
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, depth)
            if key.text in seen:
                self.findings.append(
                    finding(
                        "GK003",
                        self.rel,
                        key.line,
                        key.column,
                        f"“{key.text}”重复，第 {seen[key.text]} 行已出现（YAML 只会保留其中一个）",
                    )
                )
                continue
            seen[key.text] = key.line
            out.entries.append((key, self.node(value_node, depth + 1)))
        return out

    def key(self, node: yaml.Node, depth: int) -> YScalar:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        walked = self.node(node, depth + 1)
        self.findings.append(finding("GK002", self.rel, walked.line, walked.column, "键必须是文字，不能是列表或映射"))
        return YScalar(None, "?", walked.line, walked.column)

    def scalar(self, node: yaml.ScalarNode) -> YScalar:
        mark = node.start_mark
        text = str(node.value)
        return YScalar(self.construct(node), text, mark.line + 1, mark.column + 1, node.style in ("'", '"'))

    def construct(self, node: yaml.ScalarNode) -> Scalar:
        value: str = node.value
        if node.tag == _PLAIN:
            if _DECIMAL_INT.match(value):
                # "010" is ten here, not YAML 1.1 octal; an absurdly long one stays text
                return int(value, 10) if len(value) <= MAX_NUMBER_DIGITS else value
            node.tag = _implicit_tag(value)
        tag = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else "str"
        if (tag == "int" and not _DECIMAL_INT.match(value.strip())) or (
            tag == "float" and _NOT_PLAIN_FLOAT.search(value)
        ):
            return value  # YAML 1.1 forms (1:30, 0x10, 0b101, 1_000, 1_000.5, 1e3) stay text
        c = self.constructor
        try:
            if tag == "int":
                return int(value.strip(), 10) if len(value.strip()) <= MAX_NUMBER_DIGITS else value
            if tag == "float":
                return float(c.construct_yaml_float(node))
            if tag == "bool":
                return bool(c.construct_yaml_bool(node))
            if tag == "null":
                return None
            if tag == "timestamp":
                stamp = c.construct_yaml_timestamp(node)
                assert isinstance(stamp, dt.date)
                return stamp
        except (ValueError, TypeError, OverflowError):
            pass
        return str(node.value)


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _implicit_tag(value: str) -> str:
    """The tag SafeLoader would give a plain scalar (YAML 1.1: int, float, bool, null, timestamp)."""
    for tag, regexp in _IMPLICIT.get(value[:1] or "", []) + _IMPLICIT.get(None, []):
        if regexp.match(value):
            return str(tag)
    return BaseResolver.DEFAULT_SCALAR_TAG


# ---------------------------------------------------------------- syntax errors in Chinese

_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("could not find expected ':'", "找不到预期的冒号“:”（常见原因：冒号后缺少空格，或用了中文冒号“：”）"),
    ("mapping values are not allowed", "此处不能出现“:”（常见原因：缩进不一致，或值中有未加引号的冒号）"),
    ("tab character", "含有制表符（Tab）：YAML 缩进只能用空格"),
    ("found character '\\t'", "含有制表符（Tab）：YAML 缩进只能用空格"),
    ("cannot start any token", "含有不能作为开头的字符（如 Tab、@、`）"),
    ("did not find expected key", "缩进不一致：此处应为一个键"),
    ("did not find expected ',' or ']'", "方括号列表缺少“,”或“]”（常见原因：用了中文逗号“，”或缺少右方括号）"),
    ("did not find expected ',' or '}'", "花括号映射缺少“,”或“}”（常见原因：用了中文逗号“，”或缺少右花括号）"),
    ("expected ',' or ']'", "方括号列表缺少“,”或“]”（常见原因：用了中文逗号“，”或缺少右方括号）"),
    ("expected ',' or '}'", "花括号映射缺少“,”或“}”（常见原因：用了中文逗号“，”或缺少右花括号）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found undefined alias", "使用了未定义的别名（*名称）"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("expected a single document", "文件中有多个 YAML 文档（“---”分隔），只能有一个"),
    ("but found another document", "文件中有多个 YAML 文档（“---”分隔），只能有一个"),
    ("unknown escape character", "双引号字符串中有无法识别的转义字符（反斜杠）"),
    ("did not find expected node content", "此处缺少内容"),
    ("block sequence entries are not allowed", "此处不能出现“- ”列表项（缩进不一致）"),
    ("did not find expected '-' indicator", "列表项缩进不一致：此处应为“- ”"),
    ("unacceptable character", "含有不允许的控制字符"),
    ("control characters are not allowed", "含有不允许的控制字符"),
    ("found unexpected ':'", "此处不能出现“:”"),
    ("could not find expected", "缺少预期的符号"),
)


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, rel: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = exc.problem or exc.context or "未知错误"
    message = translate_problem(problem)
    lines = text.splitlines()
    colon = _chinese_colon(lines, line) if line is not None else None
    if colon is not None:
        line, column = colon
        message = "用了中文冒号“：”，请改为英文冒号加空格“: ”"
    elif line is not None and column is not None and _line(lines, line)[column - 1 : column] == "\t":
        message = "含有制表符（Tab）：YAML 缩进只能用空格"
    elif exc.context == "while scanning a simple key" and exc.context_mark is not None:
        # libyaml notices the missing ':' a line late; the key started here
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        if "：" in _line(lines, line):
            message = "用了中文冒号“：”，请改为英文冒号加空格“: ”"
    elif "mapping values are not allowed" in problem and line is not None:
        before = _previous_content_line(lines, line)
        if before is not None and _NO_SPACE_COLON.match(lines[before - 1]):
            line, column = before, lines[before - 1].index(":") + 1
            message = "冒号后缺少空格（YAML 要求“键: 值”，冒号后有一个空格）"
    return finding("GK002", rel, line, column, f"YAML 语法错误：{message}")


_NO_SPACE_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#\[{'\"][^:#]*:[^\s:/]")


_CHINESE_COLON_KEY = re.compile(r"^(?P<indent>\s*(?:-\s+)?)[^\s#:：'\"\[{][^:#：]*?\s*：")
"""A key written with a full-width colon: "年度：2022", "  行政处罚：4"."""


def _chinese_colon(lines: list[str], line: int) -> tuple[int, int] | None:
    """The nearest line at or before ``line`` whose key ends in "：" (libyaml reports such a line
    one or more lines late, at a place that does not name the colon), with the key's column."""
    for number in range(min(line, len(lines)), 0, -1):
        m = _CHINESE_COLON_KEY.match(lines[number - 1])
        if m is not None:
            return number, m.end("indent") + 1
    return None


def _line(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _previous_content_line(lines: list[str], line: int) -> int | None:
    for n in range(line - 1, 0, -1):
        stripped = lines[n - 1].strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None


def translate_problem(problem: str) -> str:
    """A Chinese explanation of a PyYAML/libyaml problem, the original kept when untranslated."""
    for needle, chinese in _PROBLEMS:
        if needle in problem:
            return chinese
    return f"无法解析（{_strip_marks(problem)}）"


def _strip_marks(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
