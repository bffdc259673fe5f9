"""Property tests: whatever a user types, the loader returns findings, never a traceback, and a
report without findings has every input cell (a missing number is never silently accepted)."""

from __future__ import annotations

from typing import Any

import yaml
from conftest import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkgen.load.narrative import parse_narrative
from gkgen.load.report import read_report
from gkgen.load.yamlpos import decode, parse

TEXTS = {year: (MINIMAL / f"reports/demo/{year}.yaml").read_text(encoding="utf-8") for year in (2020, 2021)}
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
