"""Content-addressed cache of rendered PDFs.

The key of a job hashes everything its bytes depend on: the caller's ``cache_key`` (the report's
files, agency.yaml, gkgen.yaml, templates), the HTML itself, the metadata and attachments, the
stylesheet, the font roles and the font files they resolve to, the layout settings, and the
versions of gkgen and WeasyPrint. An unchanged job is copied from the cache, not rendered.

An entry is used only when the PDF's SHA-256 matches the one recorded when it was stored: a
truncated or altered file (a full disk, a crash, a hand edit) is a miss, removed and rendered
again. The cache is an optimisation: when it cannot be written (full disk, read-only) the build
goes on without it (see :func:`gkgen.pdf.render_pdfs`).
"""

from __future__ import annotations

import contextlib
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
    sha256: str = ""


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PdfCache:
    """PDFs stored as <dir>/<2 hex>/<digest>.pdf with a .json sidecar (warnings, pages)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _paths(self, digest: str) -> tuple[Path, Path]:
        folder = self.directory / digest[:2]
        return folder / f"{digest}.pdf", folder / f"{digest}.json"

    def get(self, digest: str) -> CacheEntry | None:
        """The entry of ``digest`` when it is complete and its PDF has the recorded hash."""
        pdf, sidecar = self._paths(digest)
        try:
            info = json.loads(sidecar.read_text(encoding="utf-8"))
            if not isinstance(info, dict) or not pdf.is_file() or pdf.is_symlink():
                return None
            warnings = [str(w) for w in info.get("warnings", [])]
            pages = int(info.get("pages", 0))
            if not isinstance(info.get("sha256"), str) or _file_hash(pdf) != info["sha256"]:
                self._drop(pdf, sidecar)
                return None
        except (OSError, ValueError, TypeError):
            return None
        return CacheEntry(pdf, warnings, pages, str(info["sha256"]))

    @staticmethod
    def _drop(*paths: Path) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def put(self, digest: str, source: Path, warnings: list[str], pages: int) -> None:
        """Store a copy of ``source``; raises OSError when the cache cannot be written (the
        half-written temporary files are removed)."""
        pdf, sidecar = self._paths(digest)
        tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
        tmp_json = sidecar.with_name(f".{sidecar.name}.{os.getpid()}.tmp")
        try:
            pdf.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, tmp)
            data = {"warnings": warnings, "pages": pages, "sha256": _file_hash(tmp)}
            tmp_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, pdf)
            os.replace(tmp_json, sidecar)
        except OSError:
            self._drop(tmp, tmp_json)
            raise

    @staticmethod
    def restore(entry: CacheEntry, out: Path) -> bool:
        """Copy a cached PDF to ``out`` (atomically); False when the copy does not have the
        entry's hash (the cache changed under us): then nothing is left at ``out``."""
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(entry.pdf, tmp)
            if entry.sha256 and _file_hash(tmp) != entry.sha256:
                tmp.unlink()
                return False
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, out)
        return True
