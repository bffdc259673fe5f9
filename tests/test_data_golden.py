"""Golden data outputs: report.json, summary.csv, the sheets of summary.xlsx, the JSON Schemas
and the YAML writer's text for every report of the sample site, byte for byte.

They pin the behaviour of every walk over the official tables, so that a refactor of the format
package shows any change as a diff. Regenerate after an intended change with
``scripts/regen-golden`` (GKGEN_REGEN_GOLDEN=1), then review ``git diff tests/golden``."""

from __future__ import annotations

import zipfile
from pathlib import Path

from golden_support import assert_matches_golden

from gkgen.load.site import load_site
from gkgen.load.writer import dump_report_yaml
from gkgen.outputs import write_data

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample-data"


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
    assert_matches_golden(files, GOLDEN)
