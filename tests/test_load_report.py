"""YYYY.yaml to ReportData: keys in every accepted form, the literal-0 shorthand, typed totals,
types and the round trip through the canonical writer. Rows and columns come from the model."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MINIMAL, MakeSite
from rules_support import good_narrative, site_of

from gkgen.data import ReportData
from gkgen.findings import Finding
from gkgen.format import FORMAT_2019, FORMAT_2021
from gkgen.format.model import Format, walk_rows
from gkgen.load.report import read_report
from gkgen.load.site import load_site
from gkgen.load.writer import dump_report_yaml
from gkgen.load.yamlpos import parse
from gkgen.rules import check_reports

Y2021 = (MINIMAL / "reports/demo/2021.yaml").read_text(encoding="utf-8")
Y2020 = (MINIMAL / "reports/demo/2020.yaml").read_text(encoding="utf-8")
APP = FORMAT_2021.applications
REV = FORMAT_2021.reviews
ACT = FORMAT_2021.active


def load(text: str, year: int = 2021) -> tuple[ReportData | None, list[Finding]]:
    node, findings = parse(text, f"reports/demo/{year}.yaml")
    data, more = read_report(node, f"reports/demo/{year}.yaml", year)
    return data, findings + more


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("fmt", "text", "year"), [(FORMAT_2021, Y2021, 2021), (FORMAT_2019, Y2020, 2020)])
def test_minimal_reports_give_every_input_cell(fmt: Format, text: str, year: int) -> None:
    data, findings = load(text, year)
    assert findings == [] and data is not None
    assert data.format is fmt
    assert set(data.cells) == set(fmt.input_keys)
    assert data.typed_totals == {}
    assert {(t, r) for t, r, _ in fmt.input_keys} <= set(data.rows)


def test_values_and_positions() -> None:
    data, _ = load(Y2021)
    assert data is not None
    line = line_of(Y2021, "本年新收")
    cell = data.cells[(APP.id, "new_received", APP.input_columns()[1].id)]
    assert (cell.value, cell.pos.line, cell.pos.column) == (1, line, 13)
    assert data.rows[(APP.id, "new_received")].line == line
    assert data.cells[(ACT.id, "fees", "fee_amount")].value == Decimal("0.35")
    assert data.published is not None and data.published.isoformat() == "2022-01-20"
    assert data.year_pos is not None and data.year_pos.line == 1
    assert data.format_pos is not None and data.format_pos.line == 2


def test_zero_group_expands_with_the_zero_position() -> None:
    data, _ = load(Y2021)
    assert data is not None
    group = APP.row("not_processed")
    line = line_of(Y2021, "不予处理: 0")
    for leaf in group.leaves():
        assert data.rows[(APP.id, leaf.id)].line == line
        for col in APP.input_columns():
            cell = data.cells[(APP.id, leaf.id, col.id)]
            assert (cell.value, cell.pos.line, cell.pos.column) == (0, line, 11)


@pytest.mark.parametrize(
    "old,new,table",
    [
        ("  予以公开: [2, 1, 0, 0, 0, 0]", "  予以公开: 0", APP.id),  # a table-三 leaf
        ("  行政复议:         [1, 0, 0, 0]", "  行政复议:         0", REV.id),  # a table-四 group
        ("  规章:           {本年制发: 0, 本年废止: 0, 现行有效: 0}", "  规章: 0", ACT.id),  # a table-二 item
    ],
)
def test_zero_row_shorthand(old: str, new: str, table: str) -> None:
    data, findings = load(replace(Y2021, old, new))
    assert findings == [] and data is not None
    line = line_of(Y2021, old.strip())
    zeros = [k for k, c in data.cells.items() if k[0] == table and c.pos.line == line]
    assert zeros and all(data.cells[k].value == 0 for k in zeros)


def test_zero_whole_tables() -> None:
    lines = Y2021.splitlines()
    head = lines[: line_of(Y2021, "主动公开:") - 1]
    text = "\n".join(head) + "\n主动公开: 0\n依申请公开: 0\n复议诉讼: 0\n"
    data, findings = load(text)
    assert findings == [] and data is not None
    assert set(data.cells) == set(FORMAT_2021.input_keys)
    assert all(c.value == 0 for c in data.cells.values())
    assert isinstance(data.cells[(ACT.id, "fees", "fee_amount")].value, Decimal)
    assert data.typed_totals == {}


def test_zero_results_group_does_not_type_the_total() -> None:
    text = Y2021[: Y2021.index("  办理结果:")] + "  办理结果: 0\n" + Y2021[Y2021.index("  结转下年度") :]
    data, findings = load(text)
    assert rules(findings) == [] and data is not None
    assert data.typed_totals == {}
    assert all(
        (APP.id, leaf.id, c.id) in data.cells
        for leaf in APP.row("results").leaves()
        if not leaf.computed
        for c in APP.input_columns()
    )


def test_typed_totals_are_captured() -> None:
    text = replace(Y2021, "  本年新收: [3, 1, 0, 0, 0, 0]", "  本年新收: [3, 1, 0, 0, 0, 0, 4]")
    text = replace(text, "  结转下年度:", "    总计: [3, 1, 0, 0, 0, 0, 4]\n  结转下年度:")
    text = replace(text, "  行政复议:         [1, 0, 0, 0]", "  行政复议:         [1, 0, 0, 0, 1]")
    data, findings = load(text)
    assert findings == [] and data is not None
    total = APP.total_column().id
    assert data.typed_totals[(APP.id, "new_received", total)].value == 4
    assert (APP.id, "new_received", total) not in data.cells
    assert data.typed_totals[(APP.id, "results_total", "natural_person")].value == 3
    assert data.typed_totals[(APP.id, "results_total", total)].value == 4
    assert data.rows[(APP.id, "results_total")].line == line_of(text, "总计:")
    review_total = next(c for c in REV.groups()[0].leaves() if c.computed)
    assert data.typed_totals[(REV.id, "admin_review", review_total.id)].value == 1
    assert set(data.cells) == set(FORMAT_2021.input_keys)


def test_typed_total_row_zero() -> None:
    text = replace(Y2021, "  结转下年度:", "    总计: 0\n  结转下年度:")
    data, _ = load(text)
    assert data is not None
    assert {k[2] for k in data.typed_totals} == {c.id for c in APP.columns()}


def test_full_official_labels_are_keys() -> None:
    text = Y2021
    for row in walk_rows(APP.rows):
        if row.children or row.computed or row.key == "其他":
            continue
        text = text.replace(f" {row.key}:", f" {row.label}:", 1)
    fields = ACT.blocks[0].fields
    values = (1, 0, 11)
    short = ", ".join(f"{f.key}: {v}" for f, v in zip(fields, values, strict=True))
    full = ", ".join(f"{f.label}: {v}" for f, v in zip(fields, values, strict=True))
    text = replace(text, "{" + short + "}", "{" + full + "}")
    text = replace(text, "依申请公开:", "三、收到和处理政府信息公开申请情况:")
    text = replace(text, "  不予公开:", "  （三）不予公开:")
    data, findings = load(text)
    assert findings == [] and data is not None
    reference, _ = load(Y2021)
    assert reference is not None
    assert {k: c.value for k, c in data.cells.items()} == {k: c.value for k, c in reference.cells.items()}


def test_numbering_typed_differently_is_accepted() -> None:
    data, findings = load(replace(Y2021, "    予以公开:", "    (一)予以公开:"))
    assert findings == [] and data is not None


def test_did_you_mean() -> None:
    text = replace(Y2021, "  本年新收:", "  本年新受:")
    data, findings = load(text)
    assert rules(findings) == ["GK102"]
    f = findings[0]
    assert (f.line, f.column) == (line_of(text, "本年新受"), 3)
    assert "是否想写“本年新收”" in f.message
    assert data is not None and (APP.id, "new_received", "natural_person") not in data.cells


def test_unknown_key_without_suggestion_lists_keys() -> None:
    text = replace(Y2021, "复议诉讼:", "备注: 无\n复议诉讼:")
    _, findings = load(text)
    assert rules(findings) == ["GK102"] and "可用的键" in findings[0].message


def test_same_row_twice_in_two_forms() -> None:
    text = replace(Y2021, "  上年结转:", "  二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0]\n  上年结转:")
    _, findings = load(text)
    assert rules(findings) == ["GK003"]


def test_missing_group_reported_once() -> None:
    start = Y2021.index("    无法提供:")
    end = Y2021.index("    不予处理:")
    data, findings = load(Y2021[:start] + Y2021[end:])
    assert rules(findings) == ["GK101"] and "无法提供" in findings[0].message
    assert data is not None and not any(k[1] == "not_held" for k in data.cells)


def test_missing_table() -> None:
    text = Y2021[: Y2021.index("复议诉讼:")]
    data, findings = load(text)
    assert rules(findings) == ["GK101"] and "复议诉讼" in findings[0].message
    assert data is not None and not any(k[0] == REV.id for k in data.cells)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("两件", "GK103"),
        ("true", "GK103"),
        ("no", "GK103"),
        ("'2'", "GK103"),
        ("2.0", "GK103"),
        ("-1", "GK105"),
        ("[2]", "GK103"),
        ("", "GK101"),
        ("~", "GK101"),
    ],
)
def test_count_types(value: str, rule: str) -> None:
    data, findings = load(replace(Y2021, "  行政处罚: 2\n", f"  行政处罚: {value}\n"))
    assert rules(findings) == [rule]
    assert data is not None
    if rule != "GK105":
        assert (ACT.id, "penalty", "decisions") not in data.cells


@pytest.mark.parametrize(
    ("value", "rules_", "stored"),
    [
        ("12", [], Decimal(12)),
        ("0.1234", [], Decimal("0.1234")),
        ("1.50000", [], Decimal("1.5")),
        ("0.12345", [], Decimal("0.12345")),
        ("24252.311082", [], Decimal("24252.311082")),  # to the 分, as Pingtan 2021 prints it
        ("0.1234567", ["GK106"], Decimal("0.1234567")),
        ("-0.5", ["GK105"], Decimal("-0.5")),
        (".nan", ["GK103"], None),
        ("一万", ["GK103"], None),
    ],
)
def test_money(value: str, rules_: list[str], stored: Decimal | None) -> None:
    data, findings = load(replace(Y2021, "  行政事业性收费: 0.35", f"  行政事业性收费: {value}"))
    assert rules(findings) == rules_ and data is not None
    cell = data.cells.get((ACT.id, "fees", "fee_amount"))
    assert (cell.value if cell else None) == stored
    if cell is not None:
        assert isinstance(cell.value, Decimal)


def test_money_keeps_the_typed_text_exactly() -> None:
    data, _ = load(replace(Y2021, "  行政事业性收费: 0.35", "  行政事业性收费: 0.1"))
    assert data is not None
    assert data.cells[(ACT.id, "fees", "fee_amount")].value == Decimal("0.1")  # not 0.1000000000000000055…


def test_delta_may_be_negative_and_gk110() -> None:
    data, findings = load(Y2020, 2020)
    assert findings == [] and data is not None
    assert data.cells[(ACT.id, "licensing", "change")].value == -1
    text = replace(Y2020, "本年增减: -1", "本年增减: -6")
    data, findings = load(text, 2020)
    assert findings == [] and data is not None  # read as typed: GK110 is a rules-stage check
    found = check_reports(site_of((data, good_narrative(data.format))))
    assert rules(found) == ["GK110"]
    assert found[0].line == line_of(text, "行政许可") and found[0].cell == (ACT.id, "licensing", "change")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  本年新收: [3, 1, 0, 0, 0, 0]", "  本年新收: [3, 1, 0, 0, 0]", "应有 6 个数（或 7 个，含总计），实有 5 个"),
        ("  本年新收: [3, 1, 0, 0, 0, 0]", "  本年新收: [3, 1, 0, 0, 0, 0, 4, 1]", "实有 8 个"),
        ("  行政复议:         [1, 0, 0, 0]", "  行政复议:         [1]", "应有 4 个数（或 5 个，含总计），实有 1 个"),
    ],
)
def test_list_lengths(old: str, new: str, expected: str) -> None:
    data, findings = load(replace(Y2021, old, new))
    assert rules(findings) == ["GK104"] and expected in findings[0].message
    assert data is not None


def test_chinese_commas_in_list() -> None:
    _, findings = load(replace(Y2021, "[3, 1, 0, 0, 0, 0]", "[3，1，0，0，0，0]"))
    assert rules(findings) == ["GK103"] and "中文逗号" in findings[0].message


def test_group_written_as_list() -> None:
    start = Y2021.index("    不予公开:")
    end = Y2021.index("    无法提供:")
    text = Y2021[:start] + "    不予公开: [0, 0, 0, 0, 0, 0]\n" + Y2021[end:]
    _, findings = load(text)
    assert rules(findings) == ["GK103"] and "小项" in findings[0].message


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("年度: 2021", "年度: 2020", "GK107"),
        ("年度: 2021", "年度: 二〇二一", "GK107"),
        ("年度: 2021\n", "", "GK101"),
        ("格式: 2021", "格式: 2020", "GK108"),
        ("格式: 2021\n", "", "GK108"),
        ("发布日期: 2022-01-20", "发布日期: 2022-1-20", "GK109"),
        ("发布日期: 2022-01-20", "发布日期: 2022年1月20日", "GK109"),
    ],
)
def test_top_keys(old: str, new: str, rule: str) -> None:
    data, findings = load(replace(Y2021, old, new))
    assert rules(findings) == [rule] and data is not None and data.format is FORMAT_2021


@pytest.mark.parametrize(
    "new", ["年度: '2021'", "格式: '2021'", "发布日期: '2022-01-20'", "发布日期: 2022-01-20 10:00:00"]
)
def test_top_keys_tolerated_forms(new: str) -> None:
    old = next(line for line in Y2021.splitlines() if line.startswith(new.split(":")[0]))
    data, findings = load(replace(Y2021, old, new))
    assert findings == [] and data is not None


def test_format_decides_the_model() -> None:
    data, findings = load(replace(Y2020, "格式: 2019", "格式: 2021"), 2020)
    assert data is not None and data.format is FORMAT_2021
    assert "GK102" in rules(findings) and "GK101" in rules(findings)


def test_meta_keys() -> None:
    data, findings = load(replace(Y2021, "发布日期:", "索引号: 11210900-2022-00001\n主题分类: 综合政务\n发布日期:"))
    assert findings == [] and data is not None
    assert data.meta == {"索引号": "11210900-2022-00001", "主题分类": "综合政务"}


def test_not_a_mapping() -> None:
    data, findings = load("- 1\n- 2\n")
    assert data is None and rules(findings) == ["GK002"]


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("year", [2020, 2021])
def test_round_trip(make_site: MakeSite, year: int) -> None:
    site, _ = load_site(MINIMAL)
    report = site.report("demo", year)
    assert report is not None and report.data is not None
    text = dump_report_yaml(report.data)
    again, findings = load(text, year)
    assert findings == [] and again is not None
    assert {k: c.value for k, c in again.cells.items()} == {k: c.value for k, c in report.data.cells.items()}
    assert again.published == report.data.published and again.format is report.data.format
    assert dump_report_yaml(again) == text
    _, findings = load_site(make_site({f"reports/demo/{year}.yaml": text}))
    assert findings == []


def test_dump_layout_follows_data_md() -> None:
    data, _ = load(Y2021)
    assert data is not None
    text = dump_report_yaml(data)
    columns = ", ".join(c.label for c in APP.input_columns())
    assert f"  # 列：{columns}\n" in text
    assert "  本年新收: [3, 1, 0, 0, 0, 0]\n" in text
    assert "  规章:           {本年制发: 0, 本年废止: 0, 现行有效: 0}\n" in text
    assert "# 二、主动公开政府信息情况" in text


def test_dump_with_typed_totals_round_trips() -> None:
    text = replace(Y2021, "  本年新收: [3, 1, 0, 0, 0, 0]", "  本年新收: [3, 1, 0, 0, 0, 0, 4]")
    text = replace(text, "  结转下年度:", "    总计: [3, 1, 0, 0, 0, 0, 4]\n  结转下年度:")
    data, _ = load(text)
    assert data is not None
    dumped = dump_report_yaml(data, totals=True)
    again, findings = load(dumped)
    assert findings == [] and again is not None
    assert {k: c.value for k, c in again.typed_totals.items()} == {k: c.value for k, c in data.typed_totals.items()}
    assert dump_report_yaml(data).count("总计") == 0


def test_dump_missing_cell_is_null_and_reported_back() -> None:
    data, _ = load(Y2021)
    assert data is not None
    del data.cells[(APP.id, "carried_over", "natural_person")]
    _, findings = load(dump_report_yaml(data))
    assert rules(findings) == ["GK101"]


def test_dump_money_and_meta_quoting() -> None:
    data, _ = load(Y2021)
    assert data is not None
    data.cells[(ACT.id, "fees", "fee_amount")] = type(data.cells[(ACT.id, "fees", "fee_amount")])(
        Decimal("1E-4"), data.cells[(ACT.id, "fees", "fee_amount")].pos
    )
    data.meta = {"索引号": "2022: 001 # x", "主题分类": "yes"}
    again, findings = load(dump_report_yaml(data))
    assert findings == [] and again is not None
    assert again.cells[(ACT.id, "fees", "fee_amount")].value == Decimal("0.0001")
    assert again.meta == data.meta


def test_path_is_relative_posix(make_site: MakeSite) -> None:
    site, _ = load_site(make_site())
    report = site.report("demo", 2021)
    assert report is not None and report.data is not None
    assert report.data.file == "reports/demo/2021.yaml"
    assert report.yaml_path == Path(site.root) / "reports/demo/2021.yaml"


def test_review_groups_nested_under_their_unkeyed_heading() -> None:
    heading = next(g for g in REV.header if g.key is None)
    nested = [g for g in REV.groups() if g in heading.children]
    text = Y2021
    for group in nested:
        text = text.replace(f"  {group.key}:", f"    {group.key}:")
    first = f"    {nested[0].key}:"
    text = replace(text, first, f"  {heading.label}:\n{first}")
    data, findings = load(text)
    assert findings == [] and data is not None
    assert set(data.cells) == set(FORMAT_2021.input_keys)
