"""`gkgen import` on the command line: exit codes, refusals, what it writes and reports."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from import_support import SEEDS_RAW, empty_site

from gkgen.cli import main

SEED = SEEDS_RAW / "004_de67b3003fa77aa1.txt"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.output


def test_import_writes_year_files_and_agency(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    code, out = _run(str(SEED), "--agency", "fuxin-mtzx", "--site", str(site))
    assert code == 0, out
    folder = site / "reports" / "fuxin-mtzx"
    assert sorted(p.name for p in folder.iterdir()) == ["2021.md", "2021.yaml", "agency.yaml"]
    assert "按原文读取 166 个" in out
    assert "GK014" in out  # the placeholder 分类 is flagged, as agency.yaml's comment says
    assert "GK503" in out  # the original report does not state 信息处理费


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    assert _run(str(SEED), "--agency", "fuxin-mtzx", "--site", str(site))[0] == 0
    md = site / "reports" / "fuxin-mtzx" / "2021.md"
    md.write_text("已编辑\n", encoding="utf-8")
    code, out = _run(str(SEED), "--agency", "fuxin-mtzx", "--site", str(site))
    assert code == 2
    assert "已存在" in out and "--force" in out
    assert md.read_text(encoding="utf-8") == "已编辑\n"
    code, _ = _run(str(SEED), "--agency", "fuxin-mtzx", "--site", str(site), "--force")
    assert code == 0
    assert md.read_text(encoding="utf-8") != "已编辑\n"


def test_keeps_an_existing_agency_yaml(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    agency = site / "reports" / "fuxin-mtzx" / "agency.yaml"
    agency.parent.mkdir(parents=True)
    agency.write_text("名称: 阜新市煤炭工业转型发展局\n分类: 市级部门\n", encoding="utf-8")
    assert _run(str(SEED), "--agency", "fuxin-mtzx", "--site", str(site))[0] == 0
    assert agency.read_text(encoding="utf-8") == "名称: 阜新市煤炭工业转型发展局\n分类: 市级部门\n"


def test_refuses_urls_with_a_hint(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    code, out = _run("https://www.example.gov.cn/nb/2021.html", "--agency", "x", "--site", str(site))
    assert code == 2
    assert "另存为" in out


def test_misuse_exits_2(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    assert _run(str(SEED), "--agency", "阜新", "--site", str(site))[0] == 2
    assert _run(str(tmp_path / "none.txt"), "--agency", "x", "--site", str(site))[0] == 2
    assert _run(str(SEED), "--agency", "x", "--site", str(tmp_path / "nosite"))[0] == 2
    assert _run(str(SEED), str(SEED), "--agency", "x", "--year", "2021", "--site", str(site))[0] == 2


def test_year_option_overrides_the_text(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    code, out = _run(str(SEED), "--agency", "fuxin-mtzx", "--year", "2022", "--site", str(site))
    assert code == 0
    assert "正文显示的年度是 2021" in out
    assert (site / "reports" / "fuxin-mtzx" / "2022.yaml").is_file()


def test_unplaceable_cells_exit_1_and_write_nothing(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    text = SEED.read_text(encoding="utf-8").replace(
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 |",
    )
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(text, encoding="utf-8")
    code, out = _run(str(damaged), "--agency", "fuxin-mtzx", "--site", str(site))
    assert code == 1
    assert "无法放置" in out and "上年结转" in out
    assert not (site / "reports" / "fuxin-mtzx").exists()


def test_unbalanced_report_is_kept_as_published(tmp_path: Path) -> None:
    """Numbers that do not add up are imported as printed; the checker names the broken rule."""
    site = empty_site(tmp_path / "site")
    text = SEED.read_text(encoding="utf-8").replace(
        "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 2 |",
    )
    source = tmp_path / "unbalanced.txt"
    source.write_text(text, encoding="utf-8")
    code, out = _run(str(source), "--agency", "fuxin-mtzx", "--site", str(site))
    assert code == 0, out
    assert "GK203" in out and "GK201" in out
    yaml_text = (site / "reports" / "fuxin-mtzx" / "2021.yaml").read_text(encoding="utf-8")
    assert "本年新收: [3, 0, 0, 0, 0, 0, 2]" in yaml_text


def test_folder_of_years_with_category_and_level(tmp_path: Path) -> None:
    """A folder holding two years of one agency: written in year order, a summary table, 分类 from
    --category, 层级 政府 for a people's government's report, cross-year checks run."""
    site = empty_site(tmp_path / "site")
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    named = text.replace("阜新市煤炭工业转型发展局", "清河县人民政府")
    (folder / "b.txt").write_text(named, encoding="utf-8")
    (folder / "a.txt").write_text(named.replace("2021", "2020").replace("2022", "2021"), encoding="utf-8")
    code, out = _run(str(folder), "--agency", "qinghe", "--site", str(site), "--category", "县级部门")
    assert code == 0, out
    agency = (site / "reports" / "qinghe" / "agency.yaml").read_text(encoding="utf-8")
    assert '分类: "县级部门"' in agency and "层级: 政府" in agency and "清河县人民政府" in agency
    assert "导入汇总" in out and out.index("| 2020 |") < out.index("| 2021 |")
    assert "GK014" not in out
    assert sorted(p.name for p in (site / "reports" / "qinghe").iterdir()) == [
        "2020.md",
        "2020.yaml",
        "2021.md",
        "2021.yaml",
        "agency.yaml",
    ]
