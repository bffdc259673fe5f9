"""Golden data outputs: report.json, summary.csv, the sheets of summary.xlsx, the JSON Schemas
and the YAML writer's text for every report of the sample site, byte for byte.

They pin the behaviour of every walk over the official tables, so that a refactor of the format
package shows any change as a diff. Regenerate after an intended change with
``scripts/regen-golden`` (GKGEN_REGEN_GOLDEN=1), then review ``git diff tests/golden``."""

from __future__ import annotations

import difflib
import os
import zipfile
from pathlib import Path

import pytest

from gkgen.load.site import load_site
from gkgen.load.writer import dump_report_yaml
from gkgen.outputs import write_data

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample-data"
REGEN = os.environ.get("GKGEN_REGEN_GOLDEN") == "1"


def produced(tmp_path: Path) -> dict[str, bytes]:
    site, _ = load_site(ROOT)
    write_data(site, tmp_path)
    files: dict[str, bytes] = {}
    for path in sorted(tmp_path.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(tmp_path).as_posix()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for member in sorted(book.namelist()):
                    files[f"{name}/{member}"] = book.read(member)
        else:
            files[name] = path.read_bytes()
    for report in site.reports:
        if report.data is None:
            continue
        base = f"yaml/{report.agency.id}/{report.year}"
        files[f"{base}.yaml"] = dump_report_yaml(report.data).encode()
        files[f"{base}.totals.yaml"] = dump_report_yaml(report.data, totals=True).encode()
    return files


def test_sample_data_matches_golden(tmp_path: Path) -> None:
    files = produced(tmp_path)
    if REGEN:
        for old in sorted(GOLDEN.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
        for name, data in files.items():
            path = GOLDEN / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        pytest.skip("已重新生成 tests/golden/sample-data，请用 git diff 检查变化")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "文件集合变化：运行 scripts/regen-golden 并检查 git diff"
    for name in sorted(files):
        if files[name] != expected[name]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[name].decode(errors="replace").splitlines(),
                    files[name].decode(errors="replace").splitlines(),
                    name,
                    name,
                    lineterm="",
                    n=2,
                )
            )
            pytest.fail(f"{name} 与 golden 不同（有意的改动请运行 scripts/regen-golden）：\n{diff[:4000]}")
