"""A gkgen site made of the real published reports of tests/fixtures/real/: each case's
expected.yaml (the transcribed tables) beside a narrative cut from its copied text, so that the
narrative rules can be measured on what agencies really publish.

The narrative is the copied text with the table sections (二、三、四) cut out and the other
sections' numbered titles turned into level-1 headings; nothing else is changed. Pingtan's
seven years share one agency folder (so the cross-year rules see them), the others have one each.

Run as a script to print every finding of the new narrative rules: ``python tests/real_support.py``.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
import tempfile
from pathlib import Path

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
LOCAL = Path("/work/realdata-local")
"""PDF texts kept outside the repository (README of tests/fixtures/real); used when present."""

SECTION_TITLES = (
    ("一", "总体情况", "narrative"),
    ("二", "主动公开政府信息情况", "table"),
    ("三", "收到和处理政府信息公开申请情况", "table"),
    ("四", "政府信息公开行政.{0,2}复议", "table"),
    ("五", "存在的主要问题", "narrative"),
    ("六", "其他需要报告的事项", "narrative"),
)
HEADINGS = {"一": "总体情况", "五": "存在的主要问题及改进情况", "六": "其他需要报告的事项"}


def case_text(folder: Path) -> str | None:
    """The report's text as copied: the body of copied.txt, or page.html without its tags."""
    copied = folder / "copied.txt"
    if copied.is_file():
        text = copied.read_text(encoding="utf-8")
        body = text.split("正文 ====================", 1)[-1]
        return body.split("-->", 1)[-1]  # the page's breadcrumb and share buttons, where copied
    page = folder / "page.html"
    if page.is_file():
        raw = re.sub(r"<br\s*/?>|</p>|</div>|</tr>", "\n", page.read_text(encoding="utf-8"))
        return html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return None


def narrative_markdown(text: str) -> str | None:
    """The narrative sections of a report's text as Markdown, or None when a section is missing."""
    starts: list[tuple[int, int, str]] = []
    cursor = 0
    for number, title, _kind in SECTION_TITLES:
        m = re.compile(rf"{number}\s*[、.．]\s*(?:政府信息公开工作)?{title}").search(text, cursor)
        if m is None:
            return None
        starts.append((m.start(), m.end(), number))
        cursor = m.end()
    out = [_clean(text[: starts[0][0]]), ""]
    for i, (_start, end, number) in enumerate(starts):
        if number not in HEADINGS:
            continue
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        out += [f"# {HEADINGS[number]}", "", _clean(text[end:stop]), ""]
    return "\n".join(out)


def _clean(text: str) -> str:
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def cases() -> list[tuple[str, str, int, Path, str]]:
    """(case, agency id, year, expected.yaml, narrative) of every real case with a narrative."""
    out: list[tuple[str, str, int, Path, str]] = []
    for folder in sorted(p for p in REAL.iterdir() if p.is_dir()):
        text = case_text(folder)
        if text is None:
            local = LOCAL / "pdf-szfgs2024" / "raw.txt"
            if folder.name == "pdftext-huaian-2024" and local.is_file():
                text = local.read_text(encoding="utf-8")
            else:
                continue
        narrative = narrative_markdown(text)
        if narrative is None:  # an excerpt: its overview only, up to the first table
            cut = re.search(r"二\s*[、.．]\s*主动公开政府信息情况", text)
            narrative = "# 总体情况\n\n" + _clean(text[: cut.start() if cut else len(text)])
        found = re.search(r"^年度:\s*(\d{4})", (folder / "expected.yaml").read_text(encoding="utf-8"), re.M)
        assert found is not None, folder
        year = int(found.group(1))
        agency = "pingtan" if folder.name.startswith("text-pingtan") else folder.name.split("-")[1]
        out.append((folder.name, agency, year, folder / "expected.yaml", narrative))
    return out


def build_real_site(root: Path) -> list[tuple[str, str, int]]:
    """Write the site under ``root``; (case, agency, year) of every report written."""
    (root / "reports").mkdir(parents=True, exist_ok=True)
    (root / "gkgen.yaml").write_text("门户名称: 真实年报测量\n分类: [真实年报]\n", encoding="utf-8")
    written: list[tuple[str, str, int]] = []
    for case, agency, year, expected, narrative in cases():
        folder = root / "reports" / agency
        folder.mkdir(exist_ok=True)
        (folder / "agency.yaml").write_text(f"名称: {agency}\n分类: 真实年报\n层级: 政府\n", encoding="utf-8")
        shutil.copyfile(expected, folder / f"{year}.yaml")
        (folder / f"{year}.md").write_text(narrative, encoding="utf-8")
        written.append((case, agency, year))
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from gkgen.check import check_site
    from gkgen.findings import format_findings

    wanted = tuple(sys.argv[1:]) or ("GK403", "GK504", "GK511", "GK512", "GK513", "GK514", "GK515", "GK516", "GK52")
    with tempfile.TemporaryDirectory() as tmp:
        written = build_real_site(Path(tmp))
        print("\n".join(f"{case}: reports/{agency}/{year}.md" for case, agency, year in written))
        _, findings = check_site(Path(tmp))
        print(format_findings([f for f in findings if f.rule.startswith(wanted)], "text"))
