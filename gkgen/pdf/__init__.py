"""PDF rendering of reports: GB/T 9704-2012 layout, PDF/A-3, fast cached builds.

Public API (stable)::

    from gkgen.pdf import (PdfMeta, Attachment, PdfJob, PdfResult, FontRoles, PdfLayout,
                           render_pdfs, preflight)

    results = render_pdfs(jobs, workers=os.cpu_count(), fonts=FontRoles.from_config(
        config.get("PDF字体")), cache_dir=Path(".gkgen-cache/pdf"), progress=True,
        layout=PdfLayout.from_config(config.get("PDF版式")), timeout=120)

- ``PdfJob.html`` is the complete document, normally the theme's ``pdf.html`` rendered with the
  article partial ``_article.html`` (see docs/theme.md). The stylesheet is not linked
  from the HTML: gkgen applies ``<theme_dir>/static/pdf.css`` (falling back to the default
  theme's) plus the font roles and layout settings.
- Relative URLs in the HTML resolve against ``PdfJob.base_dir``; only files under ``base_dir``
  and the theme folders can be read, and ``data:`` URLs. Any other URL is refused with a warning.
- Every job is written as PDF/A-3a (tagged) with its attachments embedded (AFRelationship
  /Source, or /Data for JSON), table header cells carrying /Scope, metadata from ``PdfMeta``.
- ``workers`` > 0 renders in that many long-lived processes with a per-report ``timeout`` (the
  process is killed and the report gets an error); ``workers=0`` renders in this process
  (tests, debugging; no time limit).
- ``cache_dir`` (or None for no cache) holds PDFs by content hash: an unchanged job is copied.
- ``font_dir``: persistent folder of TrueType copies of the CFF fonts (smaller, faster PDFs;
  `gkgen build` passes ``gkgen.pdf.outlines.default_font_dir()`` unless PDF版式.TrueType字体副本
  is false);
  ``convert_fonts=True`` makes missing copies first (cut to the characters of official
  documents, gkgen.pdf.subset; about 18 s and 0.4 GB per face, in parallel, once).
- ``layout``: settings of gkgen.yaml ``PDF版式`` (centred page numbers, bold headings).
- ``PdfMeta`` has ``lang`` after the dates (a dataclass default comes last): pass fields by name.
- A result's ``warnings`` are Chinese messages: missing glyphs (character and code point),
  refused URLs, WeasyPrint's own warnings; ``ok`` is False when the report failed (its message
  is in ``warnings``). Problems of the whole run (HarfBuzz subsetting missing, a configured font
  not installed) are returned by ``preflight`` and printed on stderr by ``render_pdfs``.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from gkgen.errors import GkgenError
from gkgen.pdf.cache import CacheEntry, PdfCache, job_digest
from gkgen.pdf.fonts import (
    HARFBUZZ_WARNING,
    covered_codepoints,
    fonts_signature,
    harfbuzz_subset_available,
    missing_fonts,
    roles_css,
)
from gkgen.pdf.jobs import Attachment, FontRoles, PdfJob, PdfLayout, PdfMeta, PdfResult
from gkgen.pdf.outlines import Converted, font_face_css, prepare_truetype_fonts
from gkgen.pdf.pool import CRASH, ENVIRONMENT, Outcome, Renderer, WorkerSetup, worker_pool
from gkgen.pdf.render import stylesheet_text
from gkgen.pdf.weasy import PDF_VARIANT

__all__ = [
    "Attachment",
    "FontRoles",
    "PdfJob",
    "PdfLayout",
    "PdfMeta",
    "PdfResult",
    "preflight",
    "render_pdfs",
]

CENTRED_PAGE_NUMBERS = "pdf-centred-page-numbers.css"
"""The theme's stylesheet for ``PDF版式: {页码居中: true}`` (added after pdf.css)."""
DEFAULT_TIMEOUT = 120.0
DEFAULT_FONTS = FontRoles()
DEFAULT_LAYOUT = PdfLayout()


class PdfEnvironmentError(GkgenError):
    """The machine cannot render PDFs (no fonts, a crashing library, an unwritable output): not
    an error in the site's data, so it is never counted as one."""

    exit_code = 2


NO_FONTS = (
    "无法生成 PDF：本机没有任何可用的字体（fontconfig 的 fc-list 没有列出字体）。"
    "这是运行环境的问题，不是站点数据的错误。请安装中文字体，如 Debian/Ubuntu 上运行 "
    "“sudo apt-get install fonts-noto-cjk fonts-lxgw-wenkai”，并确认 FONTCONFIG_FILE/FONTCONFIG_PATH "
    "指向有效的配置；或加 --no-pdf 只生成网页。"
)


def check_fonts_installed() -> None:
    """PdfEnvironmentError when fontconfig knows no font at all (WeasyPrint would crash)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return  # cannot tell; fonts.missing_fonts already warns about each configured family
    proc = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False)
    if proc.returncode == 0 and not proc.stdout.strip():
        raise PdfEnvironmentError(NO_FONTS)


def environment_fault(message: str) -> OSError | None:
    """The OSError a worker reported (full disk, read-only output), or None."""
    if not message.startswith(ENVIRONMENT):
        return None
    code, path, text = message[len(ENVIRONMENT) :].split("|", 2)
    return OSError(int(code), text, path)


def preflight(fonts: FontRoles) -> list[str]:
    """Chinese warnings about the whole run: slow font subsetting, fonts not installed."""
    warnings = [] if harfbuzz_subset_available() else [HARFBUZZ_WARNING]
    return warnings + missing_fonts(fonts)


def full_stylesheet(theme_dir: Path, fonts: FontRoles, layout: PdfLayout, truetype: Sequence[Converted] = ()) -> str:
    """TrueType @font-face rules, pdf.css, then the role fonts and layout settings."""
    faces = frozenset((item.family, item.weight) for item in truetype)
    css = font_face_css(list(truetype)) + stylesheet_text(theme_dir) + "\n" + roles_css(fonts, layout, faces)
    if layout.centred_page_numbers:
        css += "\n" + stylesheet_text(theme_dir, CENTRED_PAGE_NUMBERS)
    return css


def render_pdfs(
    jobs: Sequence[PdfJob],
    *,
    workers: int | None = None,
    fonts: FontRoles = DEFAULT_FONTS,
    cache_dir: Path | None = None,
    progress: bool = False,
    layout: PdfLayout = DEFAULT_LAYOUT,
    timeout: float = DEFAULT_TIMEOUT,
    font_dir: Path | None = None,
    convert_fonts: bool = False,
    notes: Sequence[str] = (),
) -> list[PdfResult]:
    """Render ``jobs``; return one PdfResult per job, in the order of ``jobs``.

    ``font_dir``: a persistent folder of TrueType copies of the CFF fonts (smaller, faster PDFs);
    copies found there are used, and missing ones are made first when ``convert_fonts`` (about
    18 s per face, in parallel processes, once).
    ``notes``: warnings that concern every job (a configured font replaced by its role's default,
    gkgen.load.fontcheck); each result carries them, so the summary counts the reports affected.
    """
    start = time.perf_counter()
    workers = (os.cpu_count() or 1) if workers is None else workers
    cache = PdfCache(cache_dir) if cache_dir is not None else None
    if jobs:
        check_fonts_installed()
    signature = fonts_signature(fonts)
    truetype = prepare_truetype_fonts(fonts, layout, font_dir, convert=convert_fonts) if font_dir is not None else []
    stylesheets = {theme: full_stylesheet(theme, fonts, layout, truetype) for theme in {job.theme_dir for job in jobs}}
    digests = [
        job_digest(
            job, fonts_signature=signature, css_text=stylesheets[job.theme_dir], layout=layout, variant=PDF_VARIANT
        )
        for job in jobs
    ]
    results: list[PdfResult | None] = [None] * len(jobs)
    todo: list[int] = []
    with _progress(len(jobs), progress) as bar:
        for index, job in enumerate(jobs):
            entry = cache.get(digests[index]) if cache else None
            t0 = time.perf_counter()
            if entry is None or not _restore(entry, job.out):
                todo.append(index)
                continue
            results[index] = PdfResult(job.out, True, time.perf_counter() - t0, list(entry.warnings), entry.pages)
            bar.update(1)
        if todo:
            for message in preflight(fonts):  # imports WeasyPrint once, before the workers fork
                click.echo(message, err=True)
            covered_codepoints(fonts)  # cached: the forked workers inherit the character maps
        setup = WorkerSetup(fonts, font_dir)
        for outcome in _render(jobs, todo, stylesheets, setup, workers, timeout):
            index, ok, pages, warnings, seconds = outcome
            job = jobs[index]
            fault = environment_fault(warnings[0]) if warnings else None
            if fault is not None:
                raise fault  # the output cannot be written: gkgen.build names the path
            if not ok and any(CRASH in w for w in warnings):
                raise PdfEnvironmentError(
                    f"无法生成 PDF：{warnings[-1]}。这是运行环境的问题，不是站点数据的错误；"
                    "请确认已安装中文字体（如 fonts-noto-cjk）且 fc-list 能列出字体，或加 --no-pdf 只生成网页。"
                )
            if ok and cache is not None:
                cache = _store(cache, digests[index], job.out, warnings, pages)
            results[index] = PdfResult(job.out, False, seconds, warnings, pages, ok)
            bar.update(1)
    final = [r for r in results if r is not None]
    for result in final:
        result.warnings.extend(note for note in notes if note not in result.warnings)
    if progress:
        click.echo(_summary(final, time.perf_counter() - start), err=True)
    return final


def _restore(entry: CacheEntry, out: Path) -> bool:
    """Copy a verified cache entry to ``out``; False (render instead) when the cache file cannot
    be read or changed; a full or read-only output is raised."""
    try:
        return PdfCache.restore(entry, out)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise
        return False


def _store(cache: PdfCache, digest: str, out: Path, warnings: list[str], pages: int) -> PdfCache | None:
    """Store in the cache; when the cache cannot be written, warn once and go on without it."""
    try:
        cache.put(digest, out, warnings, pages)
    except OSError as error:
        click.echo(
            f"警告：无法写入 PDF 缓存 {cache.directory}（{error.strerror or error}），本次构建不再缓存 PDF；"
            "生成的文件不受影响。",
            err=True,
        )
        return None
    return cache


def _render(
    jobs: Sequence[PdfJob],
    todo: list[int],
    stylesheets: dict[Path, str],
    setup: WorkerSetup,
    workers: int,
    timeout: float,
) -> Iterator[Outcome]:
    tasks = [(i, jobs[i], stylesheets[jobs[i].theme_dir]) for i in todo]
    if not tasks:
        return
    if workers <= 0:
        renderer = Renderer(setup)
        for task in tasks:
            yield renderer.run(*task)
        return
    with worker_pool(setup, min(workers, len(tasks))) as pool:
        yield from pool.run(tasks, timeout, lambda i: jobs[i].meta.title)


class _NoBar:
    def update(self, n: int) -> None:
        pass


@contextmanager
def _progress(length: int, show: bool) -> Iterator[Any]:
    if not show or length == 0:
        yield _NoBar()
        return
    with click.progressbar(length=length, label="生成 PDF", file=sys.stderr, show_pos=True) as bar:
        yield bar


def _summary(results: list[PdfResult], seconds: float) -> str:
    rendered = sum(1 for r in results if not r.cached and r.ok)
    cached = sum(1 for r in results if r.cached)
    failed = sum(1 for r in results if not r.ok)
    warned = sum(1 for r in results if r.warnings)
    text = (
        f"PDF：共 {len(results)} 份，新生成 {rendered} 份，未变化沿用 {cached} 份，"
        f"失败 {failed} 份，有警告 {warned} 份，用时 {seconds:.1f} 秒"
    )
    return text
