"""Benchmark: what the overview table and the charts cost an HTML-only build of 1000 reports.

Generates the synthetic site of bench/bench_check.py (250 agencies × 4 years), then runs
`gkgen build --no-pdf` alternately with gkgen.yaml's 概览与图表 switched off (the floor) and on
(the default), ``--rounds`` times each, and prints the best time of each with their ratio, and
the median of the rounds' ratios — the figure the target (issue 16: at most 1.10) is judged on,
since each round runs both settings back to back and a change in the machine's load between
rounds cancels out. Both the wall-clock time and the CPU time of this process are measured (the
build runs in this process unless --jobs > 1); on a machine shared with other work the CPU time
is the steadier figure. Separately, for reference, it times the HTML rendering alone
(render_site on the loaded site), where the charts' share is largest.
Usage: .venv/bin/python bench/bench_charts.py [--agencies 250] [--rounds 5] [--jobs N]"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkgen.build import build  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench_check import generate  # noqa: E402  (the same synthetic site as the check benchmark)

OFF = "概览与图表:\n  年度概览表: false\n  图表: false\n"
TARGET = 1.10


def set_display(site: Path, base: str, on: bool) -> None:
    (site / "gkgen.yaml").write_text(base if on else base + OFF, encoding="utf-8")


Times = tuple[float, float]
"""(wall-clock seconds, CPU seconds of this process)."""


def timed_build(site: Path, out: Path, jobs: int | None) -> Times:
    wall, cpu = time.perf_counter(), time.process_time()
    build(site, out, pdf=False, jobs=jobs)
    return time.perf_counter() - wall, time.process_time() - cpu


def timed_render(site: Path) -> Times:
    from gkgen.html import render_site
    from gkgen.load.site import load_site

    loaded, _ = load_site(site)
    wall, cpu = time.perf_counter(), time.process_time()
    render_site(loaded, pdf=False)
    return time.perf_counter() - wall, time.process_time() - cpu


def report(name: str, off: list[Times], on: list[Times], *, target: bool) -> None:
    """Best of each (wall clock and CPU) with their ratio, and the median ratio of the rounds
    (each round runs both settings one after the other, so a change in the machine's load
    between rounds cancels out). ``target``: the line the issue's target applies to."""
    for index, clock in ((0, "墙钟时间"), (1, "CPU 时间")):
        floor, charts = min(t[index] for t in off), min(t[index] for t in on)
        ratio = charts / floor
        paired = statistics.median(b[index] / a[index] for a, b in zip(off, on, strict=True))
        line = (
            f"{name}（{clock}）：关闭概览与图表（基线）{floor:.2f} 秒，显示 {charts:.2f} 秒，"
            f"最短时间之比 {ratio:.3f}，逐轮之比的中位数 {paired:.3f}"
        )
        if target:
            line += f"（目标 ≤ {TARGET:.2f}：{'达标' if paired <= TARGET else '超出'}）"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gkgen-bench-charts-"))
    try:
        site = work / "site"
        count = generate(site, args.agencies)
        base = (site / "gkgen.yaml").read_text(encoding="utf-8")
        builds: dict[bool, list[Times]] = {False: [], True: []}
        renders: dict[bool, list[Times]] = {False: [], True: []}
        for _ in range(args.rounds):
            for on in (False, True):
                set_display(site, base, on)
                builds[on].append(timed_build(site, work / "build", args.jobs))
                renders[on].append(timed_render(site))
        set_display(site, base, True)
        print(f"报告数：{count}；CPU 核数：{os.cpu_count()}；两种设置交替各运行 {args.rounds} 次，取最短时间")
        report("gkgen build --no-pdf", builds[False], builds[True], target=True)
        report("其中网页渲染（render_site，仅供参考）", renders[False], renders[True], target=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
