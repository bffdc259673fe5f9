"""YYYY.yaml and agency.yaml text for an imported report.

The numbers go through the loader's canonical writer with the typed totals kept (a 7th 表三
value, a ``总计`` row, a 5th 表四 value), so that `gkgen check` reports what the original
report printed wrong.
"""

from __future__ import annotations

from gkgen.data import ReportData
from gkgen.format.model import Format
from gkgen.load.writer import dump_report_yaml


def report_yaml(data: ReportData, header: str) -> str:
    """The YAML of ``data`` (typed totals included) under a comment naming where it came from."""
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + dump_report_yaml(data, totals=True)


def agency_yaml(name: str, *, named_from: str, category: str | None = None, level: str = "部门") -> str:
    """agency.yaml for a new agency: the placeholder 分类 unless ``category`` is given."""
    if category is None:
        head = (
            "# 由 gkgen import 生成。请核对“名称”（" + named_from + "），并把“分类”改为 gkgen.yaml\n"
            "# “分类”列表中的一项：在改正之前，gkgen check 会报 GK014。\n"
        )
    else:
        head = "# 由 gkgen import 生成。请核对“名称”（" + named_from + "）。\n"
    level_note = "  # 人民政府、管委会的报告为“政府”（3月31日前发布），其他为“部门”（1月31日前）"
    return (
        head
        + f"名称: {_quote(name)}\n"
        + f"分类: {_quote(category) if category is not None else '待分类'}\n"
        + f"层级: {level}{level_note}\n"
    )


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_label(fmt: Format) -> str:
    return f"{fmt.id} 年格式（{fmt.document}）"
