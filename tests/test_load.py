"""load_site: the site layout, agency.yaml, gkgen.yaml, and the invalid fixtures of GK0xx/GK1xx."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, MINIMAL, MakeSite

from gkgen.errors import UsageError
from gkgen.findings import Finding, format_findings, sort_findings
from gkgen.load.site import load_site
from gkgen.rules import registered_rules

LOADER_FIXTURES = sorted(
    p
    for p in (FIXTURES / "invalid").glob("GK[01]*")
    if p.is_dir() and (p / "expected.txt").is_file() and p.name.split("-")[0] not in registered_rules()
)


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_minimal_site_is_clean() -> None:
    site, findings = load_site(MINIMAL)
    assert findings == []
    assert site.portal is not None and site.portal.categories
    assert [(r.agency.id, r.year) for r in site.reports] == [("demo", 2020), ("demo", 2021)]
    assert all(r.complete for r in site.reports)
    agency = site.agencies["demo"]
    assert agency.contact["邮编"] == "123000"
    assert agency.level == "部门"


@pytest.mark.parametrize("folder", LOADER_FIXTURES, ids=lambda p: p.name)
def test_invalid_fixture(folder: Path) -> None:
    """Each GK0xx/GK1xx fixture: the loader's findings are exactly expected.txt."""
    _, findings = load_site(folder)
    expected = (folder / "expected.txt").read_text(encoding="utf-8").strip()
    assert format_findings(sort_findings(findings), "text") == expected
    assert folder.name.split("-")[0] in rules(findings)


def test_every_loader_rule_has_a_fixture() -> None:
    from gkgen.findings import RULES

    mine = {r for r in RULES if r.startswith(("GK0", "GK1")) and r not in registered_rules()}
    covered = {p.name.split("-")[0] for p in LOADER_FIXTURES}
    assert mine <= covered


def test_missing_root_and_config_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="不存在"):
        load_site(tmp_path / "nope")
    with pytest.raises(UsageError, match=r"gkgen\.yaml"):
        load_site(tmp_path)


def test_site_without_reports_folder(make_site: MakeSite) -> None:
    """No reports/ at all is not "检查通过" (GK015); an empty reports/ is a new site."""
    site, findings = load_site(make_site({"reports": None}))
    assert site.reports == [] and rules(findings) == ["GK015"]
    empty = make_site({"reports": None})
    (empty / "reports").mkdir()
    site, findings = load_site(empty)
    assert site.reports == [] and findings == []


def test_reports_sorted_by_agency_then_year(make_site: MakeSite) -> None:
    demo = MINIMAL / "reports" / "demo"
    files = {f"reports/a-first/{p.name}": p.read_text(encoding="utf-8") for p in demo.iterdir()}
    site, findings = load_site(make_site(files))
    assert findings == []
    assert [(r.agency.id, r.year) for r in site.reports] == [
        ("a-first", 2020),
        ("a-first", 2021),
        ("demo", 2020),
        ("demo", 2021),
    ]


@pytest.mark.parametrize("name", ["Demo", "demo_x", "-demo", "d" * 64, "示例", "a..b"])
def test_bad_agency_ids_never_reach_a_report(make_site: MakeSite, name: str) -> None:
    agency = (MINIMAL / "reports/demo/agency.yaml").read_text(encoding="utf-8")
    site, findings = load_site(make_site({f"reports/{name}/agency.yaml": agency}))
    assert rules(findings) == ["GK010"]
    assert name not in site.agencies


def test_hidden_files_are_ignored(make_site: MakeSite) -> None:
    _, findings = load_site(make_site({"reports/.gitkeep": "", "reports/demo/.DS_Store": b"\0"}))
    assert findings == []


def test_unpaired_md_gives_report_without_data(make_site: MakeSite) -> None:
    site, findings = load_site(make_site({"reports/demo/2021.yaml": None}))
    assert rules(findings) == ["GK012"]
    report = site.report("demo", 2021)
    assert report is not None and report.data is None and report.narrative is not None


def test_portal_optional_fields_and_settings(make_site: MakeSite) -> None:
    config = (
        "门户名称: 示例市人民政府\n分类: [部门]\n网站标识码: 2109000022\nICP备案号: 辽ICP备1号\n"
        "公安备案号: 辽公网安备 1号\nPDF字体: {正文: Noto Serif CJK SC}\n"
    )
    site, findings = load_site(make_site({"gkgen.yaml": config, "reports/demo": None}))
    assert findings == []
    portal = site.portal
    assert portal is not None
    assert portal.site_code == "2109000022" and portal.icp == "辽ICP备1号"
    assert portal.host is None and portal.base_url is None
    assert portal.settings == {"PDF字体": {"正文": "Noto Serif CJK SC"}}


def test_portal_unknown_key_suggests(make_site: MakeSite) -> None:
    config = (MINIMAL / "gkgen.yaml").read_text(encoding="utf-8") + "主办单住: 某某\n"
    _, findings = load_site(make_site({"gkgen.yaml": config}))
    assert rules(findings) == ["GK102"]
    assert "是否想写“主办单位”" in findings[0].message


@pytest.mark.parametrize("categories", ["分类: []", "分类: 部门", "分类: {a: b}"])
def test_portal_bad_categories(make_site: MakeSite, categories: str) -> None:
    site, findings = load_site(make_site({"gkgen.yaml": f"门户名称: 某门户\n{categories}\n", "reports/demo": None}))
    assert rules(findings) == ["GK005"] and site.portal is None


def test_portal_yaml_error_gives_no_portal(make_site: MakeSite) -> None:
    site, findings = load_site(make_site({"gkgen.yaml": "门户名称: [\n"}))
    assert rules(findings) == ["GK002"] and site.portal is None


def test_agency_contact_keeps_text_as_written(make_site: MakeSite) -> None:
    agency = "名称: 某局\n分类: 县区政府\n层级: 政府\n联系方式:\n  邮编: 012345\n  电话: 0418-1234567\n"
    site, findings = load_site(make_site({"reports/demo/agency.yaml": agency}))
    assert findings == []
    got = site.agencies["demo"]
    assert got.contact == {"邮编": "012345", "电话": "0418-1234567"}
    assert got.level == "政府" and got.category == "县区政府" and got.short_name is None


def test_missing_agency_yaml_still_checks_reports(make_site: MakeSite) -> None:
    site, findings = load_site(make_site({"reports/demo/agency.yaml": None}))
    assert rules(findings) == ["GK011"]
    assert len(site.reports) == 2 and all(r.data is not None for r in site.reports)


def test_images_for_the_narrative_are_accepted(make_site: MakeSite) -> None:
    _, findings = load_site(make_site({"reports/demo/logo.png": b"png", "reports/demo/images/a.jpg": b"jpg"}))
    assert findings == []


def test_other_files_in_a_sub_folder_are_warned(make_site: MakeSite) -> None:
    _, findings = load_site(make_site({"reports/demo/images/a.png": b"png", "reports/demo/old/2019.yaml": "x"}))
    assert rules(findings) == ["GK013"] and findings[0].severity == "warning"
    assert findings[0].file == "reports/demo/old/2019.yaml"


def test_file_directly_in_reports_is_warned(make_site: MakeSite) -> None:
    _, findings = load_site(make_site({"reports/README.md": "x"}))
    assert rules(findings) == ["GK013"]


def test_agency_folder_outside_reports_is_warned(make_site: MakeSite) -> None:
    agency = (MINIMAL / "reports/demo/agency.yaml").read_text(encoding="utf-8")
    _, findings = load_site(make_site({"other/agency.yaml": agency}))
    assert rules(findings) == ["GK013"] and findings[0].file == "other/agency.yaml"


def test_year_files_outside_plausible_years_are_not_reports(make_site: MakeSite) -> None:
    site, findings = load_site(make_site({"reports/demo/0000.yaml": "年度: 0\n", "reports/demo/9999.md": "x"}))
    assert rules(findings) == ["GK013", "GK013"] and len(site.reports) == 2


@pytest.mark.parametrize("agency", ["名称: ''\n分类: 县区政府\n", "名称: 某局\n分类:\n"])
def test_agency_required_fields_must_not_be_empty(make_site: MakeSite, agency: str) -> None:
    _, findings = load_site(make_site({"reports/demo/agency.yaml": agency}))
    assert rules(findings) == ["GK101"] and "未填写" in findings[0].message
