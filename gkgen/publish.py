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
from gkgen.paths import MARKER, REPORTS, TEMPLATES

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: stale stages are then left alone
    fcntl = None  # type: ignore[assignment]

STAGE_LOCK = "gkgen build stage\n"
"""Content of the lock file ``.<out>.new-XXXX.lock`` that marks a stage folder as gkgen's."""


def refuse_target(root: Path, target: Path) -> None:
    """The output folder must not be the site (or hold it), nor lie inside the site's content
    (reports/, templates/: a build there would become part of the next check or override the
    theme), and must be one gkgen made."""
    if root == target or root.is_relative_to(target) or (root / "reports").resolve().is_relative_to(target):
        raise UsageError(f"输出目录 {target} 包含站点本身，拒绝写入。请指定单独的输出目录。")
    for name in (REPORTS, TEMPLATES):
        if target.is_relative_to((root / name).resolve()):
            raise UsageError(
                f"输出目录 {target} 位于站点的 {name}/ 目录中，拒绝写入（生成的文件会混入站点内容）。"
                "请指定 {name}/ 以外的输出目录（默认 SITE/build）。".replace("{name}", name)
            )
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
    either way, so ``target`` is always a complete previous or new build.

    The stage ``.<out>.new-XXXX`` has a lock file ``.<out>.new-XXXX.lock`` that this process
    holds locked (flock) while it builds. A build killed with SIGKILL leaves both behind; the
    next build removes every stage whose lock is no longer held (:func:`remove_stale_stages`),
    and only those: a folder without gkgen's lock file is never touched."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_stages(target)
    fd, lock_name = tempfile.mkstemp(prefix=f".{target.name}.new-", suffix=".lock", dir=target.parent)
    lock = Path(lock_name)
    stage = lock.with_suffix("")
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, STAGE_LOCK.encode())
        stage.mkdir(mode=0o700)
        yield stage
        os.chmod(stage, 0o755)
        swap(stage, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        lock.unlink(missing_ok=True)
        os.close(fd)


def remove_stale_stages(target: Path) -> list[Path]:
    """Remove the stage folders of builds of ``target`` that died (their lock file is gkgen's and
    no process holds it); the removed folders."""
    if fcntl is None:  # pragma: no cover
        return []
    removed: list[Path] = []
    for lock in sorted(target.parent.glob(f".{glob_escape(target.name)}.new-*.lock")):
        if lock.is_symlink() or not lock.is_file():
            continue
        try:
            fd = os.open(lock, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a build in progress
            if os.read(fd, 100) != STAGE_LOCK.encode():
                continue
            stage = lock.with_suffix("")
            for folder in (stage, stage.with_name(stage.name + ".old")):
                if folder.is_dir() and not folder.is_symlink():
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
            lock.unlink(missing_ok=True)
        finally:
            os.close(fd)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


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
