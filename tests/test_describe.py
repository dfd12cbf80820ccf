"""The summary: written from the document's key passages, shown only when the source supports every number."""

from __future__ import annotations

from fakes import fake_model

from summarizer.describe import fallback_summary, unsupported_numbers
from summarizer.passages import key_passages, substance
from summarizer.pipeline import prepare_source, summarize_source
from summarizer.read import source_from_bytes

REPORT = (
    "青河市2024年政府工作报告\n"
    "——2024年1月20日在青河市第十届人民代表大会第三次会议上\n"
    "一、2023年工作回顾\n"
    "过去一年，全市地区生产总值增长5.2%。\n"
    "二、2024年工作安排\n"
    "今年政府工作的总体要求是：以新时代中国特色社会主义思想为指导，全面贯彻中央经济工作会议精神，"
    "加快建设现代化区域中心城市。\n"
    "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%，城镇调查失业率控制在5.5%以内。\n"
).encode()


def summary_with(what: str, aims: str, numbers: str):
    model, create = fake_model(
        lambda task, text: {"what": what, "aims": aims, "numbers": numbers} if task == "summary" else {"keep": []}
    )
    briefing = summarize_source(source_from_bytes(REPORT, "report.txt"), model)
    notes = [w.message for w in briefing.run.warnings if w.task == "summary"]
    return briefing.summary, notes, create


def test_the_model_reads_the_key_passages_not_the_lists():
    _, _, create = summary_with(
        "青河市人民政府的政府工作报告(2024年)", "加快建设现代化区域中心城市", "地区生产总值增长6%左右"
    )
    asked = next(r for r in create.requests if "写中文摘要" in r["messages"][0]["content"])["messages"][-1]["content"]
    assert "主要预期目标是：地区生产总值增长6%左右" in asked  # the targets paragraph, as written
    assert (
        "加快建设现代化区域中心城市" in asked and "以新时代中国特色社会主义思想为指导" not in asked
    )  # aims, boilerplate gone
    assert "一、2023年工作回顾" in asked  # the headings of its parts


def test_a_supported_summary_is_kept_in_its_three_parts():
    summary, notes, _ = summary_with(
        "青河市人民政府的政府工作报告(2024年)",
        "加快建设现代化区域中心城市",
        "地区生产总值增长6%左右,一般公共预算收入增长5%",
    )
    assert summary == (
        "青河市人民政府的政府工作报告(2024年)。加快建设现代化区域中心城市。地区生产总值增长6%左右,一般公共预算收入增长5%。"
    )
    assert notes == []


def test_a_number_no_sentence_of_the_source_gives_for_that_quantity_is_refused():
    # 5% is in the source, but as the budget revenue's growth, not the GDP's.
    summary, notes, _ = summary_with(
        "青河市人民政府的政府工作报告(2024年)", "加快建设现代化区域中心城市", "地区生产总值增长5%"
    )
    assert "no sentence of the source gives for that quantity (5%)" in notes[0]
    assert summary.startswith("《青河市2024年政府工作报告》")  # the plain summary from the same passages
    summary, notes, _ = summary_with(
        "青河市人民政府的政府工作报告(2024年)", "加快建设现代化区域中心城市", "地区生产总值增长9%"
    )
    assert "(9%)" in notes[0]


def test_a_number_in_words_is_read_as_a_value():
    assert unsupported_numbers("地区生产总值增长百分之六左右。", REPORT.decode()) == []
    assert unsupported_numbers("地区生产总值增长百分之七。", REPORT.decode()) == ["百分之七"]
    assert unsupported_numbers("到2030年建成中心城市。", REPORT.decode()) == ["2030年"]


def test_a_short_summary_is_refused():
    _, notes, _ = summary_with("青河市人民政府的政府工作报告", "", "")
    assert "too short" in notes[0]


def test_a_summary_that_repeats_the_prompt_is_refused():
    summary, notes, _ = summary_with(
        "根据文件标题和原文的关键段落写中文摘要", "分三部分都从段落里照抄原文的词句不要编造", ""
    )
    assert "repeats the prompt" in notes[0] and "照抄" not in summary


def test_an_english_summary_is_refused():
    _, notes, _ = summary_with("The city plans 6% growth.", "", "")
    assert "not Chinese prose" in notes[0]


def test_the_plain_summary_is_made_of_the_passages():
    prepared = prepare_source(source_from_bytes(REPORT, "report.txt"))
    passages = key_passages(prepared.clean.text, prepared.sections, prepared.document)
    plain = fallback_summary(prepared.document, passages)
    assert plain.startswith("《青河市2024年政府工作报告》是青河市人民政府的政府工作报告(2024年)。")
    assert "加快建设现代化区域中心城市" in plain and "地区生产总值增长6%左右" in plain
    assert "5.2%" not in plain  # a result of the review is no part of it


def test_aims_lose_their_opening_clauses_of_guiding_thought():
    sentence = "今年的总体要求是：以新思想为指导，全面贯彻会议精神，按照市委部署，确保开好局起好步。"
    assert substance(sentence) == "今年的总体要求是：确保开好局起好步。"


def test_a_plan_gives_its_furthest_year_targets():
    plan = (
        "青河县发展规划\n一、总体要求\n（二）发展目标\n到2020年，产业基础进一步巩固。\n"
        "到2025年，产业体系基本形成。全县地区生产总值突破500亿元，森林覆盖率达到60%。\n"
    ).encode()
    prepared = prepare_source(source_from_bytes(plan, "plan.txt"))
    passages = key_passages(prepared.clean.text, prepared.sections, prepared.document)
    assert passages.targets.startswith("到2025年，全县地区生产总值突破500亿元")


def test_a_part_the_model_repeats_is_shown_once():
    summary, notes, _ = summary_with(
        "青河市人民政府的政府工作报告(2024年)",
        "今年政府工作的总体要求是加快建设现代化区域中心城市",
        "建设现代化区域中心城市",
    )
    assert summary == "青河市人民政府的政府工作报告(2024年)。今年政府工作的总体要求是加快建设现代化区域中心城市。"
    assert notes == []


def test_a_work_reports_aims_are_its_aim_clauses_and_its_main_line():
    report = (
        "青河区2019年政府工作报告\n——2019年1月10日在青河区第五届人民代表大会第三次会议上\n"
        "今年政府工作的总体要求是：以新思想为指导，全面贯彻中央精神，坚决落实区委部署，坚持推动高质量发展。\n"
        "全年工作以“筹办运动会、争创文明城”为工作主线，统筹推进各项工作。\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n"
    ).encode()
    prepared = prepare_source(source_from_bytes(report, "report.txt"))
    passages = key_passages(prepared.clean.text, prepared.sections, prepared.document)
    assert passages.aims == "以“筹办运动会、争创文明城”为工作主线；今年政府工作的总体要求是：坚持推动高质量发展。"
