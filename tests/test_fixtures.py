"""Every tests/fixtures/invalid/<RULE>-<case>/ site gives exactly the findings in its expected.txt.

Each folder is a complete small site with one defect; expected.txt holds the exact
`gkgen check --format text` finding lines (no summary line). After a deliberate change of a
message, regenerate with ``GKGEN_REGEN=1 pytest tests/test_fixtures.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkgen.check import check_site
from gkgen.cli import main
from gkgen.findings import RULES

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
RULE_OF_FOLDER = re.compile(r"^(GK\d{3})-[a-z0-9-]+$")


@pytest.mark.parametrize("folder", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture(folder: Path) -> None:
    match = RULE_OF_FOLDER.match(folder.name)
    assert match is not None and match.group(1) in RULES, f"folder name {folder.name} is not <RULEID>-<case>"
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "text"])
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()
    expected_file = folder / "expected.txt"
    if os.environ.get("GKGEN_REGEN"):
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
    assert any(f" {match.group(1)} " in line for line in lines), f"{match.group(1)} not reported"
    errors = any(RULES[line.split()[2]].severity == "error" for line in lines)
    assert result.exit_code == (1 if errors else 0)


def test_every_rule_of_the_rules_stage_has_a_fixture() -> None:
    covered = {RULE_OF_FOLDER.match(p.name).group(1) for p in INVALID if RULE_OF_FOLDER.match(p.name)}  # type: ignore[union-attr]
    wanted = {rule for rule in RULES if rule[2] in "2345"}
    assert wanted <= covered, sorted(wanted - covered)


def test_valid_minimal_site_is_clean() -> None:
    _, findings = check_site(FIXTURES / "valid" / "minimal")
    assert findings == []


def test_seeds_flag_spam_and_outdated_format() -> None:
    _, findings = check_site(FIXTURES / "seeds")
    spam = [f for f in findings if f.rule == "GK505"]
    assert spam and all("365体育投注" in f.message for f in spam)
    assert {f.file.split("/")[1] for f in spam} == {"hlbe-swj"}  # seed 002
    outdated = [f for f in findings if f.rule == "GK401"]
    assert [f.file for f in outdated] == ["reports/tuoli-swgxj/2021.yaml"]  # seed 001, 2019 format in 2021
