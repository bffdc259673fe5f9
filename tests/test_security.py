"""What hostile site content cannot make gkgen do (docs/security.md): read or publish a file from
outside the site, write through a symlink, open a network connection, put a formula into
summary.csv, link a javascript: 基础网址, or hide text behind bidi controls."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, MINIMAL, MakeSite
from import_support import SEEDS_RAW, empty_site

from gkgen.build import build
from gkgen.check import check_site
from gkgen.cli import main
from gkgen.errors import DataError, GkgenError
from gkgen.html.render import Renderer
from gkgen.html.theme import environment, static_files
from gkgen.load.site import load_site

SECRET = "OUTSIDE-SECRET-7f3a"
SEED = SEEDS_RAW / "004_de67b3003fa77aa1.txt"
REPO = Path(__file__).resolve().parent.parent
GKGEN = [sys.executable, "-c", "from gkgen.cli import main; main()"]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site with files that must never be read."""
    folder = tmp_path / "outside"
    (folder / "agency").mkdir(parents=True)
    for name in ("2021.yaml", "2021.md", "2020.yaml", "2020.md", "agency.yaml"):
        text = (MINIMAL / "reports/demo" / name).read_text(encoding="utf-8")
        text = text.replace("示例市商务局", f"{SECRET}局") if name == "agency.yaml" else text
        (folder / "agency" / name).write_text(text + f"\n<!-- {SECRET} -->\n" if name.endswith(".md") else text)
    (folder / "hostname.txt").write_text(SECRET)
    (folder / "snippet.html").write_text(f"<p>{SECRET}</p>")
    return folder


def published(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


# ---------------------------------------------------------------- reading outside the site


LINKS = {
    "yaml": ("reports/demo/2021.yaml", "agency/2021.yaml"),
    "md": ("reports/demo/2021.md", "agency/2021.md"),
    "agency-folder": ("reports/evil", "agency"),
    "agency-yaml": ("reports/demo/agency.yaml", "agency/agency.yaml"),
    "static": ("templates/static/hostname.txt", "hostname.txt"),
    "template": ("templates/_article.html", "snippet.html"),
    "templates-folder": ("templates", "agency"),
    "reports-folder": ("reports", "agency"),
}


@pytest.mark.parametrize("case", list(LINKS))
def test_a_link_out_of_the_site_is_a_finding_and_never_read(make_site: MakeSite, outside: Path, case: str) -> None:
    rel, target = LINKS[case]
    site = make_site({rel: None})
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).symlink_to(outside / target)
    _, findings = check_site(site)
    links = [f for f in findings if f.rule == "GK016"]
    assert [f.file for f in links] == [rel] and "站点以外" in links[0].message
    assert all(SECRET not in f.message for f in findings)
    with pytest.raises(DataError, match="GK016"):
        build(site, site.parent / f"out-{case}", pdf=False)
    assert not (site.parent / f"out-{case}").exists()


def test_links_inside_the_site_are_followed(make_site: MakeSite) -> None:
    site = make_site()
    (site / "reports/demo/2021.md").rename(site / "shared.md")
    (site / "reports/demo/2021.md").symlink_to("../../shared.md")
    site_, findings = load_site(site)
    assert findings == [] and all(r.complete for r in site_.reports)


def test_theme_refuses_outside_links_even_without_check(make_site: MakeSite, outside: Path) -> None:
    """The second fence: the template loader, static files and PDF attachments refuse by themselves."""
    site = make_site()
    (site / "templates/static").mkdir(parents=True)
    (site / "templates/static/hostname.txt").symlink_to(outside / "hostname.txt")
    (site / "templates/_snippet.html").symlink_to(outside / "snippet.html")
    assert "hostname.txt" not in static_files(site)
    with pytest.raises(GkgenError, match="站点以外"):
        environment(site).get_template("_snippet.html")

    from gkgen.pdf.site import attachments_of

    loaded, _ = load_site(make_site())
    report = loaded.reports[-1]
    report.md_path.unlink()
    report.md_path.symlink_to(outside / "agency/2021.md")
    with pytest.raises(GkgenError, match="站点以外"):
        attachments_of(loaded, report, report.md_path)


def test_include_of_an_outside_template_does_not_print_it(make_site: MakeSite, outside: Path) -> None:
    site = make_site({"templates/report.html": 'x\n{% include "x.html" %}\n'})
    (site / "templates/x.html").symlink_to(outside / "snippet.html")
    loaded, _ = load_site(site)
    renderer = Renderer.for_site(loaded)
    with pytest.raises(GkgenError, match="站点以外"):
        renderer.render("report.html")


# ---------------------------------------------------------------- gkgen import writes


def _import(site: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", str(SEED), "--agency", "atk", "--site", str(site), *extra])
    return result.exit_code, result.output


def test_import_never_writes_into_a_linked_agency_folder(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "reports").mkdir(exist_ok=True)
    (site / "reports/atk").symlink_to(elsewhere)
    for extra in ((), ("--force",)):
        code, out = _import(site, *extra)
        assert code == 2 and "符号链接" in out
        assert list(elsewhere.iterdir()) == []


def test_import_never_writes_through_a_linked_reports_folder(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if (site / "reports").exists():
        (site / "reports").rmdir()
    (site / "reports").symlink_to(elsewhere)
    code, out = _import(site, "--force")
    assert code == 2 and "符号链接" in out and list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("force", [False, True])
def test_import_never_follows_a_file_link(tmp_path: Path, force: bool) -> None:
    site = empty_site(tmp_path / "site")
    folder = site / "reports/atk"
    folder.mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (folder / "2021.md").symlink_to(victim)
    (folder / "2021.yaml").symlink_to(tmp_path / "dangling-target.yaml")
    code, out = _import(site, *(("--force",) if force else ()))
    assert code == 2 and "符号链接" in out
    assert victim.read_text() == "keep" and not (tmp_path / "dangling-target.yaml").exists()
    assert (folder / "2021.md").is_symlink()


def test_import_refuses_a_dangling_year_file_without_force(tmp_path: Path) -> None:
    site = empty_site(tmp_path / "site")
    folder = site / "reports/atk"
    folder.mkdir(parents=True)
    (folder / "2021.yaml").symlink_to(tmp_path / "somefile")
    code, _ = _import(site)
    assert code == 2 and not (tmp_path / "somefile").exists()


# ---------------------------------------------------------------- what pages and data may contain


def test_javascript_base_url_is_an_error_and_never_linked(make_site: MakeSite) -> None:
    config = (MINIMAL / "gkgen.yaml").read_text(encoding="utf-8")
    config = config.replace("https://www.example.gov.cn/zfxxgk/nb/", '"javascript://%0aalert(document.domain)//"')
    site = make_site({"gkgen.yaml": config})
    _, findings = check_site(site)
    assert [(f.rule, f.file, f.line) for f in findings] == [("GK005", "gkgen.yaml", 3)]
    loaded, _ = load_site(site)
    assert loaded.portal is not None and loaded.portal.base_url is None
    from gkgen.html.render import render_site

    files = render_site(loaded, pdf=False)
    assert not any(b"javascript:" in data for data in files.values())


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.invalid/","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_summary_csv_cells_are_never_formulas(make_site: MakeSite, tmp_path: Path, name: str) -> None:
    agency = (MINIMAL / "reports/demo/agency.yaml").read_text(encoding="utf-8")
    escaped = name.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    site = make_site({"reports/demo/agency.yaml": agency.replace("名称: 示例市商务局", f'名称: "{escaped}"')})
    build(site, tmp_path / "out", pdf=False)
    with (tmp_path / "out/2021/summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][1] == "'" + name.strip()  # the loader strips the name's ends
    assert all(not cell.startswith(("=", "+", "@", "\t")) for row in rows for cell in row)
    deltas = [cell for cell in rows[1][4:] if cell.startswith("-")]
    assert all(cell.lstrip("-").isdigit() for cell in deltas)  # numbers are left as numbers


def test_bidi_controls_in_names_and_titles_are_errors(make_site: MakeSite) -> None:
    agency = (MINIMAL / "reports/demo/agency.yaml").read_text(encoding="utf-8")
    md = (MINIMAL / "reports/demo/2021.md").read_text(encoding="utf-8")
    site = make_site(
        {
            "reports/demo/agency.yaml": agency.replace("简称: 市商务局", "简称: 市\u202e局务商"),
            "reports/demo/2021.md": md.replace("# 总体情况", "# 总体情况\u2067"),
        }
    )
    _, findings = check_site(site)
    bidi = [(f.file, f.line) for f in findings if f.rule == "GK017"]
    assert bidi == [("reports/demo/2021.md", 3), ("reports/demo/agency.yaml", 2)]


# ---------------------------------------------------------------- no network


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A TCP listener on 127.0.0.1 that records every connection it is offered."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    seen: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except OSError:
                continue
            seen.append(f"{addr}")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(2)
    server.close()


def _hostile_site(make_site: MakeSite, port: int) -> Path:
    url = f"http://127.0.0.1:{port}"
    md = (MINIMAL / "reports/demo/2021.md").read_text(encoding="utf-8")
    md += f"\n![x]({url}/md.png)\n[链接]({url}/a)\n"
    md += f'<img src="{url}/raw.png">\n<iframe src="//127.0.0.1:{port}/f"></iframe>\n'
    pdf_html = (REPO / "gkgen/theme/pdf.html").read_text(encoding="utf-8")
    pdf_html = pdf_html.replace("</head>", f'<link rel="stylesheet" href="{url}/x.css"></head>', 1)
    pdf_html = pdf_html.replace("<body", f'<img src="{url}/body.png"><body', 1)
    css = (REPO / "gkgen/theme/static/pdf.css").read_text(encoding="utf-8")
    css = f'@import url("{url}/i.css");\n' + css + f"\nbody {{ background: url({url}/bg.png); }}\n"
    css += f'@font-face {{ font-family: X; src: url("{url}/f.woff"); }}\n'
    return make_site({"reports/demo/2021.md": md, "templates/pdf.html": pdf_html, "templates/static/pdf.css": css})


def test_check_build_and_import_of_hostile_content_open_no_connection(
    make_site: MakeSite, tmp_path: Path, listener: tuple[int, list[str]]
) -> None:
    port, seen = listener
    socket.create_connection(("127.0.0.1", port), timeout=2).close()  # the listener does see connections
    for _ in range(50):
        if seen:
            break
        threading.Event().wait(0.05)
    assert len(seen) == 1
    seen.clear()
    site = _hostile_site(make_site, port)
    _, findings = check_site(site)
    assert {f.rule for f in findings} >= {"GK508"}  # the narrative's remote image is an error
    md = site / "reports/demo/2021.md"
    md.write_text(md.read_text(encoding="utf-8").split("\n![x]")[0] + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "http_proxy": "", "https_proxy": ""}
    run = subprocess.run(
        [*GKGEN, "build", str(site), "--out", str(tmp_path / "out"), "--jobs", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "已拒绝引用" in run.stderr  # the PDF renderer refused the theme's remote addresses
    page = f"""<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">
    <script src="http://127.0.0.1:{port}/s.js"></script></head><body>
    <img src="http://127.0.0.1:{port}/i.png"><iframe src="http://127.0.0.1:{port}/f"></iframe>
    <p>{(SEED.read_text(encoding="utf-8"))}</p></body></html>"""
    hostile = tmp_path / "hostile.html"
    hostile.write_text(page, encoding="utf-8")
    CliRunner().invoke(main, ["import", str(hostile), "--agency", "net", "--site", str(site), "--year", "2021"])
    assert seen == []


def test_fixture_links_point_outside_their_site() -> None:
    """The GK016 fixtures really link out of their site (a copy would not test anything)."""
    for folder in (FIXTURES / "invalid").glob("GK016-symlink-*"):
        links = [p for p in folder.rglob("*") if p.is_symlink()]
        assert links and all(not p.resolve().is_relative_to(folder.resolve()) for p in links)
