"""A WeasyPrint URL fetcher that serves only the site's and the theme's own files.

No network, no redirects, no file outside the allowed folders (symlinks are resolved before the
check), no other scheme. ``data:`` URLs are decoded locally. A refused URL becomes a Chinese
warning naming it; nothing is fetched.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """Raised for a URL the safe fetcher will not serve."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """Serve ``file:`` URLs under the given roots and ``data:`` URLs; refuse everything else."""

    def __init__(self, roots: tuple[Path, ...], report: str = "") -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.report = report
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
            reason = "不在站点或主题目录内，或文件不存在"
        else:
            reason = "PDF 不访问网络，也不读取站点以外的地址"
        where = f"{self.report}：" if self.report else ""
        message = f"{where}已拒绝引用“{url}”（{reason}）"
        self.refused.append(message)
        raise RefusedURL(message)

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None
