"""The summary: the model's words are shown only when the facts it was given support them."""

from __future__ import annotations

from fakes import fake_model

from summarizer.pipeline import summarize_source
from summarizer.read import source_from_bytes

DOC = "湘潭市政府工作报告\n到2025年,全市地区生产总值超3500亿元。\n".encode()


def summary_with(answer: str):
    model, _ = fake_model(
        lambda task, text: (
            {"summary": answer}
            if task == "summary"
            else {"items": [{"name": "地区生产总值", "value": "超3500亿元", "year": 2025}]}
            if task == "indicators"
            else {"items": []}
        )
    )
    briefing = summarize_source(source_from_bytes(DOC, "doc.txt"), model)
    notes = [w.message for w in briefing.run.warnings if w.task == "summary"]
    return briefing.summary, notes


def test_a_supported_summary_is_kept():
    summary, notes = summary_with("湘潭市政府工作报告提出到2025年全市地区生产总值超3500亿元。")
    assert summary == "湘潭市政府工作报告提出到2025年全市地区生产总值超3500亿元。"
    assert notes == []


def test_a_number_the_model_was_not_given_is_not_shown():
    summary, notes = summary_with("湘潭市提出到2025年地区生产总值超5000亿元,新增就业10万人。")
    assert "5000" not in summary and "超3500亿元" in summary
    assert "numbers that are not in the extracted facts (5000, 10)" in notes[0]


def test_a_summary_that_repeats_the_prompt_is_not_shown():
    summary, notes = summary_with("根据文件标题和抽取出的目标、指标、项目,用中文写摘要。")
    assert "抽取出的目标" not in summary
    assert "repeats the prompt" in notes[0]


def test_an_english_summary_is_not_shown():
    summary, notes = summary_with("The city targets GDP of 3500 by 2025.")
    assert summary.startswith("《湘潭市政府工作报告》")
    assert "not Chinese prose" in notes[0]


def test_no_facts_means_no_summary_call():
    model, create = fake_model()
    briefing = summarize_source(source_from_bytes("湘潭市政府工作报告\n会议听取了报告。\n".encode(), "x.txt"), model)
    assert all(r["messages"][0]["content"][:20] != "根据文件标题和抽取出的目标" for r in create.requests)
    assert briefing.summary.startswith("《湘潭市政府工作报告》")


def test_a_briefing_answered_from_the_cache_still_shows_what_the_model_cost(tmp_path):
    import time

    from summarizer.cache import ResponseCache

    def slow_summary(task, text):
        if task != "summary":
            return {"keep": [1, 2]}
        time.sleep(0.2)  # the model's own time, paid once
        return {"summary": "湘潭市政府工作报告提出到2025年全市地区生产总值超3500亿元。"}

    runs = []
    for _ in range(2):
        model, _ = fake_model(slow_summary, cache=ResponseCache(tmp_path))
        runs.append(summarize_source(source_from_bytes(DOC, "doc.txt"), model).run)
    first, second = runs
    assert first.usage.cache_hits == 0 and second.usage.cache_hits == second.usage.calls
    assert first.usage.model_seconds >= 0.2
    assert second.usage.model_seconds == first.usage.model_seconds  # the answers' cost, though not paid again
