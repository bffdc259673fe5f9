"""The `gkgen import` command: import, write (never over existing files), check, report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from gkgen.errors import UsageError
from gkgen.findings import Finding, format_findings, summary_line
from gkgen.importer import FileImport, check_arguments, import_file
from gkgen.importer.writer import agency_yaml, format_label, report_yaml

Echo = Callable[[str], None]


def run_import(
    files: list[str], *, agency: str, year: int | None, site: Path, force: bool, echo: Echo, category: str | None = None
) -> int:
    """Import ``files`` (a folder stands for the reports in it) into ``site``/reports/``agency``, in
    year order; the exit status (0, or 1 when cells are missing or could not be placed in some
    file — that file is not written)."""
    paths = check_arguments(files, agency, year, site)
    folder = site / "reports" / agency
    imports = sorted((import_file(p, year=year, rel=f"reports/{agency}/") for p in paths), key=lambda i: i.year)
    _refuse_links(site, folder, [i.year for i in imports])
    _refuse_clashes(imports, folder, force)
    status = 0
    written: list[FileImport] = []
    for item in imports:
        echo(report_text(item, agency))
        if item.complete:
            _write(item, folder, agency)
            written.append(item)
        else:
            status = 1
            echo("  未写入任何文件：有单元格缺失或无法放置。请核对原文（或修正保存的文件）后重新导入。")
    if written:
        _write_agency(folder, written, category)
        echo(_check_text(site, agency, written))
    if len(imports) > 1:
        echo(summary_table(imports, written))
    return status


def summary_table(imports: list[FileImport], written: list[FileImport]) -> str:
    """One line per file, in year order: what was read and whether it was written."""
    lines = [
        "导入汇总：",
        "| 年度 | 文件 | 类型 | 读取 | 推断 | 缺失 | 无法放置 | 结果 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for item in imports:
        cells = item.match.cells.values()
        read = sum(p.status in ("imported", "blank") for p in cells)
        inferred = sum(p.status in ("split", "inferred") for p in cells)
        state = "已写入" if item in written else "未写入"
        lines.append(
            f"| {item.year} | {item.source.name} | {item.kind} | {read} | {inferred} | {len(item.missing)} "
            f"| {len(item.match.unplaced)} | {state} |"
        )
    return "\n".join(lines)


def _refuse_links(site: Path, folder: Path, years: list[int]) -> None:
    """Never write through a symlink (even with --force): not reports/, not the agency folder,
    not a YYYY.yaml / YYYY.md / agency.yaml that is one (a dangling one included)."""
    names = [f"{y}.{ext}" for y in years for ext in ("yaml", "md")] + ["agency.yaml"]
    for path in (site / "reports", folder, *(folder / n for n in names)):
        if path.is_symlink():
            shown = path.relative_to(site).as_posix()
            raise UsageError(
                f"{shown} 是符号链接（→ {os.readlink(path)}），gkgen import 不经符号链接写入任何文件"
                "（加 --force 也不会），未做任何改动。请删除该链接后重新导入"
            )


def _refuse_clashes(imports: list[FileImport], folder: Path, force: bool) -> None:
    years = [i.year for i in imports]
    if len(set(years)) != len(years):
        raise UsageError("多个文件是同一年度的报告，请一次只导入其中一个")
    if force:
        return
    pairs = [(folder / f"{i.year}.yaml", folder / f"{i.year}.md") for i in imports]
    existing = [p for pair in pairs for p in pair if os.path.lexists(p)]
    if existing:
        names = "、".join(str(p) for p in existing)
        raise UsageError(f"{names} 已存在，未做任何改动。确需覆盖请加 --force（覆盖前请确认已提交到 git）")


def _write(item: FileImport, folder: Path, agency: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = (
        f"由 gkgen import 从 {item.source.name} 导入，{format_label(item.format)}。\n"
        "数字与原文所印一致，包括原文印出的总计，由 gkgen check 核对；请改正后再发布。"
    )
    item.data.file = f"reports/{agency}/{item.year}.yaml"
    write_file(folder / f"{item.year}.yaml", report_yaml(item.data, header))
    write_file(folder / f"{item.year}.md", item.markdown)


def write_file(path: Path, text: str) -> None:
    """Write ``path`` by renaming a new file over it: a symlink there is replaced, never followed
    (run_import has refused symlinks already; this is the second fence)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_agency(folder: Path, written: list[FileImport], category: str | None) -> None:
    path = folder / "agency.yaml"
    if os.path.lexists(path):
        return
    latest = sorted(written, key=lambda i: i.year, reverse=True)
    name = next((i.name for i in latest if i.name), None)
    level = next((i.level for i in latest if i.name), "部门")
    if name is None:
        text = agency_yaml(folder.name, named_from="报告中未找到单位名称，暂用机构标识", category=category)
    else:
        text = agency_yaml(name, named_from="取自报告标题、落款或网页“来源”一栏", category=category, level=level)
    write_file(path, text)


def report_text(item: FileImport, agency: str) -> str:
    """What was imported, in Chinese: counts, then every cell that was not simply read."""
    result = item.match
    cells = result.cells.values()
    blank = [k for k, p in result.cells.items() if p.status == "blank"]
    split = [k for k, p in result.cells.items() if p.status == "split"]
    inferred = [k for k, p in result.cells.items() if p.status == "inferred"]
    lines = [
        f"导入 {item.source}（{item.kind}）→ reports/{agency}/{item.year}.yaml、{item.year}.md",
        f"  年度 {item.year}，{format_label(item.format)}",
        f"  单元格：按原文读取 {sum(p.status == 'imported' for p in cells)} 个，原文空白按 0 处理 {len(blank)} 个，"
        f"由总计推断拆分 {len(split)} 个，由各列之和推断补出 {len(inferred)} 个，缺失 {len(item.missing)} 个，"
        f"无法放置 {len(result.unplaced)} 处；"
        f"原文印出的总计 {len(result.totals)} 个照录，交由 gkgen check 核对",
    ]
    lines += [f"  说明：{note}" for note in (*item.notes, *result.notes)]
    lines += [f"  空白按 0：{item.format.describe(k)}（{result.cells[k].where}）" for k in blank]
    lines += [
        f"  推断拆分：{item.format.describe(k)} = {result.cells[k].value}（原文“{result.cells[k].raw}”，"
        f"{result.cells[k].where}；{result.cells[k].reason or '该行总计只允许这一种拆法'}）"
        for k in split
    ]
    lines += [
        f"  推断补出：{item.format.describe(k)} = {result.cells[k].value}"
        f"（原文缺这一格，{result.cells[k].where}；"
        f"{result.cells[k].reason}）"
        for k in inferred
    ]
    lines += [f"  缺失：{item.format.describe(k)}" for k in item.missing]
    lines += [f"  无法放置：{text}" for text in result.unplaced]
    return "\n".join(lines)


def _check_text(site: Path, agency: str, written: list[FileImport]) -> str:
    from gkgen.check import check_site

    _, findings = check_site(site)
    prefix = f"reports/{agency}/"
    own: list[Finding] = [f for f in findings if f.file.startswith(prefix)]
    if not own:
        return "导入后检查：未发现问题。"
    years = "、".join(str(i.year) for i in written)
    return (
        f"导入后检查（gkgen check）：以下是原报告（{years} 年度）本身的问题或导入后需补充的信息。\n"
        "导入时数字按原文保留；请在一次单独的、经审核的提交中改正。\n"
        + format_findings(own, "text")
        + "\n"
        + summary_line(own)
    )
