"""The data types of the PDF renderer's public API (see gkgen.pdf)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gkgen.errors import GkgenError
from gkgen.load import settings as pdfsettings

Date = datetime.date | datetime.datetime


@dataclass(frozen=True)
class PdfMeta:
    """Document metadata written to the PDF Info dictionary and the XMP packet.

    ``created`` and ``modified`` come from the report's data (its 发布日期), never from the clock,
    so that the same input gives the same bytes.
    """

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: Date
    modified: Date
    lang: str = "zh-CN"


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF/A-3 (the report's YAML, Markdown and JSON)."""

    name: str
    data: bytes
    mime: str
    description: str


@dataclass(frozen=True)
class PdfJob:
    """One PDF to write.

    ``html`` is the complete document (the rendered ``pdf.html``). Relative URLs in it resolve
    against ``base_dir``; only files under ``base_dir`` or ``theme_dir`` can be read.
    ``cache_key`` is the caller's hash of everything the report depends on (its files,
    agency.yaml, gkgen.yaml, templates); the renderer adds fonts, its CSS and gkgen's version.
    """

    html: str
    base_dir: Path
    theme_dir: Path
    out: Path
    meta: PdfMeta
    attachments: tuple[Attachment, ...] = ()
    cache_key: str = ""


@dataclass(frozen=True)
class PdfResult:
    """What happened to one job. ``warnings`` are Chinese messages for the user."""

    out: Path
    cached: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    ok: bool = True


@dataclass(frozen=True)
class FontRoles:
    """Font family names for the roles of GB/T 9704-2012.

    body 仿宋 (正文, also 1. and （1） headings), title 小标宋 (the report title),
    heading1 黑体 (一、), heading2 楷体 (（一）), page_number 宋体 (— N —).
    The defaults are free fonts from Debian packages (fonts-noto-cjk, fonts-lxgw-wenkai); Debian
    ships no free 仿宋 covering simplified Chinese, so the body uses Noto Serif CJK SC.
    """

    body: str = "Noto Serif CJK SC"
    title: str = "Noto Serif CJK SC"
    heading1: str = "Noto Sans CJK SC"
    heading2: str = "LXGW WenKai"
    page_number: str = "Noto Serif CJK SC"

    @classmethod
    def from_config(cls, config: object) -> FontRoles:
        """Build from gkgen.yaml's ``PDF字体`` mapping (a missing key keeps its default)."""
        values = _settings(pdfsettings.FONTS, config)
        return cls(**{name: str(value).strip() for name, value in values.items()})

    def families(self) -> tuple[str, ...]:
        """The distinct family names, in role order."""
        seen: list[str] = []
        for name in (self.body, self.title, self.heading1, self.heading2, self.page_number):
            if name not in seen:
                seen.append(name)
        return tuple(seen)


@dataclass(frozen=True)
class PdfLayout:
    """Layout settings the standard leaves open (gkgen.yaml ``PDF版式``).

    ``truetype_copies``: `gkgen build` embeds TrueType copies of the CFF fonts (smaller, faster
    PDFs; gkgen.pdf.outlines); false embeds the installed fonts as they are.
    ``signature``: the document ends with the 落款 (agency name, 成文日期); the HTML stage reads
    it (gkgen.load.settings.signature_wanted), the stylesheet does not depend on it.
    """

    centred_page_numbers: bool = False
    bold_headings: bool = False
    truetype_copies: bool = True
    signature: bool = True

    @classmethod
    def from_config(cls, config: object) -> PdfLayout:
        """Build from gkgen.yaml's ``PDF版式`` mapping (a missing key keeps its default)."""
        values = _settings(pdfsettings.LAYOUT, config)
        return cls(**{name: bool(value) for name, value in values.items()})


def _settings(setting: str, config: object) -> dict[str, object]:
    """Field name -> value of a gkgen.yaml PDF setting (absent: empty). `gkgen check` reports
    wrong settings with their line first; this raises for callers that skipped it."""
    if config is None:
        return {}
    if not isinstance(config, Mapping):
        raise GkgenError(f"gkgen.yaml：{pdfsettings.not_a_mapping(setting)}")
    keys = pdfsettings.KEYS[setting]
    values: dict[str, object] = {}
    for key, value in config.items():
        if key not in keys:
            raise GkgenError(f"gkgen.yaml：{setting} 中的“{key}”无法识别（可用：{'、'.join(keys)}）")
        problem = pdfsettings.value_problem(setting, key, value)
        if problem:
            raise GkgenError(f"gkgen.yaml：{problem}")
        values[keys[key]] = value
    return values
