"""Shared helpers for the PDF tests: the fixture document and poppler wrappers."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path
from typing import Any

import jinja2
import pikepdf
from markupsafe import Markup

from gkgen.pdf import Attachment, PdfJob, PdfMeta

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
THEME = ROOT / "gkgen" / "theme"
ARTIFACTS = ROOT / "tests" / "artifacts" / "pdf"
MM = 72 / 25.4

META = PdfMeta(
    title="呼伦贝尔市商务局2021年政府信息公开工作年度报告",
    author="呼伦贝尔市商务局",
    subject="政府信息公开工作年度报告",
    keywords=("政府信息公开", "年度报告", "2021"),
    created=datetime.date(2022, 1, 20),
    modified=datetime.date(2022, 1, 21),
)
ATTACHMENTS = (
    Attachment("2021.yaml", "年度: 2021\n".encode(), "application/yaml", "报告数据（YAML）"),
    Attachment("2021.md", "# 一、总体情况\n".encode(), "text/markdown", "报告正文（Markdown）"),
    Attachment("report.json", b'{"year": 2021}', "application/json", "报告数据（JSON）"),
)


def fixture_html(article: str | None = None) -> str:
    """The theme's pdf.html rendered around ``article`` (default: the fixture article,
    tests/fixtures/pdf/_article.html), as gkgen.html.render_portal renders it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(THEME)), autoescape=True, undefined=jinja2.StrictUndefined
    )
    if article is None:
        article = (FIXTURES / "_article.html").read_text(encoding="utf-8")
    return env.get_template("pdf.html").render(pdf_title=META.title, article=Markup(article))


def fixture_job(out: Path, html: str | None = None, key: str = "fixture") -> PdfJob:
    return PdfJob(
        html=html or fixture_html(),
        base_dir=FIXTURES,
        theme_dir=THEME,
        out=out,
        meta=META,
        attachments=ATTACHMENTS,
        cache_key=key,
    )


def section_titles() -> list[str]:
    """The h2 titles of the fixture article (the six sections)."""
    text = (FIXTURES / "_article.html").read_text(encoding="utf-8")
    return re.findall(r"<h2>(.*?)</h2>", text)


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


Word = tuple[int, float, float, float, float, str]  # page, xmin, ymin, xmax, ymax, text


def words(pdf: Path) -> list[Word]:
    """Every word with its box in points (pdftotext -bbox), pages numbered from 1."""
    out = run("pdftotext", "-bbox", str(pdf), "-")
    found: list[Word] = []
    page = 0
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = pattern.search(line)
        if match:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            found.append((page, x0, y0, x1, y1, match.group(5)))
    return found


def struct_elements(node: pikepdf.Object) -> list[pikepdf.Object]:
    """Every structure element under ``node``."""
    found: list[pikepdf.Object] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Dictionary):
            found.append(item)
            kids = item.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return found


def table_rows(table: pikepdf.Object) -> list[list[pikepdf.Object]]:
    """The TH/TD elements of each TR of a /Table element, in order."""
    rows: list[list[pikepdf.Object]] = []

    def walk(node: pikepdf.Object) -> None:
        kids = node.get("/K")
        if not isinstance(kids, pikepdf.Array):
            return
        for kid in kids:
            if not isinstance(kid, pikepdf.Dictionary):
                continue
            if kid.get("/S") == "/TR":
                rows.append([c for c in kid.K if isinstance(c, pikepdf.Dictionary) and c.get("/S") in ("/TH", "/TD")])
            elif kid.get("/S") in ("/THead", "/TBody", "/TFoot"):
                walk(kid)

    walk(table)
    return rows


def grid_widths(rows: list[list[pikepdf.Object]]) -> tuple[list[int], dict[int, int]]:
    """Columns each row occupies (with spans from above), and spans left over at the end."""
    carry: dict[int, int] = {}  # column -> rows still covered from above
    widths = []
    for cells in rows:
        pending = dict(carry)
        column = 0
        for cell in cells:
            while pending.get(column, 0) > 0:
                column += 1
            attrs: Any = cell.get("/A", {})
            span = int(attrs.get("/ColSpan", 1))
            for c in range(column, column + span):
                carry[c] = int(attrs.get("/RowSpan", 1))
            column += span
        widths.append(max([column, *[c + 1 for c, n in pending.items() if n > 0]]))
        carry = {c: n - 1 for c, n in carry.items() if n - 1 > 0}
    return widths, carry
