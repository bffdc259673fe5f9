"""The portal of `gkgen serve`, kept in memory and brought up to date file by file.

A saved YYYY.yaml or YYYY.md reloads that one report, re-runs the rules of it and of the same
agency's next year (which reads it for 上年结转), and re-renders those report pages — plus the
index, year and agency pages only when a link they show (title, 发布日期) changed. Any other
change (gkgen.yaml, agency.yaml, templates, a report added or removed) rebuilds everything.
Nothing is refused: a report with errors is still shown when it can be rendered, and every page
carries the findings that concern it (:mod:`.serve` draws them).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gkgen.data import Report, Site
from gkgen.errors import GkgenError
from gkgen.findings import Finding, sort_findings
from gkgen.load.narrative import parse_narrative
from gkgen.load.report import read_report
from gkgen.load.yamlpos import load_yaml_file, read_text
from gkgen.paths import REPORT_PAGE, REPORTS, YEAR_FILE, report_dir

if TYPE_CHECKING:
    from gkgen.html.render import Renderer, SiteIndex

ReportKey = tuple[str, int]


@dataclass
class Update:
    """What one change did, for the console."""

    full: bool
    reports: list[ReportKey] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None


class Preview:
    """Rendered pages by path (``2021/fuxin-mtzx/index.html``), the findings, and a version
    number that goes up on every change (the browser reloads when it sees a new one)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.version = 0
        self.files: dict[str, bytes] = {}
        self.failures: dict[str, str] = {}
        """Output path -> why it could not be rendered (shown instead of the page)."""
        self.site: Site | None = None
        self.loaded: list[Finding] = []
        self.ruled: dict[ReportKey, list[Finding]] = {}
        self.error: str | None = None
        """Why nothing could be rendered (e.g. gkgen.yaml unreadable)."""
        self._renderer: Renderer | None = None
        self._index: SiteIndex | None = None

    # ------------------------------------------------------------ queries

    @property
    def findings(self) -> list[Finding]:
        return sort_findings([*self.loaded, *(f for found in self.ruled.values() for f in found)])

    def page_findings(self, path: str) -> list[Finding]:
        """The findings a page shows: its report's for a report page, all of them elsewhere."""
        key = report_of_page(path)
        every = self.findings
        if key is None:
            return every
        return [f for f in every if f.report == key or (f.report is None and not f.file.startswith(f"{REPORTS}/"))]

    def report(self, key: ReportKey) -> Report | None:
        return self.site.report(*key) if self.site is not None else None

    # ------------------------------------------------------------ changes

    def rebuild(self) -> Update:
        """Load, check and render everything."""
        from gkgen.html.render import Renderer, SiteIndex, render_portal
        from gkgen.load.site import load_site
        from gkgen.rules import check_report

        start = time.perf_counter()
        with self.lock:
            self.error = None
            self.failures = {}
            try:
                site, loaded = load_site(self.root)
            except GkgenError as e:
                self.site, self.files, self.loaded, self.ruled = None, {}, [], {}
                self.error = e.format_message()
                return self._done(Update(True, error=self.error), start)
            self.site, self.loaded = site, loaded
            self.ruled = {(r.agency.id, r.year): check_report(site, r) for r in site.reports}
            # the same two stages as `gkgen check` (check_site), kept apart so that one report can be redone
            if site.portal is None:
                self.files = {}
                self.error = "gkgen.yaml 有错误，无法生成页面"
                return self._done(Update(True, error=self.error), start)
            try:
                renderer = Renderer.for_site(site)
                self._renderer, self._index = renderer, SiteIndex.of(renderer.portal, _complete(site))
                self.files = render_portal(site, pdf=False, documents=False).files
            except GkgenError as e:
                self.files = {}
                self.error = e.format_message()
            except Exception as e:  # a report the renderer cannot draw: show why, keep serving
                self.files = {}
                self.error = f"生成页面时出错：{type(e).__name__}: {e}"
            return self._done(Update(True, pages=len(self.files), error=self.error), start)

    def apply(self, changed: Iterable[str]) -> Update:
        """Bring the preview up to date after ``changed`` site paths (POSIX, relative) changed."""
        keys: list[ReportKey] = []
        for rel in sorted(set(changed)):
            key = year_file(rel)
            if key is None or not self._reloadable(key):
                return self.rebuild()
            keys.append(key)
        start = time.perf_counter()
        with self.lock:
            update = Update(False)
            for key in dict.fromkeys(keys):
                if not self._reload(key, update):
                    break
            else:
                return self._done(update, start)
        return self.rebuild()

    def _reloadable(self, key: ReportKey) -> bool:
        """Only an existing report whose two files are still there is reloaded by itself."""
        if self.site is None or self.error is not None or self._renderer is None:
            return False
        report = self.site.report(*key)
        return report is not None and report.yaml_path.is_file() and report.md_path.is_file()

    def _reload(self, key: ReportKey, update: Update) -> bool:
        """Reload one report in place; False when the whole site must be rebuilt instead."""
        from gkgen.html.pages import report_link
        from gkgen.html.render import SiteIndex
        from gkgen.rules import check_report

        site = self.site
        assert site is not None
        old = site.report(*key)
        assert old is not None
        new, found = load_report(old)
        if new.complete != old.complete:
            return False  # the report appears on or disappears from the index pages
        site.reports[site.reports.index(old)] = new
        self.loaded = [f for f in self.loaded if f.report != key] + found
        following = site.report(key[0], key[1] + 1)
        redo = [new] + ([following] if following is not None else [])
        for report in redo:
            self.ruled[(report.agency.id, report.year)] = check_report(site, report)
        update.reports.append(key)
        pages = [new]
        if new.complete and report_link(new) != report_link(old):
            # titles and dates are shown on the index, the year page and the agency's other years
            assert self._renderer is not None
            self._index = SiteIndex.of(self._renderer.portal, _complete(site))
            self._render_indexes(update)
            pages += [r for r in site.reports if r.agency.id == key[0] and r is not new and r.complete]
        for report in pages:
            if report.complete:
                self._render_report(report, update)
        return True

    def _render_report(self, report: Report, update: Update) -> None:
        from gkgen.html.render import render_report

        page = f"{report_dir(report)}/{REPORT_PAGE}"
        self.failures.pop(page, None)
        assert self._renderer is not None and self._index is not None
        try:
            files, _ = render_report(self._renderer, report, self._index, pdf=False)
        except GkgenError as e:
            self.failures[page] = e.format_message()
            return
        except Exception as e:  # broken data the renderer cannot draw: show why, keep serving
            self.failures[page] = f"生成页面时出错：{type(e).__name__}: {e}"
            return
        for name, content in files.items():
            self.files[name] = content.encode("utf-8") if isinstance(content, str) else content
            update.pages += 1

    def _render_indexes(self, update: Update) -> None:
        renderer, index = self._renderer, self._index
        assert renderer is not None and index is not None
        self.files["index.html"] = renderer.render("index.html", **renderer.common(""), years=index.years).encode()
        for year in index.years:
            page = renderer.render("year.html", **renderer.common("../"), year=year)
            self.files[f"{year.year}/index.html"] = page.encode("utf-8")
            update.pages += 1

    def _done(self, update: Update, start: float) -> Update:
        self.version += 1
        update.seconds = time.perf_counter() - start
        return update


def load_report(old: Report) -> tuple[Report, list[Finding]]:
    """One report read again from its two files, with the findings of reading it (as the site
    loader reports them)."""
    agency, year = old.agency, old.year
    base = f"{REPORTS}/{agency.id}/{year}"
    node, found = load_yaml_file(old.yaml_path, f"{base}.yaml")
    data, more = read_report(node, f"{base}.yaml", year)
    text, read = read_text(old.md_path, f"{base}.md")
    narrative = parse_narrative(text, f"{base}.md") if text is not None else None
    findings = [f.about((agency.id, year)) for f in (*found, *more, *read)]
    return Report(agency, year, data, narrative, old.yaml_path, old.md_path), findings


def year_file(rel: str) -> ReportKey | None:
    """reports/<agency>/YYYY.yaml or .md -> (agency, year)."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != REPORTS:
        return None
    match = YEAR_FILE.match(parts[2])
    return (parts[1], int(match.group(1))) if match else None


def report_of_page(path: str) -> ReportKey | None:
    """2021/fuxin-mtzx/index.html -> ("fuxin-mtzx", 2021)."""
    parts = path.split("/")
    if len(parts) >= 2 and parts[0].isdigit() and len(parts[0]) == 4 and "." not in parts[1]:
        return parts[1], int(parts[0])
    return None


def _complete(site: Site) -> list[Report]:
    return [r for r in site.reports if r.complete]


def site_path(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
