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
CHARTS_GOLDEN = ROOT / "tests" / "golden" / "charts-site"
CHARTS_PAGES = ("index.html", "2021/index.html", "2021/xian-zf/index.html", "2021/xian-zf/report.fragment.html")
"""The synthetic site of tests/charts_support.py (the sample site's requests are mostly 0): the
index, a year page and a report page with their overview table and charts, and a fragment."""


def rendered() -> dict[str, bytes]:
    """Every page the renderer makes of the sample site (static files are plain copies: left out)."""
    from gkgen.load.site import load_site

    site, _ = load_site(ROOT)
    return {k: v for k, v in render_site(site, pdf=True).items() if not k.startswith("static/")}


def test_sample_site_matches_golden() -> None:
    files = rendered()
    assert_matches_golden(files, GOLDEN)


def test_charts_site_matches_golden(tmp_path: Path) -> None:
    from charts_support import make_charts_site

    files = render_site(make_charts_site(tmp_path), pdf=True)
    assert_matches_golden({name: files[name] for name in CHARTS_PAGES}, CHARTS_GOLDEN)
