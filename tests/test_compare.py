"""`summarizer compare`: indicators lined up across briefings, and conflicting targets flagged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import REPO
from typer.testing import CliRunner

import summarizer.cli as cli
from summarizer.compare import compare_indicators, measure_of, normalize_name, shared, unit_scale
from summarizer.models import (
    Briefing,
    DocumentInfo,
    Evidence,
    Indicator,
    RunInfo,
    Usage,
    Value,
    YearValue,
)
from summarizer.values import parse_value

OUTPUTS = REPO / "outputs"
runner = CliRunner()


def indicator(name: str, value: str, year: int | None = 2025, quote: str | None = None, **extra: object) -> Indicator:
    quote = quote or f"到{year}年,{name}达到{value}。"
    v = parse_value(value)
    return Indicator(
        id=f"ind-{name}-{value}",
        name=name,
        unit=v.unit,
        target=YearValue(year=year, value=v),
        qualifier=v.qualifier,
        evidence=Evidence(quote=quote, start=0, end=len(quote), alignment="exact"),
        **extra,
    )


def briefing(region: str, *indicators: Indicator, title: str | None = None, doc_type: str = "规划纲要") -> Briefing:
    return Briefing(
        document=DocumentInfo(
            title=title or f"{region}国民经济和社会发展第十四个五年规划纲要",
            region=region,
            level="市",
            doc_type=doc_type,
            source_file=f"{region}.txt",
            sha256="0" * 64,
            encoding="utf-8",
            characters=100,
        ),
        summary="。",
        indicators=list(indicators),
        run=RunInfo(
            backend="none",
            model="none",
            prompt_versions={},
            usage=Usage(),
            seconds=0.0,
            chunks=1,
            chunks_failed=0,
            items_dropped=0,
        ),
    )


def saved(path: Path, b: Briefing) -> str:
    path.write_text(b.model_dump_json(), encoding="utf-8")
    return str(path)


def only(rows, name):
    found = [r for r in rows if r.name == name]
    assert len(found) == 1, [(r.name, r.year, r.measure) for r in rows]
    return found[0]


# --- normalization --------------------


def test_names_fold_width_spaces_punctuation_and_gdp():
    assert normalize_name("地区 生产总值") == normalize_name("地区生产总值")
    assert normalize_name("每千人拥有执业（助理）医师数") == normalize_name("每千人拥有执业(助理)医师数")
    assert normalize_name("人均ＧＤＰ") == normalize_name("人均地区生产总值")
    assert normalize_name("地区生产总值年均增速") == normalize_name("地区生产总值")
    assert normalize_name("地区生产总值总量") == normalize_name("地区生产总值")
    # Conservative: 总额 is part of these names, and 经济总量 is not 经济.
    assert normalize_name("社会消费品零售总额") != normalize_name("社会消费品零售")
    assert normalize_name("经济总量") != normalize_name("经济")


def test_units_scale_within_a_family_and_percent_is_not_points():
    assert unit_scale("亿元") == (1e8, "元")
    assert unit_scale("万元") == (1e4, "元")
    assert unit_scale("万亿元") == (1e12, "元")
    assert unit_scale("公里")[1] == unit_scale("米")[1]
    assert unit_scale("%")[1] != unit_scale("个百分点")[1]
    assert unit_scale("百分点") == unit_scale("个百分点")


def test_measures_from_unit_name_and_the_words_before_the_number():
    def m(name: str, text: str, quote: str) -> str:
        return measure_of(name, parse_value(text), quote)

    assert m("地区生产总值", "3500亿元", "地区生产总值达到3500亿元") == "total"
    assert m("地区生产总值", "8%左右", "地区生产总值增长8%左右") == "growth"
    assert m("地区生产总值", "8%", "地区生产总值年均增长8%") == "avg_growth"
    assert m("常住人口城镇化率", "60%", "常住人口城镇化率达到60%") == "share"
    assert m("普惠托位占比", "68%", "普惠托位占比提高到68%") == "share"  # 提高到: a level, not a change
    assert m("重点企业生产效率", "20%以上", "重点企业生产效率提高20%以上") == "growth"
    assert m("居民消费价格涨幅", "2%左右", "居民消费价格涨幅2%左右") == "growth"
    assert m("城镇化率", "2个百分点", "城镇化率提高2个百分点") == "points"


# --- alignment and conflicts --------------------


def test_same_indicator_year_and_measure_align_across_documents():
    plan = briefing("东川市", indicator("地区生产总值", "3500亿元"))
    news = briefing("东川市", indicator("地区生产总值", "超3500亿元"), doc_type="新闻解读")
    rows = compare_indicators([("plan.json", plan), ("news.json", news)])
    row = only(rows, "地区生产总值")
    assert (row.year, row.measure, row.documents) == (2025, "total", 2)
    assert [s.file for s in row.statements] == ["plan.json", "news.json"]
    assert [s.target_text for s in row.statements] == ["3500亿元", "超3500亿元"]
    assert not row.conflict  # 超 is a qualifier: 3500 and 超3500 state the same number


def test_units_are_converted_before_numbers_are_compared():
    a = briefing("东川市", indicator("地区生产总值", "3500亿元"))
    b = briefing("东川市", indicator("地区生产总值", "35000000万元"))
    rows = compare_indicators([("a", a), ("b", b)])
    row = only(rows, "地区生产总值")
    assert row.documents == 2 and not row.conflict


def test_one_region_stating_8_and_8_5_is_a_conflict_8_and_8_with_yishang_is_not():
    def growth(region: str, value: str) -> Briefing:
        return briefing(
            region, indicator("地区生产总值", value, 2026, f"地区生产总值增长{value}。"), doc_type="政府工作报告"
        )

    rows = compare_indicators([("report", growth("东川市", "8%")), ("news", growth("东川市", "8.5%"))])
    row = only(rows, "地区生产总值")
    assert row.measure == "growth" and row.conflict
    assert "东川市" in (row.conflict_note or "") and "8.5%" in (row.conflict_note or "")

    rows = compare_indicators([("report", growth("东川市", "8%")), ("news", growth("东川市", "8%以上"))])
    assert not only(rows, "地区生产总值").conflict


def test_different_regions_never_conflict():
    rows = compare_indicators(
        [
            ("east", briefing("东川市", indicator("地区生产总值", "3500亿元"))),
            ("west", briefing("西岭县", indicator("地区生产总值", "750亿元"))),
        ]
    )
    row = only(rows, "地区生产总值")
    assert row.documents == 2 and not row.conflict


def test_a_total_and_a_growth_rate_are_separate_rows_and_years_too():
    plan = briefing(
        "东川市",
        indicator("地区生产总值", "3500亿元"),
        indicator("地区生产总值年均增速", "8%", quote="地区生产总值年均增速8%。"),
    )
    report = briefing("东川市", indicator("地区生产总值", "8%", 2026, "地区生产总值增长8%。"), doc_type="政府工作报告")
    rows = compare_indicators([("plan", plan), ("report", report)])
    keys = sorted((r.name, r.year, r.measure) for r in rows)
    assert keys == [
        ("地区生产总值", 2025, "avg_growth"),
        ("地区生产总值", 2025, "total"),
        ("地区生产总值", 2026, "growth"),
    ]
    assert not any(r.conflict for r in rows)
    assert shared(rows) == []


def test_a_plan_tables_annual_growth_column_is_its_own_row():
    row_ind = indicator("地区生产总值", "3500亿元", annual_growth=Value(text="8", number=8.0))
    rows = compare_indicators([("plan", briefing("东川市", row_ind))])
    assert sorted(r.measure for r in rows) == ["avg_growth", "total"]


def test_rows_are_json_serializable():
    import dataclasses

    rows = compare_indicators([("plan", briefing("东川市", indicator("青石大桥通车里程", "12公里")))])
    data = json.loads(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False))
    assert data[0]["statements"][0]["quote"].startswith("到2025年")
    assert set(data[0]) >= {"name", "year", "measure", "unit", "statements", "conflict", "conflict_note"}


# --- the committed briefings --------------------


def committed() -> list[tuple[str, Briefing]]:
    return [
        (str(p), Briefing.model_validate_json(p.read_text(encoding="utf-8"))) for p in sorted(OUTPUTS.glob("*.json"))
    ]


def test_committed_gdp_in_the_city_news_and_the_county_plan_align_without_conflict():
    # Seed 000 is news of 湘潭市's plan (超3500亿元 by 2025); seed 002 is the plan of 湘乡市, a county-level city
    # under it (750亿元 by 2025): one row, two regions, so no conflict.
    rows = compare_indicators([(s, b) for s, b in committed() if Path(s).name.startswith(("000_", "001_", "002_"))])
    gdp = [r for r in rows if r.name == "地区生产总值" and r.year == 2025 and r.measure == "total"]
    assert len(gdp) == 1
    assert sorted((s.region, s.target_number) for s in gdp[0].statements) == [("湘乡市", 750.0), ("湘潭市", 3500.0)]
    assert not gdp[0].conflict


def test_committed_work_reports_share_their_growth_targets_and_nothing_conflicts():
    rows = compare_indicators(committed())
    both = {(r.name, r.year, r.measure) for r in shared(rows)}
    assert ("地区生产总值", 2026, "growth") in both  # 北京 5%左右, 天津 4.5%
    assert ("城镇新增就业", 2026, "total") in both
    assert not any(r.conflict for r in rows)  # the ten are different regions or different years


# --- the command --------------------


def test_cli_prints_the_table_and_writes_a_csv_with_bom(tmp_path):
    a = saved(
        tmp_path / "report.json", briefing("东川市", indicator("地区生产总值", "8%", 2026, "地区生产总值增长8%。"))
    )
    b = saved(
        tmp_path / "news.json", briefing("东川市", indicator("地区生产总值", "8.5%", 2026, "地区生产总值增长8.5%。"))
    )
    c = saved(tmp_path / "other.json", briefing("东川市", indicator("青石大桥长度", "2公里")))
    out = tmp_path / "cmp.csv"
    result = runner.invoke(cli.app, ["compare", a, b, c, "--csv", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "地区生产总值" in result.output and "青石大桥长度" in result.output
    assert "2 indicator rows, 1 stated by two or more documents, 1 conflict(s)" in result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    lines = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(lines) == 3  # one line per statement
    gdp = [line for line in lines if line["indicator"] == "地区生产总值"]
    assert {line["target"] for line in gdp} == {"8%", "8.5%"}
    assert all(line["conflict"] == "yes" and line["measure"] == "增速" for line in gdp)

    shared_only = runner.invoke(cli.app, ["compare", a, b, c, "--shared-only"], env={"COLUMNS": "200"})
    assert shared_only.exit_code == 0 and "青石大桥长度" not in shared_only.output


def test_cli_one_line_errors_for_missing_and_invalid_files(tmp_path):
    good = saved(tmp_path / "good.json", briefing("东川市", indicator("地区生产总值", "8%")))
    result = runner.invoke(cli.app, ["compare", good, str(tmp_path / "gone.json")])
    assert result.exit_code == 2
    assert "gone.json: no such file" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(cli.app, ["compare", good, str(bad)])
    assert result.exit_code == 2 and "bad.json: not JSON" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"summary": "x"}', encoding="utf-8")
    result = runner.invoke(cli.app, ["compare", str(wrong)])
    assert result.exit_code == 2 and "wrong.json: not a valid briefing" in result.output
