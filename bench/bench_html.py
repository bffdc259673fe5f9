"""Benchmark: an HTML-only `gkgen build` (pdf=False) of 1000 reports (250 agencies × 4 years).

Generates a site from the sample site's 阜新市煤炭工业转型发展局 files (2019 format for 2019–2020,
2021 format for 2021–2022; carry-overs consistent, so `check` finds no error), then times the
whole build and its stages. Usage: .venv/bin/python bench/bench_html.py [--agencies 250] [--jobs N]
The budget (issue 3) is 10 s on 2 cores; the figure is recorded in docs/performance.md."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkgen.build import build  # noqa: E402

SOURCE = ROOT / "reports" / "fuxin-mtzx"
YEARS = {2019: "2020", 2020: "2020", 2021: "2021", 2022: "2021"}
"""Report year -> the sample file it is made from."""


def generate(root: Path, agencies: int) -> int:
    """Write a site of ``agencies`` × len(YEARS) reports under ``root``; return the report count."""
    config = (ROOT / "gkgen.yaml").read_text(encoding="utf-8")
    (root / "reports").mkdir(parents=True)
    (root / "gkgen.yaml").write_text(config, encoding="utf-8")
    categories = re.search(r"^分类: \[(.*)\]", config, re.M)
    names = [c.strip() for c in categories.group(1).split(",")] if categories else ["市级部门"]
    for number in range(agencies):
        folder = root / "reports" / f"bench-{number:04d}"
        folder.mkdir()
        (folder / "agency.yaml").write_text(
            f"名称: 示例第{number}局\n分类: {names[number % len(names)]}\n", encoding="utf-8")
        for year, source in YEARS.items():
            data = (SOURCE / f"{source}.yaml").read_text(encoding="utf-8")
            data = re.sub(r"^年度: \d{4}", f"年度: {year}", data, flags=re.M)
            data = re.sub(r"^发布日期: \d{4}", f"发布日期: {year + 1}", data, flags=re.M)
            text = (SOURCE / f"{source}.md").read_text(encoding="utf-8").replace(f"{source}年", f"{year}年")
            (folder / f"{year}.yaml").write_text(data, encoding="utf-8")
            (folder / f"{year}.md").write_text(text, encoding="utf-8")
    return agencies * len(YEARS)


def stages(site: Path) -> dict[str, float]:
    """Seconds of each stage, run one after the other in this process."""
    from gkgen.build import export_data
    from gkgen.check import check_site
    from gkgen.html import render_site

    out: dict[str, float] = {}
    start = time.perf_counter()
    checked, _ = check_site(site)
    out["check（加载+校验）"] = time.perf_counter() - start
    start = time.perf_counter()
    render_site(checked)
    out["render（HTML 渲染）"] = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        export_data(checked, Path(tmp))
        out["export（JSON/CSV/XLSX）"] = time.perf_counter() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated site here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gkgen-bench-html-"))
    try:
        site = args.keep or work / "site"
        if args.keep and args.keep.exists():
            shutil.rmtree(args.keep)
        count = generate(site, args.agencies)
        start = time.perf_counter()
        result = build(site, work / "build", pdf=False, jobs=args.jobs)
        seconds = time.perf_counter() - start
        print(f"报告数：{count}；CPU 核数：{os.cpu_count()}；输出文件：{result.files}")
        print(f"gkgen build --no-pdf：{seconds:.2f} 秒（{seconds / count * 1000:.1f} 毫秒/报告；预算 10 秒）")
        for name, value in stages(site).items():
            print(f"  {name}：{value:.2f} 秒")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
