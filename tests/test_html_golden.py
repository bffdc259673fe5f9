"""Golden HTML: the sample site's pages, byte for byte.

A change to a template, the theme or the sample site shows up here as a diff to review.
Regenerate after an intended change with ``scripts/regen-golden`` (it sets GKGEN_REGEN_GOLDEN=1
and runs this file), then review ``git diff tests/golden``."""

from __future__ import annotations

from pathlib import Path

from golden_support import assert_matches_golden

from gkgen.html import render_site

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample-site"


def rendered() -> dict[str, bytes]:
    """Every page the renderer makes of the sample site (static files are plain copies: left out)."""
    from gkgen.load.site import load_site

    site, _ = load_site(ROOT)
    return {k: v for k, v in render_site(site, pdf=True).items() if not k.startswith("static/")}


def test_sample_site_matches_golden() -> None:
    files = rendered()
    assert_matches_golden(files, GOLDEN)
