"""Benchmark: the whole `gkgen build` WITH PDFs of the synthetic site, its peak memory, and the
naive `weasyprint` CLI on the same documents as the floor.

Generates bench/bench_check.py's site (N agencies × 2019–2022), runs `gkgen build` as a
subprocess (cold: no PDF cache; the TrueType copies of the per-user font folder, made first if
missing), and samples the resident memory of its whole process tree (the main process and
the PDF workers) from /proc every 0.2 s. The sum of RSS counts shared library pages once per
process, so the figure is an upper bound of what the build really needs.
With ``--cli-floor`` (default when the site has at most 40 reports) it then renders the same PDF
documents with the `weasyprint` CLI, one process per report, and prints the ratio
CLI time ÷ gkgen build time (issue 15: 12 four-page reports, ``--agencies 3``, target ≥ 8×).
Usage: python bench/bench_build.py [--agencies 250] [--jobs N] [--cli-floor | --no-cli-floor]
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


def cli_floor(work: Path) -> float:
    """Seconds the `weasyprint` CLI takes for the site's PDF documents, one process each
    (installed fonts, gkgen's stylesheet, PDF/A-3a): the build's HTML stage renders them."""
    sys.path.insert(0, str(ROOT))
    from gkgen.html import render_portal
    from gkgen.load.site import load_site
    from gkgen.pdf import FontRoles, PdfLayout, full_stylesheet
    from gkgen.pdf.render import THEME_DIR

    site, _ = load_site(work / "site")
    folder = work / "cli"
    folder.mkdir()
    css = folder / "pdf.css"
    css.write_text(full_stylesheet(THEME_DIR, FontRoles(), PdfLayout()), encoding="utf-8")
    documents = []
    for number, (_, html) in enumerate(render_portal(site).pdf_documents):
        documents.append(folder / f"r{number}.html")
        documents[-1].write_text(html, encoding="utf-8")
    exe = shutil.which("weasyprint") or str(Path(sys.executable).parent / "weasyprint")
    start = time.perf_counter()
    for html in documents:
        subprocess.run(
            [exe, "-q", "-s", str(css), "--pdf-variant", "pdf/a-3a", str(html), str(html.with_suffix(".pdf"))],
            check=True,
            cwd=work / "site",
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument(
        "--cli-floor",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also time the weasyprint CLI on the same documents (default: ≤ 40 reports)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gkgen-bench-build-"))
    try:
        count = generate(work / "site", args.agencies)
        command = [
            sys.executable,
            "-c",
            "from gkgen.cli import main; main()",
            "build",
            str(work / "site"),
            "--out",
            str(work / "out"),
        ]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        subprocess.run(
            [sys.executable, "-m", "gkgen.pdf.prepare_fonts"],
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        start = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        pdfs = sum(1 for _ in (work / "out").rglob("report.pdf"))
        print(f"报告数：{count}；CPU 核数：{os.cpu_count()}；退出码：{process.returncode}；生成 PDF：{pdfs} 份")
        print(f"gkgen build（含 PDF，冷构建）：{seconds:.1f} 秒（{seconds / count:.3f} 秒/份）")
        print(f"进程树峰值内存（各进程 RSS 之和，上限）：{peak / 1024:.0f} MB（目标 ≤ 1024 MB）")
        if args.cli_floor if args.cli_floor is not None else count <= 40:
            cli = cli_floor(work)
            print(f"对照：weasyprint 命令行逐份生成同样的 {count} 份 PDF：{cli:.1f} 秒（{cli / count:.3f} 秒/份）")
            print(f"比值：命令行 ÷ gkgen build = {cli / seconds:.1f} 倍（issue 15 目标：12 份 4 页报告 ≥ 8 倍）")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
