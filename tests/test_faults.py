"""Faults of the machine, not the data: a build killed at any moment (SIGKILL of its process group
or of the main process alone, SIGTERM), a corrupted or full cache, a full or read-only output,
broken site templates, no fonts. Builds run as subprocesses, as a user runs them."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL, MakeSite

from gkgen.build import build
from gkgen.errors import GkgenError, UsageError
from gkgen.publish import STAGE_LOCK, remove_stale_stages, staging

REPO = Path(__file__).resolve().parent.parent
GKGEN = [sys.executable, "-c", "from gkgen.cli import main; main()"]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def gkgen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GKGEN, *args], capture_output=True, text=True, env=env or ENV, timeout=900, check=False)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stages(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.new-"))


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    members: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def children(pid: int) -> list[int]:
    out: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


# ---------------------------------------------------------------- stage folders


def test_only_dead_gkgen_stages_are_removed(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    dead = tmp_path / ".out.new-dead1234"
    dead.mkdir()
    (dead / "index.html").write_text("half")
    (tmp_path / ".out.new-dead1234.lock").write_text(STAGE_LOCK)
    foreign = tmp_path / ".out.new-user"  # same name pattern, no gkgen lock: never touched
    foreign.mkdir()
    alien_lock = tmp_path / ".out.new-alien.lock"  # a lock file that is not gkgen's
    alien_lock.write_text("something else")
    (tmp_path / ".out.new-alien").mkdir()
    live = tmp_path / ".out.new-live"
    live.mkdir()
    (tmp_path / ".out.new-live.lock").write_text(STAGE_LOCK)
    with (tmp_path / ".out.new-live.lock").open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a build in progress holds its lock
        assert remove_stale_stages(out) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.new-alien",
        ".out.new-alien.lock",
        ".out.new-live",
        ".out.new-live.lock",
        ".out.new-user",
    ]


def test_staging_removes_its_stage_and_lock_either_way(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), staging(out) as stage:
        (stage / "a").write_text("x")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    with staging(out) as stage:
        (stage / "a").write_text("x")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("name", ["reports/demo/build", "templates", "templates/out", "reports"])
def test_out_inside_the_site_content_is_refused(make_site: MakeSite, name: str) -> None:
    site = make_site()
    (site / "templates").mkdir(exist_ok=True)
    with pytest.raises(UsageError, match="拒绝写入"):
        build(site, site / name, pdf=False)
    assert not (site / name / "index.html").exists()


# ---------------------------------------------------------------- killed builds


@pytest.fixture
def built(make_site: MakeSite, tmp_path: Path) -> tuple[Path, Path, str]:
    """A site with a previous build (no PDFs) at tmp_path/out, and that build's digest."""
    site = make_site()
    out = tmp_path / "out"
    result = gkgen("build", str(site), "--out", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return site, out, tree_digest(out)


def _start_build(site: Path, out: Path) -> subprocess.Popen[str]:
    shutil.rmtree(site / ".gkgen-cache", ignore_errors=True)  # the PDFs are rendered: workers run
    return subprocess.Popen(
        [*GKGEN, "build", str(site), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,
    )


MOMENTS: dict[str, Callable[[subprocess.Popen[str], Path], bool]] = {
    "starting": lambda proc, out: True,
    "staging": lambda proc, out: bool(stages(out)),
    "rendering-pdf": lambda proc, out: len(children(proc.pid)) >= 2,
}


@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("whom", ["group", "main"])
def test_kill_9_at_any_moment(built: tuple[Path, Path, str], moment: str, whom: str) -> None:
    site, out, before = built
    proc = _start_build(site, out)
    try:
        assert wait_for(lambda: MOMENTS[moment](proc, out) or proc.poll() is not None, 120)
        assert proc.poll() is None, f"the build ended before {moment}"
        if whom == "group":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        # no worker outlives the build (PR_SET_PDEATHSIG), whoever was killed
        assert wait_for(lambda: group_members(proc.pid) == [], 10), group_members(proc.pid)
    finally:
        if group_members(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close() if proc.stderr else None
    assert tree_digest(out) == before  # the previous build is intact
    again = gkgen("build", str(site), "--out", str(out), "--no-pdf")
    assert again.returncode == 0, again.stderr
    assert stages(out) == []  # the killed build's stage folder is gone


def test_sigterm_aborts_cleanly(built: tuple[Path, Path, str]) -> None:
    site, out, before = built
    proc = _start_build(site, out)
    assert wait_for(lambda: len(children(proc.pid)) >= 2 or proc.poll() is not None, 120)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "已中止" in err and "Traceback" not in err
    assert wait_for(lambda: group_members(proc.pid) == [], 10)
    assert stages(out) == [] and tree_digest(out) == before


# ---------------------------------------------------------------- the PDF cache


def test_corrupted_cache_entries_are_rendered_again(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site()
    first = gkgen("build", str(site), "--out", str(tmp_path / "a"), "--jobs", "2")
    assert first.returncode == 0, first.stderr
    cached = sorted((site / ".gkgen-cache/pdf").rglob("*.pdf"))
    assert len(cached) == 2
    cached[0].write_bytes(cached[0].read_bytes()[:1000])  # truncated
    cached[1].write_bytes(cached[1].read_bytes().replace(b"%%EOF", b"%%EOX"))  # same size, altered
    second = gkgen("build", str(site), "--out", str(tmp_path / "b"), "--jobs", "2")
    assert second.returncode == 0, second.stderr
    assert "新生成 2 份，未变化沿用 0 份" in second.stderr
    for pdf in (tmp_path / "a").rglob("report.pdf"):
        assert (tmp_path / "b" / pdf.relative_to(tmp_path / "a")).read_bytes() == pdf.read_bytes()
    third = gkgen("build", str(site), "--out", str(tmp_path / "c"), "--jobs", "2")
    assert "新生成 0 份，未变化沿用 2 份" in third.stderr  # the repaired entries are used


def test_cache_put_cleans_up_and_raises_when_the_disk_is_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gkgen.pdf.cache import PdfCache

    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.7 x")
    store = PdfCache(tmp_path / "cache")

    def full(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(b"%PDF")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(OSError):
        store.put("ab" * 32, source, [], 1)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
    assert store.get("ab" * 32) is None


# ---------------------------------------------------------------- full and read-only disks


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[object]:
    """mount(size) -> a fresh tmpfs of that many KiB (root only; otherwise the test is skipped)."""
    mounted: list[Path] = []

    def mount(folder: Path, kib: int) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("needs root to mount a small tmpfs (a full disk cannot be simulated otherwise)")
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(folder)], capture_output=True, check=False
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_output_names_the_path(make_site: MakeSite, tmp_path: Path, tmpfs: object) -> None:
    assert callable(tmpfs)
    disk = tmpfs(tmp_path / "disk", 48)
    site = make_site()
    result = gkgen("build", str(site), "--out", str(disk / "out"), "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert "磁盘空间不足" in result.stderr and str(disk / "out") in result.stderr
    assert "Traceback" not in result.stderr and "站点数据" not in result.stderr
    assert list(disk.iterdir()) == []  # no stage folder, no half-written output


def test_read_only_output_keeps_the_previous_build(make_site: MakeSite, tmp_path: Path, tmpfs: object) -> None:
    assert callable(tmpfs)
    disk = tmpfs(tmp_path / "disk", 4096)
    site = make_site()
    assert gkgen("build", str(site), "--out", str(disk / "out"), "--no-pdf").returncode == 0
    before = tree_digest(disk / "out")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    result = gkgen("build", str(site), "--out", str(disk / "out"), "--no-pdf")
    assert result.returncode == 2 and "只读" in result.stderr and str(disk / "out") in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(disk / "out") == before


def test_full_cache_disk_builds_without_caching(make_site: MakeSite, tmp_path: Path, tmpfs: object) -> None:
    assert callable(tmpfs)
    site = make_site()
    tmpfs(site / ".gkgen-cache", 16)
    result = gkgen("build", str(site), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "无法写入 PDF 缓存" in result.stderr and "本次构建不再缓存" in result.stderr
    assert len(list((tmp_path / "out").rglob("report.pdf"))) == 2


def test_a_worker_that_cannot_write_its_pdf_stops_the_build_with_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from gkgen.pdf import PdfJob, PdfMeta, render_pdfs
    from gkgen.pdf import render as render_module

    def full(*args: object) -> tuple[int, list[str]]:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out/report.pdf"))

    monkeypatch.setattr(render_module, "render_job", full)
    day = dt.date(2022, 1, 20)
    meta = PdfMeta("t", "a", "s", (), day, day)
    job = PdfJob("<p>x</p>", tmp_path, tmp_path, tmp_path / "out/report.pdf", meta)
    with pytest.raises(OSError) as raised:
        render_pdfs([job], workers=0)
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(tmp_path / "out/report.pdf")


# ---------------------------------------------------------------- environment and templates


def test_no_fonts_is_an_environment_error(make_site: MakeSite, tmp_path: Path) -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><cachedir>{tmp_path}/fc</cachedir></fontconfig>\n')
    site = make_site()
    result = gkgen("build", str(site), "--out", str(tmp_path / "out"), env={**ENV, "FONTCONFIG_FILE": str(conf)})
    assert result.returncode == 2
    assert "没有任何可用的字体" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert "站点数据有" not in result.stderr and "Traceback" not in result.stderr  # not "站点数据有 6 个错误"
    assert not (tmp_path / "out").exists()


def test_a_crashing_worker_is_an_environment_error_not_a_data_error() -> None:
    from gkgen.pdf.pool import crash_reason

    assert "运行环境" in crash_reason(-signal.SIGSEGV) and "SIGSEGV" in crash_reason(-signal.SIGSEGV)
    assert "运行环境" not in crash_reason(1)


TEMPLATES = {
    "zero": ("report.html", '{% extends "base.html" %}\n{% block main %}\n{{ 1/0 }}\n{% endblock %}\n', "除以零", 3),
    "type": ("report.html", '{% extends "base.html" %}\n{% block main %}\n\n{{ report + 1 }}{% endblock %}', "类型", 4),
    "include": (
        "report.html",
        '{% extends "base.html" %}\n{% block main %}{% include "report.html" %}{% endblock %}',
        "递归",
        2,
    ),
    "extends": ("base.html", '{% extends "base.html" %}\n', "递归", 1),
    "macro": ("report.html", "{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", "递归", 1),
    "gbk": ("report.html", b'{% extends "base.html" %}\n\n{# \xd6\xd0\xce\xc4 #}\n', "UTF-8", 3),
    "gbk-css": ("static/article.css", b"p { color: red }\n/* \xd6\xd0 */\n", "UTF-8", 2),
}


@pytest.mark.parametrize("case", list(TEMPLATES))
def test_template_errors_name_the_file_and_line(make_site: MakeSite, tmp_path: Path, case: str) -> None:
    name, text, words, line = TEMPLATES[case]
    site = make_site({f"templates/{name}": text})
    with pytest.raises(GkgenError) as raised:
        build(site, tmp_path / "out", pdf=False)
    message = raised.value.format_message()
    assert f"templates/{name} 第 {line} 行" in message and words in message
    assert not (tmp_path / "out").exists()


def test_the_minimal_site_still_builds(tmp_path: Path) -> None:
    """The fences above do not refuse an ordinary site."""
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    assert build(site, tmp_path / "out", pdf=False).files > 10
