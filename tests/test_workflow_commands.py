"""init, new, status, site discovery and scopes, --format github paths, console options."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import click
import openpyxl
import pytest
import yaml
from conftest import MINIMAL, MakeSite
from workflow_support import git, run

from gkgen.cli import main
from gkgen.data import Cell, Pos
from gkgen.load.site import load_site
from gkgen.workflow.console import Console
from gkgen.workflow.init import GITLAB, WORKFLOW
from gkgen.workflow.site import Scope, locate, repository_prefix

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO


# ---------------------------------------------------------------- init


def test_init_writes_a_site_that_passes_check(tmp_path: Path) -> None:
    site = tmp_path / "s"
    code, _, _ = run("init", site, "--year", "2022", "--no-git")
    assert code == 0
    for name in (
        ".gitignore",
        ".gitattributes",
        ".editorconfig",
        ".vscode/settings.json",
        "README.md",
        WORKFLOW,
        GITLAB,
    ):
        assert (site / name).is_file(), name
    assert (site / "schemas" / "year.schema.json").is_file()
    assert "diff=gkgen" in (site / ".gitattributes").read_text(encoding="utf-8")
    settings = json.loads((site / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert all((site / schema).is_file() for schema in settings["yaml.schemas"])
    code, out, err = run("check", site, "--strict")
    assert (code, out) == (0, ""), err
    assert not (site / ".git").exists()


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("a", encoding="utf-8")
    code, _, err = run("init", tmp_path / "x")
    assert code == 2 and "不是空目录" in err
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["keep.txt"]


def ci_commands(text: str) -> list[list[str]]:
    """Every gkgen invocation in a CI file's run:/script: entries, as argument lists."""
    out: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") or (key == "entry"):
                    for line in value if isinstance(value, list) else str(value).splitlines():
                        words = shlex.split(str(line).split(">>")[0].split("|")[0], posix=True)
                        if "gkgen" in words:
                            out.append(words[words.index("gkgen") + 1 :])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(text))
    return out


@pytest.mark.parametrize("name", [WORKFLOW, GITLAB])
def test_ci_files_parse_and_run_existing_commands(tmp_path: Path, name: str) -> None:
    run("init", tmp_path / "s", "--no-git")
    commands = ci_commands((tmp_path / "s" / name).read_text(encoding="utf-8"))
    assert {c[0] for c in commands} >= {"check", "build"}
    for words in commands:
        command = main.commands[words[0]]
        with command.make_context(words[0], words[1:]) as ctx:  # raises on an unknown option or value
            assert isinstance(ctx, click.Context)


def test_github_workflow_caches_fonts_and_keeps_the_build(tmp_path: Path) -> None:
    run("init", tmp_path / "s", "--no-git")
    text = (tmp_path / "s" / WORKFLOW).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    steps = [s.get("uses", "") for s in data["jobs"]["build"]["steps"]]
    assert any(u.startswith("actions/cache@") for u in steps) and any("upload-artifact" in u for u in steps)
    assert "~/.cache/gkgen" in text and "check --format github" in text


def test_pre_commit_hooks_run_existing_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} >= {"gkgen-check"}
    for hook in hooks:
        words = shlex.split(hook["entry"])
        assert words[0] == "gkgen" and hook["pass_filenames"] is False
        main.commands[words[1]].make_context(words[1], words[2:])


# ---------------------------------------------------------------- new


def test_new_year_carries_over_and_reads_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE / "reports" / "fuxin-mtzx", site / "reports" / "fuxin-mtzx")
    shutil.copy(SAMPLE / "gkgen.yaml", site / "gkgen.yaml")
    code, out, err = run("new", "fuxin-mtzx", "2022", "--site", site)
    assert code == 0, err
    loaded, findings = load_site(site)
    before, after = loaded.report("fuxin-mtzx", 2021), loaded.report("fuxin-mtzx", 2022)
    assert before and after and before.data and after.data
    fmt = after.data.format
    for column in fmt.applications.input_columns():
        old = before.data.cells[("applications", "carry_forward", column.id)].value
        assert after.data.cells[("applications", "carried_over", column.id)].value == old
    for key, cell in after.data.cells.items():
        carried = key[1] == "carried_over" or key[2] == "in_force"
        assert carried or cell.value == 0, key
    assert after.data.published is None
    yaml_text = (site / "reports/fuxin-mtzx/2022.yaml").read_text(encoding="utf-8")
    assert yaml_text.startswith("# yaml-language-server: $schema=") and "# 列：" in yaml_text
    assert "# 发布日期:" in yaml_text
    md = (site / "reports/fuxin-mtzx/2022.md").read_text(encoding="utf-8")
    for part in ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"):
        assert f"## {part}\n" in md
    assert "信息处理费" in md
    assert not [f for f in findings if f.report == ("fuxin-mtzx", 2022)]  # loads cleanly
    code, out, _ = run("check", site / "reports/fuxin-mtzx/2022.md")
    assert code == 1 and out.count("GK506") == 8  # five parts, two more sections, the fee's ××
    assert "2022.md:" in out and "××" in out


def test_new_from_2019_format_into_2021_format(make_site: MakeSite) -> None:
    site = make_site()
    loaded, _ = load_site(site)
    [report] = [r for r in loaded.reports if r.year == 2020]
    assert report.data is not None
    code, _, err = run("new", report.agency.id, "2021", "--site", site)
    assert code == 2 and "已存在，不会覆盖" in err
    (site / "reports" / report.agency.id / "2021.yaml").unlink()
    (site / "reports" / report.agency.id / "2021.md").unlink()
    code, _, err = run("new", report.agency.id, "2021", "--site", site)
    assert code == 0, err
    again, _ = load_site(site)
    new = again.report(report.agency.id, 2021)
    assert new is not None and new.data is not None and new.data.format.id == "2021"
    before = report.data.cells
    for key, cell in new.data.cells.items():
        if key[1] == "carried_over":
            assert cell.value == before[("applications", "carry_forward", key[2])].value


def test_new_agency_needs_a_name_and_never_overwrites(make_site: MakeSite) -> None:
    site = make_site()
    code, _, err = run("new", "nobody", "2021", "--site", site)
    assert code == 2 and "--agency-name" in err
    code, _, err = run("new", "Bad_Id", "2021", "--site", site, "--agency-name", "某局")
    assert code == 2 and "机构标识" in err
    code, _, err = run("new", "newone", "2021", "--site", site, "--agency-name", "某某局", "--category", "不存在的分类")
    assert code == 2 and "分类" in err
    code, _, err = run("new", "newone", "2021", "--site", site, "--agency-name", "测试局")
    assert code == 0, err
    assert "名称: 测试局" in (site / "reports/newone/agency.yaml").read_text(encoding="utf-8")
    code, _, err = run("new", "newone", "2022", "--site", site, "--agency-name", "测试局")
    assert code == 2 and "已存在" in err


# ---------------------------------------------------------------- discovery and scopes


def test_check_finds_the_site_from_a_sub_folder(make_site: MakeSite) -> None:
    site = make_site()
    [agency] = [p for p in (site / "reports").iterdir() if p.is_dir()]
    assert run("check", cwd=agency)[0] == 0
    assert run("check", agency)[0] == 0
    assert locate([agency / "2021.md"]) == (site.resolve(), Scope(((agency.name, 2021),)))
    assert locate([site]) == (site.resolve(), Scope())


def test_scope_limits_findings_to_the_chosen_agency(make_site: MakeSite) -> None:
    text = (MINIMAL / "reports/demo/2021.md").read_text(encoding="utf-8") + "\nTODO\n"
    site = make_site(
        {"reports/demo/2021.md": text, "reports/other/agency.yaml": "名称: 其他局\n分类: 市政府工作部门\n"}
    )
    code, out, _ = run("check", site / "reports" / "demo")
    assert code == 1 and "GK506" in out
    code, out, _ = run("check", site / "reports" / "demo" / "2020.yaml")
    assert code == 0 and out == ""
    code, out, _ = run("check", site / "reports" / "other")
    assert code == 0


def test_outside_a_site_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("status", cwd=tmp_path)
    assert code == 2 and "gkgen.yaml" in err and "gkgen init" in err


def test_github_paths_are_relative_to_the_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo / "portal" / "site")
    git(repo, "init", "-q")
    text = (MINIMAL / "reports/demo/2021.md").read_text(encoding="utf-8") + "\nTODO\n"
    (repo / "portal/site/reports/demo/2021.md").write_text(text, encoding="utf-8")
    assert repository_prefix(repo / "portal" / "site") == "portal/site/"
    code, out, _ = run("check", "--format", "github", cwd=repo / "portal" / "site" / "reports")
    assert code == 1 and out.startswith("::error file=portal/site/reports/demo/2021.md,line=")
    code, out, _ = run("check", cwd=repo / "portal" / "site")
    assert out.startswith("reports/demo/2021.md:")


# ---------------------------------------------------------------- status and export


def test_status_lists_every_agency_of_a_year(make_site: MakeSite) -> None:
    site = make_site({"reports/late/agency.yaml": "名称: 迟到局\n分类: 市政府工作部门\n"})
    code, out, _ = run("status", site, "--year", "2021")
    assert code == 0
    [late] = [line for line in out.splitlines() if "迟到局" in line]
    assert "未提交" in late
    code, out, _ = run("status", site, "--year", "2021", "--format", "json")
    rows = {r["agency"]: r for r in json.loads(out)}
    assert rows["late"]["filed"] is False and rows["demo"]["filed"] is True
    assert rows["demo"]["due"] == "2022-01-31"


def test_export_status_sheet_and_summary_names(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"reports/late/agency.yaml": "名称: 迟到局\n分类: 市政府工作部门\n"})
    out = tmp_path / "out"
    code, _, err = run("export", site, "--year", "2021", "--out", out)
    assert code == 0, err
    status = (out / "status-2021.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert status[0].startswith("机构标识,名称,分类,层级,年度,状态,发布日期")
    assert any(line.startswith("late,迟到局,") and ",未提交," in line for line in status)
    book = openpyxl.load_workbook(out / "summary-2021.xlsx")
    assert "报送情况" in book.sheetnames
    note = str(book.worksheets[0]["A2"].value)
    assert "各数为以下机构之和：" in note and "未提交本年度报告、未计入的机构：迟到局" in note
    rows = list(book["报送情况"].iter_rows(min_row=3, values_only=True))
    assert rows[0][:2] == ("机构标识", "名称") and any(r[0] == "late" and r[5] == "未提交" for r in rows[1:])


# ---------------------------------------------------------------- console


def test_no_color_and_quiet(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            self.text += text
            return len(text)

        def flush(self) -> None:
            pass

    out, err = Tty(), Tty()
    console = Console(err=err, out=out)  # type: ignore[arg-type]
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert console.colour and "\x1b[" in console.severity("a.md:1:1: 错误 GK506 x")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.colour and console.severity("a.md:1:1: 错误 GK506 x") == "a.md:1:1: 错误 GK506 x"
    console.progress("正在检查……")
    assert "\r" in err.text  # drawn in place on a terminal
    quiet = Console(quiet=True, err=err, out=out)
    before = err.text
    quiet.progress("x")
    quiet.info("y")
    assert err.text == before
    code, out_text, err_text = run("check", make_site(), "--quiet")
    assert (code, out_text, err_text) == (0, "", "")
    code, _, err_text = run("check", make_site(), "--verbose")
    assert "正在检查：" in err_text and "秒" in err_text


def test_2019_format_carries_project_counts() -> None:
    from gkgen.format import FORMAT_2019
    from gkgen.workflow.new import year_data

    previous, _ = year_data(FORMAT_2019, 2019, "a.yaml", None)
    previous.cells[("active", "licensing", "previous_items")] = Cell(3, Pos("a.yaml"))
    previous.cells[("active", "licensing", "change")] = Cell(2, Pos("a.yaml"))
    data, carried = year_data(FORMAT_2019, 2020, "b.yaml", previous)
    assert data.cells[("active", "licensing", "previous_items")].value == 5
    assert data.cells[("active", "licensing", "change")].value == 0
    assert [c.cell for c in carried] == [FORMAT_2019.describe(("active", "licensing", "previous_items"))]
