"""The PDF engine around WeasyPrint: safe fetcher, fonts, cache, workers, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_helpers import FIXTURES, THEME, fixture_html, fixture_job

from gkgen.errors import GkgenError
from gkgen.pdf import FontRoles, PdfLayout, full_stylesheet, preflight, render_pdfs
from gkgen.pdf.fetcher import RefusedURL, SafeFetcher
from gkgen.pdf.fonts import harfbuzz_subset_available, missing_fonts, missing_glyphs
from gkgen.pdf.htmlprep import add_colgroups


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "img").mkdir(parents=True)
    (root / "img" / "ok.txt").write_text("inside", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (root / "img" / "escape.txt").symlink_to(tmp_path / "secret.txt")
    return root


def test_fetcher_serves_site_files_and_data_urls(site: Path) -> None:
    fetcher = SafeFetcher((site,), "测试报告")
    assert fetcher((site / "img" / "ok.txt").as_uri()).read() == b"inside"
    assert fetcher("data:text/plain,hello").read() == b"hello"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
    ],
)
def test_fetcher_refuses_other_schemes_and_files(site: Path, url: str) -> None:
    fetcher = SafeFetcher((site,), "测试报告")
    with pytest.raises(RefusedURL):
        fetcher(url)
    assert len(fetcher.refused) == 1
    assert url in fetcher.refused[0] and "测试报告" in fetcher.refused[0]


def test_fetcher_refuses_dotdot_and_symlink_escapes(site: Path) -> None:
    fetcher = SafeFetcher((site,), "测试报告")
    for url in (site.as_uri() + "/img/../../secret.txt", (site / "img" / "escape.txt").as_uri()):
        with pytest.raises(RefusedURL):
            fetcher(url)
    assert len(fetcher.refused) == 2


def test_refused_urls_become_warnings_and_never_reach_the_pdf(tmp_path: Path) -> None:
    article = (
        (FIXTURES / "_article.html")
        .read_text(encoding="utf-8")
        .replace(
            "<h2>五、存在的主要问题及改进情况</h2>",
            '<h2>五、存在的主要问题及改进情况</h2><img alt="x" src="http://example.invalid/a.png">'
            '<img alt="y" src="file:///etc/passwd"><img alt="z" src="../../../../etc/hostname">',
        )
    )
    [result] = render_pdfs([fixture_job(tmp_path / "r.pdf", fixture_html(article))], workers=0)
    assert result.ok
    text = "\n".join(result.warnings)
    assert "http://example.invalid/a.png" in text
    assert "file:///etc/passwd" in text
    assert "etc/hostname" in text
    assert all("WeasyPrint 警告" not in w for w in result.warnings)
    data = result.out.read_bytes()
    assert b"root:x:0:0" not in data


def test_harfbuzz_subsetting_is_available_here() -> None:
    # The set-up installs libharfbuzz-subset0; without it preflight warns loudly.
    assert harfbuzz_subset_available()
    assert not any("HarfBuzz" in w for w in preflight(FontRoles()))


def test_missing_font_is_named() -> None:
    warnings = missing_fonts(FontRoles(heading2="方正小标宋_不存在"))
    assert len(warnings) == 1
    assert "方正小标宋_不存在" in warnings[0] and "二级标题" in warnings[0]


def test_glyph_in_no_font_is_named_with_code_point_and_report(tmp_path: Path) -> None:
    assert missing_glyphs("<p>正文</p>", frozenset(map(ord, "正文— 0123456789")), "某报告") == []
    article = (
        (FIXTURES / "_article.html")
        .read_text(encoding="utf-8")
        .replace("按月通报信息报送", "按月通报\U00013000信息报送")
    )
    [result] = render_pdfs([fixture_job(tmp_path / "r.pdf", fixture_html(article))], workers=0)
    [warning] = [w for w in result.warnings if "U+13000" in w]  # gkgen's, not WeasyPrint's too
    assert "\U00013000" in warning and "呼伦贝尔市商务局2021年" in warning


def test_font_roles_from_gkgen_yaml() -> None:
    roles = FontRoles.from_config({"正文": "仿宋_GB2312", "标题": "方正小标宋简体"})
    assert roles.body == "仿宋_GB2312" and roles.title == "方正小标宋简体"
    assert roles.heading1 == FontRoles().heading1
    with pytest.raises(GkgenError, match="“正文字体”无法识别"):
        FontRoles.from_config({"正文字体": "x"})
    with pytest.raises(GkgenError, match=r"PDF字体\.正文 应为字体名称"):
        FontRoles.from_config({"正文": 3})
    with pytest.raises(GkgenError, match="PDF字体 应为映射"):
        FontRoles.from_config("仿宋")


def test_layout_settings_from_gkgen_yaml() -> None:
    layout = PdfLayout.from_config({"页码居中": True, "标题加粗": True})
    assert layout.centred_page_numbers and layout.bold_headings
    css = full_stylesheet(THEME, FontRoles(), layout)
    assert "@bottom-center" in css and "--gk-heading-weight: bold" in css
    with pytest.raises(GkgenError, match=r"PDF版式\.页码居中 应为 true 或 false"):
        PdfLayout.from_config({"页码居中": "是"})


def test_default_fonts_are_installed() -> None:
    assert missing_fonts(FontRoles()) == []


def test_colgroup_follows_the_first_row_spans() -> None:
    html = (
        '<table class="gk-table gk-table-3"><caption>c</caption><thead><tr>'
        '<th colspan="3" rowspan="3">n</th><th colspan="7">a</th></tr></thead></table>'
    )
    out = add_colgroups(html)
    assert "</caption><colgroup>" + "<col>" * 10 + "</colgroup><thead>" in out
    assert add_colgroups(out) == out


def test_cache_hit_on_second_run_and_rerender_on_change(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    jobs = [fixture_job(tmp_path / f"r{i}.pdf", key=f"k{i}") for i in range(2)]
    first = render_pdfs(jobs, workers=1, cache_dir=cache, progress=False)
    assert [r.cached for r in first] == [False, False] and all(r.ok for r in first)
    for job in jobs:
        os.remove(job.out)
    second = render_pdfs(jobs, workers=1, cache_dir=cache, progress=False)
    assert [r.cached for r in second] == [True, True]
    assert all(r.out.read_bytes() == f.out.read_bytes() for r, f in zip(second, first, strict=True))
    changed = [jobs[0], fixture_job(tmp_path / "r1.pdf", key="k1-changed")]
    third = render_pdfs(changed, workers=1, cache_dir=cache, progress=False)
    assert [r.cached for r in third] == [True, False]


def test_time_limit_kills_the_worker_with_a_chinese_error(tmp_path: Path) -> None:
    jobs = [fixture_job(tmp_path / "slow.pdf")]
    [result] = render_pdfs(jobs, workers=1, cache_dir=None, timeout=0.001)
    assert not result.ok
    assert "超过时间限制" in result.warnings[0]
    assert not (tmp_path / "slow.pdf").exists()


def test_progress_and_summary_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    render_pdfs([fixture_job(tmp_path / "r.pdf")], workers=1, progress=True)
    err = capsys.readouterr().err
    assert "生成 PDF" in err
    assert "PDF：共 1 份，新生成 1 份" in err


def test_glyph_coverage_from_harfbuzz_matches_fonttools() -> None:
    from fontTools.ttLib import TTFont

    from gkgen.pdf.fonts import _cmap, _harfbuzz, find_font

    assert _harfbuzz() is not None
    for family in (FontRoles().body, FontRoles().heading2):
        face = find_font(family)
        assert face is not None
        font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        assert _cmap(face.path, face.index) == frozenset(font.getBestCmap())


def test_weasyprint_imports_without_probing_library_names() -> None:
    """import_weasyprint loads WeasyPrint without running find_library, and restores it."""
    code = (
        "import ctypes.util, subprocess\n"
        "calls = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, *a, **k):\n"
        "    calls.append(a[0]); real(self, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "before = ctypes.util.find_library\n"
        "from gkgen.pdf.fonts import harfbuzz_subset_available\nfrom gkgen.pdf.weasy import import_weasyprint\n"
        "import_weasyprint()\n"
        "import weasyprint\n"
        "assert ctypes.util.find_library is before\n"
        "assert harfbuzz_subset_available()\n"
        "print(len(calls))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.stdout.strip() == "0"
