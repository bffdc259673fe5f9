"""Every word click itself prints — messages, help-screen words, placeholders — is Chinese."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gkgen.cli import main
from gkgen.clicktext import CATALOGUE, CLICK_MODULES

COMMANDS = sorted(main.commands)


def click_message_ids() -> set[str]:
    """Every message id click passes to gettext/ngettext, read from its installed source."""
    found: set[str] = set()
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                count = 2 if node.func.id == "ngettext" else 1
                for arg in node.args[:count]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    return found


def test_catalogue_covers_every_click_message() -> None:
    ids = click_message_ids()
    assert len(ids) > 50  # the scan found click's messages at all
    missing = sorted(m for m in ids if m not in CATALOGUE and m != "?")
    assert missing == [], f"click messages without a Chinese translation: {missing}"


def test_translations_keep_the_fields() -> None:
    for english, chinese in CATALOGUE.items():
        wanted = {m.split("!")[0] for m in re.findall(r"\{([^}]*)\}", english)}
        got = {m.split("!")[0] for m in re.findall(r"\{([^}]*)\}", chinese)}
        assert got <= wanted, english
        assert re.search(r"[\u4e00-\u9fff]", chinese) or chinese == english, english


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_english_placeholders(command: str) -> None:
    code, out = invoke(command, "--help")
    assert code == 0 and out.startswith(f"用法：gkgen {command}")
    for english in ("PATH", "TEXT", "INTEGER", "SITE", "FILES", "[OPTIONS]", "[required]", "Options:", "default:"):
        assert english not in out, f"{command}: {english}"


def test_range_error_is_chinese() -> None:
    code, out = invoke("build", "--jobs", "0")
    assert code == 2
    assert "'--jobs' 的值无效：0 不在允许的范围（x>=1）内。" in out
    assert "is not in the range" not in out


def test_missing_argument_and_option_are_chinese(tmp_path: Path) -> None:
    code, out = invoke("new")
    assert code == 2 and "缺少参数" in out and "机构标识" in out and "Missing" not in out
    code, out = invoke("export", str(tmp_path))
    assert code == 2 and "缺少选项" in out and "--year" in out


def test_required_marker_and_choice_errors_are_chinese() -> None:
    code, out = invoke("export", "--help")
    assert "必填]" in out and "required" not in out and "选项：" in out
    code, out = invoke("status", "--format", "xml")
    assert code == 2 and "“xml”不是以下之一" in out


def test_no_such_option_suggests_in_chinese() -> None:
    code, out = invoke("build", "--no-pfd")
    assert code == 2 and "没有选项 --no-pfd" in out and "是否想写 '--no-pdf'" in out
    code, out = invoke("check", "--stirct")  # close to --strict and --select
    assert code == 2 and "是否想写其中之一：'--select', '--strict'" in out


def test_click_is_translated_after_import() -> None:
    assert click.core._("Usage:") == "用法："  # type: ignore[attr-defined]
