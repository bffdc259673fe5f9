"""Close the grid of each tagged table fragment that WeasyPrint 70 writes.

A table that breaks across pages becomes one /Table structure element per page. WeasyPrint keeps
a cell that spans rows on the page where it starts, with its full /RowSpan, and the rows on the
next page have no cell in that column: the grids do not close (checkers report "rows occupy
different numbers of columns"). Here each fragment's spans are clipped to the rows it has, and
an empty placeholder cell (TH with /Scope /Row when the row's next cell is a header, else TD)
continues a spanning cell on the following page.
"""

from __future__ import annotations

from typing import Any


def _obj(pdf: Any, ref: Any) -> Any:
    if isinstance(ref, bytes | str):
        text = ref.decode() if isinstance(ref, bytes) else ref
        return pdf.objects[int(text.split()[0])]
    return None


def _kids(pdf: Any, element: Any) -> list[Any]:
    return [kid for kid in (_obj(pdf, ref) for ref in element.get("K", ())) if kid is not None and hasattr(kid, "get")]


def _rows(pdf: Any, table: Any) -> list[Any]:
    rows: list[Any] = []
    for kid in _kids(pdf, table):
        if kid.get("S") == "/TR":
            rows.append(kid)
        elif kid.get("S") in ("/THead", "/TBody", "/TFoot"):
            rows.extend(r for r in _kids(pdf, kid) if r.get("S") == "/TR")
    return rows


def close_table_grid(pdf: Any, table: Any) -> None:
    """Clip row spans to the fragment and fill the gaps left by spans from the previous page."""
    import pydyf  # type: ignore[import-untyped]

    rows = _rows(pdf, table)
    layout: list[list[tuple[int, Any]]] = []  # per row: (column, cell)
    covered: dict[tuple[int, int], bool] = {}
    width = 0
    for r, row in enumerate(rows):
        column, placed = 0, []
        for cell in (c for c in _kids(pdf, row) if c.get("S") in ("/TH", "/TD")):
            while covered.get((r, column)):
                column += 1
            attrs = cell.get("A") or {}
            colspan, rowspan = int(attrs.get("ColSpan", 1)), int(attrs.get("RowSpan", 1))
            if rowspan > len(rows) - r:
                rowspan = len(rows) - r
                if rowspan > 1:
                    attrs["RowSpan"] = rowspan
                elif "RowSpan" in attrs:
                    del attrs["RowSpan"]
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, column + dc)] = True
            placed.append((column, cell))
            column += colspan
        layout.append(placed)
        width = max(width, column, *(c + 1 for (rr, c) in covered if rr == r))
    for r, row in enumerate(rows):
        missing = [c for c in range(width) if not covered.get((r, c))]
        if not missing:
            continue
        for start, colspan in _runs(missing):
            rowspan = 1
            while r + rowspan < len(rows) and all(
                not covered.get((r + rowspan, c)) for c in range(start, start + colspan)
            ):
                rowspan += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, start + dc)] = True
            after = [cell for column, cell in layout[r] if column > start]
            header = bool(after) and after[0].get("S") == "/TH"
            attrs = pydyf.Dictionary({"O": "/Table"})
            if header:
                attrs["Scope"] = "/Row"
            if colspan > 1:
                attrs["ColSpan"] = colspan
            if rowspan > 1:
                attrs["RowSpan"] = rowspan
            placeholder = pydyf.Dictionary(
                {
                    "Type": "/StructElem",
                    "S": "/TH" if header else "/TD",
                    "K": pydyf.Array(),
                    "P": row.reference,
                    "A": attrs,
                }
            )
            if "Pg" in row:
                placeholder["Pg"] = row["Pg"]
            pdf.add_object(placeholder)
            layout[r].append((start, placeholder))
        layout[r].sort(key=lambda item: item[0])
        others = [ref for ref in row["K"] if not _is_cell(pdf, ref)]
        row["K"] = pydyf.Array([cell.reference for _, cell in layout[r]] + others)


def _is_cell(pdf: Any, ref: Any) -> bool:
    obj = _obj(pdf, ref)
    return obj is not None and hasattr(obj, "get") and obj.get("S") in ("/TH", "/TD")


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of column numbers as (start, length)."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][0] + runs[-1][1] == column:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((column, 1))
    return runs
