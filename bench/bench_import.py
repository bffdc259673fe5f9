"""Speed of the text importer as a ratio against a floor measured in the same run.

    .venv/bin/python bench/bench_import.py [--mb 1] [--repeat 3]

For each input shape a file of about ``--mb`` MB is generated; the floor is reading it, decoding it,
``str.splitlines`` and one regex scan for numbers; the importer is ``import_file`` (read, tables,
matcher, narrative, metadata). CPU time, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkgen.importer import import_file  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds-raw"
_NUMBER = re.compile(r"\d+")


def shapes(size: int) -> dict[str, str]:
    """Inputs of about ``size`` bytes: the five seed reports one after another, repeated; and the
    shape that costs the most per byte (one table cell per line, most of them labels)."""
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    head = (SEEDS / "004_de67b3003fa77aa1.txt").read_text(encoding="utf-8").split("二、")[0]
    cell = "行政许可\n\n0\n\n\n"
    return {
        "五份报告重复": seeds * max(1, size // len(seeds.encode())),
        "每格一行（最慢的形状）": head + "二、主动公开政府信息情况\n" + cell * (size // len(cell.encode())),
    }


def floor(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    lines = text.splitlines()
    _NUMBER.findall(text)
    assert lines


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'输入':<24}{'大小':>10}{'下限':>10}{'导入':>10}{'倍数':>8}{'每 MB':>10}")
        for name, text in shapes(int(args.mb * 1024 * 1024)).items():
            path = Path(folder) / "input.txt"
            path.write_text(text, encoding="utf-8")
            mb = path.stat().st_size / 1024 / 1024
            base = best(lambda: floor(path), args.repeat)  # noqa: B023
            imported = best(lambda: import_file(path, year=2021), args.repeat)  # noqa: B023
            ratio, per_mb = imported / base, imported / mb
            print(f"{name:<20}{mb:>8.2f} MB{base:>8.3f} 秒{imported:>8.2f} 秒{ratio:>8.0f}{per_mb:>8.2f} 秒")


if __name__ == "__main__":
    main()
