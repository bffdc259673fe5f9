"""Benchmark: `gkgen serve` after one saved file on a 1000-report site (250 agencies × 4 years).

Generates the synthetic site of bench/bench_check.py, builds the preview once, then saves one
report's YYYY.md again and again and times the preview's update (reload that report, re-run its
rules and the next year's, re-render its page). The floor, measured in the same run, is
rendering that one report's page directly (theme templates only, nothing loaded or checked);
the ratio shows what the update adds to the bare render. A stat() poll of every watched file
(what the watcher does every 0.25 s) is timed as well.
Usage: .venv/bin/python bench/bench_serve.py [--agencies 250] [--repeat 20]"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import generate  # noqa: E402

from gkgen.html.render import render_report  # noqa: E402
from gkgen.workflow.preview import Preview  # noqa: E402
from gkgen.workflow.serve import watched_files  # noqa: E402


def median_seconds(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        count = generate(site, args.agencies)
        preview = Preview(site)
        start = time.perf_counter()
        first = preview.rebuild()
        print(f"站点：{count} 份报告；首次生成预览 {time.perf_counter() - start:.2f} 秒（{first.pages} 个文件）")
        assert preview.site is not None and preview.error is None
        report = preview.site.reports[len(preview.site.reports) // 2 + 1]
        rel = report.md_path.relative_to(site).as_posix()
        text = report.md_path.read_text(encoding="utf-8")
        edits = iter(range(1_000_000))

        def save_and_update() -> None:
            report.md_path.write_text(text + f"\n修改 {next(edits)}。\n", encoding="utf-8")
            update = preview.apply([rel])
            assert not update.full and update.pages >= 1

        def floor() -> None:
            current = preview.report((report.agency.id, report.year))
            assert current is not None and preview._renderer is not None and preview._index is not None
            render_report(preview._renderer, current, preview._index, pdf=False)

        update = median_seconds(save_and_update, args.repeat)
        bare = median_seconds(floor, args.repeat)
        poll = median_seconds(lambda: watched_files(site), 5)
        print(f"保存一份报告后更新预览（中位数）：{update * 1000:.1f} 毫秒")
        print(f"下限：直接渲染该报告页面（中位数）：{bare * 1000:.1f} 毫秒")
        print(f"比值：{update / bare:.2f}")
        print(f"一次 stat() 轮询全部 {len(watched_files(site))} 个文件：{poll * 1000:.1f} 毫秒（每 0.25 秒一次）")


if __name__ == "__main__":
    main()
