"""Stage 6: items are located in the source or dropped; evidence is cut from the original."""

from __future__ import annotations

from conftest import seed_text

from summarizer.clean import clean_text
from summarizer.extract import DraftItem
from summarizer.ground import ground_items
from summarizer.kinds.bodies import BodyDraft
from summarizer.kinds.goals import GoalDraft
from summarizer.kinds.indicators import IndicatorDraft
from summarizer.kinds.projects import ProjectDraft
from summarizer.locate import normalize
from summarizer.segment import make_chunks, split_sections


def _ground(key: str, drafts_by_task: list[tuple[str, object]], needle: str):
    original = seed_text(key)
    clean = clean_text(original)
    sections = split_sections(clean.text)
    chunk = next(c for c in make_chunks(clean.text, sections) if needle in c.text)
    items = [DraftItem(task=task, draft=draft, chunk=chunk) for task, draft in drafts_by_task]
    return ground_items(items, clean, sections), original


def test_indicator_found_across_column_breaks_with_exact_offsets_000():
    grounded, original = _ground(
        "000",
        [("indicators", IndicatorDraft(name="地区生产总值", value="超3500亿元", year=2025))],
        "超3500亿元",
    )
    (indicator,) = grounded.indicators
    ev = indicator.evidence
    assert "地区生产总值超3500亿元" in ev.quote
    assert normalize(original[ev.start : ev.end]) == normalize(ev.quote)  # the source has "超 3500亿元"
    assert " " in original[ev.start : ev.end]
    assert (indicator.target.value.number, indicator.target.value.unit, indicator.qualifier) == (3500, "亿元", "超")
    assert indicator.target.year == 2025


def test_invented_items_are_dropped_and_reported_000():
    grounded, _ = _ground(
        "000",
        [
            ("indicators", IndicatorDraft(name="地区生产总值", value="超9999亿元", year=2025)),
            ("indicators", IndicatorDraft(name="某指标", value="目标", year=2025)),
            ("projects", ProjectDraft(name="月球基地", sector=None, investment=None, status=None)),
            ("bodies", BodyDraft(name="市宇航局", role="牵头", person=None, post=None, responsibility=None)),
        ],
        "超3500亿元",
    )
    assert grounded.indicators == [] and grounded.projects == [] and grounded.bodies == []
    reasons = [w.message for w in grounded.warnings]
    assert len(reasons) == 4
    assert all(w.kind == "item_dropped" for w in grounded.warnings)


def test_body_person_kept_only_when_stated_in_its_sentence_000():
    grounded, _ = _ground(
        "000",
        [
            (
                "bodies",
                BodyDraft(name="市工信局", role="答记者问", person="郭晖", post="总经济师", responsibility=None),
            ),
            ("bodies", BodyDraft(name="市科技局", role="答记者问", person="张三", post=None, responsibility=None)),
        ],
        "市工信局",
    )
    (body,) = grounded.bodies
    assert (body.name, body.person, body.canonical_name, body.level) == ("市工信局", "郭晖", "市工业和信息化局", "市")
    assert body.post == "总经济师"
    # 市科技局 is in the document but not in this chunk: an item is grounded in its own chunk only.
    assert [w.message for w in grounded.warnings] == ["bodies item '市科技局' dropped: its name is not in the source"]


def test_reworded_goal_is_stated_in_the_source_words_000():
    grounded, _ = _ground(
        "000",
        [
            ("goals", GoalDraft(statement="打造国家重要智能制造集聚区", year=2025, domain="经济发展")),
            ("goals", GoalDraft(statement="努力打造国家重要的智能制造业集聚区域", year=2025, domain=None)),
        ],
        "努力打造国家重要智能制造集聚区",
    )
    exact, reworded = grounded.goals
    assert (exact.statement, exact.evidence.alignment) == ("打造国家重要智能制造集聚区", "exact")
    assert reworded.evidence.alignment == "fuzzy"
    assert reworded.statement == "构建现代产业体系,努力打造国家重要智能制造集聚区。"  # the source's words


def test_project_investment_must_be_beside_the_project_001():
    grounded, _ = _ground(
        "001",
        [("projects", ProjectDraft(name="杨梅洲大桥", sector="交通", investment="999亿元", status=None))],
        "杨梅洲大桥",
    )
    (project,) = grounded.projects
    assert project.investment is None  # kept, without an amount the text does not give
    assert "杨梅洲大桥" in project.evidence.quote


SANSAN = "到2025年,力争实现地区生产总值超3500亿元、一般公共预算收入超260亿元、人均居民收入超4.8万元。"


def test_value_keeps_the_qualifier_the_source_writes_and_names_come_from_the_clause():
    from summarizer.kinds.indicators import read_value_and_name

    assert read_value_and_name(SANSAN, "4.8万元", "人均居民收入") == ("超4.8万元", "人均居民收入")
    # The model put another target's name on this value: the clause's subject replaces it.
    assert read_value_and_name(SANSAN, "260亿元", "地区生产总值年均增长") == ("超260亿元", "一般公共预算收入")
    assert read_value_and_name("城乡居民人均可支配收入达到4.8万元", "4.8万元", "收入") == (
        "4.8万元",
        "城乡居民人均可支配收入",
    )
    # Neither the model's name nor a subject in the clause: no name, and grounding drops the item.
    assert read_value_and_name("年均增长7%左右;", "7%", "地区生产总值年均增长") == ("7%左右", "")
    assert read_value_and_name('{"value": "999亿元"}到2025年地区生产总值超3500亿元', "999亿元", "地区生产总值") == (
        "999亿元",
        "",
    )


def test_target_year_comes_from_the_sentence_and_generic_projects_are_dropped_000():
    grounded, _ = _ground(
        "000",
        [
            ("indicators", IndicatorDraft(name="一般公共预算收入", value="260亿元", year=2035)),
            ("projects", ProjectDraft(name="重点项目", sector=None, investment=None, status=None)),
        ],
        "超3500亿元",
    )
    (indicator,) = grounded.indicators
    assert (indicator.target.year, indicator.target.value.text, indicator.qualifier) == (2025, "超260亿元", "超")
    assert grounded.projects == [] and "generic" in grounded.warnings[0].message


def test_kind_checks_drop_phrases_that_are_in_the_source_but_are_not_the_thing_000():
    grounded, _ = _ground(
        "000",
        [
            ("bodies", BodyDraft(name="区域创新新格局", role=None, person=None, post=None, responsibility=None)),
            (
                "bodies",
                BodyDraft(
                    name="市科技局党组副书记", role="答记者问", person="金彪", post="副局长", responsibility=None
                ),
            ),
            ("projects", ProjectDraft(name="新材料", sector=None, investment=None, status=None)),
            ("projects", ProjectDraft(name="推进科技成果转移转化", sector=None, investment=None, status=None)),
        ],
        "市科技局党组副书记",
    )
    assert [(b.name, b.person) for b in grounded.bodies] == [("市科技局", "金彪")]
    assert grounded.projects == []
    assert len(grounded.warnings) == 3


def test_past_results_are_not_targets():
    from summarizer.kinds.indicators import is_past_result

    assert is_past_result("1-4月,全市累计完成外商直接投资3553万美元,同比增长179.8%。", "179.8%")
    assert is_past_result("完成全年任务88.8%,进度排名全省第一。", "88.8%")
    assert not is_past_result("到2025年,力争实现地区生产总值超3500亿元。", "超3500亿元")
    assert not is_past_result("今年全市地区生产总值增长7%左右。", "7%左右")


def test_a_share_of_the_annual_plan_is_a_result():
    from summarizer.kinds.indicators import is_past_result

    assert is_past_result("1-5月,可完成引进内资284.2亿元,占年计划的42%。", "42%")


def test_an_investment_without_a_number_is_not_kept_001():
    grounded, _ = _ground(
        "001",
        [("projects", ProjectDraft(name="杨梅洲大桥", sector="交通", investment="大桥", status=None))],
        "杨梅洲大桥",
    )
    assert grounded.projects[0].investment is None
