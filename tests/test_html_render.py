"""Report pages, portal pages and the theme: safety, numbering, chrome, overrides, determinism."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_html_helpers import SAMPLE_MD, make_site

from gkgen.data import Portal
from gkgen.errors import GkgenError
from gkgen.format import SECTIONS
from gkgen.html import render_site
from gkgen.html.narrative import NarrativeRenderer, chinese_number, is_internal

EVIL_MD = """<script>alert("pre")</script>

# 总体情况
## 主动公开
正文<script>alert(1)</script>内嵌 <img src=x onerror=alert(2)>
[站外](https://evil.example.com/x) [脚本](javascript:alert(3)) ![外图](http://evil.example.com/a.png)
[站内](../../2020/index.html) ![内图](images/a.png)

<div onclick="x()">块</div>

# 存在的主要问题及改进情况
无。

# 其他需要报告的事项
无。
"""


def pages(files: dict[str, bytes]) -> dict[str, str]:
    return {k: v.decode() for k, v in files.items() if k.endswith((".html", ".xml"))}


class _Tags(HTMLParser):
    """Every element and attribute a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_script_in_a_narrative_never_reaches_a_page(tmp_path: Path) -> None:
    out = pages(render_site(make_site(tmp_path, md=EVIL_MD), pdf=True))
    assert out
    for name, text in out.items():
        parser = _Tags()
        parser.feed(text)
        assert "script" not in {tag for tag, _ in parser.tags}, name
        for tag, attrs in parser.tags:
            for attr, value in attrs:
                assert not attr.startswith("on"), (name, tag, attr)
                assert not (value or "").strip().lower().startswith("javascript:"), (name, tag, attr)
        assert "&lt;script&gt;" in text or not name.endswith("index.html") or name.count("/") < 2


def test_links_and_images_stay_inside_the_site(tmp_path: Path) -> None:
    page = pages(render_site(make_site(tmp_path, md=EVIL_MD), pdf=True))["2021/a-ju/index.html"]
    assert 'href="https://evil' not in page and 'src="http://evil' not in page
    assert "站外" in page and "外图" in page  # kept as plain text
    assert '<a href="../../2020/index.html">站内</a>' in page  # up to the site's top: inside
    assert '<img src="images/a.png" alt="内图">' in page


def test_is_internal() -> None:
    assert is_internal("a.png") and is_internal("../x/y.html") and is_internal("#s2")
    assert is_internal("../../2020/index.html") and is_internal("mailto:a@b.cn") and is_internal("tel:110")
    assert is_internal("https://example.org/nb/2020/", "https://example.org/nb/")
    for url in (
        "https://evil.com/",
        "//evil.com/a",
        "/etc/passwd",
        "javascript:alert(1)",
        "data:x",
        "../../../x.html",
        "a/../../../../x",
        "JavaScript:alert(1)",
        "..\\..\\..\\x",
    ):
        assert not is_internal(url, "https://example.org/nb/"), url
    assert not is_internal("mailto:a@b.cn", image=True) and is_internal("a.png#x", image=True)


def test_local_images_are_copied_beside_the_page(tmp_path: Path) -> None:
    md = SAMPLE_MD + "\n![图一](img/a.png) ![外](../b.png) ![矢量](c.svg)\n"
    site = make_site(tmp_path, md=md)
    for report in site.reports:
        (report.md_path.parent / "img").mkdir(parents=True, exist_ok=True)
        (report.md_path.parent / "img" / "a.png").write_bytes(b"PNG")
    out = render_site(site, pdf=True)
    assert out["2021/a-ju/img/a.png"] == b"PNG"
    assert not [k for k in out if k.endswith(("b.png", "c.svg"))]


def test_heading_levels_and_official_numbering(tmp_path: Path) -> None:
    page = pages(render_site(make_site(tmp_path), pdf=True))["2021/a-ju/index.html"]
    article = page[page.index("<article") : page.index("</article>")]
    assert article.count("<h1") == 1
    assert [h for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article)] == [s.heading for s in SECTIONS]
    h3 = re.findall(r"<h3>(.*?)</h3>", article)
    assert h3[:2] == ["（一）主动公开", "（二）依申请公开"]  # typed numbering not doubled
    assert "<h4>1.小节</h4>" in article and "<h5>（1）细目</h5>" in article
    assert all(h.startswith(f"（{chinese_number(i)}）") for i, h in enumerate(h3, start=1))


def test_numbering_restarts_per_parent() -> None:
    html = NarrativeRenderer().render("## 甲\n### 子\n### 子\n## 乙\n### 子\n")
    assert re.findall(r"<h\d>(.*?)</h\d>", html) == ["（一）甲", "1.子", "2.子", "（二）乙", "1.子"]


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_standard_preamble_when_the_author_wrote_none(tmp_path: Path) -> None:
    md = SAMPLE_MD.replace("本报告依据条例编制。", "")
    page = pages(render_site(make_site(tmp_path, md=md), pdf=True))["2021/a-ju/index.html"]
    preamble = page[page.index('<div class="gk-preamble">') : page.index("</div>", page.index("gk-preamble"))]
    assert "第五十条" in preamble and "2021年1月1日至2021年12月31日" in preamble
    assert all(s.title in preamble for s in SECTIONS)
    assert "0000-1234567" in preamble  # contact from agency.yaml


def test_standard_preamble_without_contact(tmp_path: Path) -> None:
    site = make_site(tmp_path, md=SAMPLE_MD.replace("本报告依据条例编制。", ""))
    for agency in site.agencies.values():
        agency.contact = {}
    page = pages(render_site(site, pdf=True))["2021/a-ju/index.html"]
    assert "联系" not in page


def test_article_header_meta_and_links(tmp_path: Path) -> None:
    page = pages(render_site(make_site(tmp_path), pdf=True))["2021/a-ju/index.html"]
    title = "a-ju局2021年政府信息公开工作年度报告"
    assert '<html lang="zh-CN">' in page and f"<title>{title}</title>" in page
    for name, value in (
        ("SiteName", "测试门户"),
        ("SiteDomain", "example.org"),
        ("SiteIDCode", "1234567890"),
        ("ColumnName", "政府信息公开年报"),
        ("ArticleTitle", title),
        ("PubDate", "2022-01-20 00:00"),
        ("ContentSource", "a-ju局"),
        ("Author", "a-ju局"),
        ("ColumnType", "信息公开年报"),
        ("ColumnKeywords", "政府信息公开,年度报告,信息公开年报"),
        ("Url", "https://example.org/nb/2021/a-ju/index.html"),
    ):
        assert f'<meta name="{name}" content="{value}">' in page, name
    assert '<meta name="Keywords"' in page and '<meta name="Description"' in page
    assert f'<a href="report.pdf" download="{title}.pdf"' in page
    assert f'<a href="report.docx" download="{title}.docx"' in page
    assert '<meta name="ColumnDescription" content="测试门户：' in page
    assert '<link rel="alternate" type="application/json" href="report.json"' in page
    assert "<dt>索引号</dt><dd>IDX-2021</dd>" in page and "2022年1月20日" in page
    crumbs = re.findall(r"<li>(?:<a [^>]*>)?(.*?)(?:</a>)?</li>", page[page.index("<ol>") : page.index("</ol>")])
    assert crumbs == ["首页", "政府信息公开", "政府信息公开年报", "2021", "市级部门"]


def test_no_pdf_link_without_pdf(tmp_path: Path) -> None:
    page = pages(render_site(make_site(tmp_path), pdf=False))["2021/a-ju/index.html"]
    assert "report.pdf" not in page


def test_chrome_shows_only_what_gkgen_yaml_gives(tmp_path: Path) -> None:
    site = make_site(tmp_path, portal=Portal(name="只有名称的门户"))
    out = pages(render_site(site, pdf=True))
    page = out["2021/a-ju/index.html"]
    for word in ("主办单位", "网站标识码", "SiteIDCode", "SiteDomain", "ICP", "公网安备", "canonical"):
        assert word not in page, word
    assert "sitemap.xml" not in out  # no 基础网址, no absolute URLs


def test_portal_contact_in_footer(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert site.portal is not None
    site.portal.settings["联系方式"] = {"电话": "010-1"}
    page = pages(render_site(site, pdf=True))["index.html"]
    assert "联系方式：<span>电话：010-1</span>" in page


def test_no_external_requests(tmp_path: Path) -> None:
    for name, text in pages(render_site(make_site(tmp_path), pdf=True)).items():
        for attr in re.findall(r'<(?:link|img|script|iframe|source)\b[^>]*\b(?:href|src)="([^"]*)"', text):
            if 'rel="canonical"' in text and attr.startswith("https://example.org/nb/"):
                continue
            assert not re.match(r"^(?:[a-z]+:|//)", attr), (name, attr)
    for name, data in render_site(make_site(tmp_path), pdf=True).items():
        if name.endswith(".css"):
            assert not re.search(r"@import|url\(\s*['\"]?(?:https?:|//)", data.decode()), name


def test_index_years_newest_first_and_categories_in_config_order(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, reports=[("z-ju", "市级部门", 2020), ("b-ju", "县级部门", 2021), ("a-ju", "市级部门", 2021)]
    )
    index = pages(render_site(site, pdf=True))["index.html"]
    assert index.index('id="y2021"') < index.index('id="y2020"')
    y2021 = index[index.index('id="y2021"') : index.index('id="y2020"')]
    assert y2021.index("市级部门") < y2021.index("县级部门")
    year = pages(render_site(site, pdf=True))["2021/index.html"]
    assert year.index("a-ju局") < year.index("b-ju局")


def test_sitemap_lists_every_page(tmp_path: Path) -> None:
    out = pages(render_site(make_site(tmp_path), pdf=True))
    locs = re.findall(r"<loc>(.*?)</loc>", out["sitemap.xml"])
    expected = {f"https://example.org/nb/{k}" for k in out if k.endswith("index.html")}
    assert set(locs) == expected


def test_fragment_is_the_article_with_scoped_styles(tmp_path: Path) -> None:
    fragment = pages(render_site(make_site(tmp_path), pdf=True))["2021/a-ju/report.fragment.html"]
    assert fragment.lstrip().startswith('<div class="gk-fragment">')
    assert "<html" not in fragment and "gk-header" not in fragment and "<article" in fragment
    assert "&#34;" not in fragment and '"："' in fragment  # the stylesheet is inlined verbatim
    css = fragment[fragment.index("<style>") + 7 : fragment.index("</style>")]
    selectors = [
        s.strip()
        for rule in re.findall(r"([^{}]+)\{", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
        for s in rule.split(",")
        if not s.strip().startswith("@")
    ]
    assert selectors and all(s.startswith(".gk-report") for s in selectors), selectors


def test_output_is_deterministic(tmp_path: Path) -> None:
    assert render_site(make_site(tmp_path), pdf=True) == render_site(make_site(tmp_path), pdf=True)


def test_site_templates_override_the_theme_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "templates" / "static").mkdir(parents=True)
    (tmp_path / "templates" / "year.html").write_text("OVERRIDDEN {{ year.year }}", encoding="utf-8")
    (tmp_path / "templates" / "static" / "gkgen.css").write_text("/* site css */", encoding="utf-8")
    (tmp_path / "templates" / "static" / "extra.css").write_text("/* extra */", encoding="utf-8")
    out = render_site(make_site(tmp_path), pdf=True)
    assert out["2021/index.html"] == b"OVERRIDDEN 2021"
    assert out["static/gkgen.css"] == b"/* site css */"
    assert out["static/extra.css"] == b"/* extra */"
    assert b"<article" in out["2021/a-ju/index.html"]  # report.html still from the theme
    assert out["static/article.css"].startswith(b"/*")


def test_templates_are_strict_and_autoescaped(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "year.html").write_text("{{ no_such_variable }}", encoding="utf-8")
    with pytest.raises(GkgenError, match="no_such_variable"):
        render_site(make_site(tmp_path), pdf=True)
    site = make_site(tmp_path / "other")
    site.agencies["a-ju"].name = "<b>局</b>"
    page = pages(render_site(site, pdf=True))["2021/a-ju/index.html"]
    assert "<b>局</b>" not in page and "&lt;b&gt;局&lt;/b&gt;" in page


def test_templates_spell_no_official_label() -> None:
    """The official labels live in the format package only; templates get them from the model."""
    from gkgen.format import FORMATS
    from gkgen.html.theme import theme_dir

    labels = {s.title for s in SECTIONS}
    for fmt in FORMATS.values():
        labels |= {b.label for b in fmt.active.blocks} | {fmt.active.content_label, fmt.applications.note}
        labels |= {r.label for r in fmt.applications.leaf_rows()} | {c.label for c in fmt.applications.columns()}
    for path in theme_dir().glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [label for label in labels if len(label) > 2 and label in text], path.name


def test_parallel_rendering_gives_the_same_bytes(tmp_path: Path) -> None:
    from gkgen.html.render import PARALLEL_FROM

    reports = [(f"j{n:03d}", "市级部门" if n % 2 else "县级部门", 2020 + n % 2) for n in range(PARALLEL_FROM)]
    site = make_site(tmp_path, reports=reports)
    assert render_site(site, pdf=False, jobs=2) == render_site(site, pdf=False, jobs=1)
    from gkgen.html import render_portal

    parallel, alone = render_portal(site, jobs=2), render_portal(site, jobs=1)
    assert parallel.files == alone.files
    assert len(parallel.pdf_documents) == len(reports)
    assert [(r.agency.id, r.year, html) for r, html in parallel.pdf_documents] == [
        (r.agency.id, r.year, html) for r, html in alone.pdf_documents
    ]


def test_pdf_documents_wrap_the_same_article(tmp_path: Path) -> None:
    from gkgen.html import render_portal

    site = make_site(tmp_path)
    rendered = render_portal(site)
    pages_ = pages(rendered.files)
    documents = rendered.pdf_documents
    assert rendered.files == render_site(site, pdf=True)
    assert render_portal(site, pdf=False).pdf_documents == []
    assert len(documents) == len(site.reports)
    for report, html in documents:
        page = pages_[f"{report.year}/{report.agency.id}/index.html"]
        article = page[page.index("<article") : page.index("</article>")]
        assert article in html and '<body class="gk-pdf">' in html


def test_an_unrecognised_section_is_kept_under_the_previous_one(tmp_path: Path) -> None:
    problems = "# 存在的主要问题及改进情况"
    md = SAMPLE_MD.replace(problems, f"# 工作亮点\n亮点正文。\n## 亮点一\n\n{problems}")
    page = pages(render_site(make_site(tmp_path, md=md), pdf=True))["2021/a-ju/index.html"]
    s1 = page[page.index('id="s1"') : page.index('id="s2"')]
    assert "<h3>（六）工作亮点</h3>" in s1 and "亮点正文。" in s1 and "<h4>1.亮点一</h4>" in s1


def test_base_url_prefix_must_end_at_a_folder(tmp_path: Path) -> None:
    md = SAMPLE_MD + "\n[甲](https://example.org/nbevil/x) [乙](https://example.org/nb/2020/index.html)\n"
    portal = Portal(name="门户", base_url="https://example.org/nb", categories=("市级部门", "县级部门"))
    page = pages(render_site(make_site(tmp_path, md=md, portal=portal), pdf=True))["2021/a-ju/index.html"]
    assert "nbevil" not in page and 'href="https://example.org/nb/2020/index.html"' in page
