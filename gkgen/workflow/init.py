"""`gkgen init DIR`: a new site repository, ready to check, build and review.

Writes a commented gkgen.yaml, one example agency with a complete example report (it passes
`gkgen check`), .gitignore, .gitattributes wiring the `gkgen diff --textconv` driver, .editorconfig,
VS Code settings mapping the JSON Schemas (written to schemas/), a GitHub Actions workflow, a
GitLab CI file and a short README in Chinese. With git installed, DIR becomes a git repository.
Refuses a folder that already has files in it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from gkgen import __version__
from gkgen.errors import UsageError
from gkgen.format import format_for_year
from gkgen.load.writer import dump_report_yaml
from gkgen.paths import AGENCY_FILE, CONFIG, REPORTS
from gkgen.workflow import scaffold
from gkgen.workflow.new import SCHEMA_LINE, year_data

EXAMPLE_ID = "example"
EXAMPLE_NAME = "示例县发展和改革局"
DEFAULT_CATEGORY = "政府工作部门"
TEXTCONV = "gkgen diff --textconv"
"""The git diff driver: `git config diff.gkgen.textconv "gkgen diff --textconv"`."""
WORKFLOW = ".github/workflows/gkgen.yml"
GITLAB = ".gitlab-ci.yml"


def init_site(target: Path, *, name: str, year: int | None = None, git: bool = True) -> list[Path]:
    """Write a new site into ``target`` (created; must be empty); return the files written.
    ``year``: the example report's year (default: last year)."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} 已存在且不是空目录，不会覆盖。请指定一个新目录。")
    if not name.strip():
        raise UsageError("--name（门户名称）不能为空")
    year = year or dt.date.today().year - 1
    files = site_files(name.strip(), year)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    from gkgen.load.schema import write_schemas

    written += write_schemas(target / "schemas")
    if git:
        _git_init(target)
    return written


def site_files(name: str, year: int) -> dict[str, str]:
    """Every text file of a new site, by path."""
    folder = f"{REPORTS}/{EXAMPLE_ID}"
    fmt = format_for_year(year)
    data, _ = year_data(fmt, year, f"{folder}/{year}.yaml", None)
    data.published = dt.date(year + 1, 1, 20)
    header = [SCHEMA_LINE, "示例报告：全部数字为 0。表三、表四的总计由 gkgen 计算，不必填写。"]
    return {
        CONFIG: scaffold.CONFIG.format(name=name, host=f"{name}办公室", category=DEFAULT_CATEGORY),
        f"{folder}/{AGENCY_FILE}": scaffold.EXAMPLE_AGENCY.format(
            agency=EXAMPLE_ID, name=EXAMPLE_NAME, category=DEFAULT_CATEGORY
        ),
        f"{folder}/{year}.yaml": dump_report_yaml(data, header=header),
        f"{folder}/{year}.md": scaffold.EXAMPLE_NARRATIVE.format(year=year, name=EXAMPLE_NAME),
        ".gitignore": scaffold.GITIGNORE,
        ".gitattributes": scaffold.GITATTRIBUTES,
        ".editorconfig": scaffold.EDITORCONFIG,
        ".vscode/settings.json": scaffold.VSCODE_SETTINGS,
        ".vscode/extensions.json": scaffold.VSCODE_EXTENSIONS,
        WORKFLOW: scaffold.GITHUB_WORKFLOW.format(version=__version__),
        GITLAB: scaffold.GITLAB_CI.format(version=__version__),
        "README.md": scaffold.README.format(name=name, version=__version__, next_year=year + 1, example=EXAMPLE_ID),
    }


def _git_init(target: Path) -> None:
    """Make ``target`` a git repository with the diff driver configured (skipped without git or
    when ``target`` is already inside a repository)."""
    git = shutil.which("git")
    if git is None:
        return
    inside = subprocess.run(
        [git, "rev-parse", "--is-inside-work-tree"], cwd=target, capture_output=True, text=True, check=False
    )
    if inside.returncode == 0:
        return
    subprocess.run([git, "init", "-q"], cwd=target, check=True, capture_output=True)
    subprocess.run([git, "config", "diff.gkgen.textconv", TEXTCONV], cwd=target, check=True, capture_output=True)
