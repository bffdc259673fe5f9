"""The 2021 format (国办公开办函〔2021〕30号), report years 2021 on.

Labels are copied from the official notice; YAML keys are those of docs/format.md. What this
format shares with the others (sections, most of table 三, table 四) is in :mod:`.common`.
"""

from __future__ import annotations

from gkgen.format.common import CONTENT_LABEL, REVIEWS_TABLE, SECTIONS, applications, leaf
from gkgen.format.model import ACTIVE, ActiveTable, Block, Field, Format, Item, Row

# ---------------------------------------------------------------- table 二

_DECISIONS = Field("decisions", "本年处理决定数量", "本年处理决定数量")

_ACTIVE = ActiveTable(
    id=ACTIVE,
    yaml_key="主动公开",
    content_label=CONTENT_LABEL,
    blocks=(
        Block(
            "art20_1",
            "第二十条第（一）项",
            fields=(
                Field("issued", "本年制发", "本年制发件数"),
                Field("repealed", "本年废止", "本年废止件数"),
                Field("in_force", "现行有效", "现行有效件数"),
            ),
            items=(Item("rules", "规章", "规章"), Item("normative_documents", "行政规范性文件", "行政规范性文件")),
        ),
        Block(
            "art20_5", "第二十条第（五）项", fields=(_DECISIONS,), items=(Item("licensing", "行政许可", "行政许可"),)
        ),
        Block(
            "art20_6",
            "第二十条第（六）项",
            fields=(_DECISIONS,),
            items=(Item("penalty", "行政处罚", "行政处罚"), Item("enforcement", "行政强制", "行政强制")),
        ),
        Block(
            "art20_8",
            "第二十条第（八）项",
            fields=(Field("fee_amount", "本年收费金额", "本年收费金额（单位：万元）", kind="money", unit="万元"),),
            items=(Item("fees", "行政事业性收费", "行政事业性收费"),),
        ),
    ),
)

# ---------------------------------------------------------------- table 三: （六）其他处理 has three rows

_OTHER_2021 = Row(
    "other_handling",
    "其他处理",
    "（六）其他处理",
    children=(
        leaf("overdue_correction", "逾期不补正", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        leaf("overdue_fee", "逾期未缴费", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        leaf("other_reason", "其他", "3.其他"),
    ),
)

FORMAT = Format(
    id="2021",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    sections=SECTIONS,
    active=_ACTIVE,
    applications=applications(_OTHER_2021),
    reviews=REVIEWS_TABLE,
    fee_notice=True,
)
