"""Benchmark: an HTML-only `gkgen build` (pdf=False) of 1000 reports (250 agencies × 4 years).

Generates the synthetic site of bench/bench_check.py (random numbers with every 勾稽关系 and
carry-over consistent, 2019 format for 2019–2020, 2021 format from 2021, narratives of ~3 KB),
then times the whole build and, separately, each of its stages.
Usage: .venv/bin/python bench/bench_html.py [--agencies 250] [--jobs N]
The budget (issue 3) is 10 s on 2 cores; the figure is recorded in docs/performance.md."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkgen.build import build  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench_check import generate  # noqa: E402  (the same synthetic site as the check benchmark)


def stages(site: Path) -> dict[str, float]:
    """Seconds of each stage, run one after the other in this process."""
    from gkgen.check import check_site
    from gkgen.export import write_report_data, write_year_summaries
    from gkgen.html import render_site
    from gkgen.html.pages import complete_reports
    from gkgen.paths import report_dir

    out: dict[str, float] = {}
    start = time.perf_counter()
    checked, _ = check_site(site)
    out["check（加载+校验）"] = time.perf_counter() - start
    start = time.perf_counter()
    render_site(checked)
    out["render（HTML 渲染）"] = time.perf_counter() - start
    assert checked.portal is not None
    reports = complete_reports(checked)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for report in reports:
            write_report_data(report, checked.portal, Path(tmp) / report_dir(report))
        out["export report.json"] = time.perf_counter() - start
        start = time.perf_counter()
        for year in sorted({r.year for r in reports}):
            write_year_summaries(checked, year, Path(tmp) / str(year))
        out["export summary.csv/xlsx"] = time.perf_counter() - start
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
