"""The year overview table and the charts: their numbers against report.json and summary.xlsx's
sums, late reports in words, the SVG's accessibility and determinism, and the gkgen.yaml switch."""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from charts_support import LATE, make_charts_site
from conftest import MINIMAL, MakeSite

from gkgen.data import Number, Site
from gkgen.export.json import report_json
from gkgen.export.year import aggregates
from gkgen.format.totals import full_grid
from gkgen.html import render_site
from gkgen.html.charts import PALETTE, BarRow, Series, fit_label, grouped_bars, stacked_bars, text_em
from gkgen.html.figures import figures
from gkgen.load.site import load_site

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, str, dict[str, str]]
"""(row kind, first cell text, cells by column heading)."""


def sample_site() -> Site:
    site, _ = load_site(ROOT)
    return site


def pages(site: Site) -> dict[str, str]:
    return {k: v.decode() for k, v in render_site(site, pdf=True).items() if k.endswith(".html")}


def text(cell: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def overview_rows(page: str) -> list[Row]:
    """The overview table's body rows, each cell keyed by its column heading ("办理结果/总计")."""
    table = page[page.index('<table class="gk-overview">') : page.index("</table>", page.index("gk-overview"))]
    head = re.findall(r"<tr>(.*?)</tr>", table[: table.index("</thead>")], re.S)
    top = re.findall(r"<th([^>]*)>(.*?)</th>", head[0])
    second = iter(text(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", head[1]))
    columns: list[str] = []
    for attrs, label in top:
        span = re.search(r'colspan="(\d+)"', attrs)
        columns.extend([f"{text(label)}/{next(second)}" for _ in range(int(span.group(1)))] if span else [text(label)])
    out: list[Row] = []
    for kind, body in re.findall(r'<tr class="gk-row-(\w+)">(.*?)</tr>', table, re.S):
        cells = [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)]
        assert len(cells) == len(columns), (cells, columns)
        out.append((kind, cells[0], dict(zip(columns, cells, strict=True))))
    return out


def from_report_json(doc: dict[str, Any]) -> dict[str, Number]:
    """The overview's figures read straight from report.json, by row and column id."""
    tables = doc["tables"]

    def rows(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for node in nodes:
            out[node["id"]] = node
            out |= rows(node.get("rows", []))
        return out

    def row_total(node: dict[str, Any]) -> Number:
        if "values" in node:
            value: Number = node["values"]["total"]["value"]
            return value
        return sum((row_total(child) for child in node["rows"]), start=0)

    apps = rows(tables["applications"]["rows"])
    out: dict[str, Number] = {}
    for label, row_id in (
        ("本年新收", "new_received"),
        ("上年结转", "carried_over"),
        ("结转下年度", "carry_forward"),
        ("办理结果/总计", "results_total"),
        ("办理结果/予以公开", "disclosed"),
        ("办理结果/部分公开", "partly_disclosed"),
        ("办理结果/不予公开", "withheld"),
        ("办理结果/无法提供", "unable"),
        ("办理结果/不予处理", "not_processed"),
        ("办理结果/其他处理", "other_handling"),
    ):
        out[label] = row_total(apps[row_id])
    groups = {g["id"]: g["values"] for g in tables["reviews"]["groups"]}
    out["行政复议/总计"] = groups["admin_review"]["review_total"]["value"]
    out["行政复议/结果纠正"] = groups["admin_review"]["review_corrected"]["value"]
    out["行政诉讼/总计"] = (
        groups["direct_suit"]["direct_total"]["value"] + groups["suit_after_review"]["after_total"]["value"]
    )
    out["行政诉讼/结果纠正"] = (
        groups["direct_suit"]["direct_corrected"]["value"] + groups["suit_after_review"]["after_corrected"]["value"]
    )
    for block in tables["active"]["blocks"]:
        for item in block["items"]:
            if item["id"] not in ("rules", "normative_documents", "licensing", "penalty", "enforcement"):
                continue
            field = next((f for f in block["fields"] if f["id"] == "decisions"), block["fields"][0])
            name = "处理决定" if field["id"] == "decisions" else field["label"]
            out[f"主动公开（表二）/{item['label']}{name}"] = item["values"][field["id"]]["value"]
    return out


def percent(part: Number, whole: Number) -> str:
    if whole == 0:
        return "—"
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.1'), rounding='ROUND_HALF_UP')}%"


def expected_cells(values: dict[str, Number]) -> dict[str, str]:
    out = {k: str(v) for k, v in values.items()}
    whole = values["办理结果/总计"]
    out["办理结果/予以公开占比"] = percent(values["办理结果/予以公开"], whole)
    out["办理结果/部分公开占比"] = percent(values["办理结果/部分公开"], whole)
    return out


def summed(items: list[dict[str, Number]]) -> dict[str, Number]:
    return {k: sum((i[k] for i in items), start=0) for k in items[0]}


@pytest.mark.parametrize("which", ["sample", "synthetic"])
def test_overview_numbers_equal_report_json_for_every_agency(which: str, tmp_path: Path) -> None:
    site = sample_site() if which == "sample" else make_charts_site(tmp_path)
    assert site.portal is not None
    out = pages(site)
    years = sorted({r.year for r in site.reports})
    checked = 0
    for year in years:
        rows = overview_rows(out[f"{year}/index.html"])
        by_name = {name: cells for kind, name, cells in rows if kind == "report"}
        reports = [r for r in site.reports if r.year == year]
        assert sorted(by_name) == sorted(r.agency.name for r in reports)
        values: dict[str, dict[str, Number]] = {}
        for report in reports:
            doc = json.loads(report_json(report, site.portal))
            values[report.agency.name] = from_report_json(doc)
            cells = by_name[report.agency.name]
            assert {k: cells[k] for k in expected_cells(values[report.agency.name])} == expected_cells(
                values[report.agency.name]
            ), (year, report.agency.name)
            checked += 1
        for kind, name, cells in rows:
            if kind == "report":
                continue
            members = [
                values[r.agency.name] for r in reports if kind == "total" or name.startswith(f"{r.agency.category}小计")
            ]
            assert members, name
            assert {k: cells[k] for k in expected_cells(members[0])} == expected_cells(summed(members)), (year, name)
            assert name.endswith(f"（{len(members)}个机构）") and cells["发布日期"] == ""
        assert [k for k, _, _ in rows].count("total") == 1 and rows[-1][0] == "total"
    assert checked == len(site.reports)


def test_subtotals_are_summary_xlsx_aggregates(tmp_path: Path) -> None:
    """The same sums as summary.xlsx (export.year.aggregates), cell for cell."""
    site = make_charts_site(tmp_path)
    assert site.portal is not None
    for year in (2019, 2021):
        reports = [r for r in site.reports if r.year == year]
        for agg in aggregates(reports, year, site.portal.categories):
            members = [r for r in reports if not agg.scope or r.agency.category == agg.scope]
            grids = [full_grid(r.data) for r in members if r.data is not None]
            assert full_grid(agg.data) == {k: sum(g[k] for g in grids) for k in full_grid(agg.data)}
            assert figures(agg.data)["results_total"] == sum(
                figures(r.data)["results_total"] for r in members if r.data
            )


def test_late_reports_are_marked_in_words(tmp_path: Path) -> None:
    rows = overview_rows(pages(make_charts_site(tmp_path))[f"{LATE[1]}/index.html"])
    late = {name: cells["发布日期"] for kind, name, cells in rows if kind == "report" and "逾期" in cells["发布日期"]}
    assert late == {"市市场监督管理局": "2022年2月15日逾期，期限为2022年1月31日"}


def test_overview_links_every_output_of_a_report(tmp_path: Path) -> None:
    page = pages(make_charts_site(tmp_path))["2021/index.html"]
    row = page[page.index('<a href="../2021/shi-gaj/index.html">市公安局</a>') :]
    row = row[: row.index("</tr>")]
    links = re.findall(r'<a href="([^"]+)"', row)
    assert links == [
        "../2021/shi-gaj/index.html",
        "../2021/shi-gaj/report.pdf",
        "../2021/shi-gaj/report.docx",
        "../2021/shi-gaj/report.json",
    ]


def test_charts_on_every_kind_of_page(tmp_path: Path) -> None:
    out = pages(make_charts_site(tmp_path))
    year = out["2021/index.html"]
    assert year.count('<svg class="gk-chart-svg"') == 2
    report = out["2021/shi-gaj/index.html"]
    assert report.count('<svg class="gk-chart-svg"') == 3
    assert out["index.html"].count('<svg class="gk-chart-svg"') == 3
    fragment = out["2021/shi-gaj/report.fragment.html"]
    assert fragment.count('<svg class="gk-chart-svg"') == 3
    styles = re.findall(r"<style>(.*?)</style>", fragment, re.S)
    assert len(styles) == 2
    selectors = [
        s.strip()
        for rule in re.findall(r"([^{}]+)\{", re.sub(r"/\*.*?\*/", "", styles[1], flags=re.S))
        for s in rule.split(",")
        if not s.strip().startswith("@")
    ]
    assert selectors and all(s.startswith(".gk-charts ") or s == ".gk-charts" for s in selectors), selectors
    for name, page in out.items():
        for svg in re.findall(r'<svg class="gk-chart-svg".*?</svg>', page, re.S):
            labelled = re.search(r'aria-labelledby="([^"]+)"', svg)
            assert labelled is not None
            title, desc = labelled.group(1).split()
            assert f'<title id="{title}">' in svg and f'<desc id="{desc}">' in svg, name
            assert not re.search(r"<script|href=|xlink|url\(", svg), name
        ids = re.findall(r'\bid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), name


def test_trend_covers_every_year_of_the_agency(tmp_path: Path) -> None:
    out = pages(make_charts_site(tmp_path))
    report = out["2020/xian-zf/index.html"]
    assert ">内蒙古自治区呼伦贝尔市某某旗人民政府办公室政务公开科历年政府信息公开主要数字</figcaption>" in report
    assert ">全部机构历年政府信息公开主要数字（合计）</figcaption>" in out["index.html"]
    trend = report[report.index('gk-charts-data"') :]
    assert re.findall(r'<th scope="row">(\d{4})年</th>', trend) == ["2019", "2020", "2021"]
    single = out["2021/shi-gjj/index.html"]
    assert re.findall(r'<th scope="row">(\d{4})年</th>', single[single.index('gk-charts-data"') :]) == ["2021"]


def test_agency_chart_sorted_by_total(tmp_path: Path) -> None:
    page = pages(make_charts_site(tmp_path))["2021/index.html"]
    figure = page[page.index('id="gk-chart-agency"') :]
    table = figure[figure.index("<tbody>") : figure.index("</tbody>")]
    totals = [int(re.findall(r'<td class="num">(\d+)</td>', row)[-1]) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    assert len(totals) == 6 and totals == sorted(totals, reverse=True)


@pytest.mark.parametrize(
    ("setting", "overview", "charts"),
    [
        ({"年度概览表": False}, False, True),
        ({"图表": False}, True, False),
        ({"年度概览表": False, "图表": False}, False, False),
    ],
)
def test_gkgen_yaml_switches_overview_and_charts_off(
    tmp_path: Path, setting: dict[str, bool], overview: bool, charts: bool
) -> None:
    out = pages(make_charts_site(tmp_path, {"概览与图表": setting}))
    for name, page in out.items():
        assert ("gk-chart-svg" in page) == charts, name
    assert ('class="gk-overview"' in out["2021/index.html"]) == overview
    assert ("<style>" in out["2021/shi-gaj/report.fragment.html"].split("</style>", 1)[1]) == charts


def test_display_setting_is_checked_by_the_loader(make_site: MakeSite) -> None:
    config = (MINIMAL / "gkgen.yaml").read_text(encoding="utf-8")
    site, findings = load_site(make_site({"gkgen.yaml": config + "概览与图表:\n  图表: false\n"}))
    assert findings == [] and site.portal is not None
    assert site.portal.settings["概览与图表"] == {"图表": False}
    _, findings = load_site(make_site({"gkgen.yaml": config + "概览与图表:\n  图表: 否\n  年度概览: true\n"}))
    assert sorted(f.rule for f in findings) == ["GK102", "GK103"]
    assert any("docs/theme.md" in f.message or "true 或 false" in f.message for f in findings)


def test_charts_are_deterministic_and_scale_to_the_largest() -> None:
    series = (Series("甲", PALETTE[0]), Series("乙", PALETTE[-1]))
    rows = (BarRow("一", (3, 1)), BarRow("二", (0, 2)), BarRow("三", (0, 0)))
    svg = stacked_bars("c", "标题", "说明", series, rows)
    assert svg == stacked_bars("c", "标题", "说明", series, rows)
    assert re.findall(r'<rect[^>]* width="([\d.]+)%"', svg) == ["63.75", "21.25", "42.5"]  # 4 spans 85 %
    grouped = grouped_bars("g", "标题", "说明", series, rows)
    assert re.findall(r'<rect[^>]* width="([\d.]+)%"', grouped) == ["85", "28.33", "56.67"]
    assert re.findall(r">(\d+)</text>", grouped) == ["3", "1", "0", "2", "0", "0"]


def test_palette_lightness_strictly_increases() -> None:
    """Greyscale print and colour-blind readers tell the series apart by lightness."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    values = [luminance(c) for c in PALETTE]
    assert values == sorted(values) and len(set(values)) == len(values)
    ratios = [(b + 0.05) / (a + 0.05) for a, b in itertools.pairwise(values)]
    assert min(ratios) > 1.3, ratios


def test_long_cjk_labels_are_cut_to_fit() -> None:
    name = "内蒙古自治区呼伦贝尔市某某旗人民政府办公室政务公开科"
    cut = fit_label(name)
    assert cut.endswith("…") and text_em(cut) <= 21 and name.startswith(cut[:-1])
    assert fit_label("市公安局") == "市公安局"
    svg = stacked_bars("c", "t", "d", (Series("甲", PALETTE[0]),), (BarRow(name, (1,)),))
    assert f"<title>{name}</title>{cut}" in svg
