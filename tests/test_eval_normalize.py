"""The scorer's normalizers: text, quantities with scale, qualifiers, years, body names."""

from __future__ import annotations

import pytest

from summarizer.evals.normalize import (
    Quantity,
    canonical_qualifier,
    five_year_plan,
    normalize_body,
    normalize_statement,
    normalize_text,
    parse_period,
    parse_quantity,
    parse_year,
    qualifier_direction,
    qualifier_of_value,
    qualifiers_compatible,
    quantities_equal,
    unit_key,
    value_key,
    values_equal,
)

# --- text -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０２１—２０２５年", "2021-2025年"),  # full-width digits, em dash
        ("2021–2025", "2021-2025"),  # en dash
        ("2021－2025", "2021-2025"),  # full-width hyphen
        ("2021——2025", "2021-2025"),  # a run of dashes is one
        ("6%～7%", "6%-7%"),  # full-width tilde
        ("6%〜7%", "6%-7%"),  # wave dash
        ("6%~7%", "6%-7%"),
        ("地区生产\n总值 　超 3500", "地区生产总值超3500"),  # line break, ideographic space, space
        ("“十四五”规划", '"十四五"规划'),
        ("「双过半」", '"双过半"'),
        ("‘三高四新’", "'三高四新'"),
        ("ＧＤＰ增速", "gdp增速"),  # full-width Latin, then ASCII lowercased
        ("Ⅲ类水体", "iii类水体"),  # NFKC turns the Roman numeral into ASCII letters
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_text(raw: str | None, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_keeps_chinese_and_is_idempotent() -> None:
    text = "城镇调查失业率 控制在5.5%以内"
    assert normalize_text(text) == "城镇调查失业率控制在5.5%以内"
    assert normalize_text(normalize_text(text)) == normalize_text(text)


# --- quantities -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "default_unit", "expected"),
    [
        ("超3500亿元", None, Quantity(3.5e11, "元")),
        ("3500亿元以上", None, Quantity(3.5e11, "元")),
        ("3.5千亿元", None, Quantity(3.5e11, "元")),
        ("3.5千亿", None, Quantity(3.5e11, "")),  # no unit written and none known
        ("3.5千亿", "亿元", Quantity(3.5e11, "元")),  # the default gives the family, not a second 亿
        ("3500", "亿元", Quantity(3.5e11, "元")),  # a table cell: the unit is the column's
        ("3,500亿元", None, Quantity(3.5e11, "元")),
        ("4.8万元", None, Quantity(48000.0, "元")),
        ("48000元", None, Quantity(48000.0, "元")),
        ("1.4万亿元左右", None, Quantity(1.4e12, "元")),
        ("10亿美元", None, Quantity(1e9, "美元")),
        ("8%以上", None, Quantity(8.0, "%")),
        ("8％", None, Quantity(8.0, "%")),
        ("3个百分点", None, Quantity(3.0, "个百分点")),
        ("0.5百分点", None, Quantity(0.5, "个百分点")),  # 百 here is not a scale
        ("120万人", None, Quantity(1.2e6, "人")),
        ("１２０万吨", None, Quantity(1.2e6, "吨")),
        ("100万千瓦", None, Quantity(1e9, "瓦")),  # 万 × 千 × 瓦
        ("35公里", None, Quantity(35000.0, "米")),
        ("5.8万元/人", None, Quantity(58000.0, "元/人")),
        ("2万标准箱", None, Quantity(20000.0, "标准箱")),
        ("3个以上千亿产业集群", None, Quantity(3.0, "个")),
        ("500多个", None, Quantity(500.0, "个")),
        ("6%-6.5%", None, Quantity(6.0, "%", 6.5)),
        ("6—6.5%", None, Quantity(6.0, "%", 6.5)),
        ("-2%", None, Quantity(-2.0, "%")),
        ("到2025年达到3500亿元", None, Quantity(3.5e11, "元")),  # the year is not the value
        ("50标箱", None, Quantity(50.0, "标箱")),
    ],
)
def test_parse_quantity(text: str, default_unit: str | None, expected: Quantity) -> None:
    assert parse_quantity(text, default_unit) == expected


@pytest.mark.parametrize("text", ["省目标", "完成省市下达任务", "", None])
def test_parse_quantity_without_digits_is_none(text: str | None) -> None:
    assert parse_quantity(text) is None


def test_scale_aware_equality() -> None:
    a = parse_quantity("3500亿元")
    assert quantities_equal(a, parse_quantity("3.5千亿元"))
    assert quantities_equal(a, parse_quantity("350000000000元"))
    assert quantities_equal(parse_quantity("4.8万元"), parse_quantity("48000元"))
    assert quantities_equal(parse_quantity("1.4万亿元"), parse_quantity("14000亿元"))
    assert not quantities_equal(a, parse_quantity("3500万元"))
    assert not quantities_equal(parse_quantity("10亿元"), parse_quantity("10亿美元"))
    assert not quantities_equal(parse_quantity("6%-6.5%"), parse_quantity("6%"))


def test_percent_and_percentage_points_are_never_equal() -> None:
    percent, points = parse_quantity("3%"), parse_quantity("3个百分点")
    assert percent is not None and points is not None
    assert percent.value == points.value == 3.0
    assert percent.unit == "%" and points.unit == "个百分点"
    assert not quantities_equal(percent, points)
    assert unit_key("%") != unit_key("个百分点")


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("亿元", (1e8, "元")),
        ("万元", (1e4, "元")),
        ("元", (1.0, "元")),
        ("万亿元", (1e12, "元")),
        ("亿美元", (1e8, "美元")),
        ("%", (1.0, "%")),
        ("百分点", (1.0, "个百分点")),
        ("个百分点", (1.0, "个百分点")),
        ("万人", (1e4, "人")),
        ("万吨", (1e4, "吨")),
        ("家", (1.0, "家")),
        ("亿", (1e8, "")),
        ("—", None),  # a table's empty unit cell
        (None, None),
    ],
)
def test_unit_key(unit: str | None, expected: tuple[float, str] | None) -> None:
    assert unit_key(unit) == expected


def test_value_key_falls_back_to_number_then_text() -> None:
    assert value_key("超3500亿元") == Quantity(3.5e11, "元")
    assert value_key("3500", default_unit="亿元") == Quantity(3.5e11, "元")
    # No digits in the text but a number field: the number in the value's unit.
    assert value_key("三千五百亿元", number=3500, unit="亿元") == Quantity(3.5e11, "元")
    assert value_key("省 目标") == "省目标"
    assert value_key("") is None
    assert values_equal(value_key("省目标"), value_key("省目标"))
    assert not values_equal(value_key("省目标"), value_key("3500亿元"))


# --- qualifiers -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("超", ">"),
        ("超过", ">"),
        ("突破", ">"),
        ("高于", ">"),
        ("以上", ">="),
        ("不低于", ">="),
        ("不少于", ">="),
        ("以内", "<="),
        ("不超过", "<="),  # not 超过
        ("不高于", "<="),
        ("以下", "<="),
        ("低于", "<"),
        ("左右", "~"),
        ("约", "~"),
        ("近", "~"),
        ("超…以上", ">"),  # one direction: the strict form
        ("控制在", ""),  # a verb, not a qualifier (GUIDELINES.md)
        ("力争", ""),
        (None, ""),
        ("", ""),
        ("翻一番", "翻一番"),  # unknown: only equal to itself
    ],
)
def test_canonical_qualifier(word: str | None, expected: str) -> None:
    assert canonical_qualifier(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("超3500亿元", ">"),
        ("3500亿元以上", ">="),
        ("8%以上", ">="),
        ("不低于8%", ">="),
        ("不超过3%", "<="),
        ("5.5%以内", "<="),
        ("6%左右", "~"),
        ("约6%", "~"),
        ("近3500亿元", "~"),
        ("500多个", ">"),
        ("控制在5.5%左右", "~"),
        ("3500亿元", ""),
        ("达到3500亿元", ""),
        ("省目标", ""),
    ],
)
def test_qualifier_of_value(text: str, expected: str) -> None:
    assert qualifier_of_value(text) == expected


def test_qualifier_compatibility_is_by_direction() -> None:
    # 超 (>) and 以上 (>=) both give a lower bound: compatible.
    assert qualifiers_compatible(canonical_qualifier("超"), canonical_qualifier("以上"))
    assert qualifiers_compatible(">", ">=")
    assert qualifiers_compatible("<", "<=")
    assert not qualifiers_compatible(">=", "<=")  # 以上 vs 以内
    assert not qualifiers_compatible(">", "~")  # 超 vs 左右
    assert not qualifiers_compatible("<=", "~")
    assert not qualifiers_compatible(">", "")  # a bound vs none
    assert [qualifier_direction(c) for c in (">", ">=", "<", "<=", "~", "")] == [
        "lower",
        "lower",
        "upper",
        "upper",
        "approx",
        "",
    ]


# --- years ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021—2025年", (2021, 2025)),
        ("2021-2025", (2021, 2025)),
        ("2021年至2025年", (2021, 2025)),
        ("2021-25年", (2021, 2025)),
        ("十四五", (2021, 2025)),
        ("十四五时期", (2021, 2025)),
        ("“十四 五”期间", (2021, 2025)),  # a column-wrapping space inside
        ("第十四个五年规划", (2021, 2025)),
        ("十三五", (2016, 2020)),
        ("十五五", (2026, 2030)),
        ("十一五规划", (2006, 2010)),
        ("九五", (1996, 2000)),
        ("2025年", (2025, 2025)),
        (2035, (2035, 2035)),
        ("今年", None),
        (None, None),
    ],
)
def test_parse_period(text: str | int | None, expected: tuple[int, int] | None) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025年", 2025), ("2035", 2035), (2025, 2025), ("十四五", 2025), ("2021—2025年", 2025), ("目标", None)],
)
def test_parse_year(text: str | int, expected: int | None) -> None:
    assert parse_year(text) == expected


def test_five_year_plan() -> None:
    assert five_year_plan(1) == (1953, 1957)
    assert five_year_plan(3) == (1966, 1970)
    assert five_year_plan(14) == (2021, 2025)


# --- bodies and statements --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市发改委", "市发展和改革委员会"),
        ("市发展和改革委员会", "市发展和改革委员会"),
        ("市 发改委", "市发展和改革委员会"),
        ("湘潭市发改委", "湘潭市发展和改革委员会"),
        ("市政府新闻办", "市人民政府新闻办公室"),
        ("中国建材集团", "中国建材集团"),  # unknown: itself
        (None, ""),
    ],
)
def test_normalize_body(name: str | None, expected: str) -> None:
    assert normalize_body(name) == expected


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("到2025年，力争实现地区生产总值超3500亿元。", "实现地区生产总值超3500亿元"),
        ("到2035年基本实现社会主义现代化", "基本实现社会主义现代化"),
        ("“十四五”期间，努力打造国家重要智能制造集聚区", "打造国家重要智能制造集聚区"),
        ("十四五期间，努力打造国家重要智能制造集聚区", "打造国家重要智能制造集聚区"),
        ("建成国家生态园林城市", "建成国家生态园林城市"),
    ],
)
def test_normalize_statement(statement: str, expected: str) -> None:
    assert normalize_statement(statement) == expected
