"""The year's targets read the same however a document writes them: property tests.

Each test builds a work report's target sentence in one of the forms official writing uses (half- or
full-width digits and percent sign, 百分之 in words, a range in four spellings, the qualifiers, 力争,
控制在, 同口径, 按…安排, 分别 over two values), with and without a line break inside the sentence, and
requires the record the plain form gives: the same name, number (or low and high), unit, qualifier and
year. The report is dated 2026 and names the 十五五 period in another clause, which must not govern a
今年 target.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.pipeline import summarize_source
from summarizer.read import source_from_bytes

HEAD = (
    "2026年青河市政府工作报告\n——2026年1月20日在青河市第九届人民代表大会第二次会议上\n各位代表：\n"
    "现在，我代表市人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，地区生产总值增长5.2%。\n"
    "二、2026年工作安排\n今年是“十五五”开局之年，做好今年工作意义重大。\n"
)
LEAD = "对接“十五五”规划，提出今年全市经济社会发展的主要预期目标是："
SUBJECTS = ["地区生产总值", "一般公共预算收入", "规模以上工业增加值", "社会消费品零售总额", "城镇居民人均可支配收入"]
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
CN_DIGITS = "零一二三四五六七八九"

settings.register_profile(
    "forms", max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("forms")


def records(body: str) -> list[tuple]:
    briefing = summarize_source(source_from_bytes((HEAD + body).encode(), "report.txt"), None)
    out = []
    for i in briefing.indicators:
        v = i.target.value if i.target else None
        out.append((i.name, v.number, v.low, v.high, i.unit, i.qualifier, i.target.year if i.target else None))
    return sorted(out, key=str)


def broken(sentence: str, where: int | None) -> str:
    """The sentence with a line break at `where` (counted inside the targets, after the lead), as a hard-wrapped
    text or a PDF's text layer has it."""
    if where is None:
        return sentence
    cut = len(LEAD) + where % max(1, len(sentence) - len(LEAD) - 1)
    return sentence[:cut] + "\n" + sentence[cut:]


def in_words(number: float) -> str:
    """6 → 六, 6.5 → 六点五, 12 → 十二 (the numbers a percentage target uses)."""
    whole, _, fraction = f"{number:g}".partition(".")
    n = int(whole)
    tens, ones = divmod(n, 10)
    words = (
        (CN_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (CN_DIGITS[ones] if ones or not tens else "")
    )
    return words + ("点" + "".join(CN_DIGITS[int(d)] for d in fraction) if fraction else "")


numbers = st.sampled_from([3, 4.5, 5, 5.5, 6, 6.5, 7, 8, 12, 15.5])
qualifiers = st.sampled_from([None, "左右", "以上", "以内", "以下"])
breaks = st.one_of(st.none(), st.integers(min_value=0, max_value=60))


@given(
    subject=st.sampled_from(SUBJECTS),
    number=numbers,
    qualifier=qualifiers,
    form=st.sampled_from(["half", "full", "words"]),
    where=breaks,
)
def test_a_percentage_target_in_any_writing(subject, number, qualifier, form, where):
    value = f"{number:g}%"
    written = {"half": value, "full": value.translate(FULL_WIDTH), "words": f"百分之{in_words(number)}"}[form]
    sentence = LEAD + f"{subject}增长{written}{qualifier or ''}。"
    assert records(broken(sentence, where)) == [(subject, float(number), None, None, "%", qualifier, 2026)]


@given(
    subject=st.sampled_from(SUBJECTS),
    low=st.sampled_from([4, 4.5, 5, 5.5, 6]),
    step=st.sampled_from([0.5, 1]),
    spelling=st.sampled_from(["{a}-{b}%", "{a}%—{b}%", "{a}%至{b}%", "{a}～{b}%", "{a}%-{b}%"]),
    qualifier=st.sampled_from([None, "左右"]),
    where=breaks,
)
def test_a_range_is_one_target_with_a_low_and_a_high(subject, low, step, spelling, qualifier, where):
    high = low + step
    sentence = LEAD + f"{subject}增长{spelling.format(a=f'{low:g}', b=f'{high:g}')}{qualifier or ''}。"
    assert records(broken(sentence, where)) == [(subject, None, float(low), float(high), "%", qualifier, 2026)]


@given(subject=st.sampled_from(SUBJECTS), number=numbers, where=breaks)
def test_the_ways_of_saying_what_the_target_is(subject, number, where):
    plain = (subject, float(number), None, None, "%", None, 2026)
    for sentence in (
        LEAD + f"{subject}同口径增长{number:g}%。",  # the same target, on a like-for-like basis
        LEAD + f"{subject}按增长{number:g}%安排。",  # a budget line: the target is the growth
    ):
        assert records(broken(sentence, where)) == [plain]
    aimed = LEAD + f"力争{subject}增长{number:g}%。"
    assert records(broken(aimed, where)) == [(subject, float(number), None, None, "%", "力争", 2026)]
    capped = LEAD + f"{subject}控制在{number:g}%以内。"
    assert records(broken(capped, where)) == [(subject, float(number), None, None, "%", "以内", 2026)]
    at_least = LEAD + f"{subject}增长不低于{number:g}%。"
    assert records(broken(at_least, where)) == [(subject, float(number), None, None, "%", "不低于", 2026)]


@given(
    first=numbers,
    second=numbers,
    join=st.sampled_from(["、", "和"]),
    qualifier=st.sampled_from([None, "左右"]),
    where=breaks,
)
def test_respectively_gives_one_record_per_value(first, second, join, qualifier, where):
    q = qualifier or ""
    sentence = LEAD + f"城镇和农村居民人均可支配收入分别增长{first:g}%{q}{join}{second:g}%{q}。"
    assert records(broken(sentence, where)) == sorted(
        [
            ("城镇居民人均可支配收入", float(first), None, None, "%", qualifier, 2026),
            ("农村居民人均可支配收入", float(second), None, None, "%", qualifier, 2026),
        ],
        key=str,
    )


def test_the_same_name_under_the_period_keeps_the_periods_year():
    body = "“十五五”时期的主要目标是：地区生产总值年均增长5%左右。\n" + LEAD + "地区生产总值增长5%左右。"
    years = sorted(r[-1] for r in records(body))
    assert years == [2026, 2030]  # one for each statement: the period's end and the work year
