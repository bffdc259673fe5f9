"""Configured PDF fonts that are not installed: the font each role falls back to, and the
warning (GK601) that names both, with the line of gkgen.yaml that configures it.

`gkgen check` reports these warnings; `gkgen build` renders the PDFs with the fallbacks (the role's
default font, so the body never turns into a sans-serif by accident) and counts every report it
affects in the PDF summary. fontconfig (via gkgen.pdf.fonts) is asked only when gkgen.yaml sets
``PDF字体``, so checking a site without it costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from gkgen.data import Site
from gkgen.findings import Finding, finding
from gkgen.load import settings as pdfsettings
from gkgen.load.yamlpos import YMap, load_yaml_file
from gkgen.paths import CONFIG


@dataclass(frozen=True)
class MissingFont:
    key: str
    """The gkgen.yaml key of the role: 正文, 标题, 一级标题, 二级标题, 页码."""
    role: str
    """The FontRoles field."""
    family: str
    fallback: str

    @property
    def message(self) -> str:
        return (
            f"字体缺失：PDF字体.{self.key} 配置的“{self.family}”未安装，PDF 改用“{self.fallback}”"
            "（请安装该字体，或在 gkgen.yaml 的 PDF字体 中改用已安装的字体）"
        )


def missing_fonts(settings: dict[str, object]) -> list[MissingFont]:
    """The configured fonts fontconfig does not know, each with the role's default as fallback."""
    config = settings.get(pdfsettings.FONTS)
    if not isinstance(config, dict) or not config:
        return []
    from gkgen.pdf.fonts import find_font
    from gkgen.pdf.jobs import FontRoles

    defaults = FontRoles()
    out: list[MissingFont] = []
    for key, role in pdfsettings.FONT_KEYS.items():
        family = config.get(key)
        if not isinstance(family, str) or not family.strip() or find_font(family.strip()) is not None:
            continue
        out.append(MissingFont(key, role, family.strip(), str(getattr(defaults, role))))
    return out


def font_findings(site: Site) -> list[Finding]:
    """GK601 warnings for `gkgen check`, at the line of gkgen.yaml that names the font."""
    if site.portal is None:
        return []
    missing = missing_fonts(site.portal.settings)
    if not missing:
        return []
    node, _ = load_yaml_file(site.root / CONFIG, CONFIG)
    fonts = node.get(pdfsettings.FONTS) if isinstance(node, YMap) else None
    out: list[Finding] = []
    for item in missing:
        value = fonts.get(item.key) if isinstance(fonts, YMap) else None
        line, column = (value.line, value.column) if value is not None else (None, None)
        out.append(finding("GK601", CONFIG, line, column, item.message))
    return out
