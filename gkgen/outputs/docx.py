"""report.docx beside each report page: the Word version (gkgen.word), for filing with the 公开办,
pasting into a CMS and the portal's 下载 Word link. Built from the same data, narrative tokens,
grids and preamble template as the page and the PDF."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import TYPE_CHECKING

from gkgen.data import Report
from gkgen.findings import Finding, finding
from gkgen.format import layout
from gkgen.format.totals import full_grid
from gkgen.load import settings as pdfsettings
from gkgen.outputs.registry import BuildState, Output
from gkgen.paths import DOCX, report_dir
from gkgen.publish import write_files

if TYPE_CHECKING:
    from gkgen.html.render import Renderer
    from gkgen.word import WordFonts

SUBJECT = "政府信息公开工作年度报告"
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class Word(Output):
    name = "Word"

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.html.render import Renderer

        renderer = Renderer.for_site(state.site)
        findings: list[Finding] = []
        files: dict[str, bytes] = {}
        for report in state.reports:
            data, warnings = word_file(renderer, report)
            files[f"{report_dir(report)}/{DOCX}"] = data
            rel = report.md_path.relative_to(state.site.root).as_posix()
            findings.extend(finding("GK601", rel, None, None, w) for w in warnings)
        write_files(state.stage, files)
        return findings


def word_file(renderer: Renderer, report: Report) -> tuple[bytes, list[str]]:
    """The .docx of one complete report and the warnings of writing it."""
    from gkgen.html.pages import base_url, narrative_sources, report_view
    from gkgen.word import WORD_FONTS, WordOptions, report_docx
    from gkgen.word.document import WordReport, WordSection

    data, narrative = report.data, report.narrative
    assert data is not None and narrative is not None, "only complete reports are written"
    settings = renderer.portal.settings
    view = report_view(report, renderer.markdown, has_pdf=False)
    preamble_text, bodies = narrative_sources(narrative)
    grids = {grid.table_id: grid for grid in layout.format_grids(data.format)}
    sections: list[WordSection] = []
    for section in data.format.sections:
        if section.id in grids:
            sections.append(WordSection(section.heading, grid=grids[section.id]))
        else:
            sections.append(WordSection(section.heading, tokens=renderer.markdown.tokens(bodies.get(section.id, ""))))
    default: tuple[str, ...] = ()
    if not preamble_text:
        text = renderer.render(
            "_preamble.html", report=view, base_url=base_url(renderer.portal), portal=renderer.portal
        )
        default = tuple(_plain(p) for p in _PARAGRAPH.findall(text))
    name = report.agency.name
    word = WordReport(
        title=view.title,
        agency=name,
        published=data.published,
        subject=SUBJECT,
        keywords=(name, f"{report.year}年", "政府信息公开", "年度报告"),
        preamble=renderer.markdown.tokens(preamble_text) if preamble_text else None,
        default_preamble=default,
        sections=tuple(sections),
        values=full_grid(data),
        folder=report.md_path.parent,
        date_text=view.published,
    )
    layout_settings = settings.get(pdfsettings.LAYOUT)
    centred = isinstance(layout_settings, dict) and layout_settings.get("页码居中") is True
    options = WordOptions(
        fonts=word_fonts(settings, WORD_FONTS),
        signature=pdfsettings.signature_wanted(settings),
        centred_page_numbers=centred,
    )
    return report_docx(word, options), word.warnings


def word_fonts(settings: dict[str, object], default: WordFonts) -> WordFonts:
    """The fonts of ``PDF字体`` (an office names there the fonts it has), else ``default``."""
    config = settings.get(pdfsettings.FONTS)
    if not isinstance(config, dict):
        return default
    chosen = {
        role: value.strip()
        for key, role in pdfsettings.FONT_KEYS.items()
        if isinstance(value := config.get(key), str) and value.strip()
    }
    return dataclasses.replace(default, **chosen)


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


OUTPUT = Word()
