"""The 2019 and 2021 official formats, declared with the types of :mod:`gkgen.model`.

Labels are copied from 国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号; YAML keys are those of
DATA.md §3. This is the only place where an official label is written.
"""

from __future__ import annotations

from gkgen.model import (
    ACTIVE,
    APPLICATIONS,
    REVIEWS,
    ActiveTable,
    ApplicationTable,
    Block,
    Column,
    ColumnGroup,
    Equation,
    Field,
    Format,
    Item,
    ReviewTable,
    Row,
    Section,
)

# ---------------------------------------------------------------- sections

OVERVIEW_PARTS: tuple[tuple[str, ...], ...] = (
    ("主动公开", "主动公开情况", "主动公开政府信息情况", "主动公开方面"),
    ("依申请公开", "依申请公开情况", "依申请公开政府信息情况", "依申请公开方面"),
    ("政府信息管理", "政府信息管理情况", "政府信息管理方面"),
    ("政府信息公开平台建设", "政府信息公开平台建设情况", "平台建设", "平台建设情况", "平台建设方面"),
    ("监督保障", "监督保障情况", "监督保障方面"),
)

SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", "narrative",
            aliases=("政府信息公开总体情况", "政府信息公开工作总体情况", "基本情况"),
            parts=OVERVIEW_PARTS),
    Section("active", "二", "主动公开政府信息情况", "table"),
    Section("applications", "三", "收到和处理政府信息公开申请情况", "table"),
    Section("reviews", "四", "政府信息公开行政复议、行政诉讼情况", "table"),
    Section("problems", "五", "存在的主要问题及改进情况", "narrative",
            aliases=("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进情况",
                     "存在的主要问题及改进措施", "存在的问题及改进情况")),
    Section("other", "六", "其他需要报告的事项", "narrative",
            aliases=("其他需要报告的事项", "其他需要汇报的事项", "其它需要报告的事项")),
)

# ---------------------------------------------------------------- table 二

CONTENT_LABEL = "信息内容"
_DECISIONS = Field("decisions", "本年处理决定数量", "本年处理决定数量")

ACTIVE_2021 = ActiveTable(
    id=ACTIVE,
    yaml_key="主动公开",
    content_label=CONTENT_LABEL,
    blocks=(
        Block("art20_1", "第二十条第（一）项",
              fields=(Field("issued", "本年制发", "本年制发件数"),
                      Field("repealed", "本年废止", "本年废止件数"),
                      Field("in_force", "现行有效", "现行有效件数")),
              items=(Item("rules", "规章", "规章"),
                     Item("normative_documents", "行政规范性文件", "行政规范性文件"))),
        Block("art20_5", "第二十条第（五）项", fields=(_DECISIONS,),
              items=(Item("licensing", "行政许可", "行政许可"),)),
        Block("art20_6", "第二十条第（六）项", fields=(_DECISIONS,),
              items=(Item("penalty", "行政处罚", "行政处罚"),
                     Item("enforcement", "行政强制", "行政强制"))),
        Block("art20_8", "第二十条第（八）项",
              fields=(Field("fee_amount", "本年收费金额", "本年收费金额（单位：万元）",
                            kind="money", unit="万元"),),
              items=(Item("fees", "行政事业性收费", "行政事业性收费"),)),
    ),
)

_PREV = Field("previous_items", "上一年项目数量", "上一年项目数量", unit="项")
_CHANGE = Field("change", "本年增减", "本年增/减", kind="delta", unit="项")
_DECISIONS_2019 = Field("decisions", "处理决定数量", "处理决定数量")

ACTIVE_2019 = ActiveTable(
    id=ACTIVE,
    yaml_key="主动公开",
    content_label=CONTENT_LABEL,
    blocks=(
        Block("art20_1", "第二十条第（一）项",
              fields=(Field("new_made", "本年新制作", "本年新制作数量"),
                      Field("new_published", "本年新公开", "本年新公开数量"),
                      Field("total_published", "对外公开总数", "对外公开总数量")),
              items=(Item("rules", "规章", "规章"),
                     Item("normative_documents", "规范性文件", "规范性文件"))),
        Block("art20_5", "第二十条第（五）项", fields=(_PREV, _CHANGE, _DECISIONS_2019),
              items=(Item("licensing", "行政许可", "行政许可"),
                     Item("other_services", "其他对外管理服务事项", "其他对外管理服务事项"))),
        Block("art20_6", "第二十条第（六）项", fields=(_PREV, _CHANGE, _DECISIONS_2019),
              items=(Item("penalty", "行政处罚", "行政处罚"),
                     Item("enforcement", "行政强制", "行政强制"))),
        Block("art20_8", "第二十条第（八）项", fields=(_PREV, _CHANGE),
              items=(Item("fees", "行政事业性收费", "行政事业性收费"),)),
        Block("art20_9", "第二十条第（九）项",
              fields=(Field("purchase_items", "采购项目数量", "采购项目数量", unit="项"),
                      Field("purchase_amount", "采购总金额", "采购总金额", kind="money",
                            unit="万元")),
              items=(Item("procurement", "政府集中采购", "政府集中采购"),)),
    ),
)

# ---------------------------------------------------------------- table 三

APPLICANTS = ColumnGroup(
    "applicants", "申请人情况",
    children=(
        Column("natural_person", "自然人", "自然人"),
        ColumnGroup("legal_persons", "法人或其他组织", children=(
            Column("commercial", "商业企业", "商业企业"),
            Column("research", "科研机构", "科研机构"),
            Column("public_interest", "社会公益组织", "社会公益组织"),
            Column("legal_services", "法律服务机构", "法律服务机构"),
            Column("other_org", "其他", "其他"),
        )),
        Column("total", "总计", "总计", computed=True),
    ),
)


def _leaf(row_id: str, key: str, label: str) -> Row:
    return Row(row_id, key, label)


_WITHHELD = Row("withheld", "不予公开", "（三）不予公开", children=(
    _leaf("state_secret", "国家秘密", "1.属于国家秘密"),
    _leaf("prohibited_by_law", "法律法规禁止", "2.其他法律行政法规禁止公开"),
    _leaf("three_safeties", "三安全一稳定", "3.危及“三安全一稳定”"),
    _leaf("third_party", "第三方合法权益", "4.保护第三方合法权益"),
    _leaf("internal_affairs", "内部事务信息", "5.属于三类内部事务信息"),
    _leaf("process_info", "过程性信息", "6.属于四类过程性信息"),
    _leaf("enforcement_files", "行政执法案卷", "7.属于行政执法案卷"),
    _leaf("query_matters", "行政查询事项", "8.属于行政查询事项"),
))
_UNABLE = Row("unable", "无法提供", "（四）无法提供", children=(
    _leaf("not_held", "本机关不掌握", "1.本机关不掌握相关政府信息"),
    _leaf("needs_creation", "需另行制作", "2.没有现成信息需要另行制作"),
    _leaf("still_unclear", "补正后仍不明确", "3.补正后申请内容仍不明确"),
))
_NOT_PROCESSED = Row("not_processed", "不予处理", "（五）不予处理", children=(
    _leaf("petition", "信访举报投诉", "1.信访举报投诉类申请"),
    _leaf("repeated", "重复申请", "2.重复申请"),
    _leaf("publications", "公开出版物", "3.要求提供公开出版物"),
    _leaf("mass_repeated", "大量反复申请", "4.无正当理由大量反复申请"),
    _leaf("confirm_reissue", "确认或重新出具", "5.要求行政机关确认或重新出具已获取信息"),
))
_OTHER_2021 = Row("other_handling", "其他处理", "（六）其他处理", children=(
    _leaf("overdue_correction", "逾期不补正",
          "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    _leaf("overdue_fee", "逾期未缴费",
          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    _leaf("other_reason", "其他", "3.其他"),
))
_OTHER_2019 = _leaf("other_handling", "其他处理", "（六）其他处理")


def _results(other: Row) -> Row:
    return Row("results", "办理结果", "三、本年度办理结果", children=(
        _leaf("disclosed", "予以公开", "（一）予以公开"),
        _leaf("partly_disclosed", "部分公开",
              "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        _WITHHELD, _UNABLE, _NOT_PROCESSED, other,
        Row("results_total", "总计", "（七）总计", computed=True),
    ))


def _applications(other: Row) -> ApplicationTable:
    return ApplicationTable(
        id=APPLICATIONS,
        yaml_key="依申请公开",
        note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        header=APPLICANTS,
        rows=(
            _leaf("new_received", "本年新收", "一、本年新收政府信息公开申请数量"),
            _leaf("carried_over", "上年结转", "二、上年结转政府信息公开申请数量"),
            _results(other),
            _leaf("carry_forward", "结转下年度", "四、结转下年度继续办理"),
        ),
        equations=(
            Equation("GK201", left=("new_received", "carried_over"),
                     right=("results_total", "carry_forward")),
        ),
    )


# ---------------------------------------------------------------- table 四


def _outcomes(prefix: str) -> tuple[Column, ...]:
    return (
        Column(f"{prefix}_upheld", "结果维持", "结果维持"),
        Column(f"{prefix}_corrected", "结果纠正", "结果纠正"),
        Column(f"{prefix}_other", "其他结果", "其他结果"),
        Column(f"{prefix}_pending", "尚未审结", "尚未审结"),
        Column(f"{prefix}_total", "总计", "总计", computed=True),
    )


REVIEWS_TABLE = ReviewTable(
    id=REVIEWS,
    yaml_key="复议诉讼",
    header=(
        ColumnGroup("admin_review", "行政复议", _outcomes("review"), key="行政复议"),
        ColumnGroup("litigation", "行政诉讼", children=(
            ColumnGroup("direct_suit", "未经复议直接起诉", _outcomes("direct"),
                        key="未经复议直接起诉"),
            ColumnGroup("suit_after_review", "复议后起诉", _outcomes("after"), key="复议后起诉"),
        )),
    ),
)

# ---------------------------------------------------------------- the formats

FORMAT_2019 = Format(
    id="2019",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=SECTIONS,
    active=ACTIVE_2019,
    applications=_applications(_OTHER_2019),
    reviews=REVIEWS_TABLE,
)

FORMAT_2021 = Format(
    id="2021",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=SECTIONS,
    active=ACTIVE_2021,
    applications=_applications(_OTHER_2021),
    reviews=REVIEWS_TABLE,
    fee_notice=True,
)

FORMATS: dict[str, Format] = {f.id: f for f in (FORMAT_2019, FORMAT_2021)}


def format_for_year(year: int) -> Format:
    """The format an agency must use for a report year (rule 8), from each format's years.
    Years before the first format are checked against the oldest one."""
    return next((fmt for fmt in FORMATS.values() if fmt.covers(year)), FORMAT_2019)
