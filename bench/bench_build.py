"""Benchmark: the whole `gkgen build` WITH PDFs of the 1000-report synthetic site, and its peak
memory (issue 4: ≤ 1 GB for 1000 reports).

Generates bench/bench_check.py's site (250 agencies × 2019–2022), runs `gkgen build` as a
subprocess, and samples the resident memory of its whole process tree (the main process and
the PDF workers) from /proc every 0.2 s. The sum of RSS counts shared library pages once per
process, so the figure is an upper bound of what the build really needs.
Usage: .venv/bin/python bench/bench_build.py [--agencies 250] [--jobs N]
The figures are recorded in docs/performance.md."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from bench_check import generate  # noqa: E402  (the same synthetic site as the check benchmark)


def tree_rss_kib(pid: int) -> int:
    """Resident memory (KiB) of ``pid`` and all its descendants, 0 once it has exited."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        proc = Path("/proc") / str(current)
        try:
            status = (proc / "status").read_text()
            for task in (proc / "task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gkgen-bench-build-"))
    try:
        count = generate(work / "site", args.agencies)
        command = [str(ROOT / ".venv" / "bin" / "gkgen"), "build", str(work / "site"), "--out", str(work / "out")]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        pdfs = sum(1 for _ in (work / "out").rglob("report.pdf"))
        print(f"报告数：{count}；CPU 核数：{os.cpu_count()}；退出码：{process.returncode}；生成 PDF：{pdfs} 份")
        print(f"gkgen build（含 PDF，冷构建）：{seconds:.1f} 秒（{seconds / count:.3f} 秒/份）")
        print(f"进程树峰值内存（各进程 RSS 之和，上限）：{peak / 1024:.0f} MB（目标 ≤ 1024 MB）")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
