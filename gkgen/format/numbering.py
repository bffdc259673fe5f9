"""How official documents number headings, rows and list items — the one place these patterns are
written. Labels in the format modules carry the official numbering ("一、", "（三）", "1."); authors
and published reports add their own ("第一部分", "（1）", "1）", "一是")."""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十"

OFFICIAL = re.compile(rf"^\s*(?:[{CN_DIGITS}]+、|[（(][{CN_DIGITS}]+[）)]|\d+[.．、])\s*")
"""The numbering of an official label: "一、", "（三）", "1."."""

AUTHOR = re.compile(rf"^\s*(?:第[{CN_DIGITS}]+部分|[{CN_DIGITS}]+[.．]|[（(]\d+[）)]|\d+[)）])[、.．:：\s]*")
"""Other numbering authors type before a heading: "第一部分", "一.", "（1）", "1）"."""

PAREN_DIGITS = re.compile(r"^\s*[（(]\d+[）)]\s*")
"""A "（1）" an author typed before a sub-heading."""

LEVEL1 = re.compile(rf"^\s*[{CN_DIGITS}]+\s*[、.．,，]\s*")
"""A section number as published reports write it: "一、", "二.", "三，"."""

PAREN_CN = re.compile(rf"^\s*[(（][{CN_DIGITS}]+[)）]")
"""A sub-section number: "（一）"."""

DIGIT_COMMA = re.compile(r"^(\d+)[、,]")
"""A row number written "1、" or "1," instead of "1."."""


def strip_numbering(label: str) -> str:
    """Drop a leading official numbering such as "一、", "（三）" or "1." from a label."""
    return OFFICIAL.sub("", label, count=1)
