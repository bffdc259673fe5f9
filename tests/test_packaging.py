"""The default theme ships inside the installed package.

Decision: the theme lives in gkgen/theme/ as package data, so `pip install gkgen` carries it;
the repository root's templates/ is a relative symlink to it, because the repository root is
also the sample site. A site overrides the theme file by file with its own templates/.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gkgen"
THEME = PACKAGE / "theme"


def _is_shipped(relative: PurePosixPath) -> bool:
    """Files the `theme/**/*` package-data glob takes: no hidden files, no bytecode."""
    return not any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def theme_files() -> dict[str, bytes]:
    """Every theme file on disk, keyed by its path inside the wheel."""
    files: dict[str, bytes] = {}
    for path in sorted(THEME.rglob("*")):
        relative = PurePosixPath(path.relative_to(PACKAGE).as_posix())
        if path.is_file() and _is_shipped(relative):
            files[f"gkgen/{relative}"] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built offline from a copy of the sources (the real build/ is the site's output)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    shutil.copytree(PACKAGE, src / "gkgen", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp / "dist"
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(src),
        "--wheel-dir",
        str(out),
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--quiet",
        "--disable-pip-version-check",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("gkgen-*.whl")
    return zipfile.ZipFile(built)


def test_theme_is_not_empty() -> None:
    assert theme_files(), "gkgen/theme/ holds no files"


def test_wheel_carries_every_theme_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    expected = theme_files()
    assert sorted(set(expected) - names) == []
    for name, content in expected.items():
        assert wheel.read(name) == content, name


def test_wheel_carries_py_typed(wheel: zipfile.ZipFile) -> None:
    assert "gkgen/py.typed" in wheel.namelist()


def test_wheel_carries_every_package_file(wheel: zipfile.ZipFile) -> None:
    """Modules and data files alike: a file added under gkgen/ must reach users' installs.

    A data file outside gkgen/theme/ needs its own pattern in [tool.setuptools.package-data].
    """
    on_disk = {
        f"gkgen/{relative}"
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and _is_shipped(relative := PurePosixPath(path.relative_to(PACKAGE).as_posix()))
        and path.suffix != ".pyc"
    }
    assert sorted(on_disk - set(wheel.namelist())) == []


def test_installed_package_finds_its_theme() -> None:
    theme = importlib.resources.files("gkgen") / "theme"
    assert theme.is_dir()
    shipped = {entry.name for entry in theme.iterdir() if _is_shipped(PurePosixPath(entry.name))}
    on_disk = {p.name for p in THEME.iterdir() if _is_shipped(PurePosixPath(p.name))}
    assert shipped == on_disk


def test_sample_site_templates_is_the_default_theme() -> None:
    templates = ROOT / "templates"
    assert templates.is_symlink(), "templates/ must be a symlink to gkgen/theme"
    assert os.readlink(templates) == "gkgen/theme", "the symlink must be relative"
    assert templates.resolve() == THEME.resolve()


# --- The README's two commands and CI -------------------------------------------------------


def readme_commands() -> list[str]:
    """The commands of the code block that opens the README, right after the title."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# "), "the README starts with its title"
    rest = [line for line in lines[1:] if line.strip()]
    assert rest[0].startswith("```"), "the title is followed directly by the commands"
    end = rest.index("```", 1)
    return [line.split("#", 1)[0].strip() for line in rest[1:end]]


def test_readme_opens_with_build_and_test_commands() -> None:
    assert readme_commands() == [
        "bash scripts/bootstrap.sh build",
        "bash scripts/bootstrap.sh test",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    test_command = readme_commands()[1]
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == f"exec {test_command}"


def test_bootstrap_script_parses() -> None:
    for script in (ROOT / "scripts" / "bootstrap.sh", ROOT / ".ci" / "run"):
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
