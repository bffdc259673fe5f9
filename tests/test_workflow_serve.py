"""`gkgen serve` over a real socket on 127.0.0.1: pages, findings in the page, a saved file
updates only its report, live reload, Ctrl-C. Every wait is bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINIMAL, MakeSite

from gkgen.workflow.console import Console
from gkgen.workflow.preview import Preview
from gkgen.workflow.serve import HOST, serve

WAIT = 20.0
DEMO_MD = "reports/demo/2021.md"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def served(make_site: MakeSite) -> Iterator[tuple[Path, str]]:
    site = make_site()
    stop = threading.Event()
    ready: list[str] = []
    console = Console(quiet=True)
    thread = threading.Thread(
        target=serve,
        kwargs={"root": site, "port": 0, "console": console, "stop": stop, "ready": ready.append, "poll": 0.05},
    )
    thread.start()
    try:
        wait_for(lambda: ready, "the server")
        yield site, ready[0]
    finally:
        stop.set()
        thread.join(WAIT)
        assert not thread.is_alive()


def test_serves_pages_with_reload_script(served: tuple[Path, str]) -> None:
    _, url = served
    assert url.startswith(f"http://{HOST}:")
    status, page = get(url)
    assert status == 200 and "/__gkgen__/reload.js" in page
    status, script = get(url + "__gkgen__/reload.js")
    assert status == 200 and "location.reload()" in script and "http" not in script  # nothing external
    status, page = get(url + "2021/demo/index.html")
    assert status == 200 and "gkgen-findings" not in page  # a clean report: no panel
    assert get(url + "nothing.html")[0] == 404


def test_saved_file_updates_the_page_and_shows_findings(served: tuple[Path, str]) -> None:
    site, url = served
    version = get(url + "__gkgen__/version")[1]
    md = site / DEMO_MD
    md.write_text(md.read_text(encoding="utf-8") + "\n新增的一段话。TODO\n", encoding="utf-8")
    wait_for(lambda: get(url + "__gkgen__/version")[1] != version, "the rebuild")
    status, page = get(url + "2021/demo/index.html")
    assert status == 200 and "新增的一段话" in page
    assert 'id="gkgen-findings"' in page and "GK506" in page


def test_report_that_cannot_render_shows_why(served: tuple[Path, str]) -> None:
    site, url = served
    version = get(url + "__gkgen__/version")[1]
    (site / "reports/demo/2021.yaml").write_text("年度: [\n", encoding="utf-8")
    wait_for(lambda: get(url + "__gkgen__/version")[1] != version, "the rebuild")
    status, page = get(url + "2021/demo/index.html")
    assert status == 200 and "GK002" in page and "reload.js" in page


def test_only_the_saved_report_is_rendered_again(make_site: MakeSite) -> None:
    site = make_site()
    preview = Preview(site)
    assert preview.rebuild().full
    md = site / DEMO_MD
    md.write_text(md.read_text(encoding="utf-8") + "\n又一段。\n", encoding="utf-8")
    update = preview.apply([DEMO_MD])
    assert not update.full and update.reports == [("demo", 2021)]
    assert "又一段" in preview.files["2021/demo/index.html"].decode()
    assert preview.apply(["gkgen.yaml"]).full  # settings: everything


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    import shutil

    shutil.copytree(MINIMAL, site)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from gkgen.cli import main; main()", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + WAIT
        line = ""
        while "预览地址" not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
        assert "http://127.0.0.1:" in line
        url = line.split("预览地址：")[1].split("（")[0]
        assert get(url)[0] == 200
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "已停止预览" in err and "Traceback" not in err
