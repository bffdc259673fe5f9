"""`gkgen build`: load -> validate -> render every output -> publish in one swap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gkgen.errors import DataError
from gkgen.findings import Finding, format_findings

if TYPE_CHECKING:
    from gkgen.workflow.site import Scope

Progress = Callable[[str], None]
"""Told the name of each step as it starts (the CLI shows it on a terminal)."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    warnings: list[Finding]


def build(
    root: Path,
    out: Path | None = None,
    *,
    pdf: bool = True,
    jobs: int | None = None,
    scope: Scope | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Check ``root``, render every output and swap the result into ``out`` (default
    <root>/build). Nothing is published while the site has an error. With ``scope`` only those
    agencies and years are checked and published (a partial portal, e.g. for a preview)."""
    from gkgen.check import check_site
    from gkgen.html.pages import complete_reports
    from gkgen.outputs import OUTPUTS, BuildState
    from gkgen.publish import mark, refuse_target, staging

    root = root.resolve()
    target = (out or root / "build").resolve()
    tell = progress or (lambda step: None)
    tell("检查")
    site, findings = check_site(root, scope)  # load + validate
    refuse_errors(findings)
    site = scope.apply(site) if scope is not None else site
    refuse_target(root, target)
    with staging(target) as stage:  # publish: nothing reaches target unless every output succeeds
        state = BuildState(site, stage, pdf=pdf, jobs=jobs, reports=complete_reports(site))
        for output in OUTPUTS:  # render
            if output.enabled(state):
                tell(output.name)
                findings += output.write(state)
                refuse_errors(findings)
        mark(stage)
        count = sum(1 for p in stage.rglob("*") if p.is_file())
    return BuildResult(target, count, findings)


def refuse_errors(findings: list[Finding]) -> None:
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        shown = format_findings(errors[:20], "text") + ("\n……" if len(errors) > 20 else "")
        raise DataError(f"{shown}\n站点数据有 {len(errors)} 个错误，未发布任何内容。请修正后重新运行。")
