"""`gkgen` command line: exit codes 0/1/2, output formats, Chinese errors (CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL, MakeSite

from gkgen import __version__
from gkgen.cli import main

REPO = Path(__file__).resolve().parent.parent
SPAM_MD = "reports/demo/2021.md"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def spammed(make_site: MakeSite) -> Path:
    text = (MINIMAL / SPAM_MD).read_text(encoding="utf-8") + "\n欢迎访问365体育投注。\n"
    return make_site({SPAM_MD: text})


def warned(make_site: MakeSite) -> Path:
    text = (MINIMAL / SPAM_MD).read_text(encoding="utf-8").replace("信息处理费", "费用")
    return make_site({SPAM_MD: text})


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_clean_site_exits_0(make_site: MakeSite) -> None:
    code, out, err = run("check", str(make_site()))
    assert (code, out) == (0, "")
    assert "检查通过" in err


def test_errors_exit_1_with_text_lines(make_site: MakeSite) -> None:
    code, out, err = run("check", str(spammed(make_site)))
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"{SPAM_MD}:") and ": 错误 GK505 " in line
    assert "1 个错误" in err


def test_warnings_pass_unless_strict(make_site: MakeSite) -> None:
    site = warned(make_site)
    code, out, _ = run("check", str(site))
    assert code == 0 and "警告 GK503" in out
    code, _, _ = run("check", str(site), "--strict")
    assert code == 1


def test_json_output(make_site: MakeSite) -> None:
    code, out, _ = run("check", str(spammed(make_site)), "--format", "json")
    assert code == 1
    [item] = json.loads(out)
    assert set(item) >= {"file", "line", "column", "rule", "severity", "message"}
    assert (item["file"], item["rule"], item["severity"]) == (SPAM_MD, "GK505", "error")
    assert isinstance(item["line"], int) and isinstance(item["column"], int)
    code, out, _ = run("check", str(make_site()), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_output(make_site: MakeSite) -> None:
    code, out, _ = run("check", str(spammed(make_site)), "--format", "github")
    assert code == 1
    assert out.startswith(f"::error file={SPAM_MD},line=") and ",title=GK505::" in out


def test_missing_folder_exits_2_in_chinese(tmp_path: Path) -> None:
    code, out, err = run("check", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert "站点目录不存在" in err and "Traceback" not in err


def test_folder_without_config_exits_2(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path))
    assert code == 2 and "gkgen.yaml" in err


def test_bad_option_exits_2_in_chinese(make_site: MakeSite) -> None:
    code, _, err = run("check", str(make_site()), "--format", "xml")
    assert code == 2 and "用法错误" in err and "--format" in err
    code, _, err = run("check", "--bogus")
    assert code == 2 and "没有选项 --bogus" in err
    code, _, err = run("nosuchcommand")
    assert code == 2 and "没有命令" in err


def test_default_site_is_current_folder(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(spammed(make_site))
    code, out, _ = run("check")
    assert code == 1 and out.startswith(SPAM_MD)


def test_schema_command(tmp_path: Path) -> None:
    code, out, _ = run("schema", "--out", str(tmp_path / "s"))
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert written == sorted(Path(line).name for line in out.splitlines())
    assert "year.schema.json" in written and "agency.schema.json" in written


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from gkgen.cli import main; main()", "check", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "站点目录不存在" in proc.stderr


def test_repo_sample_site_has_no_errors() -> None:
    code, out, _ = run("check", str(REPO))
    assert code == 0
    assert " 错误 " not in out


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["build", "--help"], ["import", "--help"]])
def test_help_screens_are_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.output.startswith("用法：gkgen")
    for english in ("Usage:", "Options:", "Commands:", "[OPTIONS]", "default:"):
        assert english not in result.output


def test_a_missing_package_is_a_chinese_error_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    from gkgen.pdf import weasy

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if WeasyPrint were not installed
    monkeypatch.setattr(weasy, "_state", {})  # as in a fresh process
    result = CliRunner().invoke(main, ["build", str(site), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "缺少 Python 软件包 weasyprint" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert not (tmp_path / "out").exists()
