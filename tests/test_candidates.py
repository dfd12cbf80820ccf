"""Candidate finders: what the text's structure proposes for each list kind, with no model.

Sentences are written for the test, with invented places and works: the finders describe
Chinese official writing, not particular documents."""

from __future__ import annotations

import pytest
from conftest import SEEDS, seed_path

from summarizer.clean import clean_text
from summarizer.kinds import BY_FIELD
from summarizer.pipeline import find_candidates
from summarizer.read import read_document
from summarizer.tables import find_tables


def found(field: str, text: str) -> list:
    return BY_FIELD[field].find(text)


def test_indicator_phrases_with_their_qualifier_and_governing_year():
    text = "到2030年，全县地区生产总值突破800亿元，城镇居民人均可支配收入年均增长6%左右。"
    got = {c.text: c.fields for c in found("indicators", text)}
    assert got["地区生产总值"] == {"value": "突破800亿元", "year": 2030, "past": False}
    assert got["城镇居民人均可支配收入"]["value"] == "6%左右"
    assert all(c.fields["year"] == 2030 for c in found("indicators", text))


def test_a_count_is_named_by_its_object():
    names = {
        c.text: c.fields["value"] for c in found("indicators", "今年新建20个区域养老服务中心，培育100个以上特色小镇。")
    }
    assert names["区域养老服务中心"] == "20个"
    assert names["特色小镇"] == "100个以上"


def test_past_results_are_marked_and_years_are_not_values():
    candidates = found("indicators", "2025年全区地区生产总值增长6.5%，同比提高0.3个百分点。")
    assert all(c.fields["value"] != "2025年" for c in candidates)
    assert any(c.fields["past"] for c in candidates)


def test_every_candidate_span_holds_its_text_inside_its_sentence():
    """A work, body or goal spans its words; an indicator spans its phrase, from its subject to its value."""
    text = (
        "力争到2028年，新建5G基站1200座、新增城镇就业3万人以上，建成青石大桥和南山污水处理厂，"
        "推进东湖、北岭等片区建设。"
    )
    for field in BY_FIELD:
        for c in found(field, text):
            span = text[c.start : c.end]
            if field in ("indicators", "results"):  # both read values: from the subject to the value
                assert c.text in span and c.fields["value"] in span, (field, c)
                assert span.startswith((c.text, c.fields["value"])), (field, c)
            elif "shared_type" in c.fields:  # "A、B等片区": B片区 is not written as such; the span is B
                assert c.text == span + c.fields["shared_type"], (field, c)
            else:
                assert span == c.text, (field, c)
            assert c.sentence[0] <= c.start < c.end <= c.sentence[1]


def test_named_works_in_enumerations_with_phases_codes_and_quotes():
    text = "加快推进青石大桥、云河快速路和南山污水处理厂建设，开工建设G999青云段，推进“云河新区”建设和东湖产业园二期。"
    names = [c.text for c in found("key_projects", text)]
    assert names == ["青石大桥", "云河快速路", "南山污水处理厂", "G999青云段", "“云河新区”", "东湖产业园二期"]


def test_a_type_written_once_after_等_belongs_to_every_item():
    names = [c.text for c in found("key_projects", "实施东坪、石门、白沙等绕镇公路工程。")]
    assert names == ["东坪绕镇公路", "石门绕镇公路", "白沙绕镇公路"]


def test_programmes_and_generic_words_are_not_works():
    text = "实施乡村振兴战略，推进一批重点项目建设，加快“三大工程”落地。"
    assert [c.text for c in found("key_projects", text)] == []


def test_bodies_by_level_and_organ_words_and_from_responsibility_lists():
    text = "市城管局牵头，县发改委配合。（责任单位：省数据资源局、省通信管理局、某某集团有限公司）"
    names = [c.text for c in found("responsible_bodies", text)]
    assert {"市城管局", "县发改委", "省数据资源局", "省通信管理局"} <= set(names)
    assert not any("公司" in n for n in names)


def test_goal_clauses_without_their_lead_and_with_their_year():
    (goal,) = [c for c in found("goals", "到2035年，基本建成现代化滨江新城。") if "滨江新城" in c.text]
    assert goal.text.endswith("建成现代化滨江新城") and not goal.text.startswith("到")
    assert goal.fields["year"] == 2035


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not found")
def test_table_rows_are_indicator_candidates_too():
    source = read_document(seed_path("002"))
    rows = [row for table in find_tables(clean_text(source.text))[0] for row in table.indicators]
    candidates = find_candidates(source)["indicators"]
    assert len(rows) >= 60
    assert {r.name for r in rows} <= {c.text for c in candidates}


def test_groups_party_committees_and_peoples_organizations_are_bodies():
    text = "成立云河县乡村振兴领导小组，由县长任组长；县委、县政府统筹推进；发挥好工商联桥梁纽带作用。"
    names = {c.text for c in found("responsible_bodies", text)}
    assert {"云河县乡村振兴领导小组", "县委", "县政府", "工商联"} <= names


def test_a_goal_clause_keeps_its_inner_list_and_x建设_is_a_goal():
    text = "努力实现河畅、水清、岸绿的治理目标，深入推进平安城市建设，加强安全生产监管。"
    goals = [c.text for c in found("goals", text)]
    assert "实现河畅、水清、岸绿的治理目标" in goals
    assert "平安城市建设" in goals
    assert not any("监管" in g for g in goals)  # a measure led by 加强 states no end state


def test_a_shared_type_ends_a_word():
    # 城 of 城镇 is not a type; 园区 is one word.
    assert not [c for c in found("key_projects", "串联东川、西川等重点城镇。") if c.text.endswith("城")]
    names = [c.text for c in found("key_projects", "支持东川、西川等物流园区建设。")]
    assert names == ["东川物流园区", "西川物流园区"]
