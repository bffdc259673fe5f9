"""The Word version of a report (report.docx): the same text and tables as the page and the PDF,
in the official layout (GB/T 9704-2012), written with python-docx.

- A4, margins 37/26/35/28 mm (type area 156 mm x 225 mm), body 3号 (16 pt) 仿宋 with a fixed line
  pitch of 28.95 pt (22 lines a page), first-line indent of two characters, justified;
- the title 2号 (22 pt) 小标宋, centred, one blank line below; the section headings "一、" in
  黑体 (Word's built-in style Heading 1), "（一）" in 楷体 (Heading 2), "1." and "（1）" in the body
  font (Heading 3, Heading 4): Word's navigation pane lists them;
- tables 二, 三 and 四 with exactly the merged cells of the format's grids
  (:mod:`gkgen.format.layout`), header rows repeated on every page, rows never split, a table-二
  block kept together, the heading before a table kept with it;
- the page number "— N —" as a PAGE field, 4号 (14 pt), right on odd pages and left on even
  pages one character in (or centred: ``PDF版式: {页码居中: true}``);
- the 落款 (agency name, 成文日期 from 发布日期) in the position of GB/T 9704 7.3.5.1, unless
  ``PDF版式: {落款: false}``;
- document properties from the data (title, author, dates from 发布日期 — never the clock), and a
  zip written with fixed timestamps: the same input gives the same bytes.

Font names are those of ``PDF字体`` when gkgen.yaml sets them (an office that has 仿宋_GB2312
names it there); otherwise the fonts every Chinese Windows and WPS installation has
(:data:`WORD_FONTS`). Word draws digits and Latin letters in Times New Roman.
"""

from __future__ import annotations

from gkgen.word.document import WORD_FONTS, WordFonts, WordOptions, report_docx

__all__ = ["WORD_FONTS", "WordFonts", "WordOptions", "report_docx"]
