"""Findings are data: a rule id, a severity, a location and a Chinese message.

Rules never print; they return :class:`Finding` objects and the CLI formats them with
:func:`format_findings`. Every rule id is declared once in :data:`RULES`, which docs/rules.md
mirrors (a test keeps them in step).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "warning"]
OutputFormat = Literal["text", "json", "github"]

SEVERITY_WORDS: dict[Severity, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    title: str
    example: str


def _rules(*infos: RuleInfo) -> dict[str, RuleInfo]:
    return {info.id: info for info in infos}


RULES: dict[str, RuleInfo] = _rules(
    # --- files and YAML
    RuleInfo("GK001", "error", "文件不是 UTF-8 编码", "2021.yaml 是 GBK 编码，请另存为 UTF-8"),
    RuleInfo("GK002", "error", "YAML 或文件无法读取（语法错误、空文件、不是映射）", "第 7 行：冒号后缺少空格"),
    RuleInfo("GK003", "error", "同一映射中键重复", "“本年新收”重复，第 12 行已出现"),
    RuleInfo("GK004", "error", "YAML 节点过多（含锚点/别名展开）或嵌套过深（拒绝处理）", "别名展开超过上限"),
    RuleInfo("GK005", "error", "缺少 gkgen.yaml 或其内容无效", "gkgen.yaml 缺少“门户名称”"),
    # --- site layout
    RuleInfo("GK010", "error", "机构目录名不符合 [a-z0-9][a-z0-9-]{0,62}", "reports/阜新煤炭局"),
    RuleInfo("GK011", "error", "机构目录缺少 agency.yaml", "reports/fuxin-mtzx/agency.yaml 不存在"),
    RuleInfo("GK012", "error", "年度文件不成对（YYYY.yaml 与 YYYY.md 须同时存在）", "有 2021.yaml，缺少 2021.md"),
    RuleInfo("GK013", "warning", "机构目录中有无法识别的文件", "reports/fuxin-mtzx/2021.yml"),
    RuleInfo(
        "GK014", "error", "agency.yaml 的“分类”不在 gkgen.yaml 的“分类”列表中", "分类“市直部门”未在 gkgen.yaml 中列出"
    ),
    RuleInfo("GK015", "error", "站点没有 reports/ 目录", "站点没有 reports/ 目录，没有可检查的报告"),
    RuleInfo(
        "GK016",
        "error",
        "符号链接指向站点以外、目标不存在或循环（不读取、不发布）",
        "reports/demo/2021.yaml 是指向 /etc/passwd 的符号链接",
    ),
    RuleInfo("GK017", "error", "文字中含有双向文本控制字符（U+202A–U+202E、U+2066–U+2069）", "名称中含有 U+202E"),
    RuleInfo("GK018", "error", "文件过大（YAML 超过 1 MB，正文超过 4 MB；拒绝读取）", "2021.yaml 文件过大（50.0 MB）"),
    # --- structure and types of YYYY.yaml / agency.yaml
    RuleInfo("GK101", "error", "缺少必填项（缺失的数字不会被当作 0）", "“依申请公开”缺少“结转下年度”"),
    RuleInfo("GK102", "error", "无法识别的键（附“是否想写”提示）", "“本年新受”：是否想写“本年新收”？"),
    RuleInfo("GK103", "error", "数值类型错误：件数须为非负整数，金额须为数字", "“行政处罚”的值“两件”不是整数"),
    RuleInfo("GK104", "error", "列表长度错误", "“本年新收”应有 6 个数（或 7 个，含总计），实有 5 个"),
    RuleInfo("GK105", "error", "数值为负数", "“予以公开”“自然人”列为 -1"),
    RuleInfo("GK106", "error", "金额（万元）小数超过 6 位（最多精确到分）", "行政事业性收费 1.2345678 万元"),
    RuleInfo("GK107", "error", "“年度”与文件名不符", "2021.yaml 中写的是 年度: 2020"),
    RuleInfo("GK108", "error", "“格式”缺失或不是 2019/2021", "格式: 2020"),
    RuleInfo("GK109", "error", "“发布日期”不是有效日期（YYYY-MM-DD）", "发布日期: 2022-13-01"),
    RuleInfo("GK110", "error", "2019 格式：上一年项目数量＋本年增/减 为负数", "行政许可 上一年 2，增减 -3"),
    # --- arithmetic within one report (docs/rules.md)
    RuleInfo(
        "GK201",
        "error",
        "表三勾稽关系：第一项＋第二项＝第三项（七）总计＋第四项（每列）",
        "表三“自然人”列：第一项+第二项=3，第三项（七）总计+第四项=4",
    ),
    RuleInfo("GK202", "error", "表三填写的（七）总计与各办理结果之和不符", "（七）总计“自然人”列填 3，各项之和为 2"),
    RuleInfo("GK203", "error", "表三填写的“总计”列与各申请人列之和不符", "“予以公开”总计填 5，各列之和为 4"),
    RuleInfo(
        "GK204", "error", "表四填写的“总计”与维持＋纠正＋其他＋尚未审结之和不符", "行政复议 总计填 2，各项之和为 1"
    ),
    # --- across years
    RuleInfo(
        "GK301",
        "error",
        "本年“上年结转”与上一年度“结转下年度继续办理”不符（每列）",
        "2021 年上年结转“自然人”为 0，2020 年结转下年度为 1",
    ),
    RuleInfo(
        "GK302",
        "warning",
        "现行有效件数 ≠ 上年现行有效＋本年制发－本年废止（文件也会因有效期届满失效）",
        "规章：上年 10＋制发 2－废止 1＝11，本年填 9",
    ),
    RuleInfo(
        "GK303",
        "warning",
        "2019 格式：上一年项目数量 ≠ 上年报告的上一年项目数量＋本年增/减",
        "行政许可：2019 年 20＋增减 2＝22，2020 年填 21",
    ),
    # --- format and publication
    RuleInfo(
        "GK401",
        "error",
        "报告格式与年度不符（2021 年起用 2021 格式，2019–2020 年用 2019 格式）",
        "2021 年度报告仍使用 2019 格式",
    ),
    RuleInfo(
        "GK402", "warning", "发布日期晚于法定期限（部门 1月31日，政府 3月31日）", "发布日期 2022-02-15 晚于 2022-01-31"
    ),
    RuleInfo(
        "GK403",
        "error",
        "发布日期不可能：早于报告年度结束、晚于次年年底，或与上一年度报告的发布日期相同",
        "2022 年度报告的发布日期 2022-06-01 早于 2022 年结束",
    ),
    # --- narrative
    RuleInfo(
        "GK501",
        "error",
        "缺少章节或章节顺序错误（总体情况、存在的主要问题及改进情况、其他需要报告的事项）",
        "缺少一级标题“# 存在的主要问题及改进情况”",
    ),
    RuleInfo("GK502", "warning", "“总体情况”缺少惯例的五个部分之一", "“总体情况”未见“监督保障”部分"),
    RuleInfo("GK503", "warning", "2021 格式起“其他需要报告的事项”应说明信息处理费收取情况", "未提及“信息处理费”"),
    RuleInfo("GK504", "warning", "正文与表格数字矛盾", "正文称“未收到政府信息公开申请”，表三本年新收为 4"),
    RuleInfo("GK505", "error", "正文含疑似被注入的赌博/彩票广告", "“365体育投注”"),
    RuleInfo("GK506", "error", "正文含未替换的占位符", "“XX局”“××”“TODO”"),
    RuleInfo("GK507", "warning", "正文含原始 HTML，发布时不会显示", "<script>…</script>"),
    RuleInfo("GK508", "error", "链接或图片指向站外或不安全地址", "![](http://example.com/a.png)"),
    RuleInfo("GK509", "warning", "无法识别的一级标题", "# 工作亮点"),
    RuleInfo(
        "GK510",
        "error",
        "正文引用的图片不存在、不在本机构目录内或不是网页图片格式（png/jpg/gif/webp）",
        "![办公室](images/office.png)：图片文件不存在",
    ),
    RuleInfo("GK511", "warning", "正文所述件数与表格不符", "正文“共受理公开申请34件”，表三本年新收与上年结转合计为 32"),
    RuleInfo(
        "GK512",
        "warning",
        "正文把别的年份当作本年度（疑为复制上一年度报告未改）",
        "2023 年度报告正文写“2022年，我局……”",
    ),
    RuleInfo("GK513", "warning", "正文与本机构上一年度正文高度雷同", "与 reports/a/2022.md 相似度 97%"),
    RuleInfo("GK514", "warning", "正文与同年度其他机构的正文高度雷同（内容雷同）", "与 reports/b/2023.md 相似度 95%"),
    RuleInfo(
        "GK515",
        "error",
        "正文链接指向的文件或页面不存在（或不随报告发布）",
        "[附件](fujian.pdf)：文件 reports/a/fujian.pdf 不存在",
    ),
    RuleInfo("GK516", "error", "正文含可执行的 HTML（<script>、<iframe>、on… 事件属性）", '<img src=x onerror="…">'),
    RuleInfo(
        "GK520", "warning", "中文之间用了英文标点（gkgen fix --punctuation 可改正）", "“公开,持续推进”第 12 列的“,”"
    ),
    RuleInfo("GK521", "warning", "词语重复", "“资金资金”"),
    RuleInfo("GK522", "warning", "序号重复或跳号（一是/二是、（一）（二））", "“三是”之后又是“三是”"),
    RuleInfo(
        "GK523",
        "warning",
        "标题与规定的标题相差一两个字",
        "“## 政府信息公开平台建没”：是否想写“政府信息公开平台建设”？",
    ),
    # --- PDF rendering (gkgen build)
    RuleInfo(
        "GK601",
        "warning",
        "生成 PDF 时的问题：缺字（无字体可显示的字符）、字体未安装、被拒绝的地址",
        "字符“𠮷”（U+20BB7）在所配置的字体中都没有",
    ),
    RuleInfo("GK602", "error", "PDF 生成失败或超时（不发布任何内容）", "生成超时（120 秒）"),
)


ReportRef = tuple[str, int]
"""A report as (agency id, year)."""
Value = int | Decimal
CellRef = tuple[str, str, str]
"""A cell id (table, row, column) of :mod:`gkgen.format`."""


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how bad, where (file, line, column; report; cell), what values."""

    rule: str
    severity: Severity
    file: str
    line: int | None
    column: int | None
    message: str
    report: ReportRef | None = None
    cell: CellRef | None = None
    values: tuple[tuple[str, Value], ...] = ()
    """Named numbers behind an arithmetic finding, e.g. (("reported", 5), ("computed", 4))."""

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "report": {"agency": self.report[0], "year": self.report[1]} if self.report else None,
            "cell": list(self.cell) if self.cell else None,
            "values": {name: _json_number(v) for name, v in self.values} or None,
        }

    def about(self, report: ReportRef) -> Finding:
        """This finding with its report set (kept when it has one)."""
        return self if self.report is not None else replace(self, report=report)


def _json_number(value: Value) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def finding(
    rule: str,
    file: str,
    line: int | None,
    column: int | None,
    message: str,
    *,
    report: ReportRef | None = None,
    cell: CellRef | None = None,
    values: Mapping[str, Value] | None = None,
) -> Finding:
    """A finding with the severity the catalogue gives ``rule``."""
    return Finding(rule, RULES[rule].severity, file, line, column, message, report, cell, tuple((values or {}).items()))


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.column or 0, f.rule, f.message))


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    return any(f.severity == "error" or strict for f in findings)


def format_findings(findings: list[Finding], fmt: OutputFormat) -> str:
    """Render findings as text lines, one JSON array, or GitHub workflow commands."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(_github(f) for f in findings)
    return "\n".join(f"{f.location}: {SEVERITY_WORDS[f.severity]} {f.rule} {f.message}" for f in findings)


def summary_line(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "检查通过：未发现问题。"
    return f"共 {errors} 个错误，{warnings} 个警告。"


def _github(f: Finding) -> str:
    level = "error" if f.severity == "error" else "warning"
    props = [f"file={_escape_property(f.file)}"]
    if f.line is not None:
        props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
    props.append(f"title={f.rule}")
    return f"::{level} {','.join(props)}::{_escape_data(f.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
