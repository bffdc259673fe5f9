"""The PDF stage of `gkgen build`: one PdfJob per report of a checked site, rendered into the
build's staging folder. The documents are the theme's pdf.html around the same article as the
web page; the report's YAML, Markdown and report.json travel inside the PDF/A-3."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from gkgen.data import Report, Site
from gkgen.errors import GkgenError
from gkgen.findings import Finding, finding
from gkgen.html.pages import report_title
from gkgen.html.theme import inside, site_theme_dir, theme_dir
from gkgen.load import settings as pdfsettings
from gkgen.load.fontcheck import missing_fonts
from gkgen.paths import AGENCY_FILE, CONFIG, IMAGE_SUFFIXES, JSON, PDF, report_dir
from gkgen.pdf import Attachment, FontRoles, PdfJob, PdfLayout, PdfMeta, render_pdfs, weasy
from gkgen.pdf.outlines import default_font_dir

CACHE_DIR = Path(".gkgen-cache") / "pdf"
"""Inside the site, git-ignored: PDFs by content hash, so an unchanged report is not rendered again."""
SUBJECT = "政府信息公开工作年度报告"


def render_site_pdfs(
    site: Site, stage: Path, documents: list[tuple[Report, str]], *, jobs: int | None
) -> list[Finding]:
    """Write report.pdf beside each report page in ``stage``, printing ``documents`` (from
    gkgen.html.render_portal); return the renderer's warnings as findings. A report that failed
    to render is an error finding (nothing gets published).
    TrueType copies of the fonts come from the per-user cache (made there on first use) unless
    gkgen.yaml sets ``PDF版式: {TrueType字体副本: false}``."""
    assert site.portal is not None
    out = [finding("GK601", CONFIG, None, None, problem) for problem in weasy.install()]  # once, first
    settings = site.portal.settings
    work = [pdf_job(site, report, html, stage) for report, html in documents]
    layout = PdfLayout.from_config(settings.get(pdfsettings.LAYOUT))
    fonts, notes = site_fonts(settings)
    results = render_pdfs(
        work,
        workers=jobs,
        fonts=fonts,
        layout=layout,
        cache_dir=site.root / CACHE_DIR,
        progress=True,
        font_dir=font_dir_for(layout),
        convert_fonts=True,
        notes=notes,
    )
    for (report, _), result in zip(documents, results, strict=True):
        rule = "GK601" if result.ok else "GK602"
        # a missing font is reported once, at its line of gkgen.yaml, by `gkgen check`
        warnings = [w for w in result.warnings if w not in notes]
        out.extend(finding(rule, _rel(site, report.md_path), None, None, w) for w in warnings)
        if not result.ok and not result.warnings:
            out.append(finding("GK602", _rel(site, report.md_path), None, None, "PDF 生成失败"))
    return out


def site_fonts(settings: dict[str, object]) -> tuple[FontRoles, list[str]]:
    """The font roles of gkgen.yaml with every font that is not installed replaced by its role's
    default, and the warnings that say so (gkgen.load.fontcheck)."""
    fonts = FontRoles.from_config(settings.get(pdfsettings.FONTS))
    missing = missing_fonts(settings)
    fonts = dataclasses.replace(fonts, **{item.role: item.fallback for item in missing})
    return fonts, [item.message for item in missing]


def font_dir_for(layout: PdfLayout) -> Path | None:
    """The per-user folder of TrueType font copies, or None when gkgen.yaml turns them off."""
    return default_font_dir() if layout.truetype_copies else None


def pdf_job(site: Site, report: Report, html: str, stage: Path) -> PdfJob:
    folder = stage / report_dir(report)
    attachments = attachments_of(site, report, folder / JSON)
    return PdfJob(
        html=html,
        base_dir=report.md_path.parent,  # the narrative's images, as the page finds them beside itself
        theme_dir=_theme(site.root),
        out=folder / PDF,
        meta=meta_of(report),
        attachments=attachments,
        cache_key=_digest(site, report),
    )


def meta_of(report: Report) -> PdfMeta:
    """Title, author and dates from the data: 发布日期, else 1月1日 of the following year."""
    data = report.data
    day = data.published if data and data.published else dt.date(report.year + 1, 1, 1)
    name = report.agency.name
    keywords = (name, f"{report.year}年", "政府信息公开", "年度报告")
    title = report_title(report.agency, report.year)
    return PdfMeta(title=title, author=name, subject=SUBJECT, keywords=keywords, created=day, modified=day)


def attachments_of(site: Site, report: Report, data_json: Path) -> tuple[Attachment, ...]:
    """The report's own files, so the published PDF carries its data; never a file from outside
    the site (the loader already refuses such symlinks with GK016; this is the second fence)."""
    year = str(report.year)
    files = (
        (report.yaml_path, f"{year}.yaml", "application/yaml", "报告数据（YAML，gkgen 格式）"),
        (report.md_path, f"{year}.md", "text/markdown", "报告正文（Markdown）"),
    )
    for path, *_ in files:
        if not inside(path, site.root):
            raise GkgenError(f"{_rel(site, path)} 指向站点以外，拒绝附加到 PDF")
    attached = (*files, (data_json, "report.json", "application/json", "报告数据（JSON，见 docs/data.md）"))
    return tuple(Attachment(name, path.read_bytes(), mime, text) for path, name, mime, text in attached)


def _theme(root: Path) -> Path:
    site = site_theme_dir(root)
    return site if site.is_dir() else theme_dir()


def _digest(site: Site, report: Report) -> str:
    """The report's inputs, images of its agency folder included; the renderer adds its HTML,
    CSS, fonts and gkgen's version."""
    digest = hashlib.sha256()
    folder = report.md_path.parent
    agency = folder / AGENCY_FILE
    images = sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
    for path in (site.root / CONFIG, agency, report.yaml_path, report.md_path, *images):
        digest.update(path.relative_to(folder).as_posix().encode() if path.is_relative_to(folder) else b"")
        digest.update(path.read_bytes() if path.is_file() and inside(path, site.root) else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def _rel(site: Site, path: Path) -> str:
    return path.relative_to(site.root).as_posix()
