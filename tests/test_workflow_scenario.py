"""The year's workflow end to end, in a temporary git repository: init → new agency → new year →
a wrong number fails check at its line → fix → build → diff names the change → status shows who
is missing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from workflow_support import commit_all, git, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FEE = re.compile(r"^\d{4}年，本机关收取信息处理费××元.*$", re.MULTILINE)


def fill(path: Path, year: int) -> None:
    """Replace every placeholder `gkgen new` wrote, as an author would."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"（此处填写(.+?)）", r"本机关按要求做好\1相关工作。", text)
    text = FEE.sub(f"{year}年，本机关未收取信息处理费。", text)
    path.write_text(text, encoding="utf-8")


def publish(path: Path, day: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^# 发布日期: .*$", f"发布日期: {day}", text, flags=re.MULTILINE), encoding="utf-8")


def set_row(path: Path, key: str, values: str) -> int:
    """Set a table-三 row's list; the line it is on (1-based)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
    lines[number] = re.sub(r"\[.*\]", values, lines[number])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_a_year_of_work(tmp_path: Path) -> None:
    site = tmp_path / "county"
    code, out, _ = run("init", site, "--name", "测试县人民政府", "--year", "2023")
    assert code == 0 and "已新建站点" in out
    assert (site / ".git").is_dir()
    example = site / "reports" / "example"
    # the example agency carries one application into 2024
    set_row(example / "2023.yaml", "本年新收", "[1, 0, 0, 0, 0, 0]")
    set_row(example / "2023.yaml", "结转下年度", "[1, 0, 0, 0, 0, 0]")
    assert run("check", site)[0] == 0

    # a new agency and its first year
    code, out, _ = run("new", "fgj", "2023", "--agency-name", "测试县发展和改革局", cwd=site)
    assert code == 0 and "reports/fgj/agency.yaml" in out
    code, out, _ = run("check", cwd=site / "reports")
    assert code == 1 and "GK506" in out  # placeholders are reported until replaced
    fill(site / "reports/fgj/2023.md", 2023)
    publish(site / "reports/fgj/2023.yaml", "2024-01-25")
    assert run("check", cwd=site / "reports" / "fgj")[0] == 0
    commit_all(site, "2023")

    # the next year, from the year before
    code, out, _ = run("new", "example", "2024", cwd=site / "reports" / "example")
    assert code == 0 and "上年结转" in out
    new_yaml = example / "2024.yaml"
    assert re.search(r"^\s*上年结转:\s*\[1, 0, 0, 0, 0, 0\]", new_yaml.read_text(encoding="utf-8"), re.MULTILINE)
    fill(example / "2024.md", 2024)
    publish(new_yaml, "2025-01-20")
    set_row(new_yaml, "结转下年度", "[0, 0, 0, 0, 0, 0]")
    set_row(new_yaml, "予以公开", "[1, 0, 0, 0, 0, 0]")
    assert run("check", site)[0] == 0

    # a wrong number: check fails, at the changed line
    line = set_row(new_yaml, "本年新收", "[2, 0, 0, 0, 0, 0]")
    code, out, _ = run("check", "reports/example/2024.yaml", cwd=site)
    assert code == 1
    assert re.search(rf"^reports/example/2024\.yaml:{line}:\d+: 错误 GK201 ", out, re.MULTILINE), out
    # fixed
    set_row(new_yaml, "予以公开", "[3, 0, 0, 0, 0, 0]")
    assert run("check", cwd=site / "reports")[0] == 0

    # build (HTML and data; PDFs are covered by the build and PDF tests)
    code, _, err = run("build", "--no-pdf", cwd=site / "reports")
    assert code == 0, err
    assert (site / "build" / "2024" / "example" / "index.html").is_file()
    assert (site / "build" / "2024" / "summary.xlsx").is_file()

    # diff names the change in words
    code, out, _ = run("diff", cwd=site)
    assert code == 0
    assert "示例县发展和改革局 2024 年度：新增报告" in out
    commit_all(site, "2024")
    set_row(new_yaml, "本年新收", "[3, 0, 0, 0, 0, 0]")
    code, out, _ = run("diff", cwd=site)
    assert "示例县发展和改革局 2024 年度 表三“本年新收”行“自然人”列：2 → 3" in out
    assert "新增的问题（1）" in out and "GK201" in out
    git(site, "checkout", "--", ".")

    # status: the new agency has not filed 2024
    code, out, _ = run("status", "--year", "2024", cwd=site)
    assert code == 0
    [fgj] = [line for line in out.splitlines() if "测试县发展和改革局" in line]
    [example_line] = [line for line in out.splitlines() if "示例县发展和改革局" in line]
    assert "未提交" in fgj and "按时发布" in example_line and "2025-01-20" in example_line
    assert "已提交 1 个，未提交 1 个" in out
