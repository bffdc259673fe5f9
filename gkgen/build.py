"""`gkgen build`: load -> validate -> render every output -> publish in one swap."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gkgen.errors import DataError, GkgenError
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
    try:
        with staging(target) as stage:  # publish: nothing reaches target unless every output succeeds
            state = BuildState(site, stage, pdf=pdf, jobs=jobs, reports=complete_reports(site))
            for output in OUTPUTS:  # render
                if output.enabled(state):
                    tell(output.name)
                    findings += output.write(state)
                    refuse_errors(findings)
            mark(stage)
            count = sum(1 for p in stage.rglob("*") if p.is_file())
    except OSError as e:
        raise OutputError(target, e) from e
    return BuildResult(target, count, findings)


_WHY = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统为只读",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
}


class OutputError(GkgenError):
    """The output folder could not be written (full disk, read-only, no permission): an
    environment fault, named with its path; the previous build is left as it was."""

    exit_code = 2

    def __init__(self, target: Path, error: OSError) -> None:
        why = _WHY.get(error.errno or 0, error.strerror or str(error))
        path = error.filename or target
        if error.filename and not Path(os.fspath(error.filename)).absolute().is_relative_to(target.parent):
            super().__init__(f"无法读写 {os.fspath(path)}（{why}）。未发布任何内容，原有的输出保持不变。")
            return
        super().__init__(
            f"无法写入输出目录 {target}（{why}：{os.fspath(path)}）。未发布任何内容，原有的输出保持不变；"
            "请腾出空间、检查权限或用 --out 指定其他目录后重新运行。"
        )


def refuse_errors(findings: list[Finding]) -> None:
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        shown = format_findings(errors[:20], "text") + ("\n……" if len(errors) > 20 else "")
        raise DataError(f"{shown}\n站点数据有 {len(errors)} 个错误，未发布任何内容。请修正后重新运行。")
