"""Label normalisation and lookup against the format model.

Published labels differ from the official ones in width (（ vs (), spacing, numbering ("1." "1、"
"１．"), brackets (〔〕【】) and quotes, and are sometimes cut or wrapped. Everything here compares
*cores*: the normalised text with its leading numbering removed. Nothing here spells a label: the
candidates always come from :mod:`gkgen.format.model` objects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from gkgen.format.numbering import DIGIT_COMMA, strip_numbering

T = TypeVar("T")

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "[": "(", "]": ")"})
_DROP = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")
_NUMBER = re.compile(r"^([-+]?\d+(?:\.\d+)?)(?:件|项|个|条|万元|元)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_BLANK_MARKS = frozenset({"", "-", "—", "——", "－", "/", "／", "无", "空"})


def normalise(text: str) -> str:
    """Width-folded, bracket-unified text without spaces and quotes; "1、" numbering as "1."."""
    return DIGIT_COMMA.sub(r"\1.", _fold(text))


def _fold(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text).translate(_BRACKETS))


def core(text: str) -> str:
    """The normalised label without its leading numbering (also "三、（一）" stacked)."""
    out = normalise(text)
    for _ in range(3):
        stripped = strip_numbering(out)
        if stripped == out:
            break
        out = stripped
    return out


def is_blank(text: str) -> bool:
    return normalise(text) in _BLANK_MARKS


def parse_number(text: str) -> int | Decimal | None:
    """A published number: "12", "0.35", "1,234", "96件"; None when the text is not one."""
    raw = _fold(text)
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    match = _NUMBER.match(raw)
    if not match:
        return None
    digits = match.group(1).lstrip("+")
    if "." in digits:
        try:
            return Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return None
    return int(digits)


def forms(keys: Iterable[str]) -> frozenset[str]:
    """The cores a model object answers to (its YAML key, its label, the label unnumbered)."""
    return frozenset(c for c in (core(k) for k in keys) if c)


EXACT, PREFIX, CONTAINS = 3, 2, 1
_MIN_PARTIAL = 4


def score(token: str, names: frozenset[str]) -> int:
    """How well a token's core matches a set of forms: exact, a cut/wrapped prefix, contained."""
    if not token:
        return 0
    if token in names:
        return EXACT
    best = 0
    for name in names:
        if (len(name) >= 3 and token.startswith(name)) or (len(token) >= _MIN_PARTIAL and name.startswith(token)):
            best = max(best, PREFIX)
        elif len(token) >= _MIN_PARTIAL and len(name) >= _MIN_PARTIAL and (name in token or token in name):
            best = max(best, CONTAINS)
    return best


@dataclass(frozen=True)
class Entry(Generic[T]):
    obj: T
    names: frozenset[str]


class Index(Generic[T]):
    """Model objects looked up by a published label; the best-scoring candidates win."""

    def __init__(self, entries: Sequence[tuple[T, Iterable[str]]]) -> None:
        self.entries = [Entry(obj, forms(keys)) for obj, keys in entries]

    def lookup(self, token: str, *, minimum: int = CONTAINS) -> tuple[int, list[T]]:
        best, found = 0, list[T]()
        for entry in self.entries:
            s = score(token, entry.names)
            if s < minimum or s < best:
                continue
            if s > best:
                best, found = s, []
            found.append(entry.obj)
        return best, found

    def exact(self, token: str) -> list[T]:
        return [e.obj for e in self.entries if token in e.names]
