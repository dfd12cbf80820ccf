"""The checks that need no gold: the year's targets and the cells of indicator tables, each quantity found by a
naive scan and required to be inside a record that holds it."""

from __future__ import annotations

from summarizer.evals.selfcheck import check_briefing, check_tables, table_cells, targets_passages
from summarizer.models import Evidence, Indicator, Value, YearValue
from summarizer.pipeline import summarize_source
from summarizer.read import source_from_bytes

REPORT = (
    "2026年青河市政府工作报告\n——2026年1月20日在青河市第九届人民代表大会第二次会议上\n各位代表：\n"
    "现在，我代表市人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，地区生产总值增长5.2%。\n"
    "二、2026年工作安排\n“十五五”时期主要目标是：城镇化率达到70%。\n"
    "今年经济社会发展的主要预期目标是：地区生产总值增长5％左右，一般公共预算收入增长4.5-5%，城镇新增就业6万人。\n"
)


def test_the_year_passage_is_found_and_each_quantity_checked():
    briefing = summarize_source(source_from_bytes(REPORT.encode(), "r.txt"), None)
    ((start, end),) = targets_passages(REPORT)
    assert REPORT[start:end].startswith("主要预期目标是") and "70%" not in REPORT[start:end]
    check = check_briefing(briefing, REPORT)
    assert (check.work_year, check.checked, check.covered) == (2026, 3, 3)  # 5％, the 5% ending 4.5-5%, 6万人


def test_an_uncovered_quantity_is_listed_with_its_cause():
    briefing = summarize_source(source_from_bytes(REPORT.encode(), "r.txt"), None)
    briefing.indicators = [i for i in briefing.indicators if "就业" not in i.name]
    check = check_briefing(briefing, REPORT)
    assert check.covered == 2 and len(check.missed) == 1
    assert check.missed[0].startswith("6万人 at ") and "reads" in check.missed[0]  # its sentence holds others
    for i in briefing.indicators:
        if i.target:
            i.target.year = 2030
    assert all("has year 2030, not 2026" in m for m in check_briefing(briefing, REPORT).missed[:2])


def test_the_cells_of_an_indicator_table():
    text = (
        "专栏1 主要指标\n序号\n指标\n单位\n2025年\n2030年\n属性\n"
        "1\n森林覆盖率\n%\n45\n48\n约束性\n2\n城镇化率\n%\n65\n≥70\n预期性\n"
    )
    assert [n for _, n in table_cells(text)] == [45, 48, 65, 70]  # row numbers and years are not values
    at = text.index("1\n森林")
    row = Indicator(
        id="I1",
        name="森林覆盖率",
        target=YearValue(year=2030, value=Value(text="48", number=48)),
        baseline=YearValue(year=2025, value=Value(text="45", number=45)),
        table="专栏1 第1项",
        evidence=Evidence(quote="", start=at, end=text.index("2\n城镇"), alignment="table"),
    )
    plan = "青河市国土空间近期规划\n一、规划目标\n到2030年，生态环境质量持续改善。\n"
    briefing = summarize_source(source_from_bytes(plan.encode(), "p.txt"), None)
    briefing.indicators = [row]
    check = check_tables(briefing, text)
    assert (check.checked, check.covered) == (4, 2)
    assert any("no table row there" in m for m in check.missed)
