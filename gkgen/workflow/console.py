"""How a command talks to the person at the terminal: progress, --quiet, --verbose and colour.

Results (findings, the diff, the status table) go to stdout; everything else — progress, summary
lines, details — goes to stderr, so a pipe or a CI log only gets what it asked for.
Progress is drawn on one line and redrawn only when stderr is a terminal; colour is used only on
a terminal and never when ``NO_COLOR`` is set (https://no-color.org).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

import click

from gkgen.findings import SEVERITY_WORDS

SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (to any value but empty)."""
    return _isatty(stream) and not os.environ.get("NO_COLOR")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class Console:
    quiet: bool = False
    verbose: bool = False
    err: TextIO = field(default_factory=lambda: sys.stderr)
    out: TextIO = field(default_factory=lambda: sys.stdout)
    _drawn: bool = False

    @classmethod
    def for_command(cls, *, quiet: bool = False, verbose: bool = False) -> Console:
        return cls(quiet=quiet, verbose=verbose and not quiet)

    @property
    def terminal(self) -> bool:
        return _isatty(self.err)

    @property
    def colour(self) -> bool:
        return wants_colour(self.out)

    def info(self, message: str) -> None:
        """A summary line (stderr), hidden by --quiet."""
        if not self.quiet:
            self._clear()
            click.echo(message, file=self.err)

    def detail(self, message: str) -> None:
        """A line only --verbose shows."""
        if self.verbose:
            self._clear()
            click.echo(message, file=self.err)

    def result(self, text: str) -> None:
        """What the command produces (stdout), never hidden."""
        self._clear()
        click.echo(text, file=self.out, color=self.colour)

    def progress(self, message: str) -> None:
        """One progress line, redrawn in place on a terminal; with --verbose also in a log."""
        if self.quiet:
            return
        if self.verbose and not self.terminal:
            click.echo(message, file=self.err)
        elif self.terminal:
            self.err.write("\r\x1b[K" + message)
            self.err.flush()
            self._drawn = True

    @contextmanager
    def step(self, message: str) -> Iterator[None]:
        """Progress for a step; with --verbose its time is logged when it ends."""
        self.progress(f"{message}……")
        start = time.perf_counter()
        yield
        self.detail(f"{message}：{time.perf_counter() - start:.2f} 秒")

    def done(self) -> None:
        self._clear()

    def _clear(self) -> None:
        if self._drawn:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._drawn = False

    def severity(self, text: str) -> str:
        """Finding lines with 错误/警告 coloured when stdout is a terminal."""
        if not self.colour:
            return text
        for severity, word in SEVERITY_WORDS.items():
            text = text.replace(f" {word} GK", " " + click.style(word, fg=SEVERITY_COLOURS[severity]) + " GK")
        return text
