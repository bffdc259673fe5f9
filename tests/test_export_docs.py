"""docs/data.md lists every id of both formats, generated from the model and kept in step."""

from __future__ import annotations

from pathlib import Path

from gkgen.format import FORMATS
from gkgen.format.model import ColumnGroup, walk_rows
from tools.iddoc import id_tables, replace_generated

DOC = Path(__file__).resolve().parent.parent / "docs" / "data.md"


def model_ids() -> set[str]:
    ids: set[str] = set()
    for fmt in FORMATS.values():
        ids.update(b.id for b in fmt.active.blocks)
        for block, item in fmt.active.items():
            ids.add(item.id)
            ids.update(f.id for f in block.fields)
        ids.update(r.id for r in walk_rows(fmt.applications.rows))
        ids.update(c.id for c in fmt.applications.columns())
        stack: list[object] = [fmt.applications.header, *fmt.reviews.header]
        while stack:
            node = stack.pop()
            if isinstance(node, ColumnGroup):
                ids.add(node.id)
                stack.extend(node.children)
        ids.update(c.id for g in fmt.reviews.groups() for c in g.leaves())
        ids.update({fmt.active.id, fmt.applications.id, fmt.reviews.id})
    return ids


def test_doc_id_tables_are_in_step_with_the_model() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert replace_generated(text, id_tables()) == text, "run: python -m tools.iddoc docs/data.md"


def test_doc_lists_every_id() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(i for i in model_ids() if f"`{i}`" not in text)
    assert not missing
