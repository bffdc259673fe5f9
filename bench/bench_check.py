"""Benchmark `gkgen check` on 1000 reports (250 agencies × 2019-2022).

Generates a synthetic site — each agency with its own random but consistent numbers (rules 1-4
hold, carry-over and 现行有效/上一年项目数量 chained from year to year, 2019 format for 2019-2020 and
2021 format from 2021) and a realistic narrative of 3-5 KB — then times `check_site` in this
process and `gkgen check` as a subprocess. The budget (issue 2) is 5 s for 1000 reports on this
2-core machine; the figure is recorded in docs/performance.md.

Usage: .venv/bin/python bench/bench_check.py [--agencies 250] [--out DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkgen.data import Cell, CellKey, Pos, ReportData  # noqa: E402
from gkgen.format import format_for_year  # noqa: E402
from gkgen.format.model import Format  # noqa: E402
from gkgen.load.writer import dump_report_yaml  # noqa: E402

YEARS = (2019, 2020, 2021, 2022)
CATEGORIES = ("市政府工作部门", "县区政府", "其他单位")
_P = Pos("")

SENTENCES = (
    "本机关坚持以公开为常态、不公开为例外，围绕中心工作，及时准确发布政府信息",
    "通过门户网站、政务新媒体和新闻发布会等渠道，扩大政府信息的传播范围",
    "严格执行信息发布保密审查制度，确保公开内容合法、准确、规范",
    "进一步规范依申请公开的受理、办理、答复和归档流程，依法保障公众合理的信息需求",
    "对规范性文件实行目录化管理，定期开展清理并向社会公布清理结果",
    "加强政府信息公开专栏建设，优化栏目设置，提升检索和浏览体验",
    "将政府信息公开工作纳入年度绩效考核，组织开展业务培训和督促检查",
    "围绕优化营商环境、民生保障和重大项目建设等重点领域，加大信息公开力度",
    "做好政策解读工作，采用图文、视频等形式，增强政策的可读性和可及性",
    "畅通政民互动渠道，认真办理群众留言，及时回应社会关切",
)


TOPICS = tuple(
    a + b
    for a in ("营商", "民生", "教育", "医疗", "就业", "社保", "住房", "交通", "环保", "农业", "文旅", "应急")
    for b in ("政策", "服务", "项目", "资金", "监管", "改革", "保障", "规划")
)
"""Words that make each agency's clauses its own, as real reports are (no two alike: GK513/GK514)."""


def _sentences(rng: random.Random, count: int) -> str:
    out = []
    for _ in range(count):
        first, *rest = rng.choice(SENTENCES).split("，")
        words = rng.sample(TOPICS, 1 + len(rest))
        clauses = [f"在{words[0]}方面{first}", *(f"{r}并突出{w}" for r, w in zip(rest, words[1:], strict=True))]
        out.append("，".join(clauses))
    return "。".join(out) + "。"


def narrative(rng: random.Random, fmt: Format, year: int, link: bool) -> str:
    """A narrative of about 3-5 KB with every section and the five parts of 总体情况."""
    out = [f"本报告根据《中华人民共和国政府信息公开条例》编制，数据统计期限为 {year} 年 1 月 1 日至 12 月 31 日。", ""]
    for section in (s for s in fmt.sections if s.kind == "narrative"):
        out += [f"# {section.title}", ""]
        for variants in section.parts:
            out += [f"## {variants[0]}", "", _sentences(rng, rng.randint(3, 6)), ""]
        if not section.parts:
            out += [_sentences(rng, rng.randint(3, 5)), ""]
    out += ["本年度未收取信息处理费。", ""]
    if link:
        out += ["附件：[政府信息公开指南](指南.pdf)", ""]  # the file is written beside the narrative
    return "\n".join(out)


class Agency:
    """Carries one agency's numbers from a year to the next."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.carry: dict[str, int] = {}
        self.previous: ReportData | None = None

    def report(self, year: int) -> ReportData:
        fmt = format_for_year(year)
        data = ReportData(file="", year=year, format=fmt, cells={}, published=dt.date(year + 1, 1, 20))
        for key in fmt.input_keys:
            data.cells[key] = Cell(self.rng.randint(0, 3) if self.rng.random() < 0.3 else 0, _P)
        self.active(data)
        self.applications(data)
        self.previous = data
        return data

    def _set(self, data: ReportData, key: CellKey, value: int | Decimal) -> None:
        data.cells[key] = Cell(value, _P)

    def _prev(self, data: ReportData, key: CellKey) -> int | None:
        same = self.previous is not None and self.previous.format.id == data.format.id
        cell = self.previous.cells.get(key) if same and self.previous is not None else None
        return int(cell.value) if cell is not None else None

    def active(self, data: ReportData) -> None:
        table = data.format.active
        for block, item in table.items():
            ids = [f.id for f in block.fields]
            if "in_force" in ids:
                before = self._prev(data, (table.id, item.id, "in_force"))
                base = before if before is not None else self.rng.randint(0, 30)
                issued, repealed = self.rng.randint(0, 5), self.rng.randint(0, min(base, 3))
                self._set(data, (table.id, item.id, "issued"), issued)
                self._set(data, (table.id, item.id, "repealed"), repealed)
                self._set(data, (table.id, item.id, "in_force"), base + issued - repealed)
            if "previous_items" in ids:
                key = (table.id, item.id, "previous_items")
                before, change = self._prev(data, key), self._prev(data, (table.id, item.id, "change"))
                items = before + change if before is not None and change is not None else self.rng.randint(0, 20)
                self._set(data, key, items)
                self._set(data, (table.id, item.id, "change"), self.rng.randint(-min(items, 2), 3))
            for f in block.fields:
                if f.kind == "money":
                    self._set(data, (table.id, item.id, f.id), Decimal(self.rng.randint(0, 99999)) / 100)

    def applications(self, data: ReportData) -> None:
        table = data.format.applications
        results_total = next(r for r in table.leaf_rows() if r.computed)
        leaves = [r.id for r in table.sum_rows(results_total)]
        new, carried, _, forward = (r.id for r in table.rows)
        for col in table.input_columns():
            results = sum(int(data.cells[(table.id, r, col.id)].value) for r in leaves)
            before = self.carry.get(col.id, 0)
            pending = self.rng.randint(0, 2)
            received = max(0, results + pending - before)
            self._set(data, (table.id, carried, col.id), before)
            self._set(data, (table.id, new, col.id), received)
            self._set(data, (table.id, forward, col.id), received + before - results)
            self.carry[col.id] = received + before - results


def generate(root: Path, agencies: int, seed: int = 2021) -> int:
    """Write the synthetic site under ``root``; the number of reports."""
    rng = random.Random(seed)
    (root / "reports").mkdir(parents=True, exist_ok=True)
    (root / "gkgen.yaml").write_text(f"门户名称: 基准测试门户\n分类: [{', '.join(CATEGORIES)}]\n", encoding="utf-8")
    count = 0
    for number in range(agencies):
        folder = root / "reports" / f"agency-{number:04d}"
        folder.mkdir(exist_ok=True)
        (folder / "agency.yaml").write_text(
            f"名称: 基准测试第{number}局\n分类: {CATEGORIES[number % len(CATEGORIES)]}\n", encoding="utf-8"
        )
        agency = Agency(rng)
        for year in YEARS:
            data = agency.report(year)
            (folder / f"{year}.yaml").write_text(dump_report_yaml(data), encoding="utf-8")
            text = narrative(rng, data.format, year, link=number % 5 == 0)
            (folder / f"{year}.md").write_text(text, encoding="utf-8")
            if number % 5 == 0:
                (folder / "指南.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
            count += 1
    return count


def time_in_process(site: Path, profile: bool) -> tuple[float, float, int, int]:
    """Wall and CPU seconds of check_site, reports loaded, findings."""
    from gkgen.check import check_site

    profiler = cProfile.Profile() if profile else None
    cpu = time.process_time()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    loaded, findings = check_site(site)
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return elapsed, cpu, len(loaded.reports), len(findings)


def floor_cpu(site: Path) -> float:
    """CPU seconds of the floor: libyaml parses every YAML file and markdown-it parses every
    narrative of the site (reading the files included) — what any checker must at least do."""
    import yaml
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    files = sorted(site.rglob("*"))
    start = time.process_time()
    for path in files:
        if path.suffix == ".yaml":
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        elif path.suffix == ".md":
            md.parse(path.read_text(encoding="utf-8"))
    return time.process_time() - start


def time_subprocess(site: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of `gkgen check SITE` (interpreter start-up included), exit status."""
    command = [sys.executable, "-c", "from gkgen.cli import main; main()", "check", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--out", type=Path, default=None, help="write (and keep) the site here")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the in-process run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gkgen-bench-check-"))
    site = args.out or work / "site"
    try:
        start = time.perf_counter()
        reports = generate(site, args.agencies)
        size = sum(p.stat().st_size for p in site.rglob("*.md")) / reports / 1024
        print(f"生成 {reports} 份报告（正文平均 {size:.1f} KB）：{time.perf_counter() - start:.2f} 秒")
        floor = min(floor_cpu(site) for _ in range(3))
        elapsed, cpu, loaded, findings = time_in_process(site, args.profile)
        print(
            f"check_site（进程内）：{elapsed:.2f} 秒（CPU {cpu:.2f} 秒），{loaded / elapsed:.0f} 份/秒，"
            f"发现 {findings} 条"
        )
        print(f"下限（libyaml 解析全部 YAML + markdown-it 解析全部正文）：CPU {floor:.2f} 秒")
        print(f"比值：check_site CPU ÷ 下限 = {cpu / floor:.2f}×（目标 ≤ 1.5×）")
        elapsed, cpu, code = time_subprocess(site)
        print(
            f"gkgen check（子进程，含启动）：{elapsed:.2f} 秒（CPU {cpu:.2f} 秒），{reports / elapsed:.0f} 份/秒，"
            f"退出码 {code}"
        )
        print(f"机器负载（1 分钟平均）：{os.getloadavg()[0]:.1f}，CPU 核数：{os.cpu_count()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
