"""Golden HTML: the sample site's pages, byte for byte.

A change to a template, the theme or the sample site shows up here as a diff to review.
Regenerate after an intended change with ``scripts/regen-golden`` (it sets GKGEN_REGEN_GOLDEN=1
and runs this file), then review ``git diff tests/golden``."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from gkgen.html import render_site

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample-site"
REGEN = os.environ.get("GKGEN_REGEN_GOLDEN") == "1"


def rendered() -> dict[str, bytes]:
    """Every page the renderer makes of the sample site (static files are plain copies: left out)."""
    from gkgen.load.site import load_site

    site, _ = load_site(ROOT)
    return {k: v for k, v in render_site(site, pdf=True).items() if not k.startswith("static/")}


def test_sample_site_matches_golden() -> None:
    files = rendered()
    if REGEN:
        for old in sorted(GOLDEN.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
        for name, data in files.items():
            path = GOLDEN / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        pytest.skip("已重新生成 tests/golden/sample-site，请用 git diff 检查变化")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "页面集合变化：运行 scripts/regen-golden 并检查 git diff"
    for name in sorted(files):
        if files[name] != expected[name]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[name].decode().splitlines(),
                    files[name].decode().splitlines(),
                    name,
                    name,
                    lineterm="",
                    n=2,
                )
            )
            pytest.fail(f"{name} 与 golden 不同（有意的改动请运行 scripts/regen-golden）：\n{diff[:4000]}")
