"""`gkgen check`: load a site and run every rule over it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from gkgen.data import Site
from gkgen.errors import UsageError
from gkgen.findings import RULES, Finding, OutputFormat, format_findings, has_errors, sort_findings, summary_line
from gkgen.load.fontcheck import font_findings
from gkgen.load.site import load_site
from gkgen.rules import check_report, selection
from gkgen.rules.registry import Selection

if TYPE_CHECKING:
    from gkgen.workflow.console import Console
    from gkgen.workflow.site import Scope


def check_site(root: Path, scope: Scope | None = None, wanted: Selection | None = None) -> tuple[Site, list[Finding]]:
    """The loaded site and all its findings (loading and rules), sorted by file and position.
    With ``scope``, only the findings about those agencies and years (and the site-wide files);
    the whole site is still loaded, so checks across years see the year before. With
    ``wanted``, only the rules it selects.

    Raises :class:`gkgen.errors.UsageError` when ``root`` is not a site."""
    site, findings = load_site(root)
    findings += font_findings(site)
    reports = site.reports if scope is None else [r for r in site.reports if scope.covers(r.agency.id, r.year)]
    found = [*findings, *(f for r in reports for f in check_report(site, r, wanted))]
    if scope is not None:
        found = [f for f in found if scope.keeps(f)]
    if wanted is not None:
        found = [f for f in found if wanted(f.rule)]
    return site, sort_findings(found)


def run_check(
    root: Path,
    output: OutputFormat,
    *,
    strict: bool,
    scope: Scope | None = None,
    console: Console | None = None,
    prefix: str = "",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> int:
    """Print the findings of ``root`` in ``output`` form; the exit status (docs/rules.md).
    ``prefix`` (the site's folder in its git repository) is put before every path of the
    github form, whose annotations are placed by paths from the repository root; ``select`` and
    ``ignore`` choose rules by id or prefix."""
    from gkgen.workflow.console import Console

    unknown = [r for r in (*select, *ignore) if not any(rid.startswith(r) for rid in RULES)]
    if unknown:
        raise UsageError(f"没有这样的规则：{'、'.join(unknown)}（全部规则见 gkgen rules）")
    wanted = selection(select, ignore) if select or ignore else None
    console = console or Console()
    with console.step("正在检查"):
        _, findings = check_site(root, scope, wanted)
    shown = [replace(f, file=prefix + f.file) for f in findings] if output == "github" and prefix else findings
    text = format_findings(shown, output)
    if text or output == "json":
        console.result(console.severity(text) if output == "text" else text)
    console.info(summary_line(findings))
    return 1 if has_errors(findings, strict=strict) else 0
