"""YYYY.yaml text for imported numbers (DATA.md §3 layout), and agency.yaml for a new agency.

The loader's canonical writer (gkgen.load.dump_report_yaml) is used when it is available; the
small writer here keeps the importer working without it and writes the same layout: typed totals
as a 7th (表三) or 5th (表四) value and a ``总计`` row, so that `gkgen check` reports them.
"""

from __future__ import annotations

from decimal import Decimal

from gkgen.data import CellKey, Number, ReportData
from gkgen.model import ACTIVE, APPLICATIONS, REVIEWS, Format, Row


def report_yaml(data: ReportData, header: str) -> str:
    """The YAML of ``data`` under a comment naming where it came from."""
    try:
        from gkgen.load import dump_report_yaml  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        body = dump_yaml(data)
    else:
        body = str(dump_report_yaml(data))
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + body


def dump_yaml(data: ReportData) -> str:
    fmt = data.format
    lines = [f"年度: {data.year}", f"格式: {fmt.id}"]
    if data.published is not None:
        lines.append(f"发布日期: {data.published.isoformat()}")
    lines += ["", *_active(data), "", *_applications(data), "", *_reviews(data)]
    return "\n".join(lines) + "\n"


def _num(value: Number) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if text != "-0" else "0"
    return str(value)


def _get(data: ReportData, key: CellKey) -> Number | None:
    cell = data.cells.get(key) or data.typed_totals.get(key)
    return None if cell is None else cell.value


def _active(data: ReportData) -> list[str]:
    table = data.format.active
    out = [f"{table.yaml_key}:"]
    width = max(len(i.key) for _, i in table.items())
    for block, item in table.items():
        pad = "  " * (width - len(item.key))
        values = [(f.key, _get(data, (ACTIVE, item.id, f.id))) for f in block.fields]
        if block.scalar:
            value = values[0][1]
            text = "null" if value is None else _num(value)
            out.append(f"  {item.key}:{pad} {text}   # {block.fields[0].label}")
        else:
            inner = ", ".join(f"{k}: {'null' if v is None else _num(v)}" for k, v in values)
            out.append(f"  {item.key}:{pad} {{{inner}}}")
    return out


def _applications(data: ReportData) -> list[str]:
    table = data.format.applications
    typed = any(k[0] == APPLICATIONS and k[2] == table.total_column().id for k in data.typed_totals)
    labels = [c.label for c in table.input_columns()] + ([table.total_column().label] if typed else [])
    out = [f"{table.yaml_key}:", f"  # 列：{', '.join(labels)}"]
    for row in table.rows:
        out.extend(_row_lines(data, row, 1))
    return out


def _row_lines(data: ReportData, row: Row, depth: int) -> list[str]:
    indent = "  " * depth
    if row.children:
        out = [f"{indent}{row.key}:"]
        for child in row.children:
            out.extend(_row_lines(data, child, depth + 1))
        return out
    table = data.format.applications
    keys = [(APPLICATIONS, row.id, c.id) for c in table.input_columns()]
    if row.computed and not any(k in data.typed_totals for k in keys):
        return []
    values = [_get(data, k) for k in keys]
    total = _get(data, (APPLICATIONS, row.id, table.total_column().id))
    if total is not None:
        values.append(total)
    text = ", ".join("null" if v is None else _num(v) for v in values)
    return [f"{indent}{row.key}: [{text}]"]


def _reviews(data: ReportData) -> list[str]:
    table = data.format.reviews
    groups = table.groups()
    typed = any(k[0] == REVIEWS for k in data.typed_totals)
    labels = [c.label for c in groups[0].leaves() if typed or not c.computed]
    out = [f"{table.yaml_key}:", f"  # 列：{', '.join(labels)}"]
    width = max(len(g.key or g.label) for g in groups)
    for group in groups:
        values = [_get(data, (REVIEWS, group.id, c.id)) for c in group.leaves()]
        values = [v for v, c in zip(values, group.leaves(), strict=True) if not c.computed or v is not None]
        key = group.key or group.label
        pad = "  " * (width - len(key))
        text = ", ".join("null" if v is None else _num(v) for v in values)
        out.append(f"  {key}:{pad} [{text}]")
    return out


def agency_yaml(name: str, *, named_from: str) -> str:
    return (
        "# 由 gkgen import 生成。请核对“名称”（" + named_from + "），并把“分类”改为 gkgen.yaml\n"
        "# “分类”列表中的一项：在改正之前，gkgen check 会报 GK014。\n"
        f"名称: {_quote(name)}\n"
        "分类: 待分类\n"
        "层级: 部门\n"
    )


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_label(fmt: Format) -> str:
    return f"{fmt.id} 年格式（{fmt.document}）"
