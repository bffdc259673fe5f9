"""Build report.docx (see :mod:`gkgen.word` for the layout)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from markdown_it.token import Token

from gkgen.data import CellKey, Number
from gkgen.format import layout
from gkgen.html.narrative import local_asset
from gkgen.html.tables import format_number

BODY_PT = 16.0
"""3号."""
LINE_PT = 28.95
"""Fixed line pitch: 22 lines in the 225 mm type area."""
CHAR_PT = 15.79
"""28 characters fill the 156 mm line (as in the PDF)."""
TITLE_PT = 22.0
"""2号."""
PAGE_NUMBER_PT = 14.0
"""4号."""
TYPE_WIDTH_MM = 156.0
LATIN_FONT = "Times New Roman"
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
"""Images Word can show (python-docx reads these); others appear as their description."""


@dataclass(frozen=True)
class WordFonts:
    """Font names written into the document, by role (as FontRoles of the PDF)."""

    body: str = "仿宋"
    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体"
    page_number: str = "宋体"


WORD_FONTS = WordFonts()
"""The defaults: fonts of every Chinese Windows (and WPS), and 方正小标宋简体, the usual title font
of official documents (Word substitutes a serif font where it is not installed)."""


@dataclass(frozen=True)
class WordOptions:
    fonts: WordFonts = WORD_FONTS
    signature: bool = True
    centred_page_numbers: bool = False


@dataclass(frozen=True)
class WordSection:
    """One of the six parts: its numbered heading and either its Markdown tokens or its grid."""

    heading: str
    tokens: Sequence[Token] = ()
    grid: layout.Grid | None = None


@dataclass(frozen=True)
class WordReport:
    """What the Word version shows of a report."""

    title: str
    agency: str
    published: dt.date | None
    subject: str
    keywords: tuple[str, ...]
    preamble: Sequence[Token] | None
    """The narrative's own preamble, or None: then ``default_preamble`` paragraphs."""
    default_preamble: tuple[str, ...]
    sections: tuple[WordSection, ...]
    values: dict[CellKey, Number]
    folder: Path
    """The agency folder: the narrative's images are read from here (never outside it)."""
    date_text: str | None = None
    """成文日期 as printed ("2022年1月20日")."""
    warnings: list[str] = field(default_factory=list)


def report_docx(report: WordReport, options: WordOptions = WordOptions()) -> bytes:
    """The .docx file of ``report``; the same input gives the same bytes."""
    writer = _Writer(report, options)
    return writer.build()


# ---------------------------------------------------------------- low-level helpers


def _set_fonts(rpr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Explicit fonts (theme fonts removed: they would override the names)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _style_font(style: Any, east_asia: str, size: float, *, bold: bool = False) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), east_asia)
    color = style.element.rPr.find(qn("w:color"))
    if color is not None:  # drop the theme colour attributes the template's headings carry
        for key in list(color.attrib):
            if key != qn("w:val"):
                del color.attrib[key]


def _exact_lines(fmt: Any, pitch: float) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pitch)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _page_field(paragraph: Any) -> None:
    """ "— N —" with N a PAGE field."""
    paragraph.add_run("— ")
    begin = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    begin._r.append(char)
    instr = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instr._r.append(text)
    separate = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "separate")
    separate._r.append(char)
    paragraph.add_run("1")
    end = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    paragraph.add_run(" —")


def _cell_props(cell: Any) -> Any:
    return cell._tc.get_or_add_tcPr()


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _cant_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _text_width(text: str) -> float:
    """Width in characters of the body font: ASCII is half a character."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _deterministic(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes (python-docx stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


# ---------------------------------------------------------------- the writer

_HEADING_STYLES = {"h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3", "h5": "Heading 4", "h6": "Heading 4"}
"""Article heading levels (the six parts are h2) -> Word's built-in heading styles."""
TABLE_STYLE = "gkgen 表格文字"
SIGNATURE_STYLE = "gkgen 落款"


class _Writer:
    def __init__(self, report: WordReport, options: WordOptions) -> None:
        self.report = report
        self.options = options
        self.doc: Any = docx.Document()
        self._styles: dict[str, Any] = {}

    def build(self) -> bytes:
        self.page_setup()
        self.styles()
        self.properties()
        title = self.doc.add_paragraph(self.report.title, style="Title")
        title.paragraph_format.keep_with_next = True
        if self.report.preamble is not None:
            self.tokens(self.report.preamble)
        else:
            for text in self.report.default_preamble:
                self.doc.add_paragraph(text)
        for section in self.report.sections:
            heading = self.doc.add_paragraph(section.heading, style="Heading 1")
            heading.paragraph_format.keep_with_next = True
            if section.grid is not None:
                self.grid(section.grid)
            else:
                self.tokens(section.tokens)
        if self.options.signature and self.report.date_text:  # no 成文日期 (发布日期), no 落款
            self.signature()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _deterministic(buffer.getvalue())

    # ------------------------------------------------------------ page, styles, properties

    def page_setup(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance = Mm(15)
        # GB/T 9704 7.5: the page number's dash line sits about 7 mm below the type area.
        section.footer_distance = Mm(35 - 7 - 5.5)
        if self.options.centred_page_numbers:
            self._footer(section.footer, WD_ALIGN_PARAGRAPH.CENTER, 0, 0)
            return
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, 0, PAGE_NUMBER_PT)
        self._footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, PAGE_NUMBER_PT, 0)

    def _footer(self, footer: Any, align: Any, left: float, right: float) -> None:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = self.doc.styles["Footer"]
        paragraph.alignment = align
        paragraph.paragraph_format.left_indent = Pt(left)
        paragraph.paragraph_format.right_indent = Pt(right)
        _page_field(paragraph)

    def styles(self) -> None:
        fonts = self.options.fonts
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:  # language of the text: simplified Chinese
            rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
        normal = styles["Normal"]
        _style_font(normal, fonts.body, BODY_PT)
        fmt = normal.paragraph_format
        _exact_lines(fmt, LINE_PT)
        fmt.first_line_indent = Pt(2 * CHAR_PT)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.widow_control = True
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between Chinese and digits,
            node = OxmlElement(name)  # as in the PDF (the author's own spaces are thin spaces)
            node.set(qn("w:val"), "0")
            normal.element.get_or_add_pPr().append(node)
        title = styles["Title"]
        _style_font(title, fonts.title, TITLE_PT)
        title.element.get_or_add_pPr()
        for node in title.element.pPr.findall(qn("w:pBdr")):  # the template underlines titles
            title.element.pPr.remove(node)
        _exact_lines(title.paragraph_format, 36)
        title.paragraph_format.space_after = Pt(LINE_PT)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = Pt(0)
        for name, font in (
            ("Heading 1", fonts.heading1),
            ("Heading 2", fonts.heading2),
            ("Heading 3", fonts.body),
            ("Heading 4", fonts.body),
        ):
            style = styles[name]
            _style_font(style, font, BODY_PT)
            _exact_lines(style.paragraph_format, LINE_PT)
            style.paragraph_format.first_line_indent = Pt(2 * CHAR_PT)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        footer = styles["Footer"]
        _style_font(footer, fonts.page_number, PAGE_NUMBER_PT)
        _exact_lines(footer.paragraph_format, PAGE_NUMBER_PT * 1.2)
        footer.paragraph_format.first_line_indent = Pt(0)
        table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table.base_style = normal
        _style_font(table, fonts.body, 10.5)
        _exact_lines(table.paragraph_format, 14)
        table.paragraph_format.first_line_indent = Pt(0)
        table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        signature = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        signature.base_style = normal
        signature.paragraph_format.first_line_indent = Pt(0)
        signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.keep_with_next = True

    def properties(self) -> None:
        report = self.report
        props = self.doc.core_properties
        props.title = report.title
        props.author = report.agency
        props.subject = report.subject
        props.keywords = "，".join(report.keywords)
        props.language = "zh-CN"
        props.last_modified_by = "gkgen"
        props.revision = 1
        props.comments = ""
        props.category = report.subject
        day = report.published
        when = dt.datetime(day.year, day.month, day.day) if day else dt.datetime(1980, 1, 1)
        props.created = when
        props.modified = when
        props.last_printed = when

    # ------------------------------------------------------------ the narrative

    def tokens(self, tokens: Sequence[Token]) -> None:
        """Markdown tokens (as NarrativeRenderer.tokens gives them) as paragraphs and tables."""
        lists: list[str] = []
        quote = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                style = _HEADING_STYLES.get(token.tag, "Heading 4")
                self.inline(self.doc.add_paragraph(style=style), tokens[index + 1])
                index += 3
                continue
            if kind == "paragraph_open":
                paragraph = self.doc.add_paragraph()
                if lists:
                    paragraph.style = self._list_style(lists)
                if quote:
                    paragraph.paragraph_format.left_indent = Pt(2 * CHAR_PT * quote)
                self.inline(paragraph, tokens[index + 1])
                index += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(kind)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind in ("fence", "code_block"):
                for line in token.content.rstrip("\n").split("\n"):
                    paragraph = self.doc.add_paragraph()
                    paragraph.paragraph_format.first_line_indent = Pt(0)
                    paragraph.add_run(line)
            elif kind == "table_open":
                index = self.markdown_table(tokens, index)
                continue
            index += 1

    def _list_style(self, lists: list[str]) -> str:
        base = "List Bullet" if lists[-1] == "bullet_list_open" else "List Number"
        depth = min(len(lists), 3)
        return base if depth == 1 else f"{base} {depth}"

    def inline(self, paragraph: Any, token: Token) -> None:
        bold = italic = False
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline", "html_inline"):
                run = paragraph.add_run(child.content)
                run.bold = bold or None
                run.italic = italic or None
            elif kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "image":
                self.picture(paragraph, child)

    def picture(self, paragraph: Any, token: Token) -> None:
        """A local image of the agency folder, at most the type area wide; else its description."""
        asset = local_asset(str(token.attrGet("src") or ""))
        folder = self.report.folder.resolve()
        path = (folder / asset).resolve() if asset else None
        alt = token.content
        if path is None or not path.is_file() or not path.is_relative_to(folder):
            paragraph.add_run(alt)
            return
        if path.suffix.lower() not in PICTURE_SUFFIXES:
            paragraph.add_run(f"［图片：{alt or path.name}］")
            self.report.warnings.append(f"Word 版无法显示 {path.suffix} 格式的图片“{asset}”，已改为文字说明")
            return
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        shape = paragraph.add_run().add_picture(str(path))
        limit = Mm(TYPE_WIDTH_MM)
        if shape.width > limit:
            shape.height = int(shape.height * limit / shape.width)
            shape.width = limit
        if alt:
            shape._inline.docPr.set("descr", alt)

    def markdown_table(self, tokens: Sequence[Token], index: int) -> int:
        """A table the author wrote in Markdown: plain rows of cells. Returns the next index."""
        rows: list[list[tuple[Token, bool]]] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                rows[-1].append((tokens[index + 1], token.type == "th_open"))
            index += 1
        width = max((len(r) for r in rows), default=0)
        if width:
            table = self.doc.add_table(rows=len(rows), cols=width)
            table.style = self.style("Table Grid")
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            slots = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
            for y, row in enumerate(rows):
                for x, (inline, _header) in enumerate(row):
                    paragraph = slots[y][x].paragraphs[0]
                    paragraph._p.style = self.style(TABLE_STYLE).style_id  # by id: the style setter scans every style
                    self.inline(paragraph, inline)
                _cant_split(table.rows[y])
            if rows and any(h for _, h in rows[0]):
                _repeat_header(table.rows[0])
        return index + 1

    def style(self, name: str) -> Any:
        """A style by name, looked up once (python-docx scans every style on each lookup)."""
        if name not in self._styles:
            self._styles[name] = self.doc.styles[name]
        return self._styles[name]

    # ------------------------------------------------------------ the official tables

    def grid(self, grid: layout.Grid) -> None:
        """Tables 二, 三, 四: every cell and span from the format's grid."""
        table = self.doc.add_table(rows=grid.height, cols=grid.width)
        table.style = self.style("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = column_widths(grid)
        for index, column in enumerate(table.columns):
            column.width = Mm(widths[index])
        size = 12.0 if grid.table_id == "active" else 10.5
        # every cell of the unmerged table, taken once: table.cell() re-reads the whole table on
        # each call. The grid's cells do not overlap, so a merge never touches another cell's corners.
        slots = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for cell in grid.cells:
            target = slots[cell.row][cell.col]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(slots[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
            text = cell.text if cell.key is None else format_number(self.report.values.get(cell.key, 0))
            paragraph = target.paragraphs[0]
            paragraph._p.style = self.style(TABLE_STYLE).style_id  # by id: the style setter scans every style
            if cell.scope in ("row", "rowgroup") or cell.role in ("block", "note"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = paragraph.add_run(text or "")
            run.font.size = Pt(size)
            run.bold = True if cell.role == "block" else None
            vertical = OxmlElement("w:vAlign")
            vertical.set(qn("w:val"), "center")
            _cell_props(target).append(vertical)
        self._set_cell_widths(table, widths)
        ends = {end - 1 for _, end in grid.bodies}
        for y, row in enumerate(table.rows):
            _cant_split(row)
            if y < grid.head:
                _repeat_header(row)
            # keep the header rows and (table 二) a whole block on the page of the row below
            keep = y < grid.head or (grid.table_id == "active" and y not in ends)
            if keep or y == grid.head:
                for c in row.cells:
                    for paragraph in c.paragraphs:
                        paragraph.paragraph_format.keep_with_next = keep
        self.doc.add_paragraph().paragraph_format.first_line_indent = Pt(0)

    def _set_cell_widths(self, table: Any, widths: list[float]) -> None:
        """Word reads the widths of the cells (a merged cell: the sum of its columns)."""
        for tr in table._tbl.tr_lst:
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.width = Mm(sum(widths[col : col + span]))
                col += span

    # ------------------------------------------------------------ 落款

    def signature(self) -> None:
        """GB/T 9704-2012 7.3.5.1: one blank line below the text, the name two characters from the
        right; the date below it, starting two characters right of the name's start; when the date
        is the longer, the date keeps two characters and the name moves left."""
        body = self.doc.paragraphs
        if body:  # the 落款 never stands alone on a page: the last lines of the text come with it
            body[-1].paragraph_format.keep_with_next = True
        name, date = self.report.agency, self.report.date_text
        name_w = _text_width(name)
        date_w = _text_width(date) if date else 0.0
        name_right = 2.0 if not date or name_w >= date_w + 2 else 2.0 + (date_w + 2 - name_w)
        date_right = name_right + name_w - 2 - date_w
        first = self.doc.add_paragraph(name, style=SIGNATURE_STYLE)
        first.paragraph_format.space_before = Pt(LINE_PT)
        first.paragraph_format.right_indent = Pt(name_right * BODY_PT)
        if date:
            second = self.doc.add_paragraph(date, style=SIGNATURE_STYLE)
            second.paragraph_format.right_indent = Pt(date_right * BODY_PT)
            second.paragraph_format.keep_with_next = False


def column_widths(grid: layout.Grid) -> list[float]:
    """Column widths (mm) within the 156 mm type area, as pdf.css gives them: table 二 a 38 mm
    label column; table 三 label columns 10.5 mm and 15 mm, the item column the rest, numbers
    11.5 mm; table 四 fifteen equal columns."""
    width = grid.width
    if grid.table_id == "active":
        rest = (TYPE_WIDTH_MM - 38) / (width - 1)
        return [38.0] + [rest] * (width - 1)
    numbers = {cell.col for cell in grid.cells if cell.key is not None}
    labels = width - len(numbers)
    if grid.table_id == "applications" and labels == 3:
        return [10.5, 15.0, TYPE_WIDTH_MM - 25.5 - 11.5 * len(numbers)] + [11.5] * len(numbers)
    return [TYPE_WIDTH_MM / width] * width
