"""The catalogue of standard indicators: a name gets an id only when it is that statistic, never by likeness."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from summarizer.catalogue import canonical_id, load_catalogue, parse_catalogue
from summarizer.compare import MEASURES
from summarizer.values import unit_key

NAMES = Path(__file__).parent / "data" / "catalogue_names.csv"


def _rows() -> list[dict[str, str]]:
    with NAMES.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_committed_names_get_their_ids_with_precision_one():
    """Written names from work reports and plans, with the id each must get or none (near-misses included:
    一般公共预算收入 / 支出, 规模以上工业增加值 / 工业增加值, 人均地区生产总值 / 地区生产总值, 国内 / 地区生产总值)."""
    rows = _rows()
    wrong, missed = [], []
    for row in rows:
        got = canonical_id(row["name"], row["unit"] or None)
        expected = row["expected"] or None
        if got is not None and got != expected:
            wrong.append((row["name"], row["unit"], got, expected))
        elif got is None and expected is not None:
            missed.append((row["name"], row["unit"], expected))
    assert not wrong, f"ids given to names that are another statistic: {wrong}"  # precision 1.0
    assert not missed, f"names of a standard indicator left without its id: {missed}"
    assert sum(1 for r in rows if not r["expected"]) >= 30  # the list holds near-misses, not only easy matches


@pytest.mark.parametrize(
    ("near", "far"),
    [
        ("一般公共预算收入", "一般公共预算支出"),
        ("规模以上工业增加值", "工业增加值"),
        ("人均地区生产总值", "地区生产总值"),
        ("国内生产总值", "地区生产总值"),
        ("城镇调查失业率", "城镇登记失业率"),
        ("常住人口城镇化率", "户籍人口城镇化率"),
    ],
)
def test_near_misses_are_different_indicators(near, far):
    assert canonical_id(near) != canonical_id(far)
    assert canonical_id(near) is not None and canonical_id(far) is not None


def test_a_unit_of_another_family_refuses_the_match():
    """地区生产总值 counted in 万人 is not the GDP (a name cut from a longer one); 元 and % are its families."""
    assert canonical_id("地区生产总值", "万人") is None
    assert canonical_id("地区生产总值", "亿元") == "gdp"
    assert canonical_id("地区生产总值", None) == "gdp"  # a table that lost its unit


def test_every_entry_names_known_measures_and_unit_families():
    catalogue = load_catalogue()
    ids = [e.id for e in catalogue.entries]
    assert len(ids) == len(set(ids))
    for entry in catalogue.entries:
        assert entry.measures and set(entry.measures) <= set(MEASURES), entry.id
        assert entry.units, entry.id
        for family in entry.units:
            assert unit_key(family) is not None, (entry.id, family)


def test_a_name_claimed_by_two_entries_is_refused():
    two = """
[[indicator]]
id = "a"
name = "生产总值"
units = ["元"]
measures = ["total"]
[[indicator]]
id = "b"
name = "地区生产总值"
aliases = ["全市生产总值", "生产总值"]
units = ["元"]
measures = ["total"]
"""
    with pytest.raises(ValueError, match="both a and b"):
        parse_catalogue(two)
