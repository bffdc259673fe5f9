"""What the official formats share: the six sections, table 三 (but for its （六）其他处理 row,
which each format module gives) and table 四.

Labels are copied from 国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号; YAML keys are those of
docs/format.md. Only this module and the format modules (y2019, y2021) write official labels.
"""

from __future__ import annotations

from gkgen.format.model import (
    APPLICATIONS,
    REVIEWS,
    ApplicationTable,
    Column,
    ColumnGroup,
    Equation,
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
    Section(
        "overview",
        "一",
        "总体情况",
        "narrative",
        aliases=("政府信息公开总体情况", "政府信息公开工作总体情况", "基本情况"),
        parts=OVERVIEW_PARTS,
    ),
    Section("active", "二", "主动公开政府信息情况", "table"),
    Section("applications", "三", "收到和处理政府信息公开申请情况", "table"),
    Section("reviews", "四", "政府信息公开行政复议、行政诉讼情况", "table"),
    Section(
        "problems",
        "五",
        "存在的主要问题及改进情况",
        "narrative",
        aliases=(
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "存在的主要问题及改进措施",
            "存在的问题及改进情况",
        ),
    ),
    Section(
        "other",
        "六",
        "其他需要报告的事项",
        "narrative",
        aliases=("其他需要报告的事项", "其他需要汇报的事项", "其它需要报告的事项"),
    ),
)

# ---------------------------------------------------------------- table 二

CONTENT_LABEL = "信息内容"


# ---------------------------------------------------------------- table 三

APPLICANTS = ColumnGroup(
    "applicants",
    "申请人情况",
    children=(
        Column("natural_person", "自然人", "自然人"),
        ColumnGroup(
            "legal_persons",
            "法人或其他组织",
            children=(
                Column("commercial", "商业企业", "商业企业"),
                Column("research", "科研机构", "科研机构"),
                Column("public_interest", "社会公益组织", "社会公益组织"),
                Column("legal_services", "法律服务机构", "法律服务机构"),
                Column("other_org", "其他", "其他"),
            ),
        ),
        Column("total", "总计", "总计", computed=True),
    ),
)


def leaf(row_id: str, key: str, label: str) -> Row:
    return Row(row_id, key, label)


_WITHHELD = Row(
    "withheld",
    "不予公开",
    "（三）不予公开",
    children=(
        leaf("state_secret", "国家秘密", "1.属于国家秘密"),
        leaf("prohibited_by_law", "法律法规禁止", "2.其他法律行政法规禁止公开"),
        leaf("three_safeties", "三安全一稳定", "3.危及“三安全一稳定”"),
        leaf("third_party", "第三方合法权益", "4.保护第三方合法权益"),
        leaf("internal_affairs", "内部事务信息", "5.属于三类内部事务信息"),
        leaf("process_info", "过程性信息", "6.属于四类过程性信息"),
        leaf("enforcement_files", "行政执法案卷", "7.属于行政执法案卷"),
        leaf("query_matters", "行政查询事项", "8.属于行政查询事项"),
    ),
)
_UNABLE = Row(
    "unable",
    "无法提供",
    "（四）无法提供",
    children=(
        leaf("not_held", "本机关不掌握", "1.本机关不掌握相关政府信息"),
        leaf("needs_creation", "需另行制作", "2.没有现成信息需要另行制作"),
        leaf("still_unclear", "补正后仍不明确", "3.补正后申请内容仍不明确"),
    ),
)
_NOT_PROCESSED = Row(
    "not_processed",
    "不予处理",
    "（五）不予处理",
    children=(
        leaf("petition", "信访举报投诉", "1.信访举报投诉类申请"),
        leaf("repeated", "重复申请", "2.重复申请"),
        leaf("publications", "公开出版物", "3.要求提供公开出版物"),
        leaf("mass_repeated", "大量反复申请", "4.无正当理由大量反复申请"),
        leaf("confirm_reissue", "确认或重新出具", "5.要求行政机关确认或重新出具已获取信息"),
    ),
)


def results(other: Row) -> Row:
    return Row(
        "results",
        "办理结果",
        "三、本年度办理结果",
        children=(
            leaf("disclosed", "予以公开", "（一）予以公开"),
            leaf("partly_disclosed", "部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            _WITHHELD,
            _UNABLE,
            _NOT_PROCESSED,
            other,
            Row("results_total", "总计", "（七）总计", computed=True),
        ),
    )


def applications(other: Row) -> ApplicationTable:
    return ApplicationTable(
        id=APPLICATIONS,
        yaml_key="依申请公开",
        note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        header=APPLICANTS,
        rows=(
            leaf("new_received", "本年新收", "一、本年新收政府信息公开申请数量"),
            leaf("carried_over", "上年结转", "二、上年结转政府信息公开申请数量"),
            results(other),
            leaf("carry_forward", "结转下年度", "四、结转下年度继续办理"),
        ),
        equations=(Equation("GK201", left=("new_received", "carried_over"), right=("results_total", "carry_forward")),),
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
        ColumnGroup(
            "litigation",
            "行政诉讼",
            children=(
                ColumnGroup("direct_suit", "未经复议直接起诉", _outcomes("direct"), key="未经复议直接起诉"),
                ColumnGroup("suit_after_review", "复议后起诉", _outcomes("after"), key="复议后起诉"),
            ),
        ),
    ),
)
