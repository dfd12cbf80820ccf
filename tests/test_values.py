"""Quantities as written: qualifier, number and unit are split, the text is kept."""

from __future__ import annotations

import pytest

from summarizer.values import is_unit, numbers_in, parse_value


@pytest.mark.parametrize(
    ("text", "number", "unit", "qualifier"),
    [
        ("超3500亿元", 3500, "亿元", "超"),
        ("超 3500亿元", 3500, "亿元", "超"),
        ("8%以上", 8, "%", "以上"),
        ("4.8万元", 4.8, "万元", None),
        ("达到5.2万元", 5.2, "万元", None),
        ("7%左右", 7, "%", "左右"),
        ("不低于95%", 95, "%", "不低于"),
        ("突破2万美元", 2, "万美元", "突破"),
        ("提高1.5个百分点", 1.5, "个百分点", None),
        ("1.4万亿元左右", 1.4, "万亿元", "左右"),
        ("省目标", None, None, None),
    ],
)
def test_parse_value(text, number, unit, qualifier):
    value = parse_value(text)
    assert value.text == text
    assert value.number == number
    assert value.unit == unit
    assert value.qualifier == qualifier


def test_numbers_in_normalizes_width_and_separators():
    assert numbers_in("３,５００亿元，增长8.50%") == ["3500", "8.5"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("亿元", True), ("%", True), ("万元/", True), ("-", False), ("500.24", False), ("预期性", False)],
)
def test_is_unit(cell, expected):
    assert is_unit(cell) is expected
