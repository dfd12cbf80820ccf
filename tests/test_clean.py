"""Stage 2 on the seeds' messy parts: layout undone, furniture dropped, offsets exact."""

from __future__ import annotations

import pytest
from conftest import seed_text

from summarizer.clean import clean_text


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_every_cleaned_character_maps_to_the_same_character_in_the_original(key):
    original = seed_text(key)
    clean = clean_text(original)
    assert len(clean.offsets) == len(clean.text)
    mismatched = [i for i, ch in enumerate(clean.text) if ch != "\n" and original[clean.offsets[i]] != ch]
    assert mismatched == []
    assert clean.offsets == sorted(clean.offsets)


def test_newspaper_column_breaks_are_rejoined_000():
    clean = clean_text(seed_text("000"))
    assert "力争实现地区生产总值超3500亿元、一般公共预算收入超260亿元、人均居民收入超4.8万元。" in clean.text
    assert "紧密协作" in clean.text  # "紧密协 作" in the source


def test_advertisement_and_phone_numbers_dropped_001():
    clean = clean_text(seed_text("001"))
    assert "13524678515" not in clean.text
    assert "扫一扫" not in clean.text
    assert "厂房土地租售" not in clean.text
    assert clean.text.rstrip().endswith("奋勇前进!")


def test_table_of_contents_dropped_but_table_cells_kept_002():
    clean = clean_text(seed_text("002"))
    assert "......" not in clean.text
    lines = clean.text.split("\n")
    assert "预期性" in lines and "亿元" in lines and "%" in lines  # repeated table cells are content
    assert lines.count("第二章加快产业升级,培育产业发展新动能") == 1  # the chapter, not its TOC entry


def test_magazine_columns_bold_and_pull_quotes_003():
    clean = clean_text(seed_text("003"))
    assert "近三年湘潭市固定资产投资年均增长7.7%,进入同类市州三甲行列,创近年最好成绩。" in clean.text
    assert "**" not in clean.text
    # The pull-quote repeats a body sentence: it is skipped, the body keeps it once.
    assert clean.text.count("近三年湘潭地区生产总值年均增长5.7%") == 1
    assert any("pull-quote" in reason for _, _, reason in clean.skipped)


def test_repeated_layout_words_dropped_004():
    clean = clean_text(seed_text("004"))
    assert "报告点击" not in clean.text
    assert "连线场外" not in clean.text
    assert "-新增3个以上千亿产业集群" in clean.text.split("\n")  # list items stay separate lines


def test_to_original_covers_removed_spaces():
    original = "到2025年,力争实现地区生产总值超 \n3500亿元。"
    clean = clean_text(original)
    assert clean.text == "到2025年,力争实现地区生产总值超3500亿元。"
    start, end = clean.to_original(0, len(clean.text))
    assert original[start:end] == original


def test_a_text_file_holding_an_html_fragment_has_its_paragraphs():
    from summarizer.clean import clean_text

    text = (
        '"<divclass="title"><h2>2004年青河市政府工作报告</h2></div><p>各位代表：</p><p>一、2003年工作回顾</p>'
        "<p>过去一年，地区生产总值增长12%。</p><p>二、2004年工作安排</p><p>今年地区生产总值增长10%。</p>"
    )
    clean = clean_text(text)
    assert "一、2003年工作回顾\n过去一年，地区生产总值增长12%。\n二、2004年工作安排" in clean.text
    assert "<" not in clean.text
    at = clean.text.index("今年")
    assert text[clean.offsets[at] : clean.offsets[at] + 2] == "今年"  # offsets still index the file


def test_a_work_reports_part_printed_without_a_number_is_a_heading():
    from summarizer.segment import heading_level

    assert heading_level("2011年工作回顾") == 1
    assert heading_level("2012年工作安排") == 1
    assert heading_level("2011年全市经济增长12%") is None
