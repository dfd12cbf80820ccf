"""Stage 4 on seed 002's flattened 专栏 tables: every row, exactly as printed."""

from __future__ import annotations

import pytest
from conftest import seed_text

from summarizer.clean import clean_text
from summarizer.tables import find_tables


@pytest.fixture(scope="module")
def tables():
    original = seed_text("002")
    rebuilt, warnings = find_tables(clean_text(original))
    return {t.number: t for t in rebuilt}, warnings, original


def _row(table, label):
    matches = [i for i in table.indicators if i.table == label]
    assert len(matches) == 1, label
    return matches[0]


def _cell(yv):
    return None if yv is None else yv.value.text


def test_plan_table_has_26_numbered_rows_and_the_sub_rows(tables):
    by_number, _, _ = tables
    table = by_number[2]
    numbered = [i for i in table.indicators if i.table and i.table.endswith("项")]
    assert [i.table for i in numbered] == [f"专栏2 第{n}项" for n in range(1, 27)]
    sub_rows = [i.name for i in table.indicators if i not in numbered]
    assert sub_rows == [
        "地区生产总值(增速)",
        "居民人均可支配收入(增速)",
        "居民人均可支配收入(城镇)",
        "居民人均可支配收入(农村)",
    ]


@pytest.mark.parametrize(
    ("label", "name", "unit", "baseline", "target", "attribute", "category"),
    [
        ("专栏2 第1项", "地区生产总值", "亿元", "500.24", "750", "预期性", "经济发展"),
        ("专栏2 第2项", "全员劳动力生产率", "万元/", None, "15", "预期性", "经济发展"),
        ("专栏2 第10项", "每万人口高价值发明专利拥有量", None, "1.27", "1.5", "预期性", "创新驱动"),
        ("专栏2 第12项", "居民人均可支配收入", None, "28208", "43005", "预期性", "民生福祉"),
        ("专栏2 第12项 城镇(元)", "居民人均可支配收入(城镇)", "元", "39897", "61133", "预期性", "民生福祉"),
        ("专栏2 第12项 农村(元)", "居民人均可支配收入(农村)", "元", "21111", "32008", "预期性", "民生福祉"),
        ("专栏2 第14项", "劳动年龄人口平均受教育年限", None, None, "省目标", "约束性", "民生福祉"),
        ("专栏2 第19项", "单位GDP能源消耗降幅", "%", None, "完成省市下达任务", "约束性", "绿色转型"),
        ("专栏2 第21项", "城市空气质量优良天数比例", "%", None, None, "约束性", "绿色转型"),
        ("专栏2 第23项", "森林覆盖率", "%", "47.80", "48.00", "约束性", "绿色转型"),
        ("专栏2 第26项", "亿元GDP生产安全事故死亡率", "%", "0.4", "0.02", "约束性", "安全保障"),
    ],
)
def test_plan_table_rows(tables, label, name, unit, baseline, target, attribute, category):
    row = _row(tables[0][2], label)
    assert (row.name, row.unit, _cell(row.baseline), _cell(row.target), row.attribute, row.category) == (
        name,
        unit,
        baseline,
        target,
        attribute,
        category,
    )
    if row.target:
        assert row.target.year == 2025
    if row.baseline:
        assert row.baseline.year == 2020


def test_growth_sub_row_keeps_text_and_qualifier(tables):
    row = _row(tables[0][2], "专栏2 第1项 增速(%")
    assert row.baseline.value.text == "“十三五”年均增长8.8%"
    assert row.target.value.number == 8
    assert row.target.value.qualifier == "以上"
    assert row.unit == "%"


def test_review_table_maps_planned_and_achieved_columns(tables):
    table = tables[0][1]
    assert len([i for i in table.indicators if i.table.endswith("项")]) == 30
    gdp = _row(table, "专栏1 第1项")
    assert (
        gdp.target.value.text,
        gdp.annual_growth.text,
        gdp.achieved.value.text,
        gdp.achieved_annual_growth.text,
    ) == (
        "505.56",
        "9",
        "500.24",
        "8.8",
    )
    structure = _row(table, "专栏1 第7项")  # growth cells merged away: only the two absolute values
    assert (structure.target.value.text, structure.achieved.value.text) == ("16.7:51.6:31.7", "13.5:49.5:37")
    income = _row(table, "专栏1 第17项")
    assert income.unit is None  # the table lost 元; it is not guessed


def test_lost_units_are_reported_and_evidence_spans_the_row(tables):
    _, warnings, original = tables
    lost = [w.message for w in warnings if "unit lost" in w.message]
    assert any("专栏2 第12项 居民人均可支配收入" in m for m in lost)
    row = _row(tables[0][2], "专栏2 第24项")
    cut = original[row.evidence.start : row.evidence.end]
    assert cut.startswith("24") and cut.endswith("约束性")
    assert "".join(cut.split()) == "".join(row.evidence.quote.split())


def test_a_table_whose_header_names_its_columns_one_cell_per_line():
    from summarizer.clean import clean_text
    from summarizer.tables import find_tables

    text = (
        "主要指标表\n类别\n序号\n一级指标\n二级指标\n单位\n属性\n“十四五”\n完成值\n“十五五”\n目标值\n"
        "建设宜居城区\n1\n住房改造\n旧住房成套改造任务\n万平方米\n预期性\n25\n1.4\n\n"
        "2\n社区建设\n完整社区覆盖率\n％\n预期性\n-\n60\n\n打造活力城区\n"
        "3\n商务楼宇更新数量\n个\n预期性\n\n≥10\n\n"
        "4\n人均公园绿地面积\n平方米\n约束性\n11.1\n11.5\n"
        "第三章 重点任务\n"
    )
    tables, _ = find_tables(clean_text(text))
    rows = {i.name: i for t in tables for i in t.indicators}
    assert list(rows) == ["旧住房成套改造任务", "完整社区覆盖率", "商务楼宇更新数量", "人均公园绿地面积"]
    first = rows["旧住房成套改造任务"]
    assert (first.unit, first.attribute, first.category) == ("万平方米", "预期性", "建设宜居城区")
    assert (first.baseline.year, first.baseline.value.number, first.target.year, first.target.value.number) == (
        2025,
        25,
        2030,
        1.4,
    )
    assert rows["完整社区覆盖率"].unit == "%" and rows["完整社区覆盖率"].baseline is None  # "-" is no value
    assert rows["商务楼宇更新数量"].category == "打造活力城区"  # the next group's category
    assert rows["商务楼宇更新数量"].target.value.text == "≥10"  # a lost (blank) cell: one value, the target
    assert rows["人均公园绿地面积"].attribute == "约束性"
