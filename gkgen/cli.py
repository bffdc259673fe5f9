"""The `gkgen` command line: option parsing and one call per command, nothing else.

Errors a user causes (:class:`gkgen.errors.GkgenError`, click usage errors) become a Chinese
message on stderr and the exit status of docs/rules.md; only a bug in gkgen shows a traceback.
Expensive imports happen inside the command that needs them, so `gkgen check` starts fast.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from gkgen import __version__

if TYPE_CHECKING:
    from gkgen.findings import OutputFormat

HELP = {"help_option_names": ["-h", "--help"]}

_CLICK_PHRASES: tuple[tuple[str, str], ...] = (
    (r"^No such option:? '?([^'\s]*)'?\.?(?: \(?Did you mean (?:one of: )?(.*?)\?\)?)?$", "没有选项 {0}"),
    (r"^No such command:? '?([^']*)'?\.?(?: \(?Did you mean (?:one of: )?(.*?)\?\)?)?$", "没有命令“{0}”"),
    (r"^Missing argument '(.*)'\.?$", "缺少参数 {0}"),
    (r"^Missing option '(.*)'\.?$", "缺少选项 {0}"),
    (r"^Option '(.*)' requires an argument\.?$", "选项 {0} 需要一个值"),
    (r"^Got unexpected extra arguments? \((.*)\)$", "多余的参数：{0}"),
    (r"^Invalid value for (.*?): (.*)$", "{0} 的值无效：{1}"),
)


def _chinese(message: str) -> str:
    """Click's most common usage messages in Chinese; others are shown as click words them."""
    for pattern, template in _CLICK_PHRASES:
        m = re.match(pattern, message, re.DOTALL)
        if m:
            groups = [g or "" for g in m.groups()]
            hint = f"；是否想写 {groups[1]}？" if "{1}" not in template and len(groups) > 1 and groups[1] else ""
            return template.format(*groups) + hint
    return message


_SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help screen with its own words (Usage, Options, default) in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(_SECTIONS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, re.sub(r"\[default: (.*?)\]", r"[默认：\1]", text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class GkgenContext(click.Context):
    formatter_class = ChineseHelpFormatter


class GkgenCommand(click.Command):
    context_class = GkgenContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class GkgenGroup(click.Group):
    """A group whose errors are shown in Chinese with the exit codes of docs/rules.md."""

    context_class = GkgenContext
    command_class = GkgenCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name or "gkgen", complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            command = e.ctx.command_path if e.ctx is not None else "gkgen"
            _fail(f"用法错误：{_chinese(e.format_message())}\n运行“{command} --help”查看用法。", 2)
        except click.ClickException as e:
            _fail(f"错误：{e.format_message()}", e.exit_code)
        except click.Abort:
            _fail("已中止。", 1)
        except ImportError as e:
            missing = e.name or str(e)
            _fail(
                f"错误：缺少 Python 软件包 {missing}，gkgen 无法运行此命令。请重新安装 gkgen（pip install gkgen）。", 2
            )
        except OSError as e:
            _fail(f"错误：无法读写 {e.filename or ''}：{e.strerror or e}", 2)
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


@click.group("gkgen", cls=GkgenGroup, context_settings=HELP)
@click.version_option(
    __version__, "--version", "-V", prog_name="gkgen", message="%(prog)s %(version)s", help="显示版本号并退出。"
)
@click.help_option("-h", "--help", help="显示帮助并退出。")
def main() -> None:
    """gkgen：政府信息公开工作年度报告的数据校验与发布工具。"""


@main.command("check", context_settings=HELP)
@click.argument("site", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，json 数组，github 工作流注释。",
)
@click.option("--strict", is_flag=True, help="警告也视为不通过（退出码 1）。")
@click.option("--select", multiple=True, metavar="规则", help="只报告这些规则（编号或前缀，如 GK2；可重复）。")
@click.option("--ignore", multiple=True, metavar="规则", help="不报告这些规则（编号或前缀；可重复）。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
@click.pass_context
def check_command(
    ctx: click.Context, site: Path, output: str, strict: bool, select: tuple[str, ...], ignore: tuple[str, ...]
) -> None:
    """校验站点 SITE（默认当前目录）中的全部报告。

    退出码：0 通过（允许警告，除非 --strict），1 数据有错误，2 命令用法错误或无法运行。
    全部规则见 gkgen rules。"""
    from gkgen.check import run_check

    ctx.exit(run_check(site, cast("OutputFormat", output), strict=strict, select=select, ignore=ignore))


@main.command("rules", context_settings=HELP)
@click.help_option("-h", "--help", help="显示帮助并退出。")
def rules_command() -> None:
    """列出全部校验规则：编号、级别、说明和示例（与 docs/rules.md 相同）。"""
    from gkgen.rules import rules_table

    click.echo(rules_table())


@main.command("build", context_settings=HELP)
@click.argument("site", default=".", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="输出目录（默认 SITE/build）。")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="并行进程数（默认 CPU 核数）。")
@click.option("--no-pdf", is_flag=True, help="不生成 PDF。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def build_command(site: Path, out: Path | None, jobs: int | None, no_pdf: bool) -> None:
    """先校验站点 SITE，再生成整个门户（有错误时不发布任何内容）。"""
    from gkgen.build import build
    from gkgen.findings import format_findings

    result = build(site, out, pdf=not no_pdf, jobs=jobs)
    if result.warnings:
        click.echo(format_findings(result.warnings, "text"), err=True)
    click.echo(f"已生成 {result.files} 个文件：{result.out}")


@main.command("schema", context_settings=HELP)
@click.option(
    "--out", "out", type=click.Path(path_type=Path), default=Path("schemas"), show_default=True, help="输出目录。"
)
@click.help_option("-h", "--help", help="显示帮助并退出。")
def schema_command(out: Path) -> None:
    """生成 agency.yaml、年度数据文件和 gkgen.yaml 的 JSON Schema，供编辑器补全和检查。"""
    from gkgen.load.schema import write_schemas

    for path in write_schemas(out):
        click.echo(str(path))


@main.command("export", context_settings=HELP)
@click.argument("site", default=".", type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(min=1000, max=9999), required=True, help="报告年度，如 2021。")
@click.option(
    "--format",
    "formats",
    type=click.Choice(["csv", "xlsx", "json"]),
    multiple=True,
    help="导出格式，可重复；默认三种都导出。",
)
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="输出目录。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def export_command(site: Path, year: int, formats: tuple[str, ...], out: Path) -> None:
    """导出站点 SITE（默认当前目录）某一年度全部机构的表格数据（CSV、XLSX、JSON）。

    该年度的数据有错误时不导出（退出码 1）。"""
    from gkgen.export.command import EXPORT_FORMATS, export_year

    for path in export_year(site, year, formats or EXPORT_FORMATS, out):
        click.echo(str(path))


@main.command("import", context_settings=HELP)
@click.argument("files", nargs=-1, required=True)
@click.option("--agency", required=True, help="机构标识（reports/ 下的目录名），如 fuxin-mtzx。")
@click.option(
    "--year",
    type=click.IntRange(min=1000, max=9999),
    default=None,
    help="报告年度；不指定时从标题和正文判断（仅限导入单个文件）。",
)
@click.option("--site", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="站点目录。")
@click.option("--force", is_flag=True, help="覆盖已存在的 YYYY.yaml / YYYY.md（覆盖前请先提交到 git）。")
@click.option("--category", default=None, help="新建 agency.yaml 时写入的“分类”（应为 gkgen.yaml “分类”中的一项）。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
@click.pass_context
def import_command(
    ctx: click.Context,
    files: tuple[str, ...],
    agency: str,
    year: int | None,
    site: Path,
    force: bool,
    category: str | None,
) -> None:
    """把已发布的报告（网页 .html、Word .docx、PDF .pdf、纯文本 .txt，或存放一个单位历年报告的文件夹）
    导入为 YYYY.yaml + YYYY.md。

    数字按原文保留（包括不平衡的数字），导入后运行检查并列出原报告的问题。不联网：网址请先另存为文件。
    退出码：0 已导入（可能有警告），1 有单元格无法放置（未写入），2 用法错误。"""
    from gkgen.importer.run import run_import

    ctx.exit(
        run_import(list(files), agency=agency, year=year, site=site, force=force, echo=click.echo, category=category)
    )
