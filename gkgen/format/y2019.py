"""The 2019 format (国办公开办函〔2019〕60号), report years 2019-2020.

Labels are copied from the official notice; YAML keys are those of docs/format.md. What this
format shares with the others (sections, most of table 三, table 四) is in :mod:`.common`.
"""

from __future__ import annotations

from gkgen.format.common import CONTENT_LABEL, REVIEWS_TABLE, SECTIONS, applications, leaf
from gkgen.format.model import ACTIVE, ActiveTable, Block, Field, Format, Item

# ---------------------------------------------------------------- table 二

_PREV = Field("previous_items", "上一年项目数量", "上一年项目数量", unit="项")
_CHANGE = Field("change", "本年增减", "本年增/减", kind="delta", unit="项")
_DECISIONS_2019 = Field("decisions", "处理决定数量", "处理决定数量")

_ACTIVE = ActiveTable(
    id=ACTIVE,
    yaml_key="主动公开",
    content_label=CONTENT_LABEL,
    blocks=(
        Block(
            "art20_1",
            "第二十条第（一）项",
            fields=(
                Field("new_made", "本年新制作", "本年新制作数量"),
                Field("new_published", "本年新公开", "本年新公开数量"),
                Field("total_published", "对外公开总数", "对外公开总数量"),
            ),
            items=(Item("rules", "规章", "规章"), Item("normative_documents", "规范性文件", "规范性文件")),
        ),
        Block(
            "art20_5",
            "第二十条第（五）项",
            fields=(_PREV, _CHANGE, _DECISIONS_2019),
            items=(
                Item("licensing", "行政许可", "行政许可"),
                Item("other_services", "其他对外管理服务事项", "其他对外管理服务事项"),
            ),
        ),
        Block(
            "art20_6",
            "第二十条第（六）项",
            fields=(_PREV, _CHANGE, _DECISIONS_2019),
            items=(Item("penalty", "行政处罚", "行政处罚"), Item("enforcement", "行政强制", "行政强制")),
        ),
        Block(
            "art20_8",
            "第二十条第（八）项",
            fields=(_PREV, _CHANGE),
            items=(Item("fees", "行政事业性收费", "行政事业性收费"),),
        ),
        Block(
            "art20_9",
            "第二十条第（九）项",
            fields=(
                Field("purchase_items", "采购项目数量", "采购项目数量", unit="项"),
                Field("purchase_amount", "采购总金额", "采购总金额", kind="money", unit="万元"),
            ),
            items=(Item("procurement", "政府集中采购", "政府集中采购"),),
        ),
    ),
)

# ---------------------------------------------------------------- table 三: （六）其他处理 is one row

_OTHER_2019 = leaf("other_handling", "其他处理", "（六）其他处理")

FORMAT = Format(
    id="2019",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    sections=SECTIONS,
    active=_ACTIVE,
    applications=applications(_OTHER_2019),
    reviews=REVIEWS_TABLE,
)
