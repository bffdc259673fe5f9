"""`gkgen build`: check first, publish nothing on error, atomic swap, byte-identical output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeSite

from gkgen.build import build
from gkgen.cli import main
from gkgen.errors import DataError, GkgenError, UsageError
from gkgen.paths import MARKER
from gkgen.publish import write_files


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_writes_the_portal(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    result = build(site, tmp_path / "out", pdf=False)
    files = tree(result.out)
    assert result.out == (tmp_path / "out").resolve() and result.files == len(files)
    assert {"index.html", "sitemap.xml", MARKER, "static/gkgen.css", "static/article.css"} <= set(files) or {
        "index.html",
        MARKER,
    } <= set(files)
    pages = [n for n in files if n.count("/") == 2 and n.endswith("/index.html")]
    assert pages
    for page in pages:
        folder = page.rsplit("/", 1)[0]
        assert {f"{folder}/report.json", f"{folder}/report.fragment.html"} <= set(files)
        assert b"report.pdf" not in files[page]  # --no-pdf: no dead link
    for year in {p.split("/")[0] for p in pages}:
        assert {f"{year}/index.html", f"{year}/summary.csv", f"{year}/summary.xlsx"} <= set(files)


def test_default_out_is_site_build(make_site: MakeSite) -> None:
    site = make_site()
    assert build(site, pdf=False).out == (site / "build").resolve()
    assert (site / "build" / "index.html").is_file()


def test_output_is_byte_identical_between_runs(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    first = tree(build(site, tmp_path / "a", pdf=False).out)
    second = tree(build(site, tmp_path / "b", pdf=False).out)
    again = tree(build(site, tmp_path / "a", pdf=False).out)
    assert first == second == again


def _break(site: Path) -> None:
    data = next(site.glob("reports/*/2021.yaml"))
    data.write_text(data.read_text(encoding="utf-8").replace("年度: 2021", "年度: 2020"), encoding="utf-8")


def test_errors_publish_nothing_and_keep_the_previous_build(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    out = tmp_path / "outs" / "out"
    before = tree(build(site, out, pdf=False).out)
    _break(site)
    with pytest.raises(DataError, match="个错误，未发布任何内容"):
        build(site, out, pdf=False)
    assert tree(out) == before
    assert sorted(os.listdir(tmp_path / "outs")) == ["out"]  # no staging folder left behind


def test_errors_on_first_build_create_nothing(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    _break(site)
    with pytest.raises(DataError):
        build(site, tmp_path / "out", pdf=False)
    assert not (tmp_path / "out").exists()


def test_a_failure_while_rendering_keeps_the_previous_build(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    out = tmp_path / "outs" / "out"
    before = tree(build(site, out, pdf=False).out)
    (site / "templates").mkdir()
    (site / "templates" / "year.html").write_text("{{ undefined_thing }}", encoding="utf-8")
    with pytest.raises(GkgenError, match=r"模板 year\.html 出错.*undefined_thing"):
        build(site, out, pdf=False)
    assert tree(out) == before
    assert sorted(os.listdir(tmp_path / "outs")) == ["out"]


def test_refuses_to_replace_a_folder_gkgen_did_not_make(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="不是 gkgen 生成的"):
        build(site, precious, pdf=False)
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("relative", [".", "..", "reports"])
def test_refuses_to_write_over_the_site(make_site: MakeSite, relative: str) -> None:
    site = make_site()
    with pytest.raises(UsageError):
        build(site, site / relative, pdf=False)
    assert (site / "gkgen.yaml").is_file()


def test_write_files_refuses_duplicates_and_escapes(tmp_path: Path) -> None:
    write_files(tmp_path, {"a/b.html": b"1"})
    with pytest.raises(ValueError, match="twice"):
        write_files(tmp_path, {"a/b.html": b"2"})
    for bad in ("../x", "/etc/x", "a/../../x"):
        with pytest.raises(ValueError, match="outside"):
            write_files(tmp_path, {bad: b""})
    assert (tmp_path / "a" / "b.html").read_bytes() == b"1"


def test_cli_build(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    result = CliRunner().invoke(main, ["build", str(site), "--out", str(tmp_path / "o"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and (tmp_path / "o" / "index.html").is_file()
    _break(site)
    result = CliRunner().invoke(main, ["build", str(site), "--out", str(tmp_path / "o"), "--no-pdf"])
    assert result.exit_code == 1
    assert "未发布任何内容" in result.output


def test_cli_build_missing_site_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nowhere"), "--no-pdf"])
    assert result.exit_code == 2


def test_build_with_pdf_writes_each_report_pdf_with_its_data(make_site: MakeSite, tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    site = make_site()
    result = build(site, tmp_path / "out", jobs=1)
    files = tree(result.out)
    pages = [n for n in files if n.count("/") == 2 and n.endswith("/index.html")]
    assert pages
    for page in pages:
        folder, year = page.rsplit("/", 1)[0], page.split("/")[0]
        assert b'href="report.pdf"' in files[page]
        with pikepdf.open(result.out / folder / "report.pdf") as pdf:
            attached = {name: f.get_file().read_bytes() for name, f in pdf.attachments.items()}
            assert pdf.open_metadata().get("pdfaid:part") == "3"
        source = site / "reports" / folder.split("/")[1]
        assert attached == {
            f"{year}.yaml": (source / f"{year}.yaml").read_bytes(),
            f"{year}.md": (source / f"{year}.md").read_bytes(),
            "report.json": files[f"{folder}/report.json"],
        }
    again = build(site, tmp_path / "out", jobs=1)  # served from the PDF cache, same bytes
    assert tree(again.out) == files


def test_a_linked_attachment_is_published_beside_the_report(make_site: MakeSite, tmp_path: Path) -> None:
    md = (make_site() / "reports" / "demo" / "2021.md").read_text(encoding="utf-8")
    md = md.replace("# 其他需要报告的事项\n", "# 其他需要报告的事项\n\n详见[办事指南](指南.pdf)。\n", 1)
    site = make_site({"reports/demo/2021.md": md, "reports/demo/指南.pdf": b"%PDF-1.4\n%test\n"})
    out = build(site, tmp_path / "out", pdf=False).out
    assert (out / "2021" / "demo" / "指南.pdf").read_bytes() == b"%PDF-1.4\n%test\n"
    page = (out / "2021" / "demo" / "index.html").read_text(encoding="utf-8")
    assert 'href="指南.pdf"' in page or 'href="%E6%8C%87%E5%8D%97.pdf"' in page
    assert not (out / "2020" / "demo" / "指南.pdf").exists()  # only where it is linked
