"""A synthetic site for the overview table and the charts: several agencies in three 分类 over
three years (both formats), one long agency name, one report published late."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_html_helpers import SAMPLE_MD, make_data, split_narrative

from gkgen.data import Agency, Portal, Report, Site

AGENCIES = (
    ("shi-gaj", "市公安局", "市政府工作部门"),
    ("shi-zrzyj", "市自然资源和规划局", "市政府工作部门"),
    ("shi-scjgj", "市市场监督管理局", "市政府工作部门"),
    ("qu-zf", "某某区人民政府", "区县政府"),
    ("xian-zf", "内蒙古自治区呼伦贝尔市某某旗人民政府办公室政务公开科", "区县政府"),
    ("shi-gjj", "市住房公积金管理中心", "其他单位"),
)
YEARS = (2019, 2020, 2021)
LATE = ("shi-scjgj", 2021)
"""Published on 2022-02-15, after the 1月31日 deadline of a department."""


def charts_portal(settings: dict[str, object] | None = None) -> Portal:
    return Portal(
        name="图表测试门户",
        host="测试主办单位",
        base_url="https://example.org/nb/",
        categories=("市政府工作部门", "区县政府", "其他单位"),
        settings=settings or {},
    )


def make_charts_site(root: Path, settings: dict[str, object] | None = None) -> Site:
    site = Site(root, charts_portal(settings))
    for number, (agency_id, name, category) in enumerate(AGENCIES):
        agency = Agency(agency_id, name, category, level="政府" if "政府" in name else "部门")
        site.agencies[agency_id] = agency
        for year in YEARS:
            if agency_id == "shi-gjj" and year < 2021:
                continue  # an agency with a single year
            published = dt.date(year + 1, 2, 15) if (agency_id, year) == LATE else dt.date(year + 1, 1, 20 - number)
            data = make_data(year, seed=number * 5 + year % 7, published=published)
            narrative = split_narrative(SAMPLE_MD, f"reports/{agency_id}/{year}.md")
            base = root / "reports" / agency_id
            site.reports.append(Report(agency, year, data, narrative, base / f"{year}.yaml", base / f"{year}.md"))
    site.reports.sort(key=lambda r: (r.agency.id, r.year))
    return site
