"""`gkgen serve`: preview the portal on 127.0.0.1, rebuilt as files are saved.

- Only 127.0.0.1 is bound: the preview is for the person at this computer.
- Files are watched by polling their stat() (every :data:`POLL_SECONDS`): no extra dependency,
  works the same on every system and editor (atomic renames included); a poll of a 1000-report
  site takes a few milliseconds.
- A change is handed to :class:`~.preview.Preview`, which redoes only what the file affects.
- Every HTML page gets a panel with the findings that concern it and a small script, served by
  gkgen itself (no request leaves the machine), that reloads the page when the preview changes.
- Ctrl-C (or ``stop`` being set) shuts the server down cleanly.
"""

from __future__ import annotations

import mimetypes
import os
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from gkgen.errors import UsageError
from gkgen.findings import SEVERITY_WORDS, Finding
from gkgen.paths import CONFIG, REPORTS, TEMPLATES
from gkgen.workflow.console import Console
from gkgen.workflow.preview import Preview, Update, report_of_page

HOST = "127.0.0.1"
POLL_SECONDS = 0.25
PREFIX = "/__gkgen__/"
SHOWN_FINDINGS = 200
RELOAD_JS = """\
(function () {
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-version") : null;
  function poll() {
    fetch("/__gkgen__/version", {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (seen !== null && v.trim() !== seen) { location.reload(); } else { setTimeout(poll, 400); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 400);
})();
"""
PANEL_CSS = (
    "position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;z-index:9999;margin:0;"
    "padding:.5em 1em;background:#fff8e1;border-top:3px solid #c62828;font:14px/1.5 sans-serif;color:#222"
)


Snapshot = dict[str, tuple[int, int]]


def watched_files(root: Path) -> Snapshot:
    """(mtime, size) of every file whose change affects the preview: gkgen.yaml, reports/ and the
    site's templates/ (followed when it is a link, as the sample site's is)."""
    out: Snapshot = {}
    base = str(root)
    config = root / CONFIG
    if config.is_file():
        out[CONFIG] = _stat(str(config))
    for folder in (REPORTS, TEMPLATES):
        for dirpath, dirnames, filenames in os.walk(os.path.join(base, folder), followlinks=True):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            rel = os.path.relpath(dirpath, base).replace(os.sep, "/")
            for name in filenames:
                if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
                    continue  # editors' scratch files
                try:
                    out[f"{rel}/{name}"] = _stat(os.path.join(dirpath, name))
                except FileNotFoundError:
                    continue
    return out


def _stat(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int, console: Console) -> None:
        self.preview = preview
        self.console = console
        try:
            super().__init__((HOST, port), PreviewHandler)
        except OSError as e:
            raise UsageError(f"无法在 {HOST}:{port} 上启动预览：{e.strerror or e}（可用 --port 换一个端口）") from e

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.0"

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def log_message(self, format: str, *args: object) -> None:
        self.server.console.detail(f"{self.address_string()} {format % args}")

    def _answer(self, *, head: bool) -> None:
        preview = self.server.preview
        path = unquote(urlsplit(self.path).path)
        if path == PREFIX + "version":
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(preview.version).encode(), head)
            return
        if path == PREFIX + "reload.js":
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS.encode(), head)
            return
        name = path.lstrip("/")
        if name == "" or name.endswith("/"):
            name += "index.html"
        with preview.lock:
            body = preview.files.get(name)
            version = preview.version
            if body is not None and name.endswith(".html"):
                body = with_panel(body, preview.page_findings(name), version)
                status = HTTPStatus.OK
            elif body is None and name.endswith(".html"):
                body = problem_page(preview, name, version).encode("utf-8")
                status = HTTPStatus.OK if preview.error or report_of_page(name) else HTTPStatus.NOT_FOUND
            else:
                status = HTTPStatus.OK
        if body is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "未找到".encode(), head)
            return
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(status, kind, body, head)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def reload_tag(version: int) -> str:
    return f'<script src="{PREFIX}reload.js" data-version="{version}"></script>'


def findings_panel(findings: list[Finding]) -> str:
    """The findings as a fixed panel at the bottom of the page (nothing when there are none)."""
    if not findings:
        return ""
    errors = sum(f.severity == "error" for f in findings)
    items = "".join(
        f"<li><code>{escape(f.location)}</code> {SEVERITY_WORDS[f.severity]} {f.rule} {escape(f.message)}</li>"
        for f in findings[:SHOWN_FINDINGS]
    )
    more = (
        f"<p>……另有 {len(findings) - SHOWN_FINDINGS} 条，运行 gkgen check 查看全部。</p>"
        if len(findings) > SHOWN_FINDINGS
        else ""
    )
    return (
        f'<aside id="gkgen-findings" style="{PANEL_CSS}" aria-label="gkgen 检查结果">'
        f"<strong>gkgen 预览：{errors} 个错误，{len(findings) - errors} 个警告</strong>"
        f'<ul style="margin:.3em 0;padding-left:1.2em">{items}</ul>{more}</aside>'
    )


def with_panel(page: bytes, findings: list[Finding], version: int) -> bytes:
    extra = (findings_panel(findings) + reload_tag(version)).encode("utf-8")
    at = page.rfind(b"</body>")
    return page[:at] + extra + page[at:] if at >= 0 else page + extra


def problem_page(preview: Preview, name: str, version: int) -> str:
    """What is shown where a page could not be made: why, and the findings."""
    key = report_of_page(name)
    if preview.error:
        reason = preview.error
    elif name in preview.failures:
        reason = preview.failures[name]
    elif key is not None and preview.report(key) is not None:
        reason = "这份报告有错误，无法生成页面。请按下面的提示修改，保存后页面会自动刷新。"
    else:
        reason = "没有这个页面。"
    findings = preview.page_findings(name)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>gkgen 预览</title></head>'
        f'<body style="font:16px/1.6 sans-serif;margin:2em"><h1>gkgen 预览</h1><p>{escape(reason)}</p>'
        f'<p><a href="/index.html">返回首页</a></p>{findings_panel(findings)}{reload_tag(version)}</body></html>'
    )


def serve(
    root: Path,
    *,
    port: int,
    console: Console,
    stop: threading.Event | None = None,
    ready: Callable[[str], None] | None = None,
    poll: float = POLL_SECONDS,
) -> int:
    """Build, serve and watch until Ctrl-C (or ``stop``); ``ready`` is told the address."""
    preview = Preview(root)
    with console.step("正在生成预览"):
        first = preview.rebuild()
    server = PreviewServer(preview, port, console)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    _report(console, first)
    console.info(f"预览地址：{server.url}（只在本机可访问；按 Ctrl-C 停止）")
    if ready is not None:
        ready(server.url)
    stop = stop or threading.Event()
    snapshot = watched_files(root)
    try:
        while not stop.wait(poll):
            now = watched_files(root)
            changed = changed_files(snapshot, now)
            if changed:
                snapshot = now
                _report(console, preview.apply(changed), changed)
    except KeyboardInterrupt:
        console.info("")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        console.info("已停止预览。")
    return 0


def _report(console: Console, update: Update, changed: set[str] | None = None) -> None:
    what = "、".join(sorted(changed)[:3]) + ("等" if changed and len(changed) > 3 else "") if changed else ""
    if update.error:
        console.info(f"{what + '：' if what else ''}无法生成页面：{update.error}")
    elif update.full:
        console.info(f"{what + '：' if what else ''}已生成全部页面（{update.pages} 个文件，{update.seconds:.2f} 秒）")
    else:
        console.info(f"{what}：已更新 {update.pages} 个文件（{update.seconds:.2f} 秒）")
