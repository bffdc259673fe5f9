"""Click's own words in Chinese: its messages, help-screen words and placeholders (metavars).

Click looks every user-facing message up through ``gettext`` (``_("Missing argument")``), bound
in each of its modules at import. :func:`install` rebinds those names to :data:`CATALOGUE`, so
invalid values, missing arguments, "[required]" and the rest reach the user in Chinese whatever
the locale; a test keeps the catalogue complete against the click that is installed.
Placeholders (PATH, TEXT, INTEGER, the upper-cased argument names) come from
:func:`metavar`, set on every parameter by gkgen's command class.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import click

CATALOGUE: dict[str, str] = {
    # help screen
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（运行时确定）",
    "deprecated": "已弃用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "选项（{choices}）",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such option {name!r}.": "没有选项 {name}。",
    "No such command {name!r}.": "没有命令 {name}。",
    "Did you mean {possibility}?": "是否想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想写其中之一：{possibilities}？）",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，实际给出 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，实际给出 {len} 个。",
    "Value must be an iterable.": "值必须是一个列表。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，实际给出 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，实际给出 {len_value} 个。",
    # values
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围（{range}）内。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是目录。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "unknown error": "未知错误",
    # prompts and terminal
    "Aborted!": "已中止。",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不询问，直接执行。",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
    "d": "天",  # days, in a progress bar's estimate
    "Unknown color {colour!r}": "未知颜色“{colour}”",
    "Unknown standard stream '{name}'": "未知的标准流“{name}”",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    "Windows error: {error}": "Windows 错误：{error}",
    "Couldn't detect Bash version, shell completion is not supported.": "无法识别 Bash 版本，不支持命令补全。",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以前的版本不支持命令补全。",
    # mistakes in a command's definition (a gkgen bug, but still in Chinese)
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "提示：命令 {name} 已弃用。{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "提示：{param_type} {name} 已弃用。{extra_message}"
    ),
    "Could not determine name for option with declarations {decls!r}": "无法确定选项“{decls}”的名称",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "未定义选项却给出了名称（{name}）。",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "参数只能有一个声明，实有 {length} 个：{decls}。"
    ),
    "Name '{name}' defined twice": "名称“{name}”重复定义",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "开关选项“{decl}”的是与否不能用同一个写法。",
}
"""Click's message ids (English, as click spells them) -> Chinese, with the same fields."""

CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
)
"""Click's modules that bind ``_``/``ngettext`` (the test reads their message ids from source)."""

TYPE_METAVARS: dict[str, str] = {
    "text": "文本",
    "integer": "整数",
    "integer range": "整数",
    "float": "数字",
    "float range": "数字",
    "boolean": "是/否",
    "path": "路径",
    "filename": "文件",
    "directory": "目录",
    "file": "文件",
    "uuid": "UUID",
    "datetime": "日期",
}
"""A parameter's placeholder by its click type's name (click shows TEXT, INTEGER, PATH …)."""


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Chinese (idempotent)."""
    for name in CLICK_MODULES:
        module = _module(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:  # e.g. a click without one of these modules
        return None


def option_metavar(param: click.Parameter) -> str | None:
    """The Chinese placeholder of an option by its type (PATH -> 路径); None keeps click's own
    (a Choice lists its values)."""
    if isinstance(param.type, click.Choice) or param.nargs != 1:
        return None
    return TYPE_METAVARS.get(param.type.name)


class ChineseArgument(click.Argument):
    """An argument shown by its Chinese name (``metavar``, e.g. 站点), in brackets when optional
    — click would show the upper-cased parameter name (SITE)."""

    def make_metavar(self, ctx: click.Context) -> str:
        word = self.metavar or TYPE_METAVARS.get(self.type.name, "值")
        shown = f"{word}..." if self.nargs != 1 else word
        return shown if self.required else f"[{shown}]"
