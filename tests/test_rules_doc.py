"""docs/rules.md lists exactly the rules of gkgen.findings.RULES, as the catalogue states them.

Regenerate the table after changing RULES: ``python tests/test_rules_doc.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from gkgen.findings import RULES
from gkgen.rules import registered_rules, rules_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
BEGIN, END = "<!-- rules table: begin -->", "<!-- rules table: end -->"


def _current_table(text: str) -> str:
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip()


def test_rules_doc_table_matches_catalogue() -> None:
    assert _current_table(DOC.read_text(encoding="utf-8")) == rules_table()


def test_every_rule_is_reported_by_a_registered_check_or_by_loading_or_building() -> None:
    checks = registered_rules()
    assert set(checks) <= set(RULES)
    for rule_id in checks:
        assert not rule_id.startswith(("GK0", "GK6")), f"{rule_id} is a loading/build rule"


def test_rules_doc_lists_exactly_the_rule_ids() -> None:
    ids = re.findall(r"^\| (GK\d{3}) \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    assert ids == list(RULES)


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(f"{head}{BEGIN}\n{rules_table()}\n{END}{tail}", encoding="utf-8")
