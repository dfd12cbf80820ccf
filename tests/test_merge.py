"""Stage 7: one record per thing; table rows win over prose; goals link to indicators."""

from __future__ import annotations

from summarizer.kinds import BY_FIELD
from summarizer.merge import assign_ids, link_goals
from summarizer.models import Evidence, Goal, Indicator, KeyProject, ResponsibleBody, YearValue
from summarizer.values import parse_value


def ev(start: int, end: int, alignment: str = "exact") -> Evidence:
    return Evidence(quote="q", start=start, end=end, alignment=alignment)


def ind(name: str, value: str, start: int, alignment: str = "exact") -> Indicator:
    return Indicator(
        id="",
        name=name,
        target=YearValue(year=2025, value=parse_value(value)),
        evidence=ev(start, start + 10, alignment),
    )


def test_table_row_wins_over_the_same_indicator_in_prose():
    table = [ind("森林覆盖率", "48", 5, "table")]
    prose = [ind("森林覆盖率", "48%", 100), ind("全市森林覆盖率", "48%", 200), ind("森林覆盖率", "50%", 300)]
    merged = BY_FIELD["indicators"].merge(table + prose)
    assert [(i.name, i.target.value.text) for i in merged] == [("森林覆盖率", "48"), ("森林覆盖率", "50%")]


def test_duplicates_across_chunks_collapse_and_keep_filled_fields():
    projects = BY_FIELD["key_projects"].merge(
        [
            KeyProject(id="", name="杨梅洲大桥", evidence=ev(10, 20)),
            KeyProject(id="", name="杨梅洲 大桥", status="推进", evidence=ev(50, 60)),
            KeyProject(id="", name="下摄司大桥", evidence=ev(30, 40)),
        ]
    )
    assert [(p.name, p.status) for p in projects] == [("杨梅洲大桥", "推进"), ("下摄司大桥", None)]
    bodies = BY_FIELD["responsible_bodies"].merge(
        [
            ResponsibleBody(id="", name="市发改委", canonical_name="市发展和改革委员会", evidence=ev(1, 5)),
            ResponsibleBody(
                id="", name="市发展和改革委员会", canonical_name="市发展和改革委员会", role="牵头", evidence=ev(9, 19)
            ),
        ]
    )
    assert len(bodies) == 1 and bodies[0].role == "牵头"
    goals = BY_FIELD["goals"].merge(
        [
            Goal(id="", statement="打造智能制造集聚区", evidence=ev(1, 9)),
            Goal(id="", statement="努力打造智能制造集聚区", horizon_year=2025, evidence=ev(40, 50)),
        ]
    )
    assert len(goals) == 1 and goals[0].horizon_year == 2025


def test_ids_follow_document_order_and_goals_link_to_indicators_in_their_sentence():
    goal = Goal(id="", statement="三超", evidence=ev(100, 200))
    inside, outside = ind("地区生产总值", "超3500亿元", 120), ind("其他", "5%", 400)
    indicators = [outside, inside]
    assign_ids({"goals": [goal], "indicators": indicators})
    assert [i.id for i in indicators] == ["I1", "I2"] and indicators[0] is inside
    link_goals([goal], indicators)
    assert goal.indicator_ids == ["I1"]


def test_every_briefing_list_has_a_registered_kind():
    from summarizer.kinds import KINDS, LISTS
    from summarizer.models import Briefing

    lists = [name for name, f in Briefing.model_fields.items() if getattr(f.annotation, "__origin__", None) is list]
    assert sorted(lists) == sorted(LISTS)
    assert all(Briefing.model_fields[k.field].annotation == list[k.item] for k in KINDS)
    assert len({k.task for k in KINDS}) == len({k.id_prefix for k in KINDS}) == len(KINDS)
