"""Render one PdfJob in the current process (what each worker runs)."""

from __future__ import annotations

import base64
import datetime
import io
import logging
import os
import time
from pathlib import Path
from typing import Any

from gkgen.pdf import weasy
from gkgen.pdf.jobs import Date, PdfJob
from gkgen.pdf.weasy import PDF_VARIANT

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def _w3c(value: Date) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if value.tzinfo is None else "")
    return value.isoformat()


def _as_datetime(value: Date) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime(value.year, value.month, value.day)


class _LogCollector(logging.Handler):
    """Collects WeasyPrint's warnings and errors during one render."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def stylesheet_text(theme_dir: Path, name: str = "pdf.css") -> str:
    """A stylesheet of the theme (a site's override when it has one, else the default theme);
    a site's symlink out of the site is not read, a non-UTF-8 file is a Chinese error."""
    from gkgen.html.theme import decode_theme_file, inside

    for folder in (theme_dir, THEME_DIR):
        css = folder / "static" / name
        if css.is_file() and inside(css, folder.parent):
            return decode_theme_file(css.read_bytes(), f"{folder.name}/static/{name}")
    raise FileNotFoundError(str(THEME_DIR / "static" / name))


def make_stylesheet(css_text: str, theme_dir: Path, font_config: Any, extra_roots: tuple[Path, ...] = ()) -> Any:
    """Parse the stylesheet once per worker (its @font-face rules load fonts)."""
    from weasyprint import CSS

    from gkgen.pdf.fetcher import SafeFetcher

    fetcher = SafeFetcher((theme_dir, THEME_DIR, *extra_roots), "pdf.css")
    return CSS(
        string=css_text,
        font_config=font_config,
        url_fetcher=fetcher,
        base_url=(theme_dir / "static").resolve().as_uri() + "/",
    )


def render_job(job: PdfJob, stylesheet: Any, font_config: Any) -> tuple[int, list[str]]:
    """Write ``job.out``; return the page count and the Chinese warnings."""
    from weasyprint import HTML
    from weasyprint import Attachment as WAttachment

    from gkgen.pdf.fetcher import SafeFetcher
    from gkgen.pdf.htmlprep import add_colgroups

    weasy.install()
    report = job.meta.title
    fetcher = SafeFetcher((job.base_dir, job.theme_dir, THEME_DIR), report)
    collector = _LogCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        base_url = job.base_dir.resolve().as_uri() + "/"
        html = HTML(string=add_colgroups(job.html), base_url=base_url, url_fetcher=fetcher)
        document = html.render(stylesheets=[stylesheet], font_config=font_config)
        meta = job.meta
        document.metadata.title = meta.title
        document.metadata.authors = [meta.author]
        document.metadata.description = meta.subject
        document.metadata.keywords = list(meta.keywords)
        document.metadata.created = _w3c(meta.created)
        document.metadata.modified = _w3c(meta.modified)
        document.metadata.lang = meta.lang
        document.metadata.generator = "gkgen"
        attachments = [
            WAttachment(
                url=f"data:{item.mime};base64,{base64.b64encode(item.data).decode()}",
                url_fetcher=fetcher,
                name=item.name,
                description=item.description,
                created=_as_datetime(meta.created),
                modified=_as_datetime(meta.modified),
                relationship="Data" if item.mime == "application/json" else "Source",
            )
            for item in job.attachments
        ]
        buffer = io.BytesIO()
        document.write_pdf(buffer, pdf_variant=PDF_VARIANT, attachments=attachments, uncompressed_pdf=False)
        pages = len(document.pages)
    finally:
        logger.removeHandler(collector)
    _write_atomically(job.out, buffer.getvalue())
    warnings = list(fetcher.refused)
    for message in collector.messages:
        if "已拒绝引用" not in message:
            warnings.append(f"{report}：WeasyPrint 警告：{message}")
    return pages, warnings


def _write_atomically(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)
