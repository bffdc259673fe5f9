"""`gkgen build`: check the site, render it, publish it into build/ in one swap."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gkgen.data import Report, Site
from gkgen.errors import DataError, UsageError
from gkgen.findings import Finding, format_findings

MARKER = ".gkgen-build"
"""Written into every build so that a later build only ever replaces a folder gkgen made."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    warnings: list[Finding]


def build(root: Path, out: Path | None = None, *, pdf: bool = True, jobs: int | None = None) -> BuildResult:
    """Check ``root``, render every page, export the data and the PDFs, and swap the result into
    ``out`` (default <root>/build). Nothing is published while the site has an error."""
    from gkgen.check import check_site
    from gkgen.html import render_portal

    root = root.resolve()
    target = (out or root / "build").resolve()
    site, findings = check_site(root)
    refuse_errors(findings)
    refuse_target(root, target)
    with staging(target) as stage:
        rendered = render_portal(site, pdf=pdf, jobs=jobs)
        write_files(stage, rendered.files)
        export_data(site, stage)
        if pdf:
            findings += render_pdfs(site, stage, rendered.pdf_documents, jobs=jobs)
            refuse_errors(findings)
        write_files(stage, {MARKER: b"gkgen build output\n"})
        count = sum(1 for p in stage.rglob("*") if p.is_file())
    return BuildResult(target, count, findings)


def export_data(site: Site, stage: Path) -> None:
    """report.json beside each page, summary.csv and summary.xlsx in each year's folder."""
    from gkgen.export import write_report_data, write_schemas, write_year_summaries
    from gkgen.html.pages import complete_reports, report_dir

    assert site.portal is not None
    reports = complete_reports(site)
    for report in reports:
        write_report_data(report, site.portal, stage / report_dir(report))
    for year in sorted({r.year for r in reports}):
        write_year_summaries(site, year, stage / str(year))
    write_schemas(stage / "schema")


def render_pdfs(site: Site, stage: Path, documents: list[tuple[Report, str]], *,
                jobs: int | None) -> list[Finding]:
    """report.pdf beside each report page (WeasyPrint is imported only here)."""
    from gkgen.pdf.site import render_site_pdfs

    return render_site_pdfs(site, stage, documents, jobs=jobs)


def refuse_errors(findings: list[Finding]) -> None:
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        shown = format_findings(errors[:20], "text") + ("\n……" if len(errors) > 20 else "")
        raise DataError(f"{shown}\n站点数据有 {len(errors)} 个错误，未发布任何内容。请修正后重新运行。")


def refuse_target(root: Path, target: Path) -> None:
    """The output folder must not be the site (or hold it) and must be one gkgen made."""
    if root == target or root.is_relative_to(target) or (root / "reports").resolve().is_relative_to(target):
        raise UsageError(f"输出目录 {target} 包含站点本身，拒绝写入。请指定单独的输出目录。")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise UsageError(f"输出目录 {target} 已存在且不是 gkgen 生成的，拒绝覆盖。")


def write_files(stage: Path, files: Mapping[str, bytes]) -> None:
    """Write each file once; a path that leaves the stage or is written twice is a bug."""
    for name, data in files.items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"output path outside the build: {name}")
        path = stage.joinpath(*relative.parts)
        if path.exists():
            raise ValueError(f"output path written twice: {name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A temporary folder next to ``target``, swapped in when the block succeeds and removed
    either way, so ``target`` is always a complete previous or new build."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield stage
        os.chmod(stage, 0o755)
        swap(stage, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def swap(stage: Path, target: Path) -> None:
    """Put ``stage`` at ``target``; the previous ``target`` ends up at ``stage`` (to be removed).
    Uses an atomic exchange where the kernel offers one (Linux renameat2), else two renames."""
    if not target.exists():
        stage.rename(target)
        return
    if _exchange(stage, target):
        return
    old = stage.with_name(stage.name + ".old")
    target.rename(old)
    stage.rename(target)
    old.rename(stage)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)
