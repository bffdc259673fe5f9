"""docs/format.md: its key tables are generated from the model, its complete examples load cleanly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import MakeSite

from gkgen.check import check_site
from gkgen.format import FORMATS
from gkgen.load.site import load_site
from tools.docgen import COMMAND, format_regions, replace_between

DOC = Path(__file__).resolve().parent.parent / "docs" / "format.md"
EXAMPLE = re.compile(r"<!-- 完整示例 (\S+) -->\n```yaml\n(.*?)```", re.S)
SITE_FILES = {"gkgen.yaml": "gkgen.yaml", "agency.yaml": "reports/demo/agency.yaml"}


def examples() -> dict[str, str]:
    """The ```yaml blocks marked <!-- 完整示例 NAME -->, by NAME (a format id or a file name)."""
    found: dict[str, str] = {}
    for name, body in EXAMPLE.findall(DOC.read_text(encoding="utf-8")):
        assert name not in found, f"docs/format.md 中“完整示例 {name}”出现了两次"
        found[name] = body
    return found


def test_key_tables_are_in_step_with_the_model() -> None:
    text = DOC.read_text(encoding="utf-8")
    expected = text
    for begin, end, generated in format_regions():
        expected = replace_between(expected, begin, end, generated)
    assert expected == text, f"docs/format.md 的键名对照表与模型不一致，请运行：{COMMAND}"


def test_key_tables_name_every_key_of_the_model() -> None:
    text = DOC.read_text(encoding="utf-8")
    for fmt in FORMATS.values():
        keys = [item.key for _, item in fmt.active.items()]
        keys += [f.key for block in fmt.active.blocks for f in block.fields]
        keys += [g.key or g.label for g in fmt.reviews.groups()]
        stack = list(fmt.applications.rows)
        while stack:
            row = stack.pop()
            keys.append(row.key)
            stack.extend(row.children)
        missing = sorted({k for k in keys if f"`{k}`" not in text})
        assert not missing, f"{fmt.id} 格式的键未列出：{missing}（请运行：{COMMAND}）"


def test_replace_between_needs_both_markers() -> None:
    with pytest.raises(ValueError, match="markers not found"):
        replace_between("text without markers", "<!-- a -->", "<!-- b -->", "x")
    assert replace_between("1<!-- a -->old<!-- b -->2", "<!-- a -->", "<!-- b -->", "new\n") == (
        "1<!-- a -->\n\nnew\n\n<!-- b -->2"
    )


def test_every_format_and_site_file_has_a_complete_example() -> None:
    assert set(examples()) == {*FORMATS, *SITE_FILES}


def test_complete_examples_load_without_findings(make_site: MakeSite) -> None:
    found = examples()
    files = {path: found[name] for name, path in SITE_FILES.items()}
    years: dict[str, int] = {}
    for format_id in FORMATS:
        years[format_id] = yaml.safe_load(found[format_id])["年度"]
        files[f"reports/demo/{years[format_id]}.yaml"] = found[format_id]
    root = make_site(files)

    site, loaded = load_site(root)
    assert [f"{f.location} {f.rule} {f.message}" for f in loaded if f.rule.startswith(("GK0", "GK1"))] == []
    formats = {r.year: r.data.format.id for r in site.reports if r.data is not None}
    assert formats == {year: format_id for format_id, year in years.items()}

    _, checked = check_site(root)
    assert [f"{f.location} {f.rule} {f.message}" for f in checked if f.severity == "error"] == []
