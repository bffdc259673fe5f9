"""Content-addressed cache of rendered PDFs.

The key of a job hashes everything its bytes depend on: the caller's ``cache_key`` (the report's
files, agency.yaml, gkgen.yaml, templates), the HTML itself, the metadata and attachments, the
stylesheet, the font roles and the font files they resolve to, the layout settings, and the
versions of gkgen and WeasyPrint. An unchanged job is copied from the cache, not rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from gkgen import __version__
from gkgen.pdf import weasy
from gkgen.pdf.jobs import PdfJob, PdfLayout


def _weasyprint_version() -> str:
    try:
        return version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def job_digest(job: PdfJob, *, fonts_signature: str, css_text: str, layout: PdfLayout, variant: str) -> str:
    """The cache key of one job (hex SHA-256)."""
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)

    add(
        "gkgen-pdf/1",
        __version__,
        _weasyprint_version(),
        weasy.DIGEST,
        variant,
        fonts_signature,
        css_text,
        repr(layout),
        job.cache_key,
        job.html,
        repr(job.meta),
    )
    for item in job.attachments:
        add(item.name, item.mime, item.description, hashlib.sha256(item.data).hexdigest())
    return digest.hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    pdf: Path
    warnings: list[str]
    pages: int


class PdfCache:
    """PDFs stored as <dir>/<2 hex>/<digest>.pdf with a .json sidecar (warnings, pages)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _paths(self, digest: str) -> tuple[Path, Path]:
        folder = self.directory / digest[:2]
        return folder / f"{digest}.pdf", folder / f"{digest}.json"

    def get(self, digest: str) -> CacheEntry | None:
        pdf, sidecar = self._paths(digest)
        try:
            info = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not pdf.is_file():
            return None
        return CacheEntry(pdf, [str(w) for w in info.get("warnings", [])], int(info.get("pages", 0)))

    def put(self, digest: str, source: Path, warnings: list[str], pages: int) -> None:
        pdf, sidecar = self._paths(digest)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, pdf)
        tmp_json = sidecar.with_name(f".{sidecar.name}.{os.getpid()}.tmp")
        data = {"warnings": warnings, "pages": pages}
        tmp_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp_json, sidecar)

    @staticmethod
    def restore(entry: CacheEntry, out: Path) -> None:
        """Copy a cached PDF to ``out`` (atomically)."""
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        shutil.copyfile(entry.pdf, tmp)
        os.replace(tmp, out)
