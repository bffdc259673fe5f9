"""`gkgen diff [REV [REV2]]`: what changed between two versions of the site, in words.

Per agency and year: each changed number named as the official table names it (``fmt.describe``)
with old → new, reports added or removed, 发布日期 and narrative paragraphs changed, and the
findings the change introduces or fixes. Default: HEAD against the working tree; one revision:
that revision against the working tree. ``--format markdown`` writes a pull-request comment.

:func:`textconv` is the git diff driver (`git config diff.gkgen.textconv "gkgen diff --textconv"`):
it shows a YYYY.yaml as one named cell per line, so plain `git diff` names what changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from gkgen.data import Narrative, Number, Report, Site
from gkgen.errors import UsageError
from gkgen.findings import Finding, format_findings
from gkgen.load.narrative import heading_title
from gkgen.workflow.console import Console
from gkgen.workflow.gitrev import checkout, verify
from gkgen.workflow.site import Scope

MISSING = "（无）"
EXCERPT = 40


@dataclass(frozen=True)
class Change:
    """One changed thing of a report: what (in words), before, after."""

    what: str
    old: str
    new: str


@dataclass(frozen=True)
class Paragraph:
    where: str
    """The heading path it is under: 总体情况 / 主动公开."""
    kind: str
    """修改 / 新增 / 删除."""
    old: str
    new: str


@dataclass
class ReportDiff:
    agency: str
    name: str
    year: int
    file: str
    status: str = "修改"
    """新增 / 删除 / 修改."""
    changes: list[Change] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.name} {self.year} 年度"

    @property
    def empty(self) -> bool:
        return self.status == "修改" and not self.changes and not self.paragraphs


@dataclass
class SiteDiff:
    old_label: str
    new_label: str
    reports: list[ReportDiff]
    introduced: list[Finding]
    fixed: list[Finding]

    @property
    def empty(self) -> bool:
        return not self.reports and not self.introduced and not self.fixed


def run_diff(root: Path, revs: tuple[str, ...], scope: Scope, output: str, console: Console) -> int:
    if len(revs) > 2:
        raise UsageError(f"最多比较两个版本，给了 {len(revs)} 个：{' '.join(revs)}")
    with console.step("正在比较"):
        result = diff_site(root, revs, scope)
    console.result(diff_markdown(result) if output == "markdown" else diff_text(result))
    return 0


def diff_site(root: Path, revs: tuple[str, ...], scope: Scope) -> SiteDiff:
    """Compare ``revs[0]`` (default HEAD) with ``revs[1]`` (default: the working tree)."""
    from gkgen.check import check_site

    old_rev = revs[0] if revs else "HEAD"
    verify(root, old_rev)
    new_rev = revs[1] if len(revs) > 1 else None
    if new_rev is not None:
        verify(root, new_rev)
    with ExitStack() as stack:
        old_dir = stack.enter_context(checkout(root, old_rev))
        new_dir = stack.enter_context(checkout(root, new_rev)) if new_rev is not None else root
        old_site, old_findings = check_site(old_dir, scope) if old_dir is not None else (None, [])
        new_site, new_findings = check_site(new_dir, scope) if new_dir is not None else (None, [])
    reports = [d for d in compare_sites(old_site, new_site, scope) if not d.empty]
    introduced, fixed = compare_findings(old_findings, new_findings)
    return SiteDiff(old_rev, new_rev or "工作区", reports, introduced, fixed)


def compare_sites(old: Site | None, new: Site | None, scope: Scope) -> Iterator[ReportDiff]:
    before = {(r.agency.id, r.year): r for r in (old.reports if old else [])}
    after = {(r.agency.id, r.year): r for r in (new.reports if new else [])}
    for key in sorted(before.keys() | after.keys()):
        if not scope.covers(*key):
            continue
        a, b = before.get(key), after.get(key)
        shown = b or a
        assert shown is not None
        out = ReportDiff(key[0], shown.agency.name, key[1], f"reports/{key[0]}/{key[1]}")
        if a is None:
            out.status = "新增"
        elif b is None:
            out.status = "删除"
        else:
            out.changes = compare_reports(a, b)
            out.paragraphs = compare_narratives(a.narrative, b.narrative)
        yield out


def compare_reports(old: Report, new: Report) -> list[Change]:
    """发布日期, 格式, the agency's name and every input number that differs, in official order."""
    out: list[Change] = []
    if old.agency.name != new.agency.name:
        out.append(Change("机构名称", old.agency.name, new.agency.name))
    a, b = old.data, new.data
    if a is None or b is None:
        if (a is None) != (b is None):
            out.append(Change("数据文件", "无法读取" if a is None else "可读取", "无法读取" if b is None else "可读取"))
        return out
    if a.format.id != b.format.id:
        out.append(Change("格式", a.format.id, b.format.id))
    if a.published != b.published:
        out.append(Change("发布日期", _date(a.published), _date(b.published)))
    keys = list(b.format.input_keys) + [k for k in a.format.input_keys if k not in b.format.cell_index]
    for key in keys:
        before, after = _value(a.cells.get(key)), _value(b.cells.get(key))
        if before != after:
            fmt = b.format if key in b.format.cell_index else a.format
            out.append(Change(fmt.describe(key), before, after))
    return out


def _value(cell: object) -> str:
    from gkgen.data import Cell

    if not isinstance(cell, Cell):
        return MISSING
    return _number(cell.value)


def _number(value: Number) -> str:
    return format(value, "f") if not isinstance(value, int) else str(value)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else MISSING


def compare_findings(old: list[Finding], new: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Findings only after (introduced) and only before (fixed), matched without their position."""

    def key(f: Finding) -> tuple[str, str, str]:
        return (f.rule, f.file, f.message)

    before = {key(f) for f in old}
    after = {key(f) for f in new}
    return [f for f in new if key(f) not in before], [f for f in old if key(f) not in after]


# ---------------------------------------------------------------- narrative


def paragraphs(narrative: Narrative | None) -> list[tuple[str, str]]:
    """(heading path, paragraph) of every block of text between blank lines; headings set the path."""
    if narrative is None:
        return []
    out: list[tuple[str, str]] = []
    path: list[str] = []
    for block in re.split(r"\n\s*\n", narrative.source.strip()):
        text = block.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", text)
        if heading and "\n" not in text:
            level = len(heading.group(1))
            path = [*path[: level - 1], heading_title(heading.group(2))]
            continue
        if text:
            out.append((" / ".join(path) or "开头", text))
    return out


def compare_narratives(old: Narrative | None, new: Narrative | None) -> list[Paragraph]:
    a, b = paragraphs(old), paragraphs(new)
    matcher = difflib.SequenceMatcher(None, [t for _, t in a], [t for _, t in b], autojunk=False)
    out: list[Paragraph] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for n in range(max(len(olds), len(news))):
            o = olds[n] if n < len(olds) else None
            w = news[n] if n < len(news) else None
            kind = "修改" if o and w else "新增" if w else "删除"
            where = (w or o or ("", ""))[0]
            out.append(Paragraph(where, kind, o[1] if o else "", w[1] if w else ""))
    return out


def excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT] + "……"


# ---------------------------------------------------------------- output


def diff_text(result: SiteDiff) -> str:
    if result.empty:
        return f"{result.old_label} 与 {result.new_label} 之间，报告的数字、正文和检查结果都没有变化。"
    lines: list[str] = [f"比较 {result.old_label} → {result.new_label}"]
    for report in result.reports:
        if report.status != "修改":
            lines.append(f"{report.title}：{report.status}报告（{report.file}.yaml/.md）")
            continue
        for change in report.changes:
            lines.append(f"{report.title} {change.what}：{change.old} → {change.new}")
        for p in report.paragraphs:
            lines.append(f"{report.title} 正文“{p.where}”{p.kind}一段：{_paragraph_words(p)}")
    lines += _findings_text("新增的问题", result.introduced)
    lines += _findings_text("已解决的问题", result.fixed)
    return "\n".join(lines)


def _paragraph_words(p: Paragraph) -> str:
    if p.kind == "修改":
        return f"“{excerpt(p.old)}” → “{excerpt(p.new)}”"
    return f"“{excerpt(p.new or p.old)}”"


def _findings_text(title: str, findings: list[Finding]) -> list[str]:
    if not findings:
        return []
    return [f"{title}（{len(findings)}）：", *("  " + line for line in format_findings(findings, "text").splitlines())]


def diff_markdown(result: SiteDiff) -> str:
    """A pull-request comment: a table of changed numbers per report, paragraphs, findings."""
    lines = [f"### gkgen：{_md(result.old_label)} → {_md(result.new_label)} 的变化", ""]
    if result.empty:
        return "\n".join([*lines, "报告的数字、正文和检查结果都没有变化。"])
    for report in result.reports:
        lines.append(f"#### {_md(report.title)}")
        lines.append("")
        if report.status != "修改":
            lines += [f"{report.status}报告（`{report.file}.yaml`、`{report.file}.md`）。", ""]
            continue
        if report.changes:
            lines += ["| 项目 | 原值 | 新值 |", "|---|---:|---:|"]
            lines += [f"| {_md(c.what)} | {_md(c.old)} | {_md(c.new)} |" for c in report.changes]
            lines.append("")
        for p in report.paragraphs:
            lines.append(f"- 正文“{_md(p.where)}”{p.kind}一段：{_md(_paragraph_words(p))}")
        if report.paragraphs:
            lines.append("")
    for title, findings in (("新增的问题", result.introduced), ("已解决的问题", result.fixed)):
        if findings:
            lines += [f"#### {title}（{len(findings)}）", ""]
            lines += [f"- `{f.location}` {_severity(f)} {f.rule} {_md(f.message)}" for f in findings]
            lines.append("")
    return "\n".join(lines).rstrip("\n")


def _severity(f: Finding) -> str:
    from gkgen.findings import SEVERITY_WORDS

    return SEVERITY_WORDS[f.severity]


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return re.sub(r"([\\|*_`<>\[\]])", r"\\\1", text.replace("\n", " "))


# ---------------------------------------------------------------- git diff driver


def textconv(path: Path) -> str:
    """A YYYY.yaml as git should diff it: 年度, 格式, 发布日期, then one named cell per line
    (``表三“予以公开”行“自然人”列: 5``). Any other file, or one that does not parse, is shown as is."""
    from gkgen.load.report import read_report
    from gkgen.load.yamlpos import load_yaml_file, read_text

    year = re.search(r"((?:19|20)\d{2})\.ya?ml$", path.name)
    if year is None:
        text, _ = read_text(path, path.name)
        return text or ""
    node, problems = load_yaml_file(path, path.name)
    data, _ = read_report(node, path.name, int(year.group(1)))
    if data is None or problems:
        text, _ = read_text(path, path.name)
        return text or ""
    lines = [f"年度: {data.year}", f"格式: {data.format.id}", f"发布日期: {_date(data.published)}"]
    lines += [f"{key}: {value}" for key, value in data.meta.items()]
    for key in data.format.input_keys:
        lines.append(f"{data.format.describe(key)}: {_value(data.cells.get(key))}")
    return "\n".join(lines) + "\n"
