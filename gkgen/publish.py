"""The publish stage: write a build into a temporary folder beside the target, then swap it in.

The target is always a complete previous or new build; a path written twice or outside the
stage is a bug (Pelican refuses the same).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from gkgen.errors import UsageError
from gkgen.paths import MARKER


def refuse_target(root: Path, target: Path) -> None:
    """The output folder must not be the site (or hold it) and must be one gkgen made."""
    if root == target or root.is_relative_to(target) or (root / "reports").resolve().is_relative_to(target):
        raise UsageError(f"输出目录 {target} 包含站点本身，拒绝写入。请指定单独的输出目录。")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise UsageError(f"输出目录 {target} 已存在且不是 gkgen 生成的，拒绝覆盖。")


def mark(stage: Path) -> None:
    write_files(stage, {MARKER: b"gkgen build output\n"})


def write_files(stage: Path, files: Mapping[str, bytes]) -> None:
    """Write each file once; a path that leaves the stage or is written twice is a bug."""
    for name, data in files.items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"output path outside the build: {name}")
        path = stage.joinpath(*relative.parts)
        if path.exists():
            raise ValueError(f"output path written twice: {name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A temporary folder next to ``target``, swapped in when the block succeeds and removed
    either way, so ``target`` is always a complete previous or new build."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield stage
        os.chmod(stage, 0o755)
        swap(stage, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def swap(stage: Path, target: Path) -> None:
    """Put ``stage`` at ``target``; the previous ``target`` ends up at ``stage`` (to be removed).
    Uses an atomic exchange where the kernel offers one (Linux renameat2), else two renames."""
    if not target.exists():
        stage.rename(target)
        return
    if _exchange(stage, target):
        return
    old = stage.with_name(stage.name + ".old")
    target.rename(old)
    stage.rename(target)
    old.rename(stage)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)
