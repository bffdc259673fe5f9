"""The new narrative rules stay quiet on clean input and speak on the real reports' known faults.

- A synthetic clean site (bench/bench_check.py's generator, 200 reports) has no error and no
  warning at all.
- The real published reports of tests/fixtures/real/ (tests/real_support.py) give exactly the
  findings docs/rules.md lists, each looked at by hand: the true positives stay, nothing else
  appears.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from real_support import build_real_site

from gkgen.check import check_site
from gkgen.cli import main


def _generator() -> Callable[[Path, int], int]:
    """bench/bench_check.py's site generator (bench/ is not a package)."""
    path = Path(__file__).resolve().parent.parent / "bench" / "bench_check.py"
    spec = importlib.util.spec_from_file_location("bench_check", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[[Path, int], int] = module.generate
    return generate


NEW_RULES = ("GK403", "GK504", "GK511", "GK512", "GK513", "GK514", "GK515", "GK516", "GK520", "GK521", "GK522", "GK523")


def test_synthetic_site_is_clean(tmp_path: Path) -> None:
    assert _generator()(tmp_path, 50) == 200
    _, findings = check_site(tmp_path)
    assert findings == []


def _real_findings(tmp_path: Path) -> list[tuple[str, str, int | None]]:
    build_real_site(tmp_path)
    _, findings = check_site(tmp_path)
    return [(f.file, f.rule, f.line) for f in findings if f.rule in NEW_RULES and f.rule != "GK520"]


def test_real_reports_give_the_reviewed_findings(tmp_path: Path) -> None:
    got = _real_findings(tmp_path)
    expected = [
        ("reports/pingtan/2019.md", "GK521", 5),  # 新闻发布会 sentence written twice
        ("reports/pingtan/2021.md", "GK521", 5),  # 审核审核
        ("reports/pingtan/2022.md", "GK521", 5),  # 统一的的
        ("reports/pingtan/2023.md", "GK511", 5),  # 现行有效 393 vs 表二 470
        ("reports/pingtan/2023.md", "GK522", 9),  # 一是……三是……三是
        ("reports/shanghai/2019.md", "GK504", 27),  # 均获维持 while 3 pending
        ("reports/shanghai/2019.md", "GK511", 27),  # 予以公开及部分公开 258 vs 275
        ("reports/shanghai/2019.md", "GK511", 27),  # 无法提供 265 vs 337
    ]
    assert sorted(got) == sorted(expected)


def test_fix_punctuation_shows_diff_and_asks(tmp_path: Path) -> None:
    site = tmp_path / "site"
    fixtures = Path(__file__).parent / "fixtures" / "invalid" / "GK520-ascii-comma"
    import shutil

    shutil.copytree(fixtures, site)
    md = site / "reports" / "demo" / "2021.md"
    before = md.read_text(encoding="utf-8")
    dry = CliRunner().invoke(main, ["fix", "--punctuation", "--dry-run", str(site)])
    assert (
        dry.exit_code == 0
        and "-主动公开的及时性有待提高,下一步" in dry.output
        and "+主动公开的及时性有待提高，下一步" in dry.output
    )
    assert md.read_text(encoding="utf-8") == before
    declined = CliRunner().invoke(main, ["fix", "--punctuation", str(site)], input="n\n")
    assert declined.exit_code == 1 and md.read_text(encoding="utf-8") == before
    done = CliRunner().invoke(main, ["fix", "--punctuation", str(site)], input="y\n")
    assert done.exit_code == 0
    assert md.read_text(encoding="utf-8") == before.replace("有待提高,下一步", "有待提高，下一步")
    _, findings = check_site(site)
    assert not [f for f in findings if f.rule == "GK520"]
