"""Shared fixtures: ``make_site`` writes the minimal valid site plus the files a test cares about."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal"

MakeSite = Callable[..., Path]


Files = Mapping[str, str | bytes | None]


def write_site(root: Path, files: Files | None = None, *, base: Path | None = MINIMAL) -> Path:
    """Copy ``base`` to ``root`` and apply ``files``: text or bytes replace a file, None deletes it."""
    if base is not None:
        shutil.copytree(base, root, dirs_exist_ok=True)
    else:
        root.mkdir(parents=True, exist_ok=True)
    for rel, content in (files or {}).items():
        path = root / rel
        if content is None:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """``make_site(files={relpath: text | bytes | None}, base=MINIMAL)`` -> the site's root."""
    counter = iter(range(1_000_000))

    def make(files: Files | None = None, *, base: Path | None = MINIMAL) -> Path:
        return write_site(tmp_path / f"site{next(counter)}", files, base=base)

    return make
