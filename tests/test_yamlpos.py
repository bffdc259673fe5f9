"""yamlpos: encodings, positions, duplicate keys, alias bombs, syntax errors in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gkgen.load.yamlpos import YMap, YScalar, YSeq, decode, parse, translate_problem

TEXT = "名称: 示例市商务局\n分类: 市政府工作部门\n"


def rules(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.rule for f in findings]


def test_utf8_with_and_without_bom() -> None:
    for data in (TEXT.encode(), b"\xef\xbb\xbf" + TEXT.encode()):
        text, findings = decode(data, "a.yaml")
        assert text == TEXT and findings == []


def test_gbk_is_named() -> None:
    text, findings = decode(TEXT.encode("gbk"), "a.yaml")
    assert text is None and rules(findings) == ["GK001"]
    assert "GBK/GB18030" in findings[0].message and "UTF-8" in findings[0].message
    assert (findings[0].line, findings[0].column) == (1, 1)


def test_gbk_position_is_first_bad_byte() -> None:
    data = "a: 1\nb: ok\nc: 中文\n".encode("gbk")
    _, findings = decode(data, "a.yaml")
    assert (findings[0].line, findings[0].column) == (3, 4)


@pytest.mark.parametrize(
    ("codec", "name"), [("utf-16", "UTF-16 LE"), ("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")]
)
def test_utf16_is_named(codec: str, name: str) -> None:
    text, findings = decode(TEXT.encode(codec), "a.yaml")
    assert text is None and rules(findings) == ["GK001"]
    assert name in findings[0].message


def test_undecodable_bytes() -> None:
    _, findings = decode(b"a: \xff\xfe\xfd\xff\n", "a.yaml")
    assert rules(findings) == ["GK001"] and "UTF-8" in findings[0].message


def test_positions_are_one_based_and_count_characters() -> None:
    node, findings = parse("主动公开:\n  规章:  {本年制发: 5, 本年废止: 0}\n", "x.yaml")
    assert findings == [] and isinstance(node, YMap)
    key, table = node.entries[0]
    assert (key.line, key.column) == (1, 1)
    assert isinstance(table, YMap)
    item_key, item = table.entries[0]
    assert (item_key.line, item_key.column) == (2, 3)
    assert isinstance(item, YMap)
    field_key, value = item.entries[1]
    assert (field_key.text, field_key.line, field_key.column) == ("本年废止", 2, 18)
    assert isinstance(value, YScalar) and (value.value, value.column) == (0, 24)


def test_scalar_types() -> None:
    node, _ = parse("a: 3\nb: '3'\nc: 1.50\nd: 2022-01-20\ne: yes\nf:\ng: 2022-13-01\nh: 010\n", "x")
    assert isinstance(node, YMap)
    values = {k.text: v for k, v in node.entries}
    assert all(isinstance(v, YScalar) for v in values.values())
    got = {k: v.value for k, v in values.items() if isinstance(v, YScalar)}
    assert got == {
        "a": 3,
        "b": "3",
        "c": 1.5,
        "d": dt.date(2022, 1, 20),
        "e": True,
        "f": None,
        "g": "2022-13-01",
        "h": 10,
    }
    c = values["c"]
    b = values["b"]
    assert isinstance(c, YScalar) and c.text == "1.50"
    assert isinstance(b, YScalar) and b.quoted


def test_sequences_keep_positions() -> None:
    node, _ = parse("本年新收: [3, 1, 0]\n", "x")
    assert isinstance(node, YMap)
    seq = node.entries[0][1]
    assert isinstance(seq, YSeq) and [i.column for i in seq.items] == [8, 11, 14]


def test_duplicate_key_reports_both_lines() -> None:
    node, findings = parse("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert rules(findings) == ["GK003"]
    assert (findings[0].line, findings[0].column) == (3, 1)
    assert "第 1 行" in findings[0].message
    assert isinstance(node, YMap) and node.keys() == ["a", "b"]


def test_duplicate_key_nested() -> None:
    _, findings = parse("t:\n  x: [1]\n  y: 0\n  x: [2]\n", "x.yaml")
    assert rules(findings) == ["GK003"] and findings[0].line == 4


def billion_laughs() -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def test_alias_bomb_is_refused() -> None:
    node, findings = parse(billion_laughs(), "x.yaml")
    assert node is None and rules(findings) == ["GK004"]


def test_recursive_alias_is_refused() -> None:
    node, findings = parse("a: &a [*a]\n", "x.yaml")
    assert node is None and rules(findings) == ["GK004"]


def test_small_aliases_are_fine() -> None:
    node, findings = parse("z: &z [0, 0, 0, 0, 0, 0]\na: *z\nb: *z\n", "x.yaml")
    assert findings == [] and isinstance(node, YMap)
    a = node.get("a")
    assert isinstance(a, YSeq) and len(a.items) == 6


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: 1\n行政处罚：2\nb: 3\n", 2, 1, "中文冒号"),
        ("a:1\nb: 2\n", 1, 2, "冒号后缺少空格"),
        ("a: 1\n\tb: 2\n", 2, 1, "制表符"),
        ("a: [1, 2\n", 2, 1, "方括号"),
        ('a: "x\n', 2, 1, "未闭合"),
        ("a: 1\n---\nb: 2\n", 2, 1, "多个 YAML 文档"),
        ("a: *nope\n", 1, 4, "未定义的别名"),
    ],
)
def test_syntax_errors_in_chinese(text: str, line: int, column: int, words: str) -> None:
    node, findings = parse(text, "x.yaml")
    assert node is None and rules(findings) == ["GK002"]
    assert (findings[0].line, findings[0].column) == (line, column)
    assert words in findings[0].message and findings[0].message.startswith("YAML 语法错误")


def test_empty_file() -> None:
    for text in ("", "# only a comment\n", "\n\n"):
        node, findings = parse(text, "x.yaml")
        assert node is None and rules(findings) == ["GK002"] and "为空" in findings[0].message


def test_untranslated_problem_keeps_original() -> None:
    assert translate_problem("something odd happened") == "无法解析（something odd happened）"


def test_non_scalar_key() -> None:
    _, findings = parse("? [a, b]\n: 1\n", "x.yaml")
    assert rules(findings) == ["GK002"]


@pytest.mark.parametrize(("text", "line", "column"), [("名称: 一\x07\n", 1, 6), ('a: 1\n名称: "一\x07"\n', 2, 7)])
def test_control_character_position(text: str, line: int, column: int) -> None:
    _, findings = parse(text, "x.yaml")
    assert rules(findings) == ["GK002"] and (findings[0].line, findings[0].column) == (line, column)
    assert "U+0007" in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "1",
        "-3",
        "+4",
        "1.5",
        ".5",
        "-.inf",
        ".NaN",
        "true",
        "False",
        "yes",
        "off",
        "~",
        "null",
        "",
        "2022-01-20",
        "2022-01-20 10:00:00",
        "2022-1-20",
        "abc",
        "一万",
    ],
)
def test_plain_scalars_resolve_like_safe_load(text: str) -> None:
    """Plain decimals, floats, booleans, nulls and dates as SafeLoader reads them (YAML 1.1 number
    forms other than plain decimals are the exception: see the next test)."""
    import math

    import yaml

    node, findings = parse(f"k: {text}\n", "x")
    assert findings == [] and isinstance(node, YMap)
    got = node.entries[0][1]
    assert isinstance(got, YScalar)
    expected = yaml.safe_load(f"k: {text}\n")["k"]
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got.value, float) and math.isnan(got.value)
    else:
        assert got.value == expected and type(got.value) is type(expected)


@pytest.mark.parametrize("text", ["1_000", "0x1F", "1.0e+3", "12:30", "0b101", "1_000.5", "1:30.5", "0o17", "-0x10"])
def test_yaml_11_number_forms_stay_text(text: str) -> None:
    """SafeLoader reads 1:30 as 90 and 0x1F as 31; gkgen keeps them as written, so that a count
    is only ever plain decimal digits (the reader names the form in GK103)."""
    node, findings = parse(f"k: {text}\n", "x")
    assert findings == [] and isinstance(node, YMap)
    got = node.entries[0][1]
    assert isinstance(got, YScalar) and got.value == text


@pytest.mark.parametrize("tagged", ["!!int 0x10", "!!int 1_000", "!!float 1_000.5"])
def test_explicit_tags_do_not_bring_the_forms_back(tagged: str) -> None:
    node, _ = parse(f"k: {tagged}\n", "x")
    assert isinstance(node, YMap)
    got = node.entries[0][1]
    assert isinstance(got, YScalar) and isinstance(got.value, str)


def test_huge_integer_is_text_not_a_traceback() -> None:
    node, findings = parse("k: " + "7" * 5000 + "\nj: !!int " + "7" * 5000 + "\n", "x")
    assert findings == [] and isinstance(node, YMap)
    assert all(isinstance(v, YScalar) and isinstance(v.value, str) for _, v in node.entries)


def test_many_keys_without_alias_is_not_called_an_alias_bomb() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(60_000))
    node, findings = parse(text, "x")
    assert node is None and [f.rule for f in findings] == ["GK004"]
    assert "别名" not in findings[0].message and "节点过多" in findings[0].message
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcde", "bcdef", strict=True)
    )
    node, findings = parse(bomb, "x")
    assert node is None and "别名炸弹" in findings[0].message


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    from gkgen.load.yamlpos import MAX_YAML_BYTES, load_yaml_file

    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: 50 MB that is never read
        handle.truncate(50 * 1024 * 1024)
    node, findings = load_yaml_file(big, "reports/x/2021.yaml")
    assert node is None and [f.rule for f in findings] == ["GK018"]
    assert "50.0 MB" in findings[0].message and "别名" not in findings[0].message
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"k: 1\n" + b"#" * (MAX_YAML_BYTES - 6) + b"\n")
    node, findings = load_yaml_file(exact, "x")
    assert findings == [] and isinstance(node, YMap)


def test_bidi_controls_are_found_with_their_position() -> None:
    from gkgen.load.yamlpos import decode

    text, findings = decode("名称: 示例\u202e局\n简称: \u2067x\u2069\n".encode(), "a.yaml")
    assert text is not None
    assert [(f.rule, f.line, f.column) for f in findings] == [("GK017", 1, 7), ("GK017", 2, 5), ("GK017", 2, 7)]
    assert "U+202E" in findings[0].message
    _, many = decode(("\u202a" * 50).encode(), "a.md")
    assert len(many) == 10
