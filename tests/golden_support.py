"""Comparing produced files with a folder of golden files, or rewriting it (GKGEN_REGEN_GOLDEN=1)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

REGEN = os.environ.get("GKGEN_REGEN_GOLDEN") == "1"


def assert_matches_golden(files: dict[str, bytes], golden: Path) -> None:
    """``files`` (by relative path) must equal the files under ``golden`` byte for byte; with
    GKGEN_REGEN_GOLDEN=1 the folder is rewritten instead and the test is skipped."""
    if REGEN:
        for old in sorted(golden.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
        for name, data in files.items():
            path = golden / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        pytest.skip(f"已重新生成 {golden.name}，请用 git diff 检查变化")
    expected = {p.relative_to(golden).as_posix(): p.read_bytes() for p in golden.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "文件集合变化：运行 scripts/regen-golden 并检查 git diff"
    for name in sorted(files):
        if files[name] != expected[name]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[name].decode(errors="replace").splitlines(),
                    files[name].decode(errors="replace").splitlines(),
                    name,
                    name,
                    lineterm="",
                    n=2,
                )
            )
            pytest.fail(f"{name} 与 golden 不同（有意的改动请运行 scripts/regen-golden）：\n{diff[:4000]}")
