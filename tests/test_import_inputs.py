"""Input kinds and matcher behaviour: portal HTML, Word with blank and merged cells, pdftotext-like
text, run-together digits, blank cells, format and year detection."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from import_grids import write_docx
from import_support import IMPORT, SEEDS_RAW, load, seed_site

from gkgen.format import FORMAT_2021
from gkgen.format.model import ACTIVE, APPLICATIONS, REVIEWS
from gkgen.importer import import_file
from gkgen.importer.grid import Paragraph, Table
from gkgen.importer.html import read_html
from gkgen.importer.labels import core, parse_number
from gkgen.importer.narrative import split_narrative
from gkgen.importer.text import read_text
from gkgen.importer.tokens import Val, fit

PORTAL = IMPORT / "portal-2022.html"
PIPE_SEED = SEEDS_RAW / "004_de67b3003fa77aa1.txt"


# ---------------------------------------------------------------- portal HTML


def test_portal_page_numbers() -> None:
    item = import_file(PORTAL)
    assert item.complete, (item.missing, item.match.unplaced)
    assert (item.year, item.format.id, item.name) == (2022, "2021", "清河市商务局")
    assert str(item.data.published) == "2023-01-18"
    cells = {k: c.value for k, c in item.data.cells.items()}
    assert cells[(ACTIVE, "normative_documents", "in_force")] == 12
    assert cells[(ACTIVE, "licensing", "decisions")] == 45
    assert cells[(ACTIVE, "fees", "fee_amount")] == Decimal("1.25")
    assert cells[(APPLICATIONS, "new_received", "natural_person")] == 2
    assert cells[(APPLICATIONS, "new_received", "commercial")] == 1
    assert cells[(APPLICATIONS, "not_held", "natural_person")] == 1
    assert cells[(APPLICATIONS, "carry_forward", "natural_person")] == 1
    assert cells[(REVIEWS, "admin_review", "review_upheld")] == 1
    totals = {k: c.value for k, c in item.data.typed_totals.items()}
    assert totals[(APPLICATIONS, "results_total", "total")] == 3
    assert totals[(REVIEWS, "admin_review", "review_total")] == 1


def test_portal_page_blank_cell_becomes_zero_with_a_note() -> None:
    item = import_file(PORTAL)
    placed = item.match.cells[(ACTIVE, "enforcement", "decisions")]
    assert (placed.value, placed.status) == (0, "blank")


def test_portal_page_chrome_is_dropped() -> None:
    markdown = import_file(PORTAL).markdown
    for chrome in ("您当前的位置", "浏览次数", "打印本页", "网站标识码", "版权所有", "机构概况", "统计代码"):
        assert chrome not in markdown
    assert markdown.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "# 一、总体情况" in markdown and "## （五）监督保障" in markdown
    assert markdown.rstrip().endswith("本年度未收取信息处理费。")


def test_html_spans_are_expanded() -> None:
    doc = read_html(
        "<table><tr><td rowspan='2'>甲</td><td colspan='2'>乙</td></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    (table,) = doc.tables()
    assert [[c.text for c in row] for row in table.rows] == [["甲", "乙", "乙"], ["甲", "1", "2"]]
    assert table.row_texts() == [["甲", "乙"], ["甲", "1", "2"]]


def test_layout_table_is_read_as_text() -> None:
    doc = read_html(
        "<table><tr><td><p>一、总体情况</p><table><tr><td>a</td><td>1</td></tr>"
        "<tr><td>b</td><td>2</td></tr></table></td></tr></table>"
    )
    assert isinstance(doc.blocks[0], Paragraph) and isinstance(doc.blocks[1], Table)


# ---------------------------------------------------------------- Word


def test_docx_blank_cell_and_merged_cells(tmp_path: Path) -> None:
    site = load(seed_site(tmp_path / "seeds"))
    report = site.report("hlbe-swj", 2021)
    assert report is not None and report.data is not None
    path = write_docx(report.data, tmp_path / "r.docx", "呼伦贝尔市商务局2021年政府信息公开工作年度报告")
    document = docx.Document(str(path))
    active = document.tables[0]
    licensing = next(r for r in active.rows if r.cells[0].text == "行政许可")
    assert licensing.cells[1].text == licensing.cells[3].text == "96"  # one merged cell, repeated
    licensing.cells[1].text = ""
    document.save(str(path))
    item = import_file(path)
    assert item.complete and item.name == "呼伦贝尔市商务局"
    assert item.match.cells[(ACTIVE, "licensing", "decisions")].status == "blank"


def test_not_a_docx(tmp_path: Path) -> None:
    from gkgen.errors import UsageError

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UsageError):
        import_file(bad)


# ---------------------------------------------------------------- text shapes and the matcher


def _with_row(old: str, new: str) -> str:
    text = PIPE_SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


_NEW = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


def test_run_together_digits_split_when_total_leaves_one_reading(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_with_row(_NEW, "一、本年新收政府信息公开申请数量 | 2100003 |"), encoding="utf-8")
    item = import_file(path)
    row = [item.match.cells[(APPLICATIONS, "new_received", c.id)] for c in FORMAT_2021.applications.input_columns()]
    assert [p.value for p in row] == [2, 1, 0, 0, 0, 0]
    assert {p.status for p in row} == {"split"}


def test_run_together_digits_with_two_readings_are_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_with_row(_NEW, "一、本年新收政府信息公开申请数量 | 10000011 |"), encoding="utf-8")
    item = import_file(path)
    assert not item.complete
    assert any("本年新收" in u for u in item.match.unplaced)


def test_fit_rules() -> None:
    def vals(*xs: int | None) -> list[Val]:
        return [Val(x, "" if x is None else str(x), "") for x in xs]

    assert [v.value for v in fit(vals(None, 1, 2, None, None), 2) or []] == [1, 2]  # padding
    assert [v.value for v in fit(vals(1, None, 3), 3) or []] == [1, None, 3]  # a blank cell
    assert [v.value for v in fit(vals(1, 2, None, 3), 3) or []] == [1, 2, 3]  # a stray blank
    assert fit(vals(1, 2), 3) is None


def test_label_normalisation() -> None:
    assert core("（三）不予公开") == core("(三) 不予公开") == "不予公开"
    assert core("1、属于国家秘密") == core("１．属于国家秘密") == core("1. 属于国家秘密") == "属于国家秘密"
    assert core("危及〔三安全一稳定〕") == core("危及(三安全一稳定)")
    assert parse_number("1,234") == 1234 and parse_number("96件") == 96 and parse_number("0.35") == Decimal("0.35")
    assert parse_number("—") is None and parse_number("第1项") is None


def test_layout_text_with_wrapped_and_vertical_labels() -> None:
    text = "\n".join(
        [
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "     信息内容   本年制发件数       本年废止件数              现行有效件数",
            "规章             1                0                    2",
            "行政规范性文                 3                1                    4",
            "件",
            "三、收到和处理政府信息公开申请情况",
            "  （二）部分公开（区分处理的，只计",
            "                          1    0    0     0     0   0    1",
            "  这一情形，不计其他情形）",
            "  （三）    4.保护第三方合法权益      0    2    0     0     0   0    2",
            "  不予公",
            "  开      5.属于三类内部事务信息     0    0    0     0     0   0    0",
            "                                                    —3—",
            "五、存在的主要问题及改进情况",
        ]
    )
    tokens_doc = read_text(text)
    item_cells = _match(tokens_doc)
    assert item_cells[(ACTIVE, "rules", "in_force")] == 2
    assert item_cells[(ACTIVE, "normative_documents", "in_force")] == 4
    assert item_cells[(APPLICATIONS, "partly_disclosed", "natural_person")] == 1
    assert item_cells[(APPLICATIONS, "third_party", "commercial")] == 2
    assert item_cells[(APPLICATIONS, "internal_affairs", "commercial")] == 0


def _match(doc: object) -> dict[tuple[str, str, str], object]:
    from gkgen.importer.match import match_tokens
    from gkgen.importer.sections import is_table_heading
    from gkgen.importer.tokens import tokenize

    result = match_tokens(FORMAT_2021, tokenize(doc.blocks, is_table_heading))  # type: ignore[attr-defined]
    assert not result.unplaced, result.unplaced
    return {k: p.value for k, p in result.cells.items()}


def test_format_detected_from_labels_not_year(tmp_path: Path) -> None:
    """001 (托里县) is a 2021 report in the 2019 format: kept in 2019 format for the checker."""
    item = import_file(SEEDS_RAW / "001_7b64940dd0c78600.txt")
    assert (item.year, item.format.id) == (2021, "2019")


def test_year_from_statistics_period_when_no_title() -> None:
    item = import_file(SEEDS_RAW / "002_b7e9bd3cd6e0a075.txt")
    assert item.year == 2021 and item.name is None


def test_narrative_lead_in_headings_and_chrome() -> None:
    out = split_narrative(
        [
            "您当前的位置：首页 > 年报",
            "某某县2021年政府信息公开工作年度报告",
            "导语。",
            "一、总体情况",
            "（一）主动公开方面。全年公开信息10条。",
            "五、存在的主要问题和改进情况",
            "问题在于",
            "时效。",
            "六、其他需要报告的事项",
            "无。",
            "主办单位：某某县人民政府办公室",
        ]
    )
    assert out.title == ["某某县2021年政府信息公开工作年度报告"]
    assert out.markdown() == (
        "导语。\n\n# 一、总体情况\n\n## （一）主动公开方面\n\n全年公开信息10条。\n\n"
        "# 五、存在的主要问题和改进情况\n\n问题在于\n\n时效。\n\n# 六、其他需要报告的事项\n\n无。\n"
    )


def test_procurement_amount_in_yuan_is_converted(tmp_path: Path) -> None:
    text = (SEEDS_RAW / "001_7b64940dd0c78600.txt").read_text(encoding="utf-8")
    text = text.replace("\t采购总金额\n", "\t采购总金额（元）\n").replace(
        "\t政府集中采购\n\t0\n\t0", "\t政府集中采购\n\t3\n\t25000"
    )
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    item = import_file(path)
    assert item.data.cells[(ACTIVE, "procurement", "purchase_items")].value == 3
    assert item.data.cells[(ACTIVE, "procurement", "purchase_amount")].value == Decimal("2.5")
    assert any("换算为万元" in n for n in item.match.notes)


def test_tables_outside_the_table_sections_are_ignored(tmp_path: Path) -> None:
    """A statistics table in 总体情况 names 行政许可 too; only the table under 二、 counts."""
    page = PORTAL.read_text(encoding="utf-8").replace(
        '<p style="text-indent:2em">（一）主动公开。全年主动公开政府信息86条。</p>',
        '<p style="text-indent:2em">（一）主动公开。全年主动公开政府信息86条。</p>'
        "<table border='1'><tr><td>事项</td><td>件数</td></tr><tr><td>行政许可</td><td>999</td></tr></table>",
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    item = import_file(path)
    assert item.complete, item.match.unplaced
    assert item.data.cells[(ACTIVE, "licensing", "decisions")].value == 45


def test_name_from_the_source_line_when_there_is_no_title() -> None:
    assert import_file(SEEDS_RAW / "004_de67b3003fa77aa1.txt").name == "阜新市煤炭工业转型发展局"


def test_gbk_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(PIPE_SEED.read_text(encoding="utf-8").encode("gb18030"))
    item = import_file(path)
    assert item.complete
    assert any("GB18030" in n for n in item.notes)
