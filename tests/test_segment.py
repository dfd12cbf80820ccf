"""Stage 3: headings as these documents write them; chunks that fit and cover the text."""

from __future__ import annotations

import itertools

import pytest
from conftest import seed_text

from summarizer.clean import clean_text
from summarizer.segment import heading_level, make_chunks, sentence_spans, split_sections
from summarizer.tables import find_tables


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("第二章加快产业升级,培育产业发展新动能", 1),
        ("# 2021:奋力开好局", 1),
        ("一、经济发展", 2),
        ("关键词:长株潭一体化", 2),
        ("【主要目标】", 2),
        ("(一)推动工业转型升级", 3),
        ("专栏2:湘乡市“十四五”社会经济发展主要指标", 3),
        ("1.大力优化产业结构", 4),
        ("1)电工电器产业。依托深思电工", 5),
        ("7.7%,进入同类", None),
        ("加快建设更具实力的中国动力谷。", None),
    ],
)
def test_heading_levels(line, level):
    assert heading_level(line) == level


def test_sections_of_the_plan_outline_carry_their_heading_path_002():
    clean = clean_text(seed_text("002"))
    tables, _ = find_tables(clean)
    sections = split_sections(clean.text, skip=[(t.start, t.end) for t in tables])
    paths = [s.heading_path for s in sections]
    assert any(p[:2] == ("第二章加快产业升级,培育产业发展新动能", "(一)推动工业转型升级") for p in paths)
    assert any(len(p) >= 4 and p[2] == "1.大力优化产业结构" and p[3].startswith("1)电工电器产业") for p in paths)
    # Table category rows look like headings but must not become sections.
    assert not any(any("(8项)" in h or "(6项)" in h for h in p) for p in paths)


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_chunks_fit_do_not_overlap_and_cover_every_sentence(key):
    clean = clean_text(seed_text(key))
    sections = split_sections(clean.text)
    chunks = make_chunks(clean.text, sections, max_chars=800)
    for chunk in chunks:
        assert chunk.text == clean.text[chunk.start : chunk.end]
        longest_sentence = max(b - a for a, b in sentence_spans(chunk.text))
        assert len(chunk.text) <= 800 or longest_sentence > 800
    for a, b in itertools.pairwise(chunks):
        assert a.end <= b.start
    covered = "".join(c.text for c in chunks)
    for a, b in sentence_spans(clean.text):
        assert clean.text[a:b].strip() in covered


def test_chunks_leave_out_rebuilt_tables_002():
    clean = clean_text(seed_text("002"))
    tables, _ = find_tables(clean)
    spans = [(t.start, t.end) for t in tables]
    chunks = make_chunks(clean.text, split_sections(clean.text, skip=spans), skip=spans)
    for chunk in chunks:
        assert all(chunk.end <= s or chunk.start >= e for s, e in spans)


def test_a_sentence_longer_than_a_chunk_is_cut_at_commas():
    text = "到2025年地区生产总值超3500亿元，" * 500  # one 'sentence' of 10,500 characters, no 。
    sections = split_sections(text)
    chunks = make_chunks(text, sections, max_chars=1200)
    assert len(chunks) >= 9
    assert all(len(c.text) <= 1200 for c in chunks)
    assert all(c.text.endswith("，") for c in chunks[:-1])  # cut after a comma, not inside a word
    assert "".join(c.text for c in chunks) == text


def test_a_line_without_any_break_is_cut_at_the_limit():
    text = "甲" * 3000
    chunks = make_chunks(text, split_sections(text), max_chars=1200)
    assert [len(c.text) for c in chunks] == [1200, 1200, 600]
