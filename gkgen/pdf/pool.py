"""Long-lived worker processes that render PDFs, with a time limit per report.

Each worker imports WeasyPrint, builds its font configuration and loads the fonts' character
maps once, then renders job after job. A worker that overruns the time limit is killed and
replaced; its report gets a Chinese error.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import queue
import re
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from gkgen.lifeline import die_with_parent
from gkgen.pdf.jobs import FontRoles, PdfJob

# (index, ok, pages, warnings, seconds)
Outcome = tuple[int, bool, int, list[str], float]

ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})
"""An OSError with one of these while writing a PDF is the machine's fault (full disk, read-only
or forbidden output), not the report's: the build stops with the path instead of a GK602."""
ENVIRONMENT = "\x00environment\x00"
"""Prefix of an outcome message that is an environment fault: ``ENVIRONMENT + "errno|path|text"``."""


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker needs, sent once when it starts."""

    fonts: FontRoles
    font_dir: Path | None = None  # folder of TrueType copies (gkgen.pdf.outlines)


class Renderer:
    """Renders jobs in this process, reusing one font configuration."""

    def __init__(self, setup: WorkerSetup) -> None:
        from gkgen.pdf.weasy import import_weasyprint

        import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        from gkgen.pdf import weasy

        weasy.install()
        self.setup = setup
        self.font_config = FontConfiguration()
        self._covered: frozenset[int] | None = None
        self._stylesheets: dict[tuple[str, Path], Any] = {}

    def stylesheet(self, css_text: str, theme_dir: Path) -> Any:
        from gkgen.pdf.render import make_stylesheet

        key = (css_text, theme_dir)
        if key not in self._stylesheets:
            roots = (self.setup.font_dir,) if self.setup.font_dir else ()
            self._stylesheets[key] = make_stylesheet(css_text, theme_dir, self.font_config, roots)
        return self._stylesheets[key]

    def covered(self) -> frozenset[int]:
        from gkgen.pdf.fonts import covered_codepoints

        if self._covered is None:
            self._covered = covered_codepoints(self.setup.fonts)
        return self._covered

    def run(self, index: int, job: PdfJob, css_text: str) -> Outcome:
        from gkgen.pdf.fonts import missing_glyphs
        from gkgen.pdf.render import render_job

        start = time.perf_counter()
        warnings = missing_glyphs(job.html, self.covered(), job.meta.title)
        try:
            pages, more = render_job(job, self.stylesheet(css_text, job.theme_dir), self.font_config)
        except OSError as error:
            if error.errno not in ENVIRONMENT_ERRNOS:
                message = f"{job.meta.title}：PDF 生成失败（{type(error).__name__}: {error}）"
                return index, False, 0, [*warnings, message], time.perf_counter() - start
            fault = f"{ENVIRONMENT}{error.errno}|{error.filename or job.out}|{error.strerror or error}"
            return index, False, 0, [fault], time.perf_counter() - start
        except Exception as error:  # report every failure as data, never a traceback
            message = f"{job.meta.title}：PDF 生成失败（{type(error).__name__}: {error}）"
            return index, False, 0, [*warnings, message], time.perf_counter() - start
        # WeasyPrint also logs each .notdef glyph; keep only gkgen's message for a known one.
        named = "".join(warnings)
        more = [w for w in more if not (".notdef glyph" in w and _code_point(w) and _code_point(w) in named)]
        return index, True, pages, warnings + more, time.perf_counter() - start


def _code_point(message: str) -> str:
    match = re.search(r"U\+[0-9A-F]{4,6}", message)
    return match.group(0) if match else ""


def _worker_main(setup: WorkerSetup, tasks: Any, results: Any, parent: int = 0) -> None:
    if parent:
        die_with_parent(parent)
    renderer = Renderer(setup)
    while True:
        item = tasks.get()
        if item is None:
            return
        results.put(renderer.run(*item))


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Any
    busy: tuple[int, float] | None = None  # (job index, deadline)


class WorkerPool:
    """A fixed number of worker processes fed one job at a time."""

    def __init__(self, setup: WorkerSetup, size: int) -> None:
        # fork: workers start fast and never re-import the caller's __main__ (spawn would).
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._ctx: Any = multiprocessing.get_context(method)
        self._setup = setup
        self._results: Any = self._ctx.Queue()
        self._workers = [self._start() for _ in range(max(1, size))]

    def _start(self) -> _Worker:
        tasks = self._ctx.SimpleQueue()
        args = (self._setup, tasks, self._results, os.getpid())
        process = self._ctx.Process(target=_worker_main, args=args, daemon=True)
        process.start()
        return _Worker(process, tasks)

    def run(
        self, jobs: list[tuple[int, PdfJob, str]], timeout: float, describe: Callable[[int], str]
    ) -> Iterator[Outcome]:
        """Yield one outcome per job, in completion order."""
        pending = deque(jobs)
        while pending or any(w.busy for w in self._workers):
            for worker in self._workers:
                if worker.busy is None and pending:
                    task = pending.popleft()
                    worker.tasks.put(task)
                    worker.busy = (task[0], time.monotonic() + timeout)
            yield from self._collect(timeout, describe)

    def _collect(self, timeout: float, describe: Callable[[int], str]) -> Iterator[Outcome]:
        deadlines = [w.busy[1] for w in self._workers if w.busy]
        wait = max(0.01, min(min(deadlines) - time.monotonic(), 0.5))
        try:
            outcome: Outcome = self._results.get(timeout=wait)
        except queue.Empty:
            pass
        else:
            for worker in self._workers:
                if worker.busy and worker.busy[0] == outcome[0]:
                    worker.busy = None
            yield outcome
            return
        now = time.monotonic()
        for slot, worker in enumerate(self._workers):
            if worker.busy is None:
                continue
            index, deadline = worker.busy
            if now >= deadline:
                reason = f"超过时间限制（{timeout:g} 秒），已终止"
            elif not worker.process.is_alive():
                reason = crash_reason(worker.process.exitcode)
            else:
                continue
            self._stop(worker)
            self._workers[slot] = self._start()
            yield index, False, 0, [f"{describe(index)}：PDF 生成失败，{reason}"], timeout

    @staticmethod
    def _stop(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)

    def close(self) -> None:
        for worker in self._workers:
            if worker.process.is_alive():
                worker.tasks.put(None)
        for worker in self._workers:
            worker.process.join(5)
            if worker.process.is_alive():
                self._stop(worker)
        self._results.close()


CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL, signal.SIGFPE})
CRASH = "渲染进程崩溃"
"""Start of the reason of a worker killed by a crash signal (a missing font, a broken library)."""


def crash_reason(exitcode: int | None) -> str:
    """Why a worker ended unexpectedly, in Chinese."""
    if exitcode is not None and exitcode < 0 and -exitcode in CRASH_SIGNALS:
        name = signal.Signals(-exitcode).name
        return f"{CRASH}（{name}），多半是运行环境的问题（没有可用的字体，或 Pango/HarfBuzz 库损坏）"
    return f"渲染进程意外退出（退出码 {exitcode}）"


@contextmanager
def worker_pool(setup: WorkerSetup, size: int) -> Iterator[WorkerPool]:
    pool = WorkerPool(setup, size)
    try:
        yield pool
    finally:
        pool.close()
