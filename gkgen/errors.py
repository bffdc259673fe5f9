"""Errors a user causes. The CLI turns them into a Chinese message and an exit code, never a
traceback; only a bug in gkgen shows one."""

from __future__ import annotations

import click


class GkgenError(click.ClickException):
    """Base: the data or the site is wrong (exit 1)."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


class DataError(GkgenError):
    """The site's data has errors; nothing was published."""


class UsageError(GkgenError):
    """The command was misused or could not run: missing folder, bad option (exit 2)."""

    exit_code = 2
