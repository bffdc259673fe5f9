"""Property tests: whatever a user types, the loader returns findings, never a traceback, and a
report without findings has every input cell (a missing number is never silently accepted)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
import yaml
from conftest import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkgen.check import check_site
from gkgen.findings import RULES
from gkgen.load.narrative import parse_narrative
from gkgen.load.report import read_report
from gkgen.load.yamlpos import decode, parse

TEXTS = {year: (MINIMAL / f"reports/demo/{year}.yaml").read_text(encoding="utf-8") for year in (2020, 2021)}
TEXTS_MD = (MINIMAL / "reports/demo/2021.md").read_text(encoding="utf-8")
TREES = {year: yaml.safe_load(text) for year, text in TEXTS.items()}

scalars = st.one_of(
    st.integers(-5, 10**6),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.text(max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(float),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(tree, dict):
        for key, value in tree.items():
            out.extend(paths(value, (*prefix, key)))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            out.extend(paths(value, (*prefix, i)))
    return out


def replaced(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        return {k: (replaced(v, rest, value) if k == head else v) for k, v in tree.items()}
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(tree)]


def check(text: str, year: int) -> None:
    node, findings = parse(text, "x.yaml")
    data, more = read_report(node, "x.yaml", year)
    if data is not None and not findings and not more:
        assert set(data.format.input_keys) <= set(data.cells)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([2020, 2021]), st.data(), values)
def test_any_subtree_replaced(year: int, data: st.DataObject, value: Any) -> None:
    tree = TREES[year]
    path = data.draw(st.sampled_from(paths(tree)))
    text = yaml.safe_dump(replaced(tree, path, value), allow_unicode=True)
    check(text, year)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([2020, 2021]), st.integers(0, 3000), st.text(max_size=20))
def test_any_text_inserted(year: int, at: int, insert: str) -> None:
    text = TEXTS[year]
    at = min(at, len(text))
    check(text[:at] + insert + text[at:], year)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes(data: bytes) -> None:
    text, _ = decode(data, "x.yaml")
    if text is not None:
        check(text, 2021)
        parse_narrative(text, "x.md")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#\n\r\u2028\x0c =-`>*  一、总体情况（）1.")), max_size=80))
def test_any_markdown(text: str) -> None:
    n = parse_narrative(text, "x.md")
    lines = len(n.source.splitlines())
    assert n.source.count("\n") + (0 if n.source.endswith("\n") or not n.source else 1) == lines
    for section in n.sections:
        assert 0 <= section.start <= section.end <= lines
        for part in section.parts:
            assert section.start - 1 <= part.start <= part.end <= section.end


# ---------------------------------------------------------------- hardening (issue 14)

SITE_FILES = ("gkgen.yaml", "reports/demo/agency.yaml", "reports/demo/2021.yaml", "reports/demo/2021.md")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SITE_FILES), st.binary(max_size=400), st.integers(0, 4000))
def test_any_bytes_in_any_site_file(tmp_path_factory: pytest.TempPathFactory, rel: str, data: bytes, at: int) -> None:
    """Arbitrary bytes spliced into any file of a site: `gkgen check` (loader and rules) gives
    findings, never a traceback."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINIMAL, root, dirs_exist_ok=True)
    path = root / rel
    original = path.read_bytes()
    at = min(at, len(original))
    path.write_bytes(original[:at] + data + original[at:])
    _, findings = check_site(root)
    assert all(f.rule in RULES for f in findings)


def _forms(n: int) -> st.SearchStrategy[str]:
    """The ways YAML 1.1 can write the number ``n`` other than plain decimal digits."""
    sexagesimal = f"{n // 60}:{n % 60:02d}" if n >= 60 else f"0:{n:02d}"
    grouped = f"{n:,}".replace(",", "_") if n >= 1000 else f"{n}_0"
    return st.sampled_from([hex(n), bin(n), f"0o{n:o}", sexagesimal, grouped, f"{n}.0e+0"])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7).flatmap(lambda n: st.tuples(st.just(n), _forms(n))), st.sampled_from([2020, 2021]))
def test_no_yaml_11_number_form_is_a_count(case: tuple[int, str], year: int) -> None:
    """Whatever form (hex, binary, octal, sexagesimal, underscores, exponent) a number is written
    in, it is never taken as a count: GK103 names it, and the cell is not set."""
    _, written = case
    spot = {2021: "行政处罚: 2", 2020: "处理决定数量: 2}"}[year]  # a count in each format
    text = TEXTS[year].replace(spot, spot.replace("2", written, 1), 1)
    node, findings = parse(text, "x.yaml")
    data, more = read_report(node, "x.yaml", year)
    bad = [f for f in findings + more if f.rule == "GK103"]
    assert len(bad) == 1 and written in bad[0].message and "只能用十进制数字书写" in bad[0].message
    where = (bad[0].line, bad[0].column)
    assert data is not None and all((c.pos.line, c.pos.column) != where for c in data.cells.values())


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[1-9][0-9]{10,5000}", fullmatch=True), st.sampled_from(["", "-"]))
def test_huge_counts_are_errors(value: str, sign: str) -> None:
    text = TEXTS[2021].replace("行政处罚: 2", f"行政处罚: {sign}{value}", 1)
    node, findings = parse(text, "x.yaml")
    _, more = read_report(node, "x.yaml", 2021)
    assert [f.rule for f in findings + more] == ["GK103"] and "过大" in more[0].message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from(list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")))
def test_every_bidi_control_in_a_narrative_is_found(text: str, control: str) -> None:
    source = TEXTS_MD + text + control + "\n"
    decoded, findings = decode(source.encode("utf-8", errors="surrogatepass"), "x.md")
    if decoded is None:
        return  # lone surrogates are not UTF-8 (GK001)
    expected = sum(decoded.count(c) for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert len([f for f in findings if f.rule == "GK017"]) == min(expected, 10)
    parse_narrative(decoded, "x.md")
