"""The matcher, the scorer and the reports, on small hand-made briefings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarizer.evals.match import MIN_NAME_SIMILARITY, lcs_length, match_list, similarity
from summarizer.evals.report import render_scores, worst_errors, write_json_report, write_markdown_report
from summarizer.evals.score import Counts, DocumentScore, aggregate, is_grounded, score_document
from summarizer.models import (
    Briefing,
    DocumentInfo,
    Evidence,
    Goal,
    Indicator,
    KeyProject,
    ResponsibleBody,
    RunInfo,
    Usage,
    Value,
    YearValue,
)

# --- builders ---------------------------------------------------------------------------------------------------------


def ev(quote: str = "引文", start: int = 0, end: int | None = None) -> Evidence:
    return Evidence(quote=quote, start=start, end=len(quote) if end is None else end, alignment="exact")


def ind(
    id: str,
    name: str,
    value: str | None = None,
    year: int | None = 2025,
    unit: str | None = None,
    qualifier: str | None = None,
    attribute: str | None = None,
    baseline: str | None = None,
    evidence: Evidence | None = None,
) -> Indicator:
    return Indicator(
        id=id,
        name=name,
        unit=unit,
        target=YearValue(year=year, value=Value(text=value)) if value is not None else None,
        baseline=YearValue(year=2020, value=Value(text=baseline)) if baseline is not None else None,
        qualifier=qualifier,
        attribute=attribute,  # type: ignore[arg-type]
        evidence=evidence or ev(),
    )


def body(id: str, name: str, canonical: str, role: str | None = None, person: str | None = None) -> ResponsibleBody:
    return ResponsibleBody(id=id, name=name, canonical_name=canonical, role=role, person=person, evidence=ev())


def briefing(source_file: str = "doc.txt", **lists: list[Any]) -> Briefing:
    return Briefing(
        document=DocumentInfo(
            title="测试", doc_type="规划纲要", source_file=source_file, sha256="0", encoding="utf-8", characters=0
        ),
        summary="",
        run=RunInfo(
            backend="test",
            model="test",
            prompt_versions={},
            usage=Usage(),
            seconds=0,
            chunks=0,
            chunks_failed=0,
            items_dropped=0,
        ),
        **lists,
    )


def score(pred: dict[str, list[Any]], gold: dict[str, list[Any]], alternates: dict | None = None) -> DocumentScore:
    return score_document(briefing(**pred), briefing(**gold), alternates or {}, "")


def counts(c: Counts) -> tuple[int, int, int]:
    return c.tp, c.fp, c.fn


def kinds(s: DocumentScore) -> list[tuple[str, str | None]]:
    return [(e.kind, e.field) for e in s.errors]


# --- similarity -------------------------------------------------------------------------------------------------------


def test_lcs_and_similarity() -> None:
    assert lcs_length("abcbdab", "bdcaba") == 4
    assert lcs_length("", "abc") == 0
    assert similarity("地区生产总值", "地区生产总值(增速)") == 0.75
    assert similarity("城镇新增就业", "城镇化率") == 0.4  # under the threshold
    assert similarity("地区生产总值", "") == 0.0
    assert MIN_NAME_SIMILARITY == 0.5


# --- matching ---------------------------------------------------------------------------------------------------------


def test_swapped_pair_is_matched_by_name() -> None:
    gold = [ind("I1", "地区生产总值", "超3500亿元"), ind("I2", "一般公共预算收入", "超260亿元")]
    pred = [ind("P1", "一般公共预算收入", "超260亿元"), ind("P2", "地区生产总值", "超3500亿元")]
    m = match_list("indicators", gold, pred)
    assert [(p.gold.id, p.pred.id, p.similarity) for p in m.pairs] == [("I1", "P2", 1.0), ("I2", "P1", 1.0)]
    assert m.unmatched_gold == [] and m.unmatched_pred == []
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.lists["indicators"]) == (2, 0, 0)
    assert counts(s.fields["indicators"]["target.value"]) == (2, 0, 0)
    assert s.errors == []


def test_same_name_is_paired_by_year_and_value() -> None:
    # Two gold records named alike: the field agreement decides, not the list order.
    gold = [ind("I1", "地区生产总值", "3500亿元", year=2025), ind("I2", "地区生产总值", "7000亿元", year=2035)]
    pred = [ind("P1", "地区生产总值", "7000亿元", year=2035), ind("P2", "地区生产总值", "3500亿元", year=2025)]
    m = match_list("indicators", gold, pred)
    assert [(p.gold.id, p.pred.id) for p in m.pairs] == [("I1", "P2"), ("I2", "P1")]
    assert score({"indicators": pred}, {"indicators": gold}).errors == []


def test_duplicate_prediction_is_one_match_and_one_invention() -> None:
    gold = [ind("I1", "地区生产总值", "超3500亿元")]
    pred = [ind("P1", "地区生产总值", "超3500亿元"), ind("P2", "地区生产总值", "超3500亿元")]
    m = match_list("indicators", gold, pred)
    assert len(m.pairs) == 1 and len(m.unmatched_pred) == 1 and m.unmatched_gold == []
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.lists["indicators"]) == (1, 1, 0)
    assert s.lists["indicators"].precision == 0.5
    assert s.lists["indicators"].recall == 1.0
    assert s.lists["indicators"].f1 == pytest.approx(2 / 3)
    assert kinds(s) == [("invented", None)]
    assert s.errors[0].pred_name == "地区生产总值"


def test_name_below_threshold_is_a_miss_and_an_invention() -> None:
    gold = [ind("I1", "城镇新增就业", "4万人")]
    pred = [ind("P1", "城镇化率", "4万人")]  # similarity 0.4, same value: still not a match
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.lists["indicators"]) == (0, 1, 1)
    assert s.lists["indicators"].precision == 0.0 and s.lists["indicators"].f1 == 0.0
    assert kinds(s) == [("missing", None), ("invented", None)]
    assert (s.errors[0].gold_id, s.errors[1].pred_id) == ("I1", "P1")
    assert s.pairs["indicators"] == []
    # Field counts cover matched pairs only.
    assert counts(s.fields["indicators"]["target.value"]) == (0, 0, 0)


def test_gold_alternate_name_allows_the_match() -> None:
    gold = [ind("I1", "城镇新增就业", "4万人")]
    pred = [ind("P1", "城镇化率", "4万人")]
    s = score({"indicators": pred}, {"indicators": gold}, {"I1": {"name": ["城镇化率"]}})
    assert counts(s.lists["indicators"]) == (1, 0, 0)
    assert counts(s.fields["indicators"]["name"]) == (1, 0, 0)  # the alternate is an equal name
    assert s.pairs["indicators"][0].similarity == 1.0


def test_body_abbreviation_matches_canonical_name() -> None:
    gold = [body("B1", "市发展和改革委员会", "市发展和改革委员会", role="答记者问", person="聂沛君")]
    # The prediction left the abbreviation in canonical_name too: canonical_body fixes it.
    pred = [body("P1", "市发改委", "市发改委", role="答记者问", person="聂沛君")]
    s = score({"responsible_bodies": pred}, {"responsible_bodies": gold})
    assert counts(s.lists["responsible_bodies"]) == (1, 0, 0)
    assert s.pairs["responsible_bodies"][0].similarity == 1.0
    assert counts(s.fields["responsible_bodies"]["canonical_name"]) == (1, 0, 0)
    assert counts(s.fields["responsible_bodies"]["role"]) == (1, 0, 0)
    assert counts(s.fields["responsible_bodies"]["person"]) == (1, 0, 0)
    assert s.errors == []


def test_empty_lists() -> None:
    m = match_list("goals", [], [])
    assert m.pairs == [] and m.unmatched_gold == [] and m.unmatched_pred == []
    s = score({}, {"indicators": [ind("I1", "地区生产总值", "3500亿元")]})
    assert counts(s.lists["indicators"]) == (0, 0, 1)
    assert s.lists["indicators"].precision is None  # nothing predicted
    assert s.lists["indicators"].f1 == 0.0
    assert s.lists["goals"].f1 is None  # nothing either side
    assert s.grounding.rate is None


# --- fields -----------------------------------------------------------------------------------------------------------


def test_unit_mismatch_percent_vs_points() -> None:
    gold = [ind("I1", "研发经费投入强度", "提高0.5个百分点", unit="个百分点")]
    pred = [ind("P1", "研发经费投入强度", "0.5%", unit="%")]
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.lists["indicators"]) == (1, 0, 0)
    assert counts(s.fields["indicators"]["target.value"]) == (0, 1, 1)
    assert counts(s.fields["indicators"]["unit"]) == (0, 1, 1)
    assert kinds(s) == [("wrong_unit", "unit"), ("wrong_unit", "target.value")]
    err = s.errors[1]
    assert (err.gold_value, err.pred_value, err.gold_id, err.pred_id) == ("提高0.5个百分点", "0.5%", "I1", "P1")


def test_wrong_number_is_wrong_value() -> None:
    gold = [ind("I1", "地区生产总值", "3500亿元")]
    s = score({"indicators": [ind("P1", "地区生产总值", "3500万元")]}, {"indicators": gold})
    assert counts(s.fields["indicators"]["target.value"]) == (0, 1, 1)
    assert counts(s.fields["indicators"]["unit"]) == (0, 0, 0)  # no unit field on either side
    assert kinds(s) == [("wrong_value", "target.value")]  # a scale error is a wrong number, same unit family
    s = score({"indicators": [ind("P1", "地区生产总值", "3500", unit="万元")]}, {"indicators": gold})
    assert kinds(s) == [("wrong_unit", "unit"), ("wrong_value", "target.value")]


def test_qualifier_over_vs_at_least_is_compatible() -> None:
    gold = [ind("I1", "地区生产总值", "超3500亿元", qualifier="超")]
    pred = [ind("P1", "地区生产总值", "3500亿元以上", qualifier="以上")]
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.lists["indicators"]) == (1, 0, 0)
    assert counts(s.fields["indicators"]["target.value"]) == (1, 0, 0)
    assert counts(s.fields["indicators"]["qualifier"]) == (1, 0, 0)
    assert s.errors == []


def test_qualifier_read_from_the_value_text_when_the_field_is_empty() -> None:
    gold = [ind("I1", "地区生产总值", "超3500亿元", qualifier="超")]
    pred = [ind("P1", "地区生产总值", "3500亿元以上")]  # qualifier field empty, the text says 以上
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.fields["indicators"]["qualifier"]) == (1, 0, 0)


def test_qualifier_of_another_direction_is_wrong() -> None:
    gold = [ind("I1", "地区生产总值", "超3500亿元", qualifier="超")]
    pred = [ind("P1", "地区生产总值", "3500亿元左右", qualifier="左右")]
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.fields["indicators"]["target.value"]) == (1, 0, 0)
    assert counts(s.fields["indicators"]["qualifier"]) == (0, 1, 1)
    assert kinds(s) == [("wrong_qualifier", "qualifier")]
    assert (s.errors[0].gold_value, s.errors[0].pred_value) == ("超", "左右")


def test_scale_equal_values() -> None:
    gold = [ind("I1", "地区生产总值", "3500亿元", unit="亿元")]
    pred = [ind("P1", "地区生产总值", "3.5千亿元", unit="亿元")]
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.fields["indicators"]["target.value"]) == (1, 0, 0)
    assert counts(s.fields["indicators"]["unit"]) == (1, 0, 0)
    # A table cell without its unit takes the indicator's unit.
    table = [ind("P1", "地区生产总值", "3500", unit="亿元")]
    s = score({"indicators": table}, {"indicators": gold})
    assert counts(s.fields["indicators"]["target.value"]) == (1, 0, 0)
    assert s.errors == []


def test_value_where_gold_has_none_is_a_false_positive() -> None:
    gold = [ind("I1", "森林覆盖率", "48%", unit="%")]
    pred = [ind("P1", "森林覆盖率", "48%", unit="%", attribute="约束性", baseline="47.5%")]
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.fields["indicators"]["attribute"]) == (0, 1, 0)
    assert counts(s.fields["indicators"]["baseline.value"]) == (0, 1, 0)
    assert kinds(s) == [("wrong_value", "baseline.value"), ("wrong_attribute", "attribute")]
    assert (s.errors[1].gold_value, s.errors[1].pred_value) == (None, "约束性")


def test_value_the_prediction_lacks_is_a_false_negative() -> None:
    gold = [ind("I1", "森林覆盖率", "48%", unit="%", year=2025, attribute="约束性")]
    pred = [ind("P1", "森林覆盖率", "48%", unit="%", year=None)]
    s = score({"indicators": pred}, {"indicators": gold})
    assert counts(s.fields["indicators"]["target.year"]) == (0, 0, 1)
    assert counts(s.fields["indicators"]["attribute"]) == (0, 0, 1)
    assert kinds(s) == [("wrong_year", "target.year"), ("wrong_attribute", "attribute")]
    # A null among the alternates accepts the empty prediction.
    s = score({"indicators": pred}, {"indicators": gold}, {"I1": {"target.year": [None], "attribute": [None]}})
    assert counts(s.fields["indicators"]["target.year"]) == (0, 0, 0)
    assert s.errors == []


def test_goal_statement_and_horizon() -> None:
    gold = [Goal(id="G1", statement="建成国家生态园林城市", horizon_year=2025, evidence=ev())]
    pred = [Goal(id="P1", statement="到2025年，力争建成国家生态园林城市。", horizon_year=2035, evidence=ev())]
    s = score({"goals": pred}, {"goals": gold})
    assert counts(s.lists["goals"]) == (1, 0, 0)
    assert counts(s.fields["goals"]["statement"]) == (1, 0, 0)  # the lead-in is not part of the statement
    assert counts(s.fields["goals"]["horizon_year"]) == (0, 1, 1)
    assert kinds(s) == [("wrong_year", "horizon_year")]


def test_project_fields() -> None:
    gold = [
        KeyProject(id="P1", name="杨梅洲大桥", status="建成", investment=Value(text="5亿元"), evidence=ev()),
        KeyProject(id="P2", name="湘乡至九华城际快车道", location="湘乡", evidence=ev()),
    ]
    pred = [
        KeyProject(id="X1", name="湘乡至九华城际快车道", status="推进", evidence=ev()),
        KeyProject(id="X2", name="杨梅洲大桥", status="推进", investment=Value(text="50000万元"), evidence=ev()),
    ]
    s = score({"key_projects": pred}, {"key_projects": gold})
    assert counts(s.lists["key_projects"]) == (2, 0, 0)
    assert counts(s.fields["key_projects"]["name"]) == (2, 0, 0)
    assert counts(s.fields["key_projects"]["investment"]) == (1, 0, 0)  # 5亿元 = 50000万元
    assert counts(s.fields["key_projects"]["status"]) == (0, 2, 1)  # wrong for P1, invented for P2
    assert counts(s.fields["key_projects"]["location"]) == (0, 0, 1)
    assert kinds(s) == [("wrong_value", "status"), ("wrong_value", "status"), ("wrong_value", "location")]


# --- grounding --------------------------------------------------------------------------------------------------------

SOURCE = "一、目标\n到2025年，力争实现地区生产总值超\n3500亿元，**一般公共预算收入**超260亿元，打造“一区两地”。"


def span(quote_in_source: str) -> tuple[int, int]:
    start = SOURCE.index(quote_in_source)
    return start, start + len(quote_in_source)


def test_grounding_rate() -> None:
    a, b = span("地区生产总值超\n3500亿元")
    good = ev("地区生产总值超3500亿元", a, b)  # the quote drops the line break
    wrong = ev("一般公共预算收入超260亿元", a, b)  # the span holds another text
    pred = [
        ind("P1", "地区生产总值", "超3500亿元", evidence=good),
        ind("P2", "一般公共预算收入", "超260亿元", evidence=wrong),
    ]
    s = score_document(briefing(indicators=pred), briefing(), {}, SOURCE)
    assert (s.grounding.grounded, s.grounding.total, s.grounding.rate) == (1, 2, 0.5)
    assert s.grounding.ungrounded == ["indicators:P2"]


def test_grounding_tolerates_emphasis_nfkc_and_quote_marks_only() -> None:
    c, d = span("**一般公共预算收入**超260亿元")
    assert is_grounded(ev("一般公共预算收入超260亿元", c, d), SOURCE)  # markdown '**' dropped
    assert is_grounded(ev("一般公共预算收入超２６０亿元", c, d), SOURCE)  # NFKC
    e, f = span("打造“一区两地”")
    assert is_grounded(ev('打造"一区两地"', e, f), SOURCE)  # quote marks
    assert is_grounded(ev("打造「一区两地」", e, f), SOURCE)
    assert not is_grounded(ev("一般公共预算收入超2600亿元", c, d), SOURCE)  # a different number
    assert not is_grounded(ev("一般公共预算收入", c, d), SOURCE)  # part of the span is not the span
    assert not is_grounded(ev("一般公共预算收入超260亿元", c, len(SOURCE) + 1), SOURCE)  # out of range
    assert not is_grounded(ev("", c, c), SOURCE)  # an empty quote grounds nothing


# --- aggregate and reports --------------------------------------------------------------------------------------------


def _two_documents() -> list[DocumentScore]:
    doc1 = score_document(
        briefing("a.txt", indicators=[ind("P1", "地区生产总值", "3500亿元"), ind("P2", "城镇化率", "70%")]),
        briefing("a.txt", indicators=[ind("I1", "地区生产总值", "超3500亿元", qualifier="超")]),
        {},
        "",
    )
    doc2 = score_document(
        briefing("b.txt"),
        briefing("b.txt", indicators=[ind("I1", "森林覆盖率", "48%"), ind("I2", "人均地区生产总值", "10万元")]),
        {},
        "",
    )
    return [doc1, doc2]


def test_aggregate_is_micro_averaged() -> None:
    scores = _two_documents()
    assert counts(scores[0].lists["indicators"]) == (1, 1, 0)
    assert counts(scores[1].lists["indicators"]) == (0, 0, 2)
    overall = aggregate(scores)
    assert overall.documents == ["a", "b"]
    c = overall.lists["indicators"]
    assert counts(c) == (1, 1, 2)
    assert (c.precision, c.recall, c.f1) == (0.5, pytest.approx(1 / 3), 0.4)  # not the mean of 0.667 and 0
    assert counts(overall.records) == (1, 1, 2)
    assert counts(overall.fields["indicators"]["qualifier"]) == (0, 0, 1)
    assert overall.errors_by_kind == {
        "missing": 2,
        "invented": 1,
        "wrong_value": 0,
        "wrong_unit": 0,
        "wrong_year": 0,
        "wrong_qualifier": 1,
        "wrong_attribute": 0,
    }
    assert (overall.grounding.grounded, overall.grounding.total) == (0, 2)


def test_reports(tmp_path: Path) -> None:
    scores = _two_documents()
    overall = aggregate(scores)
    by_set = {"seeds": aggregate(scores[:1]), "devdocs": aggregate(scores[1:]), "all": overall}
    labels = {"seeds": "seed documents", "devdocs": "development documents", "all": "all documents"}

    console = Console(record=True, width=200)
    render_scores(console, scores, by_set, labels)
    text = console.export_text()
    assert "a: records" in text and "b: records" in text
    assert "seed documents, 1 documents" in text and "development documents, 1 documents" in text
    assert "all documents, 2 documents" in text
    assert "F1 per list and set" in text and "Document card" in text
    assert "target.value" in text and "wrong_qualifier" in text

    write_json_report(tmp_path / "out" / "report.json", scores, by_set)
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["sets"]["all"]["lists"]["indicators"]["f1"] == 0.4
    assert set(data["sets"]) == {"seeds", "devdocs", "all"}
    assert data["documents"][0]["errors"][0]["pred_name"] == "城镇化率"
    assert DocumentScore.model_validate(data["documents"][0]).lists == scores[0].lists

    # The worst errors: missing first, then invented, then field errors.
    assert [e.kind for e in worst_errors(scores, 10)] == ["missing", "missing", "invented", "wrong_qualifier"]
    write_markdown_report(tmp_path / "report.md", scores, by_set, labels, worst=3)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Worst errors (3 of 4)" in md
    assert md.index("### a") < md.index("#### invented (1)") < md.index("### b") < md.index("#### missing (2)")
    assert "wrong_qualifier (1)" not in md  # cut by worst=3
    assert "| indicators | I2 | 人均地区生产总值 |" in md
