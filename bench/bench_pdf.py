"""Benchmark of PDF rendering: gkgen's render_pdfs against the naive `weasyprint` CLI.

Generates N synthetic reports (the PDF test fixture with varied numbers and agency names) and
prints, per report: cold build time, no-op rebuild time, one-changed rebuild time, PDF size, and
peak memory — for gkgen (long-lived workers + cache) and for the baseline (one `weasyprint`
process per report on the same HTML and stylesheet, no cache).

    .venv/bin/python bench/bench_pdf.py --reports 200 --baseline-reports 10

gkgen runs twice: with the installed (CFF) fonts, then with the TrueType copies of
``--font-dir`` (default: the per-user cache `gkgen build` uses; made first if missing, in a
child process so that the conversion does not count as the renderer's peak memory).
``--no-copies`` skips the second run. Last, the PDFs of the bundled sample site (real reports
of 4–9 pages) are made with the copies and their sizes printed, beside the synthetic 10-page case.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pdf_helpers import META, THEME, fixture_html, fixture_job  # noqa: E402

from gkgen.pdf import FontRoles, PdfJob, PdfLayout, full_stylesheet, render_pdfs  # noqa: E402
from gkgen.pdf.outlines import default_font_dir  # noqa: E402

ARTICLE = (ROOT / "tests" / "fixtures" / "pdf" / "_article.html").read_text(encoding="utf-8")
NUM = re.compile(r'(<td class="num"[^>]*>)([\d.]+)(</td>)')


def synthetic_article(seed: int) -> str:
    rng = random.Random(seed)
    text = NUM.sub(lambda m: f"{m.group(1)}{rng.randint(0, 60)}{m.group(3)}", ARTICLE)
    return text.replace("呼伦贝尔市商务局", f"示例市第{seed + 1}局")


def make_jobs(count: int, out_dir: Path) -> list[PdfJob]:
    jobs = []
    for i in range(count):
        job = fixture_job(out_dir / f"r{i:04d}.pdf", fixture_html(synthetic_article(i)), f"r{i}")
        jobs.append(replace(job, meta=replace(META, title=f"示例市第{i + 1}局2021年政府信息公开工作年度报告")))
    return jobs


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, jobs: list[PdfJob], **kwargs: object) -> float:
    start, cpu = time.perf_counter(), cpu_seconds()
    results = render_pdfs(jobs, **kwargs)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    failed = [w for r in results if not r.ok for w in r.warnings]
    if failed:
        raise SystemExit("\n".join(failed))
    cached = sum(r.cached for r in results)
    pages = sum(r.pages for r in results if not r.cached)
    per_page = f"  CPU {cpu / pages * 1000:5.1f} ms/page rendered" if pages else ""
    print(
        f"  {label:<28} {seconds:8.2f} s total  {seconds / len(jobs):7.3f} s/report"
        f"  CPU {cpu / len(jobs):6.3f} s/report  ({cached} cached){per_page}"
    )
    return seconds


def bench_gkgen(count: int, workers: int, work: Path, font_dir: Path | None) -> dict[str, float]:
    label = "TrueType copies" if font_dir else "installed CFF fonts"
    out, cache = work / f"gkgen-{label[:4]}", work / f"cache-{label[:4]}"
    jobs = make_jobs(count, out)
    print(f"gkgen render_pdfs: {count} reports, {workers} workers, {label}")
    opts = {"workers": workers, "cache_dir": cache, "font_dir": font_dir}
    cold = timed("cold build", jobs, **opts)
    noop = timed("no-op rebuild", jobs, **opts)
    changed = list(jobs)
    changed[count // 2] = replace(
        jobs[count // 2],
        html=jobs[count // 2].html.replace("按月通报信息报送", "按月通报并公示信息报送"),
        cache_key="changed",
    )
    one = timed("one report changed", changed, **opts)
    sizes = [job.out.stat().st_size for job in jobs]
    own, children = peak_mb()
    print(f"  PDF size: mean {sum(sizes) / len(sizes) / 1024:.0f} KB, max {max(sizes) / 1024:.0f} KB")
    print(
        f"  peak RSS: main {own:.0f} MB, largest worker {children:.0f} MB "
        f"(all at once <= {own + workers * children:.0f} MB)"
    )
    return {"cold": cold / count, "noop": noop, "one": one, "size": sum(sizes) / len(sizes)}


def sample_site_sizes(workers: int, work: Path, font_dir: Path) -> None:
    """Size of each PDF of the bundled sample site (the real reports, as `gkgen build` makes
    them: same documents, attachments and metadata, TrueType copies)."""
    from gkgen.html import render_portal
    from gkgen.load.site import load_site
    from gkgen.outputs import write_data
    from gkgen.pdf.site import pdf_job

    site, _ = load_site(ROOT)
    stage = work / "sample"
    write_data(site, stage)  # report.json, attached to each PDF
    jobs = [pdf_job(site, report, html, stage) for report, html in render_portal(site).pdf_documents]
    results = render_pdfs(jobs, workers=workers, cache_dir=None, font_dir=font_dir)
    print("sample site (real reports), TrueType copies: pages, PDF size")
    for job, result in zip(jobs, results, strict=True):
        where = job.out.relative_to(stage).parent
        print(f"  {where!s:<24} {result.pages:3d} pages  {job.out.stat().st_size / 1024:6.1f} KB")


def bench_baseline(count: int, work: Path) -> float:
    exe = shutil.which("weasyprint") or str(Path(sys.executable).parent / "weasyprint")
    folder = work / "baseline"
    folder.mkdir()
    css = folder / "pdf.css"
    css.write_text(full_stylesheet(THEME, FontRoles(), PdfLayout()), encoding="utf-8")
    jobs = make_jobs(count, folder)
    for job in jobs:
        job.out.with_suffix(".html").write_text(job.html, encoding="utf-8")
    print(f"baseline: `weasyprint` CLI, one process per report, {count} reports, sequential")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start, cpu = time.perf_counter(), cpu_seconds()
    for job in jobs:
        subprocess.run(
            [exe, "-q", "-s", str(css), "--pdf-variant", "pdf/a-3a", str(job.out.with_suffix(".html")), str(job.out)],
            check=True,
        )
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    sizes = [job.out.stat().st_size for job in jobs]
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"  cold build (= any rebuild)   {seconds:8.2f} s total  {seconds / count:7.3f} s/report"
        f"  CPU {cpu / count:6.3f} s/report"
    )
    print(f"  PDF size: mean {sum(sizes) / len(sizes) / 1024:.0f} KB")
    print(f"  peak RSS of one process: {max(before, after) / 1024:.0f} MB")
    return seconds / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--baseline-reports", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--font-dir", type=Path, default=default_font_dir(), help="TrueType copies for the second run (made if missing)"
    )
    parser.add_argument("--no-copies", action="store_true", help="skip the run with copies")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gkgen-bench-pdf-") as tmp:
        work = Path(tmp)
        print(
            f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}"
        )
        baseline = bench_baseline(args.baseline_reports, work) if args.baseline_reports else 0.0
        ratios = {"installed CFF fonts": bench_gkgen(args.reports, args.workers, work, None)["cold"]}
        if not args.no_copies:
            # in a child process, so its memory does not count as the renderer's peak
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "gkgen.pdf.prepare_fonts", "--font-dir", str(args.font_dir)],
                check=True,
                cwd=ROOT,
            )
            print(f"TrueType copies ready in {time.perf_counter() - start:.1f} s")
            ratios["TrueType copies"] = bench_gkgen(args.reports, args.workers, work, args.font_dir)["cold"]
            sample_site_sizes(args.workers, work, args.font_dir)
        if baseline:
            for label, cold in ratios.items():
                print(
                    f"ratio: naive CLI per report {baseline:.3f} s ÷ gkgen cold per report {cold:.3f} s "
                    f"({label}) = {baseline / cold:.1f}x  (issue 15 target: >= 10x)"
                )
        print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
