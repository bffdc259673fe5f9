"""A report page in a real browser (Debian Chromium, headless): screenshots at 375 px and
1280 px, axe-core with the WCAG 2.1 A/AA rules, and no page-wide horizontal scrolling on a phone
(only a wide table scrolls, inside its own .gk-table-wrap box)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_html_helpers import make_site

from gkgen.html import render_site

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium 未安装（pip install -e .[test]）")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(
        "未安装 chromium / chromium-driver（apt-get install chromium chromium-driver）", allow_module_level=True
    )
if not AXE.exists():
    pytest.skip("未安装 axe-core（在仓库根目录运行 npm install）", allow_module_level=True)


def write_site(out: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site when the loader can read it, else an in-memory site."""
    out = tmp_path_factory.mktemp("browser-site")
    write_site(out, render_site(sample_or_synthetic(tmp_path_factory.mktemp("src")), pdf=True))
    return out


def sample_or_synthetic(tmp: Path) -> Any:
    try:
        from gkgen.load.site import load_site
    except ImportError:
        return make_site(tmp)
    site, _ = load_site(ROOT)
    return site


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    browser = webdriver.Chrome(options=options, service=service)
    try:
        yield browser
    finally:
        browser.quit()


def report_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.glob("*/*/index.html"))


def open_at(driver: Any, page: Path, width: int) -> None:
    driver.set_window_size(width, 900)
    driver.get(page.as_uri())
    inner = driver.execute_script("return window.innerWidth")
    driver.set_window_size(width + (width - inner), 900)  # the viewport, not the window, is `width`


OVERFLOW_JS = """
const width = document.documentElement.clientWidth;
const bad = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('.gk-table-wrap')) continue;
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > width + 1 || r.left < -1)) bad.push(el.tagName + '.' + el.className);
}
return {scroll: document.documentElement.scrollWidth, width: width, bad: bad.slice(0, 10)};
"""


@pytest.mark.parametrize("width", [375, 1280])
def test_report_page_screenshot_and_layout(driver: Any, site_dir: Path, width: int) -> None:
    page = report_pages(site_dir)[0]
    open_at(driver, page, width)
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], min(height + 200, 16000))
    driver.save_screenshot(str(ARTIFACTS / f"report-{width}.png"))
    result = driver.execute_script(OVERFLOW_JS)
    assert result["scroll"] <= result["width"], result
    assert result["bad"] == [], result
    wraps = driver.execute_script(
        "return [...document.querySelectorAll('.gk-table-wrap')].map(w => "
        "[getComputedStyle(w).overflowX, w.getAttribute('tabindex'), w.getAttribute('aria-label')])"
    )
    assert wraps and all(w[0] == "auto" and w[1] == "0" and w[2] for w in wraps), wraps


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    script = (
        "const done = arguments[arguments.length - 1];"
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_TAGS)}}}}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
    )
    result: list[dict[str, Any]] = driver.execute_async_script(script)
    return result


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_wcag21_aa_report_pages(driver: Any, site_dir: Path, width: int) -> None:
    pages = report_pages(site_dir)
    assert pages
    for page in pages:
        open_at(driver, page, width)
        assert axe_violations(driver) == [], page


def test_axe_wcag21_aa_index_pages(driver: Any, site_dir: Path) -> None:
    for page in [site_dir / "index.html", *sorted(site_dir.glob("*/index.html"))]:
        open_at(driver, page, 1280)
        assert axe_violations(driver) == [], page


@pytest.mark.parametrize("width", [320, 375, 640])
def test_no_page_wide_horizontal_scrolling(driver: Any, site_dir: Path, width: int) -> None:
    """Every page reflows: 320 px (WCAG 1.4.10), a phone, and 200% zoom of a 1280 px window."""
    for page in [site_dir / "index.html", *sorted(site_dir.glob("*/index.html")), *report_pages(site_dir)]:
        open_at(driver, page, width)
        result = driver.execute_script(OVERFLOW_JS)
        assert result["scroll"] <= result["width"] and result["bad"] == [], (page, result)


HEADER_LINES_JS = """
const out = [];
for (const th of document.querySelectorAll('.gk-table-3 thead th:not(.gk-note), .gk-table-4 thead th')) {
  const range = document.createRange();
  range.selectNodeContents(th);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  out.push([th.textContent.trim(), tops.size]);
}
return out;
"""


def test_table_headers_keep_their_words_at_1280(driver: Any, site_dir: Path) -> None:
    """At 1280 px the column headers of tables 三 and 四 of up to six characters ("自然人", "其他",
    "总计", "社会公益组织", "结果维持") stay on one line: fixed column widths, not label columns
    taking most of the width."""
    page = report_pages(site_dir)[0]
    open_at(driver, page, 1280)
    headers = driver.execute_script(HEADER_LINES_JS)
    short = [(text, lines) for text, lines in headers if len(text) <= 6]
    assert len(short) >= 20, headers
    assert all(lines == 1 for _, lines in short), [h for h in short if h[1] != 1]


def test_wide_tables_scroll_inside_their_box_at_375(driver: Any, site_dir: Path) -> None:
    page = report_pages(site_dir)[0]
    open_at(driver, page, 375)
    boxes = driver.execute_script(
        "return [...document.querySelectorAll('.gk-table-3, .gk-table-4')].map(t => t.closest('.gk-table-wrap'))"
        ".map(w => [w.scrollWidth, w.clientWidth])"
    )
    assert len(boxes) == 2 and all(scroll > client for scroll, client in boxes), boxes
    result = driver.execute_script(OVERFLOW_JS)
    assert result["scroll"] <= result["width"] and result["bad"] == [], result


@pytest.fixture(scope="module")
def charts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic site of tests/charts_support.py: requests in every year, so the overview
    table and the charts have bars (the sample site's requests are mostly 0)."""
    from charts_support import make_charts_site

    out = tmp_path_factory.mktemp("charts-site")
    write_site(out, render_site(make_charts_site(tmp_path_factory.mktemp("charts-src")), pdf=True))
    return out


CHART_PAGES = {"index": "index.html", "year": "2021/index.html", "report": "2021/xian-zf/index.html"}
"""The index (site totals), a year page (overview table and charts) and a report page (its trend)
of the charts site; the agency of the report page has the longest name."""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", sorted(CHART_PAGES))
def test_pages_with_charts_in_a_browser(driver: Any, charts_dir: Path, kind: str, width: int) -> None:
    """Screenshots for a person to look at (tests/artifacts/charts-*.png), no page-wide horizontal
    scrolling, charts as wide as their box and no WCAG 2.1 A/AA violation."""
    open_at(driver, charts_dir / CHART_PAGES[kind], width)
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], min(height + 200, 16000))
    driver.save_screenshot(str(ARTIFACTS / f"charts-{kind}-{width}.png"))
    result = driver.execute_script(OVERFLOW_JS)
    assert result["scroll"] <= result["width"] and result["bad"] == [], result
    charts = driver.execute_script(
        "return [...document.querySelectorAll('svg.gk-chart-svg')].map(s => "
        "[s.getBoundingClientRect().width, s.parentElement.getBoundingClientRect().width, "
        "Math.max(...[...s.querySelectorAll('text')].map(t => t.getBBox().x + t.getBBox().width))])"
    )
    assert charts, kind
    for svg_width, box_width, text_right in charts:
        assert abs(svg_width - box_width) < 1 and text_right <= svg_width + 1, (kind, charts)
    assert axe_violations(driver) == [], kind
