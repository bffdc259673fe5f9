"""Load a site: gkgen.yaml, reports/<id>/agency.yaml and the YYYY.yaml + YYYY.md pairs.

:func:`load_site` never raises for a mistake in the data — it returns findings (GK0xx, GK1xx)
beside whatever could be read. It raises :class:`gkgen.errors.UsageError` only when the folder
is not a site at all.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from gkgen.data import Agency, Portal, Pos, Report, Site
from gkgen.errors import UsageError
from gkgen.findings import Finding, finding
from gkgen.load import settings as pdfsettings
from gkgen.load.keys import Choice, Entry, match_keys
from gkgen.load.narrative import parse_narrative
from gkgen.load.report import read_report
from gkgen.load.yamlpos import YMap, YNode, YScalar, YSeq, load_yaml_file, read_text
from gkgen.paths import (
    AGENCY_FILE,
    AGENCY_ID,
    ALLOWED_DOMAINS,
    ATTACHMENT_SUFFIXES,
    CONFIG,
    REPORTS,
    TEMPLATES,
    YEAR_FILE,
)

PORTAL_FIELDS: dict[str, str] = {
    "门户名称": "name",
    "主办单位": "host",
    "网站标识码": "site_code",
    "ICP备案号": "icp",
    "公安备案号": "police",
    "基础网址": "base_url",
}
BASE_URL_KEY = "基础网址"
CATEGORIES_KEY = "分类"
_CATEGORIES_EXAMPLE = "如 [市政府工作部门, 县区政府]"
EXTRA_SETTINGS: tuple[str, ...] = (
    "联系方式",
    pdfsettings.FONTS,
    pdfsettings.LAYOUT,
    ALLOWED_DOMAINS,
    pdfsettings.DISPLAY,
)
"""Further gkgen.yaml keys that later stages read from Portal.settings; others are GK102.
联系方式: the portal footer's contact (a mapping or a line); PDF字体 / PDF版式: see docs/pdf.md;
概览与图表: the web pages' overview table and charts, see docs/theme.md."""

AGENCY_FIELDS: dict[str, str] = {"名称": "name", "简称": "short_name", CATEGORIES_KEY: "category"}
REQUIRED_AGENCY_FIELDS = ("名称", CATEGORIES_KEY)
LEVEL_KEY = "层级"
LEVELS = ("部门", "政府")
CONTACT_KEY = "联系方式"


def is_site_url(url: str) -> bool:
    """An absolute http(s) address with a host, without spaces or credentials."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and "@" not in parts.netloc
        and not any(c.isspace() for c in url)
    )


_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")


def load_site(root: Path) -> tuple[Site, list[Finding]]:
    """Everything in the site at ``root``, with the findings of reading it."""
    root = Path(root)
    if not root.exists():
        raise UsageError(f"站点目录不存在：{root}")
    if not root.is_dir():
        raise UsageError(f"不是目录：{root}")
    if not (root / CONFIG).is_file():
        raise UsageError(f"{root} 中没有 {CONFIG}，不是 gkgen 站点（可用 gkgen init 新建站点）")
    loader = _SiteLoader(root, root.resolve())
    with _paused_gc():
        site = loader.load()
    return site, loader.findings


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Loading allocates many small acyclic objects; the cyclic collector only slows it (~30 %)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def link_problem(path: Path, real_root: Path) -> str | None:
    """Why the symlink ``path`` may not be followed (its target is outside ``real_root``, missing
    or a loop), or None when it is not a symlink or stays inside the site."""
    if not path.is_symlink():
        return None
    try:
        shown = os.readlink(path)
    except OSError:
        shown = "?"
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return f"是符号链接，其目标“{shown}”不存在"
    except (OSError, RuntimeError):
        return f"是循环的符号链接（→ {shown}）"
    if target == real_root or not target.is_relative_to(real_root):
        return f"是指向站点以外的符号链接（→ {shown}）"
    return None


def outside_links(root: Path) -> list[tuple[str, str]]:
    """Every symlink in gkgen.yaml, reports/ and templates/ that may not be followed, as
    (path relative to ``root``, problem); links are not followed while looking."""
    real_root = root.resolve()
    out: list[tuple[str, str]] = []
    for name in (CONFIG, REPORTS, TEMPLATES):
        top = root / name
        problem = link_problem(top, real_root)
        if problem:
            out.append((name, problem))
            continue
        if name == CONFIG or not top.is_dir():
            continue
        for folder, dirs, files in os.walk(top, followlinks=False):
            dirs.sort()
            base = Path(folder)
            for entry in sorted(files + [d for d in dirs if (base / d).is_symlink()]):
                problem = link_problem(base / entry, real_root)
                if problem:
                    out.append(((base / entry).relative_to(root).as_posix(), problem))
    return out


LINK_ADVICE = "gkgen 不读取、不发布站点以外的文件；请改为站点内的普通文件或目录"


@dataclass
class _SiteLoader:
    root: Path
    real_root: Path
    findings: list[Finding] = field(default_factory=list)
    refused: set[Path] = field(default_factory=set)
    """Symlinks that are reported (GK016) and never read."""

    def load(self) -> Site:
        for rel, problem in outside_links(self.root):
            self.refused.add(self.root / rel)
            advice = LINK_ADVICE if "站点以外" in problem else "请删除该链接或改为普通文件"
            self.add("GK016", rel, None, f"{problem}，{advice}")
        portal = self.portal()
        site = Site(self.root, portal)
        self.misplaced_agencies()
        folder = self.root / REPORTS
        if folder in self.refused:
            return site
        if not folder.is_dir():
            self.add(
                "GK015",
                REPORTS,
                None,
                f"站点没有 {REPORTS}/ 目录，没有可检查的报告（各机构的报告放在 {REPORTS}/<机构标识>/ 下）",
            )
            return site
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            rel = f"{REPORTS}/{entry.name}"
            if entry.name.startswith(".") or entry in self.refused:
                continue
            if not entry.is_dir():
                self.add("GK013", rel, None, f"{REPORTS}/ 中只应有机构目录，无法识别文件“{entry.name}”")
            elif not AGENCY_ID.match(entry.name):
                self.add(
                    "GK010",
                    rel,
                    None,
                    f"机构目录名“{entry.name}”不符合要求：只能用小写英文字母、数字和"
                    "连字符（-），以字母或数字开头，最长 63 个字符",
                )
            else:
                self.agency_folder(site, entry)
        site.reports.sort(key=lambda r: (r.agency.id, r.year))
        return site

    def misplaced_agencies(self) -> None:
        """Agency folders put beside gkgen.yaml instead of under reports/ would be skipped silently."""
        for entry in sorted(self.root.iterdir(), key=lambda p: p.name):
            if entry.name != REPORTS and (entry / AGENCY_FILE).is_file():
                self.add(
                    "GK013",
                    f"{entry.name}/{AGENCY_FILE}",
                    None,
                    f"机构目录“{entry.name}”应放在 {REPORTS}/ 下（{REPORTS}/{entry.name}/），否则不会被检查和发布",
                )

    def add(self, rule: str, rel: str, node: YNode | None, message: str) -> None:
        line = node.line if node is not None else None
        column = node.column if node is not None else None
        self.findings.append(finding(rule, rel, line, column, message))

    # ------------------------------------------------------------ gkgen.yaml

    def portal(self) -> Portal | None:
        if self.root / CONFIG in self.refused:
            return None
        node, found = load_yaml_file(self.root / CONFIG, CONFIG)
        self.findings.extend(found)
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.add("GK005", CONFIG, node, f"{CONFIG} 的内容应为“键: 值”形式的映射")
            return None
        keys = [*PORTAL_FIELDS, CATEGORIES_KEY, *EXTRA_SETTINGS]
        entries = match_keys(node, [Choice(k, (k,)) for k in keys], CONFIG, self.findings, f"{CONFIG} 中")
        values = {attr: self.text(entries[k], CONFIG) for k, attr in PORTAL_FIELDS.items() if k in entries}
        if values.get("base_url") and not is_site_url(values["base_url"]):
            self.add(
                "GK005",
                CONFIG,
                entries[BASE_URL_KEY].value,
                f"“{BASE_URL_KEY}”应为以 http:// 或 https:// 开头的完整网址（如 https://www.example.gov.cn/zfxxgk/nb/），"
                f"现为“{values['base_url']}”：网站地图和规范链接（canonical）都由它生成",
            )
            values["base_url"] = ""
        name = values.pop("name", "")
        categories = self.categories(entries.get(CATEGORIES_KEY), node)
        if not name:
            self.add("GK005", CONFIG, node, f"{CONFIG} 缺少“门户名称”")
        if categories is None:
            return None
        for setting in pdfsettings.KEYS:
            if setting in entries:
                self.pdf_setting(setting, entries[setting].value)
        if ALLOWED_DOMAINS in entries:
            self.domains(entries[ALLOWED_DOMAINS].value)
        settings = {k: to_python(entries[k].value) for k in EXTRA_SETTINGS if k in entries}
        portal = Portal(name, categories=categories, settings=settings)
        for attr, value in values.items():
            setattr(portal, attr, value or None)
        return portal if name else None

    def domains(self, value: YNode) -> None:
        """外部链接域名: one domain or a list of them, each a host name without scheme or path."""
        items = value.items if isinstance(value, YSeq) else [value]
        for item in items:
            text = item.value if isinstance(item, YScalar) else None
            if not isinstance(text, str) or not _DOMAIN.fullmatch(text.strip()):
                shown = item.text if isinstance(item, YScalar) else "（列表或映射）"
                self.add(
                    "GK103",
                    CONFIG,
                    item,
                    f"“{ALLOWED_DOMAINS}”中的“{shown}”不是域名（应写 www.mouxian.gov.cn 这样的主机名，"
                    "不带 http:// 和路径；多个域名写成列表）",
                )

    def pdf_setting(self, setting: str, value: YNode) -> None:
        """Report unknown keys (GK102) and wrong values (GK103) of PDF字体 / PDF版式."""
        if isinstance(value, YScalar) and value.value is None:
            return  # written but left empty: the defaults
        if not isinstance(value, YMap):
            self.add("GK103", CONFIG, value, pdfsettings.not_a_mapping(setting))
            return
        keys = pdfsettings.KEYS[setting]
        entries = match_keys(value, [Choice(k, (k,)) for k in keys], CONFIG, self.findings, f"“{setting}”中")
        for key, entry in entries.items():
            problem = pdfsettings.value_problem(setting, key, to_python(entry.value))
            if problem:
                self.add("GK103", CONFIG, entry.value, problem)

    def categories(self, entry: Entry | None, top: YMap) -> tuple[str, ...] | None:
        if entry is None:
            self.add("GK005", CONFIG, top, f"{CONFIG} 缺少“{CATEGORIES_KEY}”（机构分类的列表，{_CATEGORIES_EXAMPLE}）")
            return None
        value = entry.value
        items = value.items if isinstance(value, YSeq) else None
        if not items or not all(isinstance(i, YScalar) and i.value is not None for i in items):
            self.add("GK005", CONFIG, value, f"{CONFIG} 的“{CATEGORIES_KEY}”应为非空的文字列表，{_CATEGORIES_EXAMPLE}")
            return None
        return tuple(i.text for i in items if isinstance(i, YScalar))

    def text(self, entry: Entry, rel: str) -> str:
        value = entry.value
        if isinstance(value, YScalar) and value.value is not None:
            return value.text.strip()
        if isinstance(value, YScalar):
            return ""
        self.add("GK103", rel, value, f"“{entry.key.text}”应为一段文字")
        return ""

    # ------------------------------------------------------------ reports/<id>/

    def agency_folder(self, site: Site, folder: Path) -> None:
        agency = self.agency(folder, site.portal)
        site.agencies[agency.id] = agency
        years: dict[int, dict[str, Path | None]] = {}
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            match = YEAR_FILE.match(path.name)
            if path in self.refused and match is not None:
                years.setdefault(int(match.group(1)), {})[match.group(2)] = None  # reported, not read
                continue
            if path.name == AGENCY_FILE or path.name.startswith(".") or path in self.refused:
                continue
            if path.is_dir():
                self.image_folder(agency, path)
                continue
            if path.suffix.lower() in ATTACHMENT_SUFFIXES:
                continue  # an image or attachment for the narrative (GK510/GK515 check the ones it uses)
            if match is None or not path.is_file():
                rel = f"{REPORTS}/{agency.id}/{path.name}"
                self.add("GK013", rel, None, f"无法识别的文件“{path.name}”{_file_hint(path.name)}")
                continue
            years.setdefault(int(match.group(1)), {})[match.group(2)] = path
        for year, pair in sorted(years.items()):
            self.report(site, agency, year, pair)

    def image_folder(self, agency: Agency, folder: Path) -> None:
        """A sub-folder of an agency folder may hold only images for the narrative."""
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder.parent)
            if path in self.refused or path.is_dir() or any(p.startswith(".") for p in relative.parts):
                continue
            if path.suffix.lower() not in ATTACHMENT_SUFFIXES:
                name = relative.as_posix()
                hint = "（机构目录的子目录中只应有正文用到的图片和附件）"
                self.add("GK013", f"{REPORTS}/{agency.id}/{name}", None, f"无法识别的文件“{name}”{hint}")

    def report(self, site: Site, agency: Agency, year: int, pair: dict[str, Path | None]) -> None:
        first = len(self.findings)
        self.read_report_files(site, agency, year, pair)
        ref = (agency.id, year)
        self.findings[first:] = [f.about(ref) for f in self.findings[first:]]

    def read_report_files(self, site: Site, agency: Agency, year: int, pair: dict[str, Path | None]) -> None:
        base = f"{REPORTS}/{agency.id}/{year}"
        for have, missing in (("yaml", "md"), ("md", "yaml")):
            if have in pair and missing not in pair:
                self.add("GK012", f"{base}.{have}", None, f"有 {year}.{have}，缺少 {year}.{missing}（两者须同时存在）")
        data = None
        yaml_path, md_path = pair.get("yaml"), pair.get("md")
        if yaml_path is not None:
            node, found = load_yaml_file(yaml_path, f"{base}.yaml")
            self.findings.extend(found)
            data, found = read_report(node, f"{base}.yaml", year)
            self.findings.extend(found)
        narrative = None
        if md_path is not None:
            text, found = read_text(md_path, f"{base}.md")
            self.findings.extend(found)
            narrative = parse_narrative(text, f"{base}.md") if text is not None else None
        folder = self.root / REPORTS / agency.id
        site.reports.append(Report(agency, year, data, narrative, folder / f"{year}.yaml", folder / f"{year}.md"))

    # ------------------------------------------------------------ agency.yaml

    def agency(self, folder: Path, portal: Portal | None) -> Agency:
        agency_id = folder.name
        rel = f"{REPORTS}/{agency_id}/{AGENCY_FILE}"
        agency = Agency(agency_id, agency_id, "")
        agency.pos = Pos(rel, 1, 1)
        if folder / AGENCY_FILE in self.refused:
            return agency
        if not (folder / AGENCY_FILE).is_file():
            self.add("GK011", rel, None, f"机构目录 {REPORTS}/{agency_id}/ 缺少 {AGENCY_FILE}（名称、分类等）")
            return agency
        node, found = load_yaml_file(folder / AGENCY_FILE, rel)
        self.findings.extend(found)
        if node is None:
            return agency
        if not isinstance(node, YMap):
            self.add("GK002", rel, node, "文件内容应为“键: 值”形式的映射")
            return agency
        keys = [*AGENCY_FIELDS, LEVEL_KEY, CONTACT_KEY]
        entries = match_keys(node, [Choice(k, (k,)) for k in keys], rel, self.findings, f"{AGENCY_FILE} 中")
        typed = {key: self.text(entries[key], rel) for key in AGENCY_FIELDS if key in entries}
        for key, attr in AGENCY_FIELDS.items():
            if typed.get(key):
                setattr(agency, attr, typed[key])
        for key in REQUIRED_AGENCY_FIELDS:
            if key not in entries:
                self.add("GK101", rel, node, f"{AGENCY_FILE} 缺少“{key}”")
            elif not typed[key]:
                self.add("GK101", rel, entries[key].value, f"{AGENCY_FILE} 的“{key}”未填写")
        if LEVEL_KEY in entries:
            agency.level = self.level(entries[LEVEL_KEY], rel)
        if CONTACT_KEY in entries:
            agency.contact = self.contact(entries[CONTACT_KEY], rel)
        category = typed.get(CATEGORIES_KEY)
        if category and portal is not None and category not in portal.categories:
            value = entries[CATEGORIES_KEY].value
            listed = "、".join(portal.categories)
            self.add("GK014", rel, value, f"分类“{agency.category}”未在 {CONFIG} 的“分类”中列出（可用：{listed}）")
        return agency

    def level(self, entry: Entry, rel: str) -> str:
        text = self.text(entry, rel)
        if text in LEVELS:
            return text
        self.add("GK103", rel, entry.value, f"“{LEVEL_KEY}”应为“{LEVELS[0]}”或“{LEVELS[1]}”，实为“{text}”")
        return LEVELS[0]

    def contact(self, entry: Entry, rel: str) -> dict[str, str]:
        value = entry.value
        if not isinstance(value, YMap):
            self.add("GK103", rel, value, f"“{CONTACT_KEY}”应为映射，如 电话: 0418-1234567")
            return {}
        out: dict[str, str] = {}
        for key, item in value.entries:
            if isinstance(item, YScalar) and item.value is not None:
                out[key.text] = item.text.strip()
            elif not isinstance(item, YScalar):
                self.add("GK103", rel, item, f"“{CONTACT_KEY}”中“{key.text}”应为一段文字")
        return out


def to_python(node: YNode) -> object:
    """A plain Python value (dict/list/scalar) of a node, for free-form settings."""
    if isinstance(node, YMap):
        return {k.text: to_python(v) for k, v in node.entries}
    if isinstance(node, YSeq):
        return [to_python(i) for i in node.items]
    return node.value


def _file_hint(name: str) -> str:
    stem, _, ext = name.rpartition(".")
    if YEAR_FILE.match(f"{stem}.md") and ext.lower() in ("yml", "markdown", "txt", "yaml", "md"):
        return f"（年度文件应命名为 {stem}.yaml 和 {stem}.md）"
    return "（机构目录中只应有 agency.yaml、YYYY.yaml、YYYY.md 和正文用到的图片、附件（pdf、doc、docx、xls、xlsx））"
