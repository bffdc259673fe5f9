"""A site as it was at a git revision: the revision's gkgen.yaml and reports/ in a temporary
folder, loaded and checked like the working tree."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from gkgen.errors import UsageError
from gkgen.paths import CONFIG, REPORTS
from gkgen.workflow.site import git_root


def git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    exe = shutil.which("git")
    if exe is None:
        raise UsageError("没有找到 git：gkgen diff 需要 git")
    return subprocess.run([exe, *args], cwd=root, capture_output=True, check=False)


def verify(root: Path, rev: str) -> str:
    """The commit id of ``rev``; a Chinese error when it is not one."""
    if git_root(root) is None:
        raise UsageError(f"{root} 不在 git 仓库中，无法比较版本")
    if rev.startswith("-"):
        raise UsageError(f"不是有效的 git 版本：{rev}")
    done = git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise UsageError(f"不是有效的 git 版本：{rev}（可用分支名、标签、提交号，或 HEAD~1 等写法）")
    return done.stdout.decode().strip()


@contextmanager
def checkout(root: Path, rev: str) -> Iterator[Path | None]:
    """The site folder as of ``rev`` (only gkgen.yaml and reports/), or None when the site did not
    exist at that revision."""
    top = git_root(root)
    assert top is not None, "verify() first"
    prefix = root.resolve().relative_to(top).as_posix()
    tree = f"{rev}:{prefix}" if prefix != "." else f"{rev}:"
    done = git(top, "archive", "--format=tar", tree)  # from the top: in a sub-folder git archives only that
    if done.returncode != 0:  # the folder did not exist at that revision
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="gkgen-diff-") as tmp:
        folder = Path(tmp) / "site"
        folder.mkdir()
        _extract(done.stdout, folder)
        yield folder if (folder / CONFIG).is_file() else None


def _extract(data: bytes, folder: Path) -> None:
    """Only gkgen.yaml and regular files under reports/, never a path outside ``folder``."""
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            path = PurePosixPath(member.name)
            wanted = path.parts[:1] == (REPORTS,) or member.name == CONFIG
            if not member.isfile() or not wanted or path.is_absolute() or ".." in path.parts:
                continue
            source = archive.extractfile(member)
            if source is None:
                continue
            target = folder.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
