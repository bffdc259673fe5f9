"""The settings of gkgen.yaml that are mappings (``PDF字体``, ``PDF版式``, ``概览与图表``): their keys and
accepted values.

Read by the loader, which reports wrong settings with their line (``gkgen check``), by
gkgen.pdf.jobs, which builds FontRoles and PdfLayout from them, and by gkgen.html.overview (概览与图表);
kept apart from those stages so that checking a site does not import them.
"""

from __future__ import annotations

FONTS = "PDF字体"
LAYOUT = "PDF版式"

FONT_KEYS: dict[str, str] = {
    "正文": "body",
    "标题": "title",
    "一级标题": "heading1",
    "二级标题": "heading2",
    "页码": "page_number",
}
"""gkgen.yaml keys (as the user writes them) -> FontRoles field names."""

LAYOUT_KEYS: dict[str, str] = {
    "页码居中": "centred_page_numbers",
    "标题加粗": "bold_headings",
    "TrueType字体副本": "truetype_copies",
    "落款": "signature",
}
"""gkgen.yaml keys -> PdfLayout field names."""

DISPLAY = "概览与图表"
DISPLAY_KEYS: dict[str, str] = {
    "年度概览表": "overview",
    "图表": "charts",
}
"""gkgen.yaml keys -> gkgen.html.overview.Display field names (docs/theme.md): the web pages'
overview table and charts, both shown unless switched off."""

KEYS: dict[str, dict[str, str]] = {FONTS: FONT_KEYS, LAYOUT: LAYOUT_KEYS, DISPLAY: DISPLAY_KEYS}
DOCS: dict[str, str] = {FONTS: "docs/pdf.md", LAYOUT: "docs/pdf.md", DISPLAY: "docs/theme.md"}
"""Where each setting is described."""


def signature_wanted(settings: dict[str, object]) -> bool:
    """Whether the PDF and Word versions end with the 落款 (``PDF版式: {落款: false}`` turns it off)."""
    layout = settings.get(LAYOUT)
    if isinstance(layout, dict):
        return layout.get("落款", True) is not False
    return True


def value_problem(setting: str, key: str, value: object) -> str | None:
    """Why ``value`` cannot be ``setting``.``key`` (a Chinese sentence), or None if it can."""
    if setting == FONTS:
        if isinstance(value, str) and value.strip():
            return None
        return f"{setting}.{key} 应为字体名称（一段文字），如 仿宋_GB2312"
    if isinstance(value, bool):
        return None
    return f"{setting}.{key} 应为 true 或 false"


def not_a_mapping(setting: str) -> str:
    """The message for a setting that is not a mapping."""
    return f"{setting} 应为映射（每行“名称: 值”），见 {DOCS.get(setting, 'docs/format.md')}"
