"""`gkgen import`: published reports (text, HTML, Word) -> reports/ID/YYYY.yaml + YYYY.md.

Every input kind becomes a :class:`~gkgen.importer.grid.Document` (paragraphs and table grids);
one matcher (:mod:`gkgen.importer.match`) places table cells by their labels; the narrative is
split into sections (:mod:`gkgen.importer.narrative`). Numbers are kept as published, typed
totals included, so that `gkgen check` reports what the original report gets wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gkgen.data import Cell, CellKey, Pos, ReportData
from gkgen.errors import UsageError
from gkgen.format import FORMATS, format_for_year
from gkgen.format.model import Format
from gkgen.importer.grid import Document, InputLimit
from gkgen.importer.labels import core
from gkgen.importer.match import MatchResult, match_tokens
from gkgen.importer.meta import (
    detect_level,
    detect_name,
    detect_published,
    detect_signature,
    detect_source,
    detect_year,
    pair_labels,
)
from gkgen.importer.narrative import GENERATED_PREAMBLE, split_narrative
from gkgen.importer.sections import is_table_heading
from gkgen.importer.tokens import tokenize

_AGENCY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_URL = re.compile(r"^(https?|ftp)://|^www\.", re.IGNORECASE)
MB = 1024 * 1024
MAX_SIZE = {"网页": 5 * MB, "Word 文件": 50 * MB, "文本": 2 * MB}
"""Largest input file of each kind (docs/import.md): a published report is a few tens of KB of text,
a saved page rarely over 2 MB, a Word file with pictures a few MB."""


@dataclass
class FileImport:
    """One imported report, before anything is written."""

    source: Path
    kind: str
    year: int
    format: Format
    data: ReportData
    markdown: str
    match: MatchResult
    name: str | None
    notes: list[str] = field(default_factory=list)
    missing: list[CellKey] = field(default_factory=list)
    level: str = "部门"
    """层级 for a new agency.yaml: 政府 for a people's government or 管委会, else 部门."""

    @property
    def complete(self) -> bool:
        return not self.missing and not self.match.unplaced


def read_document(path: Path) -> Document:
    """Read any supported input kind into the intermediate form."""
    suffix = path.suffix.lower()
    check_size(path)
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        from gkgen.importer.html import read_html

        return read_html(_decode(path)[0])
    if suffix == ".docx":
        from gkgen.importer.docx import read_docx

        return read_docx(path)
    if suffix == ".doc":
        raise UsageError(f"{path}：不支持旧版 Word（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再导入")
    if suffix == ".pdf":
        from gkgen.importer.pdf import read_pdf

        return read_pdf(path)
    text, note = _decode(path)
    if text.lstrip().lower().startswith(("<!doctype html", "<html")):
        from gkgen.importer.html import read_html

        return read_html(text)
    from gkgen.importer.flat import looks_flat, unflatten
    from gkgen.importer.text import read_text

    flat = looks_flat(text)
    doc = read_text(unflatten(text) if flat else text)
    if flat:
        doc.notes.append("表格的文字被压成了一行（从网页复制时常见），已按官方标签和数字重新分行")
    if note:
        doc.notes.append(note)
    return doc


def check_size(path: Path) -> None:
    """Refuse a file larger than any report of its kind could be, before reading it (exit 2)."""
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".doc"):
        return
    kind = "网页" if suffix in (".html", ".htm", ".xhtml", ".shtml") else "Word 文件" if suffix == ".docx" else "文本"
    size, limit = path.stat().st_size, MAX_SIZE[kind]
    if size > limit:
        raise UsageError(
            f"{path}：文件大小 {size / MB:.1f} MB，超过{kind}的上限 {limit // MB} MB，未导入。"
            "一份年度报告远小于这个大小：请确认选对了文件（网页请只保存报告所在的页面）"
        )


def _decode(path: Path) -> tuple[str, str | None]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "文件不是 UTF-8 编码，已按 GB18030（GBK）读取"
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}：无法识别文件编码，请另存为 UTF-8 后再导入") from exc


def detect_format(doc: Document, year: int) -> tuple[Format, str | None]:
    """The format whose own labels (those the other format lacks) the tables use most."""
    tokens = [t.core for t in tokenize(doc.blocks, is_table_heading) if t.kind == "label"]
    names = {fid: _format_labels(fmt) for fid, fmt in FORMATS.items()}
    counts = Counter[str]()
    for fid, own in names.items():
        others = set().union(*(n for f, n in names.items() if f != fid))
        counts[fid] = sum(1 for t in tokens if t in own - others)
    ranked = counts.most_common()
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        fmt = format_for_year(year)
        return fmt, f"表格中没有能区分 2019 与 2021 格式的标签，按年度采用{fmt.id}年格式"
    return FORMATS[ranked[0][0]], None


def _format_labels(fmt: Format) -> set[str]:
    out: set[str] = set()
    for block, item in fmt.shapes.active.items:
        out.update(core(k) for k in item.keys)
        out.update(core(k) for f in block.fields for k in f.keys)
    for row in fmt.shapes.applications.rows:
        out.update(core(k) for k in row.keys)
    return out


def import_file(path: Path, *, year: int | None = None, rel: str = "") -> FileImport:
    """Read and match one published report; nothing is written."""
    try:
        doc = read_document(path)
    except InputLimit as exc:
        raise UsageError(f"{path}：{exc}") from exc
    narrative = split_narrative(doc.paragraphs())
    own = _made_by_gkgen(path, doc)
    if own and len(narrative.preamble) == 1 and GENERATED_PREAMBLE.match(narrative.preamble[0]):
        narrative.preamble = []  # gkgen printed it for a report without a preamble of its own
    detected = detect_year(narrative.title or ([doc.title] if doc.title else []), doc.paragraphs())
    if year is None:
        if detected is None:
            raise UsageError(f"{path}：无法从标题或正文判断报告年度，请用 --year 指定")
        year = detected
    fmt, format_note = detect_format(doc, year)
    result = match_tokens(fmt, tokenize(doc.blocks, is_table_heading))
    paragraphs = pair_labels(doc.paragraphs())
    signed_name, signed_day = detect_signature(paragraphs)
    published, date_note = _published(doc, paragraphs, signed_day, year)
    data = ReportData(
        file=rel,
        year=year,
        format=fmt,
        cells={k: Cell(p.value, Pos(rel)) for k, p in result.cells.items()},
        typed_totals={k: Cell(p.value, Pos(rel)) for k, p in result.totals.items()},
        published=published,
    )
    notes = [*doc.notes, *([format_note] if format_note else []), *([date_note] if date_note else [])]
    if detected is not None and detected != year:
        notes.append(f"正文显示的年度是 {detected}，按 --year 写为 {year}")
    name = (
        detect_name(narrative.title)
        or (detect_name([doc.title]) if doc.title else None)
        or signed_name
        or detect_source(paragraphs)
    )
    missing = [k for k in fmt.input_keys if k not in result.cells]
    return FileImport(
        path, doc.kind, year, fmt, data, narrative.markdown(), result, name, notes, missing, level=detect_level(name)
    )


def _published(
    doc: Document, paragraphs: list[str], signed: dt.date | None, year: int
) -> tuple[dt.date | None, str | None]:
    """发布日期: the page's date line, else the 落款, else a PDF's metadata (gkgen's own PDFs carry
    the 发布日期 there, or 1月1日 of the next year when the report has none; for other PDFs it is
    the file's creation date, reported for review)."""
    found = detect_published(paragraphs) or signed
    if found is not None:
        return found, None
    from gkgen.importer.pdf import PdfDocument

    if isinstance(doc, PdfDocument) and doc.metadata_date is not None:
        if doc.made_by_gkgen:
            return (None if doc.metadata_date == dt.date(year + 1, 1, 1) else doc.metadata_date), None
        return doc.metadata_date, f"发布日期取自 PDF 文件的创建日期（{doc.metadata_date.isoformat()}），请核对"
    return None, None


_GKGEN_PAGE = 'class="gk-report"'


def _made_by_gkgen(path: Path, doc: Document) -> bool:
    """A page or PDF gkgen built (its article markup, or the PDF's Creator)."""
    from gkgen.importer.pdf import PdfDocument

    if isinstance(doc, PdfDocument):
        return doc.made_by_gkgen
    return doc.kind == "网页" and _GKGEN_PAGE in _decode(path)[0]


def check_arguments(files: list[str], agency: str, year: int | None, site: Path) -> list[Path]:
    """Refuse what cannot work before reading anything (exit 2)."""
    for name in files:
        if _URL.match(name):
            raise UsageError(
                f"“{name}”是网址。gkgen 不联网下载：请先在浏览器中把网页另存为 .html 文件"
                "（或把正文复制到 .txt 文件），再导入保存的文件。"
            )
    if not _AGENCY_ID.fullmatch(agency):
        raise UsageError(f"机构标识“{agency}”无效：只能用小写字母、数字和连字符，且以字母或数字开头")
    if year is not None and len(files) > 1:
        raise UsageError("--year 只能在导入单个文件时使用；多个文件的年度各自从标题和正文判断")
    if not (site / "gkgen.yaml").is_file():
        raise UsageError(f"{site} 不是 gkgen 站点（缺少 gkgen.yaml），请用 --site 指定站点目录")
    paths: list[Path] = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMPORTABLE)
            if not found:
                raise UsageError(f"文件夹 {path} 中没有可导入的文件（{'、'.join(sorted(IMPORTABLE))}）")
            paths.extend(found)
        elif not path.is_file():
            raise UsageError(f"找不到文件：{path}")
        else:
            paths.append(path)
    if year is not None and len(paths) > 1:
        raise UsageError("--year 只能在导入单个文件时使用；多个文件的年度各自从标题和正文判断")
    return paths


IMPORTABLE = frozenset({".html", ".htm", ".xhtml", ".shtml", ".docx", ".pdf", ".txt"})
"""What a folder given to `gkgen import` is searched for."""


__all__ = ["FileImport", "check_arguments", "detect_format", "import_file", "read_document"]
