"""A small SpreadsheetML (.xlsx) writer for simple sheets: inline strings, numbers, a few cell
formats, merged ranges and column widths — all summary.xlsx needs, at a fraction of a generic
library's per-cell cost.

Parts and element order follow ECMA-376 Part 1 (SpreadsheetML) strictly, so Excel and LibreOffice
open the result without repair. The output is byte-deterministic: the document properties and every
zip entry carry one given timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006"
_REL = f"{_DOC}/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument."
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SELECTED = ' tabSelected="1"'
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2}
_FIRST_CUSTOM_FORMAT = 164
DEFAULT_FONT_SIZE = 11


@dataclass(frozen=True)
class Style:
    """A cell format: font weight and size, a thin border on all four sides, alignment, number format."""

    bold: bool = False
    size: int = DEFAULT_FONT_SIZE
    border: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    number_format: str = "General"


class Styles:
    """The workbook's cell formats (cellXfs), numbered in order of first use; 0 is the default."""

    def __init__(self) -> None:
        self._ids: dict[Style, int] = {Style(): 0}

    def id(self, style: Style) -> int:
        found = self._ids.get(style)
        if found is None:
            found = self._ids[style] = len(self._ids)
        return found

    def xml(self) -> str:
        styles = list(self._ids)
        formats = _custom_formats(styles)
        fonts = sorted({(s.bold, s.size) for s in styles}, key=lambda f: (f != (False, DEFAULT_FONT_SIZE), f))
        font_ids = {f: i for i, f in enumerate(fonts)}
        parts = [_HEAD, f'<styleSheet xmlns="{_MAIN}">']
        if formats:
            parts.append(f'<numFmts count="{len(formats)}">')
            parts.extend(f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for code, i in formats.items())
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(fonts)}">')
        parts.extend(_font(bold, size) for bold, size in fonts)
        parts.append(
            '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
            "<diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(styles)}">'
        )
        formats.update(_BUILTIN_FORMATS)
        parts.extend(_xf(s, formats[s.number_format], font_ids[(s.bold, s.size)]) for s in styles)
        parts.append(
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/></styleSheet>'
        )
        return "".join(parts)


def _custom_formats(styles: list[Style]) -> dict[str, int]:
    codes = sorted({s.number_format for s in styles} - set(_BUILTIN_FORMATS))
    return {code: _FIRST_CUSTOM_FORMAT + i for i, code in enumerate(codes)}


def _font(bold: bool, size: int) -> str:
    weight = "<b/>" if bold else ""
    return f'<font>{weight}<sz val="{size}"/><name val="Calibri"/><family val="2"/></font>'


def _xf(style: Style, format_id: int, font_id: int) -> str:
    border = 1 if style.border else 0
    attrs = f'numFmtId="{format_id}" fontId="{font_id}" fillId="0" borderId="{border}" xfId="0"'
    if format_id:
        attrs += ' applyNumberFormat="1"'
    if font_id:
        attrs += ' applyFont="1"'
    if border:
        attrs += ' applyBorder="1"'
    align = ""
    if style.horizontal:
        align += f' horizontal="{style.horizontal}"'
    if style.vertical:
        align += f' vertical="{style.vertical}"'
    if style.wrap:
        align += ' wrapText="1"'
    if not align:
        return f"<xf {attrs}/>"
    return f'<xf {attrs} applyAlignment="1"><alignment{align}/></xf>'


def escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute; characters XML 1.0 forbids are dropped."""
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column_letter(col: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def text_cell(ref: str, text: str, style: int) -> str:
    """An inline-string cell (no shared-string table needed)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{_s(style)} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def number_cell(ref: str, value: int | Decimal, style: int) -> str:
    """A number cell; a Decimal is written with exactly its digits (1.50 stays 1.50)."""
    digits = format(value, "f") if isinstance(value, Decimal) else str(value)
    return f'<c r="{ref}"{_s(style)}><v>{digits}</v></c>'


def blank_cell(ref: str, style: int) -> str:
    """An empty cell that only carries a format (e.g. the covered cells of a merged range)."""
    return f'<c r="{ref}"{_s(style)}/>'


def _s(style: int) -> str:
    return f' s="{style}"' if style else ""


@dataclass
class Sheet:
    """One worksheet. ``rows`` holds (row number, cell XML in column order), rows ascending."""

    name: str
    widths: tuple[float, ...] = ()
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    """Ranges such as "A5:D5"."""
    dimension: str = "A1"

    def xml(self, selected: bool) -> str:
        parts = [
            _HEAD,
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{self.dimension}"/>',
            f'<sheetViews><sheetView{_SELECTED if selected else ""} workbookViewId="0"/></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/>',
        ]
        if self.widths:
            parts.append("<cols>")
            parts.extend(
                f'<col min="{i}" max="{i}" width="{_number(w)}" customWidth="1"/>'
                for i, w in enumerate(self.widths, start=1)
            )
            parts.append("</cols>")
        parts.append("<sheetData>")
        for number, cells in self.rows:
            parts.append(f'<row r="{number}">')
            parts.extend(cells)
            parts.append("</row>")
        parts.append("</sheetData>")
        if self.merges:
            parts.append(f'<mergeCells count="{len(self.merges)}">')
            parts.extend(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            parts.append("</mergeCells>")
        parts.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
        return "".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def workbook_bytes(sheets: list[Sheet], styles: Styles, stamp: dt.datetime, creator: str) -> bytes:
    """The .xlsx package: every zip entry and both document dates set to ``stamp``."""
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _package_rels(),
        "docProps/core.xml": _core(stamp, creator),
        "docProps/app.xml": f'{_HEAD}<Properties xmlns="{_DOC}/extended-properties">'
        f"<Application>{escape(creator)}</Application></Properties>",
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(sheets)),
        "xl/styles.xml": styles.xml(),
    }
    for index, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{index}.xml"] = sheet.xml(selected=index == 1)
    out = io.BytesIO()
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}spreadsheetml.styles+xml"/>{sheets}'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/></Types>'
    )


def _package_rels() -> str:
    return (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
    )


def _core(stamp: dt.datetime, creator: str) -> str:
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    date = f'xsi:type="dcterms:W3CDTF">{when}'
    return (
        f"{_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f"<dcterms:created {date}</dcterms:created><dcterms:modified {date}</dcterms:modified>"
        "</cp:coreProperties>"
    )


def _workbook(sheets: list[Sheet]) -> str:
    entries = "".join(
        f'<sheet name="{escape(sheet.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, sheet in enumerate(sheets, start=1)
    )
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{entries}</sheets></workbook>'
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    return (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{sheets}'
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )
