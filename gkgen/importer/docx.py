"""Word (.docx) reports -> Document, with merged cells (gridSpan, vMerge) expanded.

A .docx is a zip of XML parts. Before python-docx reads it, the zip's directory is checked: sizes
after decompression and compression ratios are bounded (a "zip bomb" is refused without being
decompressed), and no XML part may declare a DTD (entity expansion, external entities). Whatever
the parser still refuses becomes a Chinese error naming the file.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from gkgen.errors import UsageError
from gkgen.importer.grid import Block, CellBudget, Document, GridBuilder, GridCell, InputLimit, Paragraph, Table

MB = 1024 * 1024
MAX_MEMBERS = 2000
MAX_PART = 50 * MB
"""Any part (images included) after decompression."""
MAX_XML_PART = 20 * MB
"""An XML part after decompression; a long report's document.xml is well under 2 MB."""
MAX_UNPACKED = 200 * MB
MAX_RATIO = 100
"""Compression ratio refused for a part over 1 MB (Word's XML compresses about 5-20 times)."""
MAX_GRID_SPAN = 1000
_DTD = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_SPAN = re.compile(r"\s*\d{1,9}\s*")


def read_docx(path: Path) -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml import etree  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - python-docx is in the import extra
        raise UsageError("读取 Word 文件需要 python-docx：pip install 'gkgen[import]'") from exc
    _check_package(path)
    broken = (
        PackageNotFoundError,
        KeyError,
        ValueError,
        IndexError,
        etree.LxmlError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    )
    try:
        document = docx.Document(str(path))
        body = document.element.body
        title = document.core_properties.title or None
    except broken as exc:
        raise UsageError(f"{path}：不是有效的 .docx 文件，无法读取（{_reason(exc)}）") from exc
    blocks: list[Block] = []
    budget = CellBudget()
    tables = 0
    for child in body.iterchildren() if body is not None else ():
        tag = _local(child.tag)
        if tag == "p":
            text = _text(child)
            if text:
                blocks.append(Paragraph(text))
        elif tag == "tbl":
            tables += 1
            try:
                blocks.append(_table(child, budget))
            except InputLimit as exc:
                raise UsageError(f"{path}：第 {tables} 个表格：{exc}") from exc
    return Document(blocks, "Word 文档", title=title)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:120] + "…"


def _check_package(path: Path) -> None:
    """Refuse a zip whose parts would unpack too large, or XML parts with a DTD, before reading."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UsageError(
                    f"{path}：压缩包内有 {len(infos)} 个部件，超过 {MAX_MEMBERS} 个，不像 Word 文件，未读取"
                )
            total = 0
            for info in infos:
                _check_size(path, info)
                total += info.file_size
                if total > MAX_UNPACKED:
                    raise UsageError(
                        f"{path}：解压后合计超过 {MAX_UNPACKED // MB} MB，不像年度报告的 Word 文件"
                        "（可能是压缩炸弹），未读取"
                    )
            for info in infos:
                if _is_xml(info.filename) and _has_dtd(archive, info):
                    raise UsageError(
                        f"{path}：部件 {info.filename} 含有 DTD 或实体声明（<!DOCTYPE、<!ENTITY>）。"
                        "Word 文件不会包含这些，它们可用于实体膨胀或读取外部文件，已拒绝读取"
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise UsageError(f"{path}：不是有效的 .docx 文件，无法读取（{_reason(exc)}）") from exc


def _check_size(path: Path, info: zipfile.ZipInfo) -> None:
    limit = MAX_XML_PART if _is_xml(info.filename) else MAX_PART
    if info.file_size > limit:
        raise UsageError(
            f"{path}：部件 {info.filename} 解压后 {info.file_size // MB} MB，超过 {limit // MB} MB 的上限"
            "（可能是压缩炸弹），未读取"
        )
    if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise UsageError(
            f"{path}：部件 {info.filename} 的压缩比超过 {MAX_RATIO} 倍（{info.compress_size} 字节解压为 "
            f"{info.file_size} 字节），可能是压缩炸弹，未读取"
        )


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as stream:
        data = stream.read(MAX_XML_PART + 1)  # the size was checked; a part that lies fails its CRC
    return any(mark in data for mark in _DTD)


def _local(tag: object) -> str:
    """An element's name without its namespace; "" for comments, processing instructions and
    entity references (whose ``tag`` is not a string)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el.iterchildren() if _local(c.tag) == name]


def _text(el: Any) -> str:
    """All text of a paragraph or cell (w:t, with w:tab and w:br as nothing: labels wrap)."""
    parts: list[str] = []
    for node in el.iter():
        if _local(node.tag) == "t" and node.text:
            parts.append(node.text)
    return "".join(parts).strip()


def _prop(tc: Any, name: str) -> Any | None:
    for pr in _children(tc, "tcPr"):
        for node in _children(pr, name):
            return node
    return None


def _attr(node: Any, name: str) -> str | None:
    for key, value in node.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _grid_span(tc: Any, row: int) -> int:
    node = _prop(tc, "gridSpan")
    value = _attr(node, "val") if node is not None else None
    if value is None:
        return 1
    if not _SPAN.fullmatch(value) or int(value) > MAX_GRID_SPAN:
        raise InputLimit(f"第 {row} 行的合并单元格列数（gridSpan）“{value[:20]}”无效：应为 1 到 {MAX_GRID_SPAN} 的整数")
    return max(int(value), 1)


def _table(tbl: Any, budget: CellBudget) -> Table:
    builder = GridBuilder(budget)
    above: dict[int, GridCell] = {}
    for r, tr in enumerate(_children(tbl, "tr"), start=1):
        row: list[GridCell] = []
        col = 0
        for tc in _children(tr, "tc"):
            span = _grid_span(tc, r)
            budget.take(span)
            merge = _prop(tc, "vMerge")
            continues = merge is not None and (_attr(merge, "val") or "continue") == "continue"
            cell = above[col] if continues and col in above else GridCell(_text(tc), builder.new_origin())
            for c in range(col, col + span):
                row.append(cell)
                above[c] = cell
            col += span
        builder.add_spanned_row(row)
    return builder.table()
