"""Word (.docx) reports -> Document, with merged cells (gridSpan, vMerge) expanded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gkgen.errors import UsageError
from gkgen.importer.grid import Block, Document, GridBuilder, GridCell, Paragraph, Table


def read_docx(path: Path) -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is in the import extra
        raise UsageError("读取 Word 文件需要 python-docx：pip install 'gkgen[import]'") from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise UsageError(f"{path}：不是有效的 .docx 文件（{exc}）") from exc
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = _local(child.tag)
        if tag == "p":
            text = _text(child)
            if text:
                blocks.append(Paragraph(text))
        elif tag == "tbl":
            blocks.append(_table(child))
    title = document.core_properties.title or None
    return Document(blocks, "Word 文档", title=title)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


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


def _table(tbl: Any) -> Table:
    builder = GridBuilder()
    above: dict[int, GridCell] = {}
    for tr in _children(tbl, "tr"):
        row: list[GridCell] = []
        col = 0
        for tc in _children(tr, "tc"):
            span_node = _prop(tc, "gridSpan")
            span = int(_attr(span_node, "val") or 1) if span_node is not None else 1
            merge = _prop(tc, "vMerge")
            continues = merge is not None and (_attr(merge, "val") or "continue") == "continue"
            cell = above[col] if continues and col in above else GridCell(_text(tc), builder.new_origin())
            for c in range(col, col + max(span, 1)):
                row.append(cell)
                above[c] = cell
            col += max(span, 1)
        builder.add_spanned_row(row)
    return builder.table()
