"""Where the site is and which part of it a command works on.

Like git, a command finds the site root from any folder inside it (the nearest folder upward
with gkgen.yaml). Paths given on the command line limit the work to some agencies or years:
``reports/fuxin-mtzx`` is one agency, ``reports/fuxin-mtzx/2021.yaml`` (or ``2021.md``) one
report; the site root, ``reports/`` or any other file of the site means everything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gkgen.data import Site
from gkgen.errors import UsageError
from gkgen.findings import Finding
from gkgen.paths import AGENCY_ID, CONFIG, REPORTS, YEAR_FILE

Selector = tuple[str | None, int | None]
"""(agency id or None for every agency, year or None for every year)."""


@dataclass(frozen=True)
class Scope:
    """The reports a command works on; no selectors means the whole site."""

    selectors: tuple[Selector, ...] = ()

    @property
    def whole(self) -> bool:
        return not self.selectors

    def covers(self, agency: str, year: int | None = None) -> bool:
        """Whether a report (or, with ``year`` None, anything of the agency) is in scope."""
        return self.whole or any(
            a in (None, agency) and (y is None or year is None or y == year) for a, y in self.selectors
        )

    def with_years(self, years: Iterable[int]) -> Scope:
        """This scope narrowed to ``years`` (e.g. ``--year``)."""
        base = self.selectors or ((None, None),)
        narrowed = tuple(dict.fromkeys((a, y) for a, y0 in base for y in years if y0 in (None, y)))
        if not narrowed:
            raise UsageError("所给的路径与 --year 指定的年度没有交集")
        return Scope(narrowed)

    def keeps(self, finding: Finding) -> bool:
        """Whether a finding concerns the scope: site-wide files (gkgen.yaml) always do."""
        if self.whole:
            return True
        if finding.report is not None:
            return self.covers(*finding.report)
        parts = finding.file.split("/")
        if len(parts) >= 2 and parts[0] == REPORTS:
            year = YEAR_FILE.match(parts[2]) if len(parts) == 3 else None
            return self.covers(parts[1], int(year.group(1)) if year else None)
        return True

    def apply(self, site: Site) -> Site:
        """The site with only the reports in scope (agencies and settings unchanged)."""
        if self.whole:
            return site
        return dataclasses.replace(site, reports=[r for r in site.reports if self.covers(r.agency.id, r.year)])

    def describe(self) -> str:
        """The scope in words, for messages: 机构 fuxin-mtzx 2021 年度."""
        if self.whole:
            return "全部报告"
        words = []
        for agency, year in self.selectors:
            who = f"机构 {agency}" if agency else "全部机构"
            words.append(f"{who} {year} 年度" if year else who)
        return "、".join(words)


def find_root(start: Path) -> Path:
    """The nearest folder from ``start`` upward that holds gkgen.yaml."""
    start = Path(start)
    if not start.exists():
        raise UsageError(f"站点目录不存在：{start}")
    here = start.resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG).is_file():
            return candidate
    raise UsageError(f"{start} 及其上级目录中都没有 {CONFIG}，不是 gkgen 站点（可用 gkgen init 新建站点）")


def locate(paths: Sequence[Path], cwd: Path | None = None) -> tuple[Path, Scope]:
    """The site root and the scope of a command given ``paths`` (none: the folder it runs in,
    whole site)."""
    if not paths:
        return find_root(cwd or Path.cwd()), Scope()
    root = find_root(paths[0])
    selectors: list[Selector] = []
    for path in paths:
        selector = _selector(root, Path(path))
        if selector is None:
            return root, Scope()
        selectors.append(selector)
    return root, Scope(tuple(dict.fromkeys(selectors)))


def _selector(root: Path, path: Path) -> Selector | None:
    """What one path selects; None for the whole site."""
    if not path.exists():
        raise UsageError(f"路径不存在：{path}")
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise UsageError(f"{path} 不在站点 {root} 中（一次只能处理一个站点）")
    parts = resolved.relative_to(root).parts
    if len(parts) < 2 or parts[0] != REPORTS:
        return None
    agency = parts[1]
    if not AGENCY_ID.match(agency):
        raise UsageError(f"{path} 不是机构目录（reports/<机构标识>）")
    year = YEAR_FILE.match(parts[2]) if len(parts) == 3 else None
    return agency, int(year.group(1)) if year else None


def git_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path`` (None outside git)."""
    here = Path(path).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def repository_prefix(root: Path) -> str:
    """The site's folder relative to its git repository, with a trailing slash ("" when the site
    is the repository's top folder or not in git): prefixed to finding paths for --format github,
    whose annotations are placed by paths from the repository root."""
    top = git_root(root)
    if top is None or top == root.resolve():
        return ""
    return root.resolve().relative_to(top).as_posix() + "/"
