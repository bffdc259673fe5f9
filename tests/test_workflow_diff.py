"""`gkgen diff`: changed numbers in official words between git revisions, markdown, textconv."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL
from workflow_support import commit_all, git, run

from gkgen.format import FORMAT_2021

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
DEMO = "reports/demo/2021.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    git(root, "init", "-q")
    commit_all(root, "first")
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changed_number_in_words(repo: Path) -> None:
    text = (repo / DEMO).read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("行政处罚:"))
    edit(repo, DEMO, line, line.replace(line.split(":")[1].split("#")[0].strip(), "7", 1))
    code, out, _ = run("diff", cwd=repo)
    assert code == 0
    name = FORMAT_2021.describe(("active", "penalty", "decisions"))
    assert f"2021 年度 {name}：" in out and "→ 7" in out
    code, md, _ = run("diff", "--format", "markdown", cwd=repo)
    assert md.startswith("### gkgen：HEAD → 工作区 的变化") and f"| {name} |" in md and "| 7 |" in md


def test_two_revisions_paragraphs_and_findings(repo: Path) -> None:
    md = repo / "reports/demo/2021.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n本段为新增内容。TODO\n", encoding="utf-8")
    commit_all(repo, "second")
    code, out, _ = run("diff", "HEAD~1", "HEAD", cwd=repo)
    assert code == 0
    assert "正文“其他需要报告的事项”新增一段：“本段为新增内容。TODO”" in out
    assert "新增的问题（1）" in out and "GK506" in out
    code, out, _ = run("diff", "HEAD", "HEAD~1", cwd=repo)
    assert "已解决的问题（1）" in out and "删除一段" in out


def test_added_report_path_filter_and_bad_revision(repo: Path) -> None:
    shutil.copytree(repo / "reports/demo", repo / "reports/other")
    code, out, _ = run("diff", cwd=repo)
    assert "2021 年度：新增报告" in out
    code, out, _ = run("diff", "HEAD", "reports/demo", cwd=repo)
    assert "没有变化" in out
    code, _, err = run("diff", "nosuchrev", cwd=repo)
    assert code == 2 and "不是有效的 git 版本" in err


def test_site_in_a_sub_folder(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root / "site")
    git(root, "init", "-q")
    commit_all(root, "first")
    edit(root / "site", "reports/demo/agency.yaml", "名称:", "名称: 新")
    code, out, _ = run("diff", cwd=root / "site" / "reports")
    assert code == 0 and "机构名称：" in out


def test_textconv_names_every_cell(repo: Path) -> None:
    code, out, _ = run("diff", "--textconv", repo / DEMO)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "年度: 2021" and lines[1] == "格式: 2021"
    assert len(lines) == 3 + len(FORMAT_2021.input_keys)
    assert any(
        x.startswith(FORMAT_2021.describe(("applications", "disclosed", "natural_person")) + ": ") for x in lines
    )
    broken = repo / "x_2021.yaml"
    broken.write_text("年度: [\n", encoding="utf-8")
    assert run("diff", "--textconv", broken)[1] == "年度: [\n"
