"""Targets against results across documents: aligned by the catalogue, judged met / missed by the README's rule."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest
from conftest import REPO
from typer.testing import CliRunner

import summarizer.cli as cli
from summarizer.catalogue import canonical_id
from summarizer.compare import compare_indicators, normalize_region
from summarizer.models import Briefing, DocumentInfo, Evidence, Indicator, Result, RunInfo, Usage, YearValue
from summarizer.values import parse_value

OUTPUTS = REPO / "outputs"
runner = CliRunner()


def _evidence(quote: str) -> Evidence:
    return Evidence(quote=quote, start=0, end=len(quote), alignment="exact")


def target(name: str, value: str, year: int = 2025, verb: str = "增长") -> Indicator:
    v = parse_value(value)
    return Indicator(
        id=f"I-{name}-{value}",
        name=name,
        canonical=canonical_id(name, v.unit),
        unit=v.unit,
        target=YearValue(year=year, value=v),
        qualifier=v.qualifier,
        evidence=_evidence(f"今年主要预期目标是：{name}{verb}{value}。"),
    )


def result(name: str, value: str, year: int = 2025, verb: str = "增长") -> Result:
    v = parse_value(value)
    return Result(
        id=f"R-{name}-{value}",
        name=name,
        canonical=canonical_id(name, v.unit),
        year=year,
        value=v,
        evidence=_evidence(f"过去一年，全区{name}{verb}{value}。"),
    )


def report(region: str, year: int, indicators: list[Indicator] = (), results: list[Result] = ()) -> Briefing:
    return Briefing(
        document=DocumentInfo(
            title="政府工作报告",
            region=region,
            level="区",
            doc_type="政府工作报告",
            work_year=year,
            date=f"{year}-02-01",
            source_file=f"{region}{year}.txt",
            sha256="0" * 64,
            encoding="utf-8",
            characters=100,
        ),
        summary="。",
        indicators=list(indicators),
        results=list(results),
        run=RunInfo(
            backend="none",
            model="",
            prompt_versions={},
            usage=Usage(),
            seconds=0,
            chunks=1,
            chunks_failed=0,
            items_dropped=0,
        ),
    )


def verdict(t: Indicator, r: Result, region_t: str = "青河区", region_r: str = "青河区") -> str | None:
    rows = compare_indicators(
        [("2025.json", report(region_t, 2025, [t])), ("2026.json", report(region_r, 2026, [], [r]))]
    )
    said = [s for row in rows for s in row.statements if s.stated_as == "target"]
    assert len(said) == 1
    return said[0].met


@pytest.mark.parametrize(
    ("value", "reached", "expected"),
    [
        ("8%以上", "8.2%", "met"),
        ("8%以上", "7.9%", "missed"),
        ("8%", "8.0%", "met"),  # a bare number is a floor
        ("8%", "7.5%", "missed"),
        ("不低于8%", "8%", "met"),
        ("6%左右", "5.6%", "met"),  # 左右 on a rate: within half a point
        ("6%左右", "5.4%", "missed"),
        ("6%左右", "6.5%", "met"),
        ("4.5%-5%", "4.6%", "met"),  # a range: at least its low end
        ("4.5%-5%", "4.4%", "missed"),
    ],
)
def test_growth_targets_against_results(value, reached, expected):
    assert verdict(target("地区生产总值", value), result("地区生产总值", reached)) == expected


@pytest.mark.parametrize(
    ("value", "reached", "expected"),
    [
        ("3%以内", "2.5%", "met"),  # 以内, 控制在, 以下: a ceiling
        ("3%以内", "3.2%", "missed"),
        ("3%以下", "3%", "met"),
    ],
)
def test_ceilings(value, reached, expected):
    assert verdict(target("居民消费价格", value, verb="涨幅"), result("居民消费价格", reached, verb="上涨")) == expected


def test_controlled_at_is_a_ceiling():
    t = target("城镇调查失业率", "5.5%", verb="控制在")
    t.target.value.qualifier = t.qualifier = "控制在"
    assert verdict(t, result("城镇调查失业率", "5.2%", verb="为")) == "met"
    assert verdict(t, result("城镇调查失业率", "5.8%", verb="为")) == "missed"


@pytest.mark.parametrize(
    ("value", "reached", "expected"),
    [("500亿元左右", "491亿元", "met"), ("500亿元左右", "489亿元", "missed"), ("500亿元左右", "5.1百亿元", "met")],
)
def test_about_on_a_level_is_within_two_percent(value, reached, expected):
    if "百亿" in reached:
        reached = "510亿元"
    assert verdict(target("地区生产总值", value, verb="达到"), result("地区生产总值", reached, verb="达到")) == expected


@pytest.mark.parametrize(
    ("reached", "verb", "expected"), [("3.5%", "下降", "met"), ("2%", "下降", "missed"), ("1%", "增长", "missed")]
)
def test_a_decrease_target_is_met_by_a_decrease_at_least_as_large(reached, verb, expected):
    t = target("单位地区生产总值能耗", "3%", verb="下降")
    assert verdict(t, result("单位地区生产总值能耗", reached, verb=verb)) == expected


def test_no_result_for_another_region_and_regions_fold_their_level_word():
    t, r = target("地区生产总值", "6%"), result("地区生产总值", "7%")
    assert verdict(t, r, "青河区", "南山区") == "no result"
    assert verdict(t, r, "青河", "青河市") == "met"
    assert normalize_region("青河") == normalize_region("青河市") == "青河"
    assert normalize_region("中国") == normalize_region("全国")


def test_other_names_of_one_indicator_share_a_row():
    rows = compare_indicators(
        [
            ("a.json", report("青河区", 2025, [target("全区生产总值", "6%")])),
            ("b.json", report("青河区", 2026, [], [result("GDP", "6.3%")])),
            ("c.json", report("南山区", 2025, [target("经济增长", "5.5%左右")])),
        ]
    )
    gdp = [r for r in rows if r.canonical == "gdp" and r.measure == "growth"]
    assert len(gdp) == 1 and gdp[0].name == "地区生产总值"
    assert [s.met for s in gdp[0].statements] == ["met", None, "no result"]


def test_two_targets_of_one_region_that_disagree_are_still_flagged():
    rows = compare_indicators(
        [
            ("plan.json", report("青河区", 2025, [target("地区生产总值", "6%")])),
            ("news.json", report("青河区", 2025, [target("GDP", "6.5%")])),
        ]
    )
    assert [r.conflict for r in rows] == [True]


def test_the_committed_hailar_reports_give_2018_targets_against_2019_results(tmp_path):
    """The 2018 report's targets for 2018 beside the 2019 report's review of 2018, in compare and in its CSV."""
    files = [str(OUTPUTS / f"hailar_district_{y}_gov_work_report.json") for y in (2018, 2019)]
    out = runner.invoke(cli.app, ["compare", *files, "--csv", str(tmp_path / "c.csv")])
    assert out.exit_code == 0, out.output
    assert "达成" in out.output and "met" in out.output
    with (tmp_path / "c.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    gdp = [r for r in rows if r["canonical"] == "gdp" and r["year"] == "2018" and r["measure"] == "增速"]
    assert {(r["stated_as"], r["target"], r["met"]) for r in gdp} == {
        ("target", "6%左右", "met"),
        ("result", "6.0%", ""),
    }
    urban = [
        r
        for r in rows
        if r["canonical"] == "urban_disposable_income" and r["year"] == "2018" and r["stated_as"] == "target"
    ]
    assert [(r["target"], r["met"], r["result"]) for r in urban] == [("7.5%", "missed", "6.5%")]


def _readme_query() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- duckdb-query -->")
    block = text[start:].split("```sql\n", 1)[1].split("```", 1)[0]
    return block


def test_the_readme_duckdb_query_runs_as_written_on_the_parquet_export(tmp_path, monkeypatch):
    """The README's export command and its query, as written, over the committed work-report briefings."""
    monkeypatch.chdir(tmp_path)
    reports = sorted(
        str(p)
        for p in OUTPUTS.glob("*.json")
        if json.loads(p.read_text(encoding="utf-8"))["document"]["doc_type"] == "政府工作报告"
    )
    out = runner.invoke(cli.app, ["export", *reports, "--format", "parquet", "-o", "dataset"])
    assert out.exit_code == 0, out.output
    rows = duckdb.sql(_readme_query()).fetchall()
    regions = [r[0] for r in rows]
    assert {"北京市", "天津市", "海拉尔区", "全国"} <= set(regions)
    numbers = [r[2] for r in rows]
    assert numbers == sorted(numbers, reverse=True)  # sorted, as the README says
    assert ("海拉尔区", 2019, 3.5, "3.5%左右") in [tuple(r[:4]) for r in rows]
