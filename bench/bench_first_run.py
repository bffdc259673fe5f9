"""Benchmark: the first `gkgen build` on a fresh machine or CI runner (no TrueType font copies yet),
against floors measured in the same run.

    python bench/bench_first_run.py [--repeat 1]

Copies the bundled sample site (6 reports, 4–9 pages) to a temporary folder and times, each in a
new process:

- floor: the naive `weasyprint` CLI, one process per report, on the same 6 documents
  (installed fonts, same stylesheet, PDF/A-3a): what the PDFs cost without gkgen at all;
- first run: `gkgen build` with an empty font folder ($XDG_CACHE_HOME) and no PDF cache, so the
  copies of the 3 CFF faces are made first;
- warm fonts: the same build again with the copies present and the PDF cache deleted;
- reading the source font files once (from the page cache), for scale.

It prints each time, the CPU time (user + system of the process and its children), and the ratios
first run ÷ CLI floor and first run ÷ warm-fonts build; docs/performance.md records the ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkgen.pdf import FontRoles, PdfLayout, full_stylesheet  # noqa: E402
from gkgen.pdf.fonts import find_font  # noqa: E402
from gkgen.pdf.render import THEME_DIR  # noqa: E402

GKGEN = [sys.executable, "-c", "from gkgen.cli import main; main()"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child processes) of ``action``."""
    start, cpu = time.perf_counter(), children_cpu()
    action()
    return time.perf_counter() - start, children_cpu() - cpu


def copy_site(dest: Path) -> None:
    dest.mkdir(parents=True)
    for name in ("gkgen.yaml", "reports", "templates"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy2(source, dest / name)


def sample_documents(stage: Path) -> list[Path]:
    """The sample site's PDF documents as HTML files (as `gkgen build` renders them)."""
    from gkgen.html import render_portal
    from gkgen.load.site import load_site

    site, _ = load_site(ROOT)
    stage.mkdir(parents=True)
    paths = []
    for number, (_, html) in enumerate(render_portal(site).pdf_documents):
        path = stage / f"r{number}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths


def run_cli(documents: list[Path], css: Path) -> None:
    exe = shutil.which("weasyprint") or str(Path(sys.executable).parent / "weasyprint")
    for html in documents:
        subprocess.run(
            [exe, "-q", "-s", str(css), "--pdf-variant", "pdf/a-3a", str(html), str(html.with_suffix(".pdf"))],
            check=True,
        )


def run_build(site: Path, out: Path, xdg: Path) -> None:
    shutil.rmtree(site / ".gkgen-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(xdg), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [*GKGEN, "build", str(site), "--out", str(out)], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    if sum(1 for _ in out.rglob("report.pdf")) != 6:
        raise SystemExit("the build did not write the 6 PDFs:\n" + proc.stderr)


def read_fonts() -> None:
    faces = {
        find_font(family, bold=bold)
        for family, bold in ((FontRoles().body, False), (FontRoles().title, True), (FontRoles().heading1, False))
    }
    for face in faces:
        if face is not None:
            face.path.read_bytes()


def measure_once() -> None:
    with tempfile.TemporaryDirectory(prefix="gkgen-bench-first-") as tmp:
        work = Path(tmp)
        css = work / "pdf.css"
        css.write_text(full_stylesheet(THEME_DIR, FontRoles(), PdfLayout()), encoding="utf-8")
        documents = sample_documents(work / "cli")
        site, out, xdg = work / "site", work / "out", work / "xdg"
        copy_site(site)
        read_fonts()  # into the page cache: every run below reads them warm
        reading, _ = timed(read_fonts)
        cli, cli_cpu = timed(lambda: run_cli(documents, css))
        first, first_cpu = timed(lambda: run_build(site, out, xdg))
        copies = sorted((xdg / "gkgen" / "fonts").glob("*.ttf"))
        size = sum(p.stat().st_size for p in copies) / 2**20
        warm, warm_cpu = timed(lambda: run_build(site, out, xdg))
        print(f"  read the 3 source font files      {reading:7.2f} s")
        print(f"  floor: weasyprint CLI, 6 reports  {cli:7.2f} s  (CPU {cli_cpu:6.2f} s)")
        print(
            f"  gkgen build, first run            {first:7.2f} s  (CPU {first_cpu:6.2f} s; "
            f"{len(copies)} copies made, {size:.1f} MB)"
        )
        print(f"  gkgen build, copies present       {warm:7.2f} s  (CPU {warm_cpu:6.2f} s)")
        print(f"  ratio first run ÷ CLI floor       {first / cli:7.2f}")
        print(f"  ratio first run ÷ warm build      {first / warm:7.2f}   (making the copies: {first - warm:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="repeat the whole measurement")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f}")
    for _ in range(args.repeat):
        measure_once()
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
