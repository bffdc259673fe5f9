"""`gkgen fix`: rewrite in place what a check can correct without judgement.

Only ``--punctuation`` for now: ASCII , ; : ? ! and () between Chinese characters in the
narratives (GK520) become their full-width forms. The unified diff is shown first; nothing is
written with ``--dry-run``, and otherwise only after confirmation (or ``--yes``). Only the
narratives of the site's reports are read and written, each replaced atomically.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from gkgen.errors import UsageError
from gkgen.load.site import load_site
from gkgen.rules.typography import fix_punctuation


def planned_fixes(root: Path) -> list[tuple[Path, str, str]]:
    """(path, relative name, new text) of every narrative the fix changes."""
    site, _ = load_site(root)
    out: list[tuple[Path, str, str]] = []
    for report in site.reports:
        narrative = report.narrative
        if narrative is None or not report.md_path.is_file():
            continue
        original = report.md_path.read_bytes().decode("utf-8")
        fixed = fix_punctuation(original)
        if fixed != original:
            out.append((report.md_path, narrative.file, fixed))
    return out


def diff_text(root: Path, fixes: list[tuple[Path, str, str]]) -> str:
    chunks: list[str] = []
    for path, rel, fixed in fixes:
        before = path.read_text(encoding="utf-8").splitlines(keepends=True)
        after = fixed.splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(before, after, f"a/{rel}", f"b/{rel}", n=0))
    return "".join(chunks)


def write_fixes(fixes: list[tuple[Path, str, str]]) -> None:
    for path, _rel, fixed in fixes:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".gkgen-fix-", suffix=".md")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(fixed)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def run_fix(
    root: Path,
    *,
    punctuation: bool,
    dry_run: bool,
    yes: bool,
    echo: Callable[[str], None],
    confirm: Callable[[str], bool],
) -> int:
    """The exit status: 0 done (or nothing to do), 1 declined; raises UsageError without a fix."""
    if not punctuation:
        raise UsageError("请指定要改正的内容，如 gkgen fix --punctuation")
    fixes = planned_fixes(root)
    if not fixes:
        echo("没有需要改正的英文标点。")
        return 0
    echo(diff_text(root, fixes).rstrip("\n"))
    count = sum(1 for _ in fixes)
    if dry_run:
        echo(f"（试运行）将改正 {count} 个文件，未写入。")
        return 0
    if not yes and not confirm(f"改正以上 {count} 个文件？"):
        echo("未改动任何文件。")
        return 1
    write_fixes(fixes)
    echo(f"已改正 {count} 个文件。")
    return 0
