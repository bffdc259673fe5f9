"""Where things are: the names of a site's files, and every output path of a build.

The one module that spells a path; the loader, the rules, the renderers, the PDF stage and the
publisher all read it, so none of them reaches into another stage for a file name.
"""

from __future__ import annotations

import re

from gkgen.data import Portal, Report

# ---------------------------------------------------------------- the site

CONFIG = "gkgen.yaml"
REPORTS = "reports"
AGENCY_FILE = "agency.yaml"
TEMPLATES = "templates"
AGENCY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}\Z")
YEAR_FILE = re.compile(r"((?:19|20)\d{2})\.(yaml|md)\Z")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
"""Images a narrative may show; they live in the agency folder (or a sub-folder of it) and are
copied beside the report page."""
ATTACHMENT_SUFFIXES = (*IMAGE_SUFFIXES, ".pdf", ".doc", ".docx", ".xls", ".xlsx")
"""Files a narrative may link to (附件): kept in the agency folder beside the narrative and
published with the report, beside its page."""
ALLOWED_DOMAINS = "外部链接域名"
"""gkgen.yaml key: the external domains narratives may link to (http/https links only, never
images), e.g. [www.mouxian.gov.cn, gov.cn] — a domain allows its sub-domains."""


def link_domains(portal: Portal | None) -> tuple[str, ...]:
    """The domains of gkgen.yaml's 外部链接域名 (a list, or one domain)."""
    value = portal.settings.get(ALLOWED_DOMAINS) if portal is not None else None
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return tuple(str(item).strip() for item in items if isinstance(item, str) and item.strip())


# ---------------------------------------------------------------- the build

REPORT_PAGE = "index.html"
FRAGMENT = "report.fragment.html"
PDF = "report.pdf"
DOCX = "report.docx"
JSON = "report.json"
SUMMARY_CSV = "summary.csv"
SUMMARY_XLSX = "summary.xlsx"
SITEMAP = "sitemap.xml"
STATIC = "static"
SCHEMA_DIR = "schema"
REPORT_SCHEMA = "report.schema.json"
MARKER = ".gkgen-build"
"""Written into every build so that a later build only ever replaces a folder gkgen made."""


def report_dir(report: Report) -> str:
    """The folder of a report's page, PDF and data: ``2021/fuxin-mtzx``."""
    return f"{report.year}/{report.agency.id}"


def year_dir(year: int) -> str:
    return str(year)
