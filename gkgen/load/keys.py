"""Matching the keys a user typed against the keys the model allows at one level of a file.

A key may be written as the short YAML key, the full official label, or the label without its
numbering ("（一）予以公开" or "予以公开"); spaces and typed numbering are ignored. Unknown keys get a
"是否想写“…”？" suggestion, the same item written twice (in two forms) is a duplicate.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from gkgen.data import Pos
from gkgen.findings import Finding, finding
from gkgen.format.numbering import strip_numbering
from gkgen.load.yamlpos import YMap, YNode, YScalar

T = TypeVar("T", bound=Hashable)


@lru_cache(maxsize=8192)
def norm(key: str) -> str:
    """The comparable form of a key: no spaces, no leading numbering."""
    return strip_numbering("".join(key.split())).replace("　", "")


@dataclass(frozen=True)
class Choice(Generic[T]):
    """Something a key at this level can name, with every accepted spelling; keys[0] is shown."""

    target: T
    keys: tuple[str, ...]


class KeySet(Generic[T]):
    """Choices with their spellings indexed; build once per level of the model and reuse."""

    def __init__(self, choices: Sequence[Choice[T]]) -> None:
        self.choices = tuple(choices)
        self.index: dict[str, Choice[T]] = {}
        for choice in self.choices:
            for spelling in choice.keys:
                self.index.setdefault(norm(spelling), choice)


@dataclass
class Entry:
    key: YScalar
    value: YNode


def match_keys(
    mapping: YMap,
    choices: Sequence[Choice[T]] | KeySet[T],
    rel: str,
    findings: list[Finding],
    where: str,
    suggested: set[T] | None = None,
) -> dict[T, Entry]:
    """Sort the entries of ``mapping`` onto ``choices``; report unknown keys (GK102) and the same
    choice named twice (GK003). ``where`` names the level in messages, e.g. “依申请公开”中.
    The targets an unknown key was taken for ("是否想写") are added to ``suggested``, so that the
    caller need not also report them missing."""
    keyset = choices if isinstance(choices, KeySet) else KeySet(choices)
    index = keyset.index
    out: dict[T, Entry] = {}
    for key, value in mapping.entries:
        match = index.get(norm(key.text))
        if match is None:
            guess = suggest(key.text, keyset.choices)
            if guess is not None and suggested is not None:
                suggested.add(guess.target)
            message = unknown_key_message(key.text, keyset.choices, where)
            findings.append(finding("GK102", rel, key.line, key.column, message))
            continue
        if match.target in out:
            first = out[match.target].key
            findings.append(
                finding(
                    "GK003",
                    rel,
                    key.line,
                    key.column,
                    f"“{key.text}”与第 {first.line} 行的“{first.text}”是同一项，重复填写",
                )
            )
            continue
        out[match.target] = Entry(key, value)
    return out


def unknown_key_message(key: str, choices: Sequence[Choice[T]], where: str) -> str:
    guess = suggest(key, choices)
    if guess is not None:
        return f"{where}无法识别的键“{key}”：是否想写“{guess.keys[0]}”？"
    names = "、".join(c.keys[0] for c in choices)
    return f"{where}无法识别的键“{key}”（此处可用的键：{names}）"


def suggest(key: str, choices: Sequence[Choice[T]]) -> Choice[T] | None:
    """The choice whose spelling is closest to ``key``, if any is close enough."""
    spelled: dict[str, Choice[T]] = {}
    for choice in choices:
        for k in choice.keys:
            spelled.setdefault(norm(k), choice)
    typed = norm(key)
    close = difflib.get_close_matches(typed, list(spelled), n=1, cutoff=0.5)
    if close:
        return spelled[close[0]]
    contained = {id(c): c for k, c in spelled.items() if typed and (typed in k or k in typed)}
    return next(iter(contained.values())) if len(contained) == 1 else None


def pos(rel: str, node: YScalar | YNode | None) -> Pos:
    if node is None:
        return Pos(rel, 1, 1)
    return Pos(rel, node.line, node.column)
