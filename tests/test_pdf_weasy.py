"""The WeasyPrint fence: version check, patches checked by name, the patch digest in cache keys."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from pdf_helpers import META

from gkgen.pdf import weasy


def test_installed_version_is_supported_and_every_patch_fits() -> None:
    assert weasy.install() == []
    assert weasy.problems() == []


def test_another_version_is_reported_not_skipped_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    monkeypatch.setattr(weasy, "_state", {})
    monkeypatch.setattr(weasy, "PATCHES", ())
    problems = weasy.install()
    assert len(problems) == 1 and "99.0" in problems[0] and "70.x" in problems[0]


def test_a_missing_or_changed_function_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[str] = []

    def record(module: Any, original: Any) -> None:
        installed.append(original.__name__)

    def changed(other: Any, names: Any) -> None: ...

    fake = types.ModuleType("gkgen_fake_weasy")
    fake.changed = changed  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "gkgen_fake_weasy", fake)
    monkeypatch.setattr(weasy, "_state", {})
    monkeypatch.setattr(
        weasy,
        "PATCHES",
        (
            weasy.Patch("gkgen_fake_weasy", "gone", ("x",), record, "测试修正甲"),
            weasy.Patch("gkgen_fake_weasy", "changed", ("box", "parent"), record, "测试修正乙"),
        ),
    )
    problems = weasy.install()
    assert installed == []
    assert any("gone" in p and "测试修正甲" in p for p in problems)
    assert any("参数已变" in p and "测试修正乙" in p for p in problems)


def test_patch_digest_is_part_of_the_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from gkgen.pdf import FontRoles, PdfLayout
    from gkgen.pdf.cache import job_digest
    from gkgen.pdf.jobs import PdfJob

    job = PdfJob(html="<p>x</p>", base_dir=Path("."), theme_dir=Path("."), out=Path("x.pdf"), meta=META)
    key = job_digest(job, fonts_signature=repr(FontRoles()), css_text="", layout=PdfLayout(), variant="v")
    monkeypatch.setattr(weasy, "DIGEST", "changed")
    assert job_digest(job, fonts_signature=repr(FontRoles()), css_text="", layout=PdfLayout(), variant="v") != key
