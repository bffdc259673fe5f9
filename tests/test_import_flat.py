# ruff: noqa: E501  (the fixture text keeps its long copied lines)
"""Copied text with flattened tables: every table on one line, blanks dropped, digits run together.
Fixtures are made by flattening the sample site's own pages; hand-made rows cover the edge cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from import_support import load

from gkgen.data import CellKey, Number
from gkgen.format.model import APPLICATIONS
from gkgen.format.totals import full_grid
from gkgen.html import render_site
from gkgen.importer import FileImport, import_file
from gkgen.importer.grid import Paragraph
from gkgen.importer.html import read_html
from gkgen.importer.labels import parse_number

ROOT = Path(__file__).parent.parent
SITE = load(ROOT)
CASES = [(r.agency.id, r.year) for r in SITE.reports if r.data is not None]


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    return render_site(SITE, pdf=False)


def flatten(page: str, glue: str) -> str:
    """The page as a reader copies it: paragraphs on lines, each table on one line, its numbers
    separated by ``glue`` ("" runs the digits of a row together)."""
    lines: list[str] = []
    for block in read_html(page).blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        parts: list[str] = []
        for row in block.row_texts():
            labels = [c for c in row if parse_number(c) is None]
            numbers = [c for c in row if parse_number(c) is not None]
            parts.append(" ".join(labels) + " " + glue.join(numbers))
        lines.append("".join(parts))
    return "\n".join(lines)


def _want(agency: str, year: int) -> tuple[dict[CellKey, Number], dict[CellKey, Number]]:
    report = SITE.report(agency, year)
    assert report is not None and report.data is not None
    grid = full_grid(report.data)
    return (
        {k: c.value for k, c in report.data.cells.items()},
        {c.key: grid[c.key] for c in report.data.format.computed},
    )


@pytest.mark.parametrize(("agency", "year"), CASES, ids=[f"{a}-{y}" for a, y in CASES])
@pytest.mark.parametrize("glue", [" ", ""], ids=["spaced", "run-together"])
def test_flattened_sample_pages(pages: dict[str, bytes], tmp_path: Path, agency: str, year: int, glue: str) -> None:
    page = next(v for k, v in pages.items() if k.endswith(f"{year}/{agency}/index.html")).decode()
    text = flatten(page, glue)
    assert any(len(line) > 500 and "本年新收" in line and "予以公开" in line for line in text.splitlines())
    path = tmp_path / "copied.txt"
    path.write_text(text, encoding="utf-8")
    item = import_file(path, year=year)
    cells, totals = _want(agency, year)
    got = {k: p.value for k, p in item.match.cells.items()}
    # never a wrong number: what was placed is right, what could not be is reported
    assert {k: v for k, v in got.items() if k in cells} == {k: cells[k] for k in got if k in cells}
    assert {k: p.value for k, p in item.match.totals.items()} == {k: totals[k] for k in item.match.totals}
    if glue == " ":
        assert item.complete, item.match.unplaced
    else:
        assert len(got) + len(item.missing) == len(cells)
        assert bool(item.missing) == bool(item.match.unplaced)


HEAD = """某某县某某局2021年政府信息公开工作年度报告
一、总体情况
本局认真贯彻落实条例。
二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 3 1 12 \
第二十条第（五）项 信息内容 本年处理决定数量 行政许可 45 第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 7行政强制 0 \
第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 0
"""
TABLE3 = """三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 \
法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 一、本年新收政府信息公开申请数量 8 0 0 0 0 0 8\
二、上年结转政府信息公开申请数量 0000000三、本年度办理结果 （一）予以公开 3000003（二）部分公开（区分处理的，只计这一情形，\
不计其他情形） 10 0 0 0 01（三）不予公开 1.属于国家秘密 00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” \
00000004.保护第三方合法权益 {protect}5.属于三类内部事务信息 00000006.属于四类过程性信息 00000007.属于行政执法案卷 \
00000008.属于行政查询事项 0000000（四）无法提供 1.本机关不掌握相关政府信息 {not_held}2.没有现成信息需要另行制作 \
00000003.补正后申请内容仍不明确 0000000（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 \
00000004.无正当理由大量反复申请 00000005.要求行政机关确认或重新出具已获取信息 0000000（六）其他处理 1.申请人无正当理由逾期不补正、\
行政机关不再处理其政府信息公开申请 {overdue}2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 00000003.其他 \
0000000（七）总计 {total}四、结转下年度继续办理 1 0 0 0 0 0 1
"""
TAIL = """四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 \
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0
五、存在的主要问题及改进情况
问题。
六、其他需要报告的事项
本年度未收取信息处理费。
"""
ROWS = {"protect": "0000000", "not_held": "2 0 0 0 0 0 2", "overdue": "1 0 0 0 0 0 1", "total": "7 0 0 0 0 0 7"}


def import_text(tmp_path: Path, **rows: str) -> FileImport:
    path = tmp_path / "copied.txt"
    path.write_text(HEAD + TABLE3.format(**{**ROWS, **rows}) + TAIL, encoding="utf-8")
    return import_file(path)


def _row(item: FileImport, row: str) -> list[Number]:
    cols = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
    return [item.match.cells[(APPLICATIONS, row, c)].value for c in cols]


def test_issue_example_is_read_with_its_splits(tmp_path: Path) -> None:
    item = import_text(tmp_path)
    assert item.complete, item.match.unplaced
    assert _row(item, "new_received") == [8, 0, 0, 0, 0, 0]
    assert _row(item, "disclosed") == [3, 0, 0, 0, 0, 0]
    assert _row(item, "partly_disclosed") == [1, 0, 0, 0, 0, 0]
    assert _row(item, "carried_over") == [0] * 6
    assert item.match.cells[(APPLICATIONS, "disclosed", "natural_person")].status == "split"
    assert (item.year, item.name) == (2021, "某某县某某局")


def test_row_one_number_short_is_unplaceable_with_its_candidates(tmp_path: Path) -> None:
    """6 numbers where 7 are printed, and no （七）总计 row to tell which cell is missing: the row
    is reported with every reading, never guessed, and its six cells are counted as missing."""
    item = import_text(tmp_path, protect="1 0 0 0 0 1", total="")
    assert not item.complete
    text = " ".join(item.match.unplaced)
    assert "保护第三方合法权益" in text and "少一个数" in text
    assert "1 0 0 0 0 0 1" in text and "0 1 0 0 0 0 1" in text and "1 0 0 0 0 1 2" in text
    assert len(item.missing) == 6


def test_row_one_number_short_is_placed_when_the_sums_leave_one_reading(tmp_path: Path) -> None:
    """The same short row with （七）总计 printed: only 自然人 = 1 makes every column add up."""
    item = import_text(tmp_path, protect="1 0 0 0 0 1", total="8 0 0 0 0 0 8")
    assert item.complete, item.match.unplaced
    assert _row(item, "third_party") == [1, 0, 0, 0, 0, 0]
    cells = item.match.cells
    inferred = [k for k, p in cells.items() if p.status == "inferred"]
    assert len(inferred) == 1 and "各列之和" in cells[inferred[0]].reason


def test_run_together_row_with_two_readings_is_reported(tmp_path: Path) -> None:
    """ "101000011" (no （七）总计 printed) adds up as 1 0 10 0 0 0 | 11 and as 10 1 0 0 0 0 | 11."""
    item = import_text(tmp_path, not_held="101000011", total="")
    assert not item.complete
    assert any(
        "本机关不掌握" in u and "可拆为" in u and "1 0 10 0 0 0 11" in u and "10 1 0 0 0 0 11" in u
        for u in item.match.unplaced
    )


def test_flat_text_is_not_detected_in_ordinary_text(tmp_path: Path) -> None:
    from gkgen.importer.flat import looks_flat

    assert not looks_flat("一、总体情况\n本年新收申请 8 件，予以公开 3 件。\n")
    assert looks_flat(HEAD + TABLE3.format(**ROWS))
    assert re.search(
        r"\| （一）予以公开 \| 3000003 \|",
        __import__("gkgen.importer.flat", fromlist=["x"]).unflatten(TABLE3.format(**ROWS)),
    )
