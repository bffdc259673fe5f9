"""The theme: Jinja2 templates and static files, the site's templates/ overriding the package's
gkgen/theme/ file by file.

A site's theme files are content, not code gkgen trusts: a template or static file that is a
symlink leaving the site is never read (`gkgen check` reports it as GK016), and a template that
cannot be decoded is a Chinese error naming the file and line.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from pathlib import Path

import jinja2

from gkgen.errors import GkgenError

STATIC = "static"


def theme_dir() -> Path:
    """The default theme shipped inside the package."""
    return Path(str(importlib.resources.files("gkgen") / "theme"))


def site_theme_dir(root: Path) -> Path:
    return root / "templates"


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symlinks resolved) is an existing file under ``root``."""
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def decode_theme_file(data: bytes, shown: str) -> str:
    """A theme file's text; GkgenError naming the file and line when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise GkgenError(
            f"主题文件 {shown} 第 {line} 行不是 UTF-8 编码（可能是 GBK），请用文本编辑器另存为 UTF-8"
        ) from e


class SiteTemplateLoader(jinja2.FileSystemLoader):
    """The site's templates/: files inside the site only, decoded with a Chinese error."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(folder)
        self.folder = folder
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        path = self.folder.joinpath(*pieces)
        if not path.is_file() and not path.is_symlink():
            raise jinja2.TemplateNotFound(template)
        shown = f"templates/{'/'.join(pieces)}"
        if not inside(path, self.root):
            raise GkgenError(f"模板 {shown} 是指向站点以外的符号链接（或目标不存在），拒绝读取")
        source = decode_theme_file(path.read_bytes(), shown)
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, str(path), uptodate


def environment(root: Path) -> jinja2.Environment:
    """Autoescaping, strict Jinja2 environment: <site>/templates/ first, then the package theme."""
    loaders: list[jinja2.BaseLoader] = []
    site = site_theme_dir(root)
    if site.is_dir() and inside(site, root):
        loaders.append(SiteTemplateLoader(site, root))
    loaders.append(jinja2.FileSystemLoader(theme_dir()))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def static_files(root: Path) -> dict[str, Path]:
    """Every static file by its path under static/ (POSIX), the site's copy winning; a site file
    that is a symlink leaving the site is skipped (GK016)."""
    files: dict[str, Path] = {}
    site = site_theme_dir(root) / STATIC
    for base in (theme_dir() / STATIC, site):
        if not base.is_dir() or (base is site and not inside(base, root)):
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base).as_posix()
            if not path.is_file() or any(p.startswith(".") for p in relative.split("/")):
                continue
            if base is site and not inside(path, root):
                continue
            files[relative] = path
    return dict(sorted(files.items()))
