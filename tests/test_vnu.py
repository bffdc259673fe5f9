"""Every page of the sample site passes the Nu HTML checker (npm vnu-jar, run with Debian's JRE)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gkgen.html import render_site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

pytestmark = [
    pytest.mark.skipif(JAVA is None, reason="未安装 Java（apt-get install default-jre-headless）"),
    pytest.mark.skipif(not VNU.exists(), reason="未安装 vnu-jar（在仓库根目录运行 npm install）"),
]


def vnu_messages(files: list[Path]) -> list[dict[str, object]]:
    assert JAVA is not None
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return messages


def write(out: Path, files: dict[str, bytes]) -> list[Path]:
    pages = []
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if name.endswith(".html") and not name.endswith(".fragment.html"):
            pages.append(path)
    return pages


def test_every_page_of_the_sample_site_passes_the_nu_checker(tmp_path: Path) -> None:
    from gkgen.load.site import load_site

    site, _ = load_site(ROOT)
    pages = write(tmp_path, render_site(site, pdf=True))
    assert len(pages) >= 3
    assert vnu_messages(pages) == []


def test_fragments_are_valid_inside_a_page(tmp_path: Path) -> None:
    """A CMS pastes report.fragment.html into a page's body: that page must stay valid."""
    from gkgen.load.site import load_site

    site, _ = load_site(ROOT)
    files = render_site(site, pdf=True)
    fragments = {k: v for k, v in files.items() if k.endswith(".fragment.html")}
    assert fragments
    pages = []
    for name, data in sorted(fragments.items()):
        path = tmp_path / name.replace("/", "-")
        head = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>CMS</title></head><body>'
        path.write_bytes(head.encode() + data + b"</body></html>")
        pages.append(path)
    assert vnu_messages(pages) == []


def test_pages_with_a_synthetic_site_pass_too(tmp_path: Path) -> None:
    """Both formats, every chrome field, Markdown tables and images; the charts site (overview
    table and charts with bars, a late report)."""
    from charts_support import make_charts_site
    from test_html_helpers import SAMPLE_MD, make_site

    md = SAMPLE_MD + "\n| 甲 | 乙 |\n|---|---:|\n| 1 | 2 |\n\n![图](a.png)\n"
    pages = write(tmp_path / "site", render_site(make_site(tmp_path / "src", md=md), pdf=True))
    pages += write(tmp_path / "charts", render_site(make_charts_site(tmp_path / "charts-src"), pdf=True))
    assert vnu_messages(pages) == []
