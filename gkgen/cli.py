"""The `gkgen` command line: option parsing and one call per command, nothing else.

Errors a user causes (:class:`gkgen.errors.GkgenError`, click usage errors) become a Chinese
message on stderr and the exit status of docs/rules.md; only a bug in gkgen shows a traceback.
Expensive imports happen inside the command that needs them, so `gkgen check` starts fast.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from gkgen import __version__
from gkgen.clicktext import ChineseArgument, install, option_metavar

if TYPE_CHECKING:
    from gkgen.findings import OutputFormat
    from gkgen.workflow.console import Console

install()
HELP = {"help_option_names": ["-h", "--help"]}
F = TypeVar("F", bound=Callable[..., Any])
argument = functools.partial(click.argument, cls=ChineseArgument)
"""An argument shown by its Chinese ``metavar`` (站点, 目录 …)."""

_SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help screen with its own words (Usage, Options, default) in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def section(self, name: str) -> Any:
        return super().section(_SECTIONS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, re.sub(r"\[default: (.*?)\]", r"[默认：\1]", text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class GkgenContext(click.Context):
    formatter_class = ChineseHelpFormatter


class GkgenCommand(click.Command):
    """A command whose help shows Chinese placeholders (路径, 文本, 整数) for its options."""

    context_class = GkgenContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None:
                param.metavar = option_metavar(param)


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
            _fail(f"用法错误：{e.format_message()}\n运行“{command} --help”查看用法。", 2)
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


def console_options(command: F) -> F:
    """-q/--quiet and -v/--verbose, turned into a :class:`~gkgen.workflow.console.Console`."""
    command = click.option("-v", "--verbose", is_flag=True, help="显示每一步的用时等详细信息。")(command)
    return click.option("-q", "--quiet", is_flag=True, help="只输出结果和错误，不显示进度和摘要。")(command)


def _console(quiet: bool, verbose: bool) -> Console:
    from gkgen.workflow.console import Console

    return Console.for_command(quiet=quiet, verbose=verbose)


@main.command("check", context_settings=HELP)
@argument("paths", nargs=-1, metavar="路径", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，json 数组，github 工作流注释（路径相对于 git 仓库根目录）。",
)
@click.option("--strict", is_flag=True, help="警告也视为不通过（退出码 1）。")
@click.option("--select", multiple=True, metavar="规则", help="只报告这些规则（编号或前缀，如 GK2；可重复）。")
@click.option("--ignore", multiple=True, metavar="规则", help="不报告这些规则（编号或前缀；可重复）。")
@console_options
@click.help_option("-h", "--help", help="显示帮助并退出。")
@click.pass_context
def check_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output: str,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """校验站点中的报告。

    路径可以是站点目录、reports/机构标识 或某个年度文件，只检查所选的机构或年度；默认检查当前目录所在的整个站点。
    退出码：0 通过（允许警告，除非 --strict），1 数据有错误，2 命令用法错误或无法运行。全部规则见 gkgen rules。"""
    from gkgen.check import run_check
    from gkgen.workflow.site import locate, repository_prefix

    root, scope = locate(paths)
    prefix = repository_prefix(root) if output == "github" else ""
    console = _console(quiet, verbose)
    code = run_check(
        root,
        cast("OutputFormat", output),
        strict=strict,
        scope=scope,
        console=console,
        prefix=prefix,
        select=select,
        ignore=ignore,
    )
    ctx.exit(code)


@main.command("rules", context_settings=HELP)
@click.help_option("-h", "--help", help="显示帮助并退出。")
def rules_command() -> None:
    """列出全部校验规则：编号、级别、说明和示例（与 docs/rules.md 相同）。"""
    from gkgen.rules import rules_table

    click.echo(rules_table())


@main.command("fix", context_settings=HELP)
@argument("site", required=False, metavar="站点", type=click.Path(path_type=Path))
@click.option("--punctuation", is_flag=True, help="把中文之间的英文标点 , ; : ? ! ( ) 改为全角（GK520）。")
@click.option("--dry-run", is_flag=True, help="只显示改动（diff），不写入。")
@click.option("--yes", "-y", is_flag=True, help="不询问，直接写入。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
@click.pass_context
def fix_command(ctx: click.Context, site: Path | None, punctuation: bool, dry_run: bool, yes: bool) -> None:
    """改正站点（默认当前目录）正文中可以安全自动改正的问题：先显示 diff，确认后原地改写。"""
    from gkgen.fix import run_fix

    def confirm(question: str) -> bool:
        return click.confirm(question, default=False)

    root = site if site is not None else Path(".")
    ctx.exit(run_fix(root, punctuation=punctuation, dry_run=dry_run, yes=yes, echo=click.echo, confirm=confirm))


@main.command("build", context_settings=HELP)
@argument("paths", nargs=-1, metavar="路径", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="输出目录（默认 站点/build）。")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="并行进程数（默认 CPU 核数）。")
@click.option("--no-pdf", is_flag=True, help="不生成 PDF。")
@console_options
@click.help_option("-h", "--help", help="显示帮助并退出。")
def build_command(
    paths: tuple[Path, ...], out: Path | None, jobs: int | None, no_pdf: bool, quiet: bool, verbose: bool
) -> None:
    """先校验站点，再生成整个门户（有错误时不发布任何内容）。

    给出 reports/机构标识 等路径时只校验和生成所选的机构或年度（输出目录中只有这些报告，适合单独查看）。"""
    from gkgen.build import build
    from gkgen.findings import format_findings
    from gkgen.workflow.site import locate

    _abort_on_sigterm()
    root, scope = locate(paths)
    console = _console(quiet, verbose)
    steps: list[str] = []

    def progress(step: str) -> None:
        steps.append(step)
        console.progress(f"正在生成：{step}……")
        console.detail(f"开始：{step}")

    try:
        result = build(root, out, pdf=not no_pdf, jobs=jobs, scope=None if scope.whole else scope, progress=progress)
    finally:
        console.done()
    if result.warnings:
        console.info(console.severity(format_findings(result.warnings, "text")))
    console.info(f"已生成 {result.files} 个文件：{result.out}")


def _abort_on_sigterm() -> None:
    """SIGTERM ends a build like Ctrl-C: the staging folder is removed, the workers are stopped
    and the previous output stays as it was ("已中止。", exit 1)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a BaseException: no `except Exception` on the way swallows it

    signal.signal(signal.SIGTERM, stop)


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
@argument("site", required=False, metavar="站点", type=click.Path(path_type=Path))
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
def export_command(site: Path | None, year: int, formats: tuple[str, ...], out: Path) -> None:
    """导出站点（默认当前目录所在的站点）某一年度全部机构的表格数据（CSV、XLSX、JSON）。

    CSV 另附 status-年度.csv（每个机构一行：发布日期、报送状态）；XLSX 含“报送情况”工作表。
    该年度的数据有错误时不导出（退出码 1）。"""
    from gkgen.export.command import EXPORT_FORMATS, export_year
    from gkgen.workflow.site import locate

    root, _ = locate([site] if site is not None else [])
    for path in export_year(root, year, formats or EXPORT_FORMATS, out):
        click.echo(str(path))


@main.command("import", context_settings=HELP)
@argument("files", nargs=-1, required=True, metavar="文件")
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


@main.command("init", context_settings=HELP)
@argument("directory", metavar="目录", type=click.Path(path_type=Path))
@click.option("--name", default="政府信息公开工作年度报告", show_default=True, help="门户名称（写入 gkgen.yaml）。")
@click.option("--year", type=click.IntRange(min=2019, max=9999), default=None, help="示例报告的年度（默认上一年）。")
@click.option("--no-git", is_flag=True, help="不运行 git init。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def init_command(directory: Path, name: str, year: int | None, no_git: bool) -> None:
    """新建站点：带注释的 gkgen.yaml、一个示例机构、持续集成（GitHub Actions、GitLab CI）、编辑器设置和说明。

    目录须不存在或为空。装有 git 时同时建立 git 仓库，并配置 gkgen diff 的文本转换。"""
    from gkgen.workflow.init import init_site

    written = init_site(directory, name=name, year=year, git=not no_git)
    click.echo(f"已新建站点 {directory}（{len(written)} 个文件）。下一步：")
    click.echo(f"  cd {directory}")
    click.echo("  gkgen new 机构标识 年度 --agency-name 机构全称   # 新建机构")
    click.echo("  gkgen check                                      # 检查")


@main.command("new", context_settings=HELP)
@argument("agency", metavar="机构标识")
@argument("year", metavar="年度", type=click.IntRange(min=2019, max=9999))
@click.option("--agency-name", default=None, help="新建机构时的机构全称（写入 agency.yaml）。")
@click.option("--category", default=None, help="新建机构的分类（默认 gkgen.yaml“分类”中的第一个）。")
@click.option("--level", type=click.Choice(["部门", "政府"]), default=None, help="新建机构的层级（默认 部门）。")
@click.option("--site", type=click.Path(path_type=Path), default=None, help="站点目录（默认当前目录所在的站点）。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def new_command(
    agency: str, year: int, agency_name: str | None, category: str | None, level: str | None, site: Path | None
) -> None:
    """以上一年度为基础新建 机构标识 的 年度 报告（YYYY.yaml + YYYY.md），不覆盖已有文件。

    上年结转取上一年度的结转下年度，现行有效件数（2019 格式为上一年项目数量）沿用，其余数字为 0；
    正文按官方格式列出各部分，占位符在替换前 gkgen check 会报错（GK506）。加 --agency-name 时同时新建机构。"""
    from gkgen.workflow.new import new_report
    from gkgen.workflow.site import find_root

    root = find_root(site or Path.cwd())
    written, carried = new_report(root, agency, year, agency_name=agency_name, category=category, level=level)
    for path in written:
        click.echo(f"已新建 {path.relative_to(root).as_posix()}")
    for item in carried:
        click.echo(f"  沿用上一年度：{item.cell} = {item.value}")
    click.echo("请填写数字和正文中的占位符，然后运行 gkgen check。")


@main.command("diff", context_settings=HELP)
@argument("items", nargs=-1, metavar="版本 [版本2] [路径]")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，markdown 用于合并请求评论。",
)
@click.option(
    "--textconv",
    "textconv_file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="git 文本转换模式：把一个年度 YAML 文件显示为每行一个带官方名称的单元格。",
)
@console_options
@click.help_option("-h", "--help", help="显示帮助并退出。")
def diff_command(items: tuple[str, ...], output: str, textconv_file: Path | None, quiet: bool, verbose: bool) -> None:
    """用文字说明两个 git 版本之间报告的变化：每个改动的数字（官方名称，原值 → 新值）、新增或删除的报告、
    改动的正文段落，以及改动带来或消除的问题。

    不给版本时比较 HEAD 与工作区；给一个版本时比较该版本与工作区；给两个版本时比较两者。
    版本后可跟路径（reports/机构标识 等），只比较所选的机构或年度。"""
    from gkgen.workflow.diff import run_diff, textconv
    from gkgen.workflow.site import locate

    if textconv_file is not None:
        sys.stdout.write(textconv(textconv_file))
        return
    revs, paths = _revisions_and_paths(items)
    root, scope = locate(paths)
    sys.exit(run_diff(root, revs, scope, output, _console(quiet, verbose)))


def _revisions_and_paths(items: tuple[str, ...]) -> tuple[tuple[str, ...], list[Path]]:
    """Leading arguments that are not existing paths are revisions; the rest are paths."""
    revs: list[str] = []
    for number, item in enumerate(items):
        if Path(item).exists():
            return tuple(revs), [Path(p) for p in items[number:]]
        revs.append(item)
    return tuple(revs), []


@main.command("status", context_settings=HELP)
@argument("paths", nargs=-1, metavar="路径", type=click.Path(path_type=Path))
@click.option(
    "--year", "years", type=click.IntRange(min=1000, max=9999), multiple=True, help="年度，可重复；默认全部年度。"
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="输出格式。",
)
@console_options
@click.help_option("-h", "--help", help="显示帮助并退出。")
def status_command(paths: tuple[Path, ...], years: tuple[int, ...], output: str, quiet: bool, verbose: bool) -> None:
    """按年度列出每个机构的报送情况：是否已提交、发布日期、是否逾期、错误和警告数。

    机构从它的第一份报告的年度起每年都应提交（还没有报告的机构每年都应提交）。"""
    from gkgen.workflow.site import locate
    from gkgen.workflow.status import run_status

    root, scope = locate(paths)
    sys.exit(run_status(root, scope, years, output, _console(quiet, verbose)))


@main.command("serve", context_settings=HELP)
@argument("site", required=False, metavar="站点", type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=8000,
    show_default=True,
    help="端口（0 表示任选一个空闲端口）。",
)
@console_options
@click.help_option("-h", "--help", help="显示帮助并退出。")
def serve_command(site: Path | None, port: int, quiet: bool, verbose: bool) -> None:
    """在本机（127.0.0.1）预览门户：保存文件后只重新生成受影响的页面并自动刷新浏览器，
    问题直接显示在页面上。按 Ctrl-C 停止。"""
    from gkgen.workflow.serve import serve
    from gkgen.workflow.site import find_root

    root = find_root(site or Path.cwd())
    sys.exit(serve(root, port=port, console=_console(quiet, verbose)))
