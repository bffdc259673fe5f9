"""``python -m gkgen.pdf.prepare_fonts [--font-dir DIR]``: make the TrueType copies of the default
fonts now (scripts/bootstrap.sh runs it during set-up), so the first `gkgen build` does not wait
for them. Copies that exist are only looked up (well under a second)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from gkgen.pdf.jobs import FontRoles, PdfLayout
from gkgen.pdf.outlines import default_font_dir, prepare_truetype_fonts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gkgen.pdf.prepare_fonts", description="为 PDF 预先生成 TrueType 字体副本"
    )
    parser.add_argument("--font-dir", type=Path, default=None, help="副本目录（默认 $XDG_CACHE_HOME/gkgen/fonts）")
    args = parser.parse_args(argv)
    folder = args.font_dir or default_font_dir()
    copies = prepare_truetype_fonts(FontRoles(), PdfLayout(), folder, convert=True)
    click.echo(f"TrueType 字体副本：{len(copies)} 个，位于 {folder}", err=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
