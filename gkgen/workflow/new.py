"""`gkgen new AGENCY YEAR`: a year's YYYY.yaml + YYYY.md made from the year before.

The numbers: 上年结转 is last year's 结转下年度, the 现行有效件数 (2021 format) and, in the 2019
format, the 上一年项目数量 (last year's 上一年项目数量 + 本年增减) are carried over; every other number
is 0, to be filled in. 发布日期 is left as a comment for the author. The text: the format's
narrative sections with the parts of 总体情况, each with a placeholder paragraph, and (2021 format
on) a 信息处理费 sentence to complete — placeholders `gkgen check` reports (GK506) until they are
replaced. A new agency (agency.yaml) is written when ``agency_name`` is given. Never overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gkgen.data import Agency, Cell, CellKey, Number, Pos, ReportData, Site
from gkgen.errors import DataError, UsageError
from gkgen.format import format_for_year
from gkgen.format.model import Format
from gkgen.load.site import CATEGORIES_KEY, LEVEL_KEY, LEVELS, load_site
from gkgen.load.writer import dump_report_yaml
from gkgen.paths import AGENCY_FILE, AGENCY_ID, REPORTS
from gkgen.rules.arithmetic import CARRIED_OVER, CARRY_FORWARD
from gkgen.rules.crossyear import CHANGE, IN_FORCE, PREVIOUS_ITEMS
from gkgen.rules.publication import deadline

SCHEMA_LINE = "yaml-language-server: $schema=../../schemas/year.schema.json"
"""The editor's schema line (docs/editor.md); `gkgen init` writes the schemas there."""
PLACEHOLDER = "（此处填写{what}）"
"""A paragraph to replace; `gkgen check` reports it (GK506) while it is there."""
FEE_SENTENCE = "{year}年，本机关收取信息处理费××元（未收取的，请写明“未收取信息处理费”）。"
"""The 信息处理费 statement the 2021 format expects in 六、其他需要报告的事项; ×× is a placeholder."""


@dataclass(frozen=True)
class Carried:
    """What a new year took over from the year before, in words (for the command's summary)."""

    cell: str
    value: Number


def new_report(
    root: Path,
    agency_id: str,
    year: int,
    *,
    agency_name: str | None = None,
    category: str | None = None,
    level: str | None = None,
) -> tuple[list[Path], list[Carried]]:
    """Write the new files; return them and what was carried over from the year before."""
    if not AGENCY_ID.match(agency_id):
        raise UsageError(
            f"机构标识“{agency_id}”不符合要求：只能用小写英文字母、数字和连字符（-），以字母或数字开头，最长 63 个字符"
        )
    site, _ = load_site(root)
    folder = site.root / REPORTS / agency_id
    written: list[Path] = []
    agency = site.agencies.get(agency_id)
    if agency_name is not None:
        if folder.exists():
            raise UsageError(f"机构目录 {REPORTS}/{agency_id}/ 已存在，不会覆盖；新建年度时不要加 --agency-name")
        agency = _new_agency(site, agency_id, agency_name, category, level)
    elif agency is None:
        raise UsageError(f"没有机构 {agency_id}（{REPORTS}/{agency_id}/）；新建机构请加 --agency-name 机构全称")
    targets = [folder / f"{year}.yaml", folder / f"{year}.md"]
    existing = [p for p in targets if p.exists()]
    if existing:
        names = "、".join(f"{REPORTS}/{agency_id}/{p.name}" for p in existing)
        raise UsageError(f"{names} 已存在，不会覆盖")
    fmt = format_for_year(year)
    previous = _previous(site, agency_id, year)
    data, carried = year_data(fmt, year, f"{REPORTS}/{agency_id}/{year}.yaml", previous)
    yaml_text = dump_report_yaml(
        data,
        header=_yaml_header(year, previous),
        date_hint=f"YYYY-MM-DD    # 发布后填写日期并去掉行首的“# ”；法定期限 {_due(agency, year)}",
    )
    files = {}
    if agency_name is not None:
        files[folder / AGENCY_FILE] = agency_yaml(agency)
    files[targets[0]] = yaml_text
    files[targets[1]] = narrative_skeleton(fmt, year)
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(path)
    return written, carried


def _new_agency(site: Site, agency_id: str, name: str, category: str | None, level: str | None) -> Agency:
    categories = site.portal.categories if site.portal is not None else ()
    if not name.strip():
        raise UsageError("--agency-name 不能为空")
    if category is None:
        if not categories:
            raise UsageError("gkgen.yaml 中没有“分类”，请先修正 gkgen.yaml 或用 --category 指定")
        category = categories[0]
    elif categories and category not in categories:
        raise UsageError(f"分类“{category}”未在 gkgen.yaml 的“分类”中列出（可用：{'、'.join(categories)}）")
    if level is not None and level not in LEVELS:
        raise UsageError(f"--level 应为“{LEVELS[0]}”或“{LEVELS[1]}”")
    return Agency(agency_id, name.strip(), category, level=level or LEVELS[0])


def agency_yaml(agency: Agency) -> str:
    return (
        "# yaml-language-server: $schema=../../schemas/agency.schema.json\n"
        f"名称: {agency.name}\n"
        f"{CATEGORIES_KEY}: {agency.category}\n"
        f"{LEVEL_KEY}: {agency.level}                      # 部门（次年1月31日前发布）或 政府（次年3月31日前发布）\n"
        "# 联系方式:                       # 选填，用于报告开头的标准说明和页脚\n"
        "#   电话: 0000-0000000\n"
        "#   地址: 填写办公地址\n"
    )


def _previous(site: Site, agency_id: str, year: int) -> ReportData | None:
    report = site.report(agency_id, year - 1)
    if report is None:
        return None
    if report.data is None:
        raise DataError(
            f"{REPORTS}/{agency_id}/{year - 1}.yaml 无法读取，不能据此结转。请先运行 gkgen check 并修正该文件。"
        )
    return report.data


def _due(agency: Agency | None, year: int) -> str:
    return deadline(agency, year).isoformat() if agency is not None else f"{year + 1}-01-31"


def _yaml_header(year: int, previous: ReportData | None) -> list[str]:
    if previous is None:
        source = f"没有 {year - 1} 年度的报告，全部数字为 0，请按实际填写。"
    else:
        source = (
            f"“上年结转”取自 {previous.year} 年度的“结转下年度”，现行有效件数等沿用上一年度；"
            "其余数字为 0，请按实际填写。"
        )
    return [SCHEMA_LINE, f"由 gkgen new 生成：{source}表三、表四的总计由 gkgen 计算，不必填写。"]


def year_data(fmt: Format, year: int, file: str, previous: ReportData | None) -> tuple[ReportData, list[Carried]]:
    """Every input cell of ``fmt``: 0, or the value carried over from ``previous``."""
    cells: dict[CellKey, Cell] = {}
    for spec in fmt.cells:
        if not spec.computed:
            cells[spec.key] = Cell(Decimal(0) if spec.kind == "money" else 0, Pos(file))
    carried: list[Carried] = []
    if previous is not None:
        for key, value in carried_values(fmt, previous).items():
            if key in cells:
                cells[key] = Cell(value, Pos(file))
                if value:
                    carried.append(Carried(fmt.describe(key), value))
    return ReportData(file, year, fmt, cells), carried


def carried_values(fmt: Format, previous: ReportData) -> dict[CellKey, Number]:
    """The cells a new year takes from the year before (FORMAT.md rules 6-7, as GK301-GK303 check)."""
    out: dict[CellKey, Number] = {}

    def get(key: CellKey) -> Number | None:
        cell = previous.cells.get(key)
        return cell.value if cell is not None else None

    table, before = fmt.applications, previous.format.applications
    for column in table.input_columns():
        value = get((before.id, CARRY_FORWARD, column.id))
        if value is not None:
            out[(table.id, CARRIED_OVER, column.id)] = value
    active = fmt.active.id
    for block, item in fmt.shapes.active.items:
        fields = {f.id for f in block.fields}
        if IN_FORCE in fields:
            value = get((previous.format.active.id, item.id, IN_FORCE))
            if value is not None:
                out[(active, item.id, IN_FORCE)] = value
        if PREVIOUS_ITEMS in fields:
            base = get((previous.format.active.id, item.id, PREVIOUS_ITEMS))
            change = get((previous.format.active.id, item.id, CHANGE))
            if base is not None and change is not None:
                out[(active, item.id, PREVIOUS_ITEMS)] = max(base + change, 0)
    return out


def narrative_skeleton(fmt: Format, year: int) -> str:
    """The narrative sections of ``fmt`` in order, the parts of 总体情况 as sub-headings, each
    with a placeholder paragraph; the 信息处理费 sentence where the format expects it."""
    lines: list[str] = []
    for section in fmt.sections:
        if section.kind != "narrative":
            continue
        lines += [f"# {section.title}", ""]
        for part in section.parts:
            lines += [f"## {part[0]}", "", PLACEHOLDER.format(what=f"{part[0]}情况"), ""]
        if not section.parts:
            lines += [PLACEHOLDER.format(what=section.title), ""]
        if section.id == "other" and fmt.fee_notice:
            lines += [FEE_SENTENCE.format(year=year), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
