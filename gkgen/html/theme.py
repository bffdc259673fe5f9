"""The theme: Jinja2 templates and static files, the site's templates/ overriding the package's
gkgen/theme/ file by file."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import jinja2

STATIC = "static"


def theme_dir() -> Path:
    """The default theme shipped inside the package."""
    return Path(str(importlib.resources.files("gkgen") / "theme"))


def site_theme_dir(root: Path) -> Path:
    return root / "templates"


def environment(root: Path) -> jinja2.Environment:
    """Autoescaping, strict Jinja2 environment: <site>/templates/ first, then the package theme."""
    loaders: list[jinja2.BaseLoader] = []
    site = site_theme_dir(root)
    if site.is_dir():
        loaders.append(jinja2.FileSystemLoader(site))
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
    """Every static file by its path under static/ (POSIX), the site's copy winning."""
    files: dict[str, Path] = {}
    for base in (theme_dir() / STATIC, site_theme_dir(root) / STATIC):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base).as_posix()
            if path.is_file() and not any(p.startswith(".") for p in relative.split("/")):
                files[relative] = path
    return dict(sorted(files.items()))
