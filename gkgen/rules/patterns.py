"""The word lists of the text rules, as data: spam (GK505), placeholders (GK506) and phrases that
deny something the tables count (GK504). Extend a list here; the rules need no change."""

from __future__ import annotations

import re

SPAM_PATTERNS: tuple[str, ...] = (
    r"365\s*体育(?:投注)?",
    r"bet\s*365",
    r"体育投注",
    r"足球投注",
    r"娱乐城",
    r"博彩",
    r"百家乐",
    r"彩票投注(?!站)",
    r"网上投注",
    r"真人娱乐",
    r"真人视讯",
    r"电子游艺",
    r"澳门[^。，；\n]{0,6}?(?:赌场|赌城|葡京|娱乐)(?:赌场|娱乐城?)?",
    r"皇冠[^。，；\n]{0,6}?(?:投注|体育|娱乐|平台)",
    r"(?:威尼斯人|金沙|永利|太阳城|新葡京|银河)(?:娱乐|赌场|官网|平台|国际)",
    r"赌场",
    r"老虎机",
    r"六合彩",
    r"时时彩",
    r"北京赛车",
    r"开户送",
    r"注册送(?:彩金|\d)",
    r"彩金",
    r"棋牌(?:游戏|平台)",
)

PLACEHOLDER_PATTERNS: tuple[str, ...] = (
    r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])(?:单位|部门|局|厅|委|办|处|科|县|市|区|镇|乡|年|月|日|号)?",
    r"\b(?:TODO|FIXME|TBD)\b",
    r"待补充",
    r"待填写",
    r"请填写",
    r"[（(【\[]\s*此处[^）)】\]\n]{0,20}[）)】\]]",
    r"此处填写",
    r"○○|〇〇",
)


SPAM_FIRST = "3b体足娱博百彩网真电澳皇威金永太新银赌老六时北开注棋"
PLACEHOLDER_FIRST = "XxＸｘ×TF待请（(【[此○〇"
"""Every character a match of the list can start with (a test keeps them complete): the regex
engine then skips most positions at once, which makes the scan about five times faster."""


def compile_any(patterns: tuple[str, ...], first: str) -> re.Pattern[str]:
    guard = "[" + re.escape(first) + "]"
    return re.compile(f"(?={guard})(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.IGNORECASE)


SPAM = compile_any(SPAM_PATTERNS, SPAM_FIRST)
PLACEHOLDER = compile_any(PLACEHOLDER_PATTERNS, PLACEHOLDER_FIRST)

# GK504: denials. A filler never crosses a sentence or clause boundary; a denial of applications
# whose clause goes on to speak of 复议/诉讼 is about those instead (text.py checks the clause).
_FILL = r"[^。；;！!？?\n，,]{0,20}?"
_NEG = r"(?:未|没有|尚未|并未|无(?!法|论|需|须))"
_VERB = r"(?:发生|收到|受理|接到|出现|存在|有|涉及|被申请|被提起|产生)"

NO_APPLICATIONS = re.compile(
    _NEG + r"(?:收到|受理|接到|发生|产生)?(?:任何)?"
    r"(?:公民、法人(?:和|或|或者)其他组织(?:提出)?的?)?"
    r"(?:政府信息公开|信息公开|依申请公开)?(?:的)?申请(?!人)"
    r"|" + _NEG + r"(?:收到|受理|接到|发生|产生)?(?:任何)?依申请公开(?:政府信息)?(?:事项|情况|件|申请)?"
    r"|依申请公开(?:政府信息)?(?:申请)?(?:数量)?为?(?:零|0)\s*件"
)


def proceeding_denial(label: str) -> re.Pattern[str]:
    """A denial of a table-四 proceeding named by its official label, e.g. "未发生…行政复议"
    (but not "行政复议被纠正" and the like, which deny an outcome, not the proceeding)."""
    return re.compile(_NEG + r"(?:" + _VERB + _FILL + r")?" + re.escape(label) + r"(?!被|结果|决定|判决|纠正)")


OTHER_PROCEEDINGS = re.compile(r"复议|诉讼")
CLAUSE_END = re.compile(r"[。；;！!？?\n，,]")
