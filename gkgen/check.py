"""`gkgen check`: load a site and run every rule over it."""

from __future__ import annotations

from pathlib import Path

import click

from gkgen.data import Site
from gkgen.findings import Finding, OutputFormat, format_findings, has_errors, sort_findings, summary_line
from gkgen.load.site import load_site
from gkgen.rules import check_reports


def check_site(root: Path) -> tuple[Site, list[Finding]]:
    """The loaded site and all its findings (loading and rules), sorted by file and position.

    Raises :class:`gkgen.errors.UsageError` when ``root`` is not a site."""
    site, findings = load_site(root)
    return site, sort_findings([*findings, *check_reports(site)])


def run_check(root: Path, output: OutputFormat, *, strict: bool) -> int:
    """Print the findings of ``root`` in ``output`` form; the exit status (DATA.md §6)."""
    _, findings = check_site(root)
    text = format_findings(findings, output)
    if text or output == "json":
        click.echo(text)
    click.echo(summary_line(findings), err=True)
    return 1 if has_errors(findings, strict=strict) else 0
