"""`gkgen check`: load a site and run every rule over it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from gkgen.data import Site
from gkgen.errors import UsageError
from gkgen.findings import RULES, Finding, OutputFormat, format_findings, has_errors, sort_findings, summary_line
from gkgen.load.fontcheck import font_findings
from gkgen.load.site import load_site
from gkgen.rules import check_reports, selection
from gkgen.rules.registry import Selection


def check_site(root: Path, wanted: Selection | None = None) -> tuple[Site, list[Finding]]:
    """The loaded site and all its findings (loading and rules), sorted by file and position;
    only the rules ``wanted`` selects, when given.

    Raises :class:`gkgen.errors.UsageError` when ``root`` is not a site."""
    site, found = load_site(root)
    found += font_findings(site)
    if wanted is not None:
        found = [f for f in found if wanted(f.rule)]
    return site, sort_findings([*found, *check_reports(site, wanted)])


def run_check(
    root: Path, output: OutputFormat, *, strict: bool, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> int:
    """Print the findings of ``root`` in ``output`` form; the exit status (docs/format.md)."""
    unknown = [r for r in (*select, *ignore) if not any(rid.startswith(r) for rid in RULES)]
    if unknown:
        raise UsageError(f"没有这样的规则：{'、'.join(unknown)}（全部规则见 gkgen rules）")
    wanted = selection(select, ignore) if select or ignore else None
    _, findings = check_site(root, wanted)
    text = format_findings(findings, output)
    if text or output == "json":
        click.echo(text)
    click.echo(summary_line(findings), err=True)
    return 1 if has_errors(findings, strict=strict) else 0
