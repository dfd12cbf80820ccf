"""Indicators: quantified targets (subject, qualifier, value and unit, with the year that governs them).

The finder reads every value with a unit, its qualifier, the clause's subject (or a count's
object) as its name, and the last year written before it. The rules drop past results, review
sections, subsidy terms and counts of the document's own parts, and give a target without a
year of its own the year its context implies. Rows rebuilt from indicator tables (tables.py)
join the prose targets at merge and win over them.
"""

from __future__ import annotations

import dataclasses
import re

from ..locate import clause_spans, clause_start, normalize
from ..models import Evidence, Indicator, YearValue
from ..values import VALUE_SPAN, parse_value, qualifier_of_value
from ..vocabulary import BARE_VERBS, BARE_WORDS, COUNT_UNITS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE
from .base import LOOKS_BACK, Candidate, Context, ListKind, ScoredField, Verdict, md_cell, named_period_end

_QUALIFIER_BEFORE = re.compile(f"({'|'.join(QUALIFIERS_BEFORE)})$")
_QUALIFIER_AFTER = re.compile(f"^({'|'.join(QUALIFIERS_AFTER)})")
_LEAD_WORDS = re.compile(
    r"^(其中|同时|并|和|及|与|(?:我们|我市|我省|我区|我县|全市|全省|全区|全县)?(?:将|要|会|拟|计划)|到20\d\d年(底|末)?|20\d\d年(底|末)?|今年|明年|全年|去年|上年|年末|年底|力争(实现)?|确保|努力|争取|实现|全市|全县|全区|全省|全国|同比|比上年|较上年|按可比价格?计算)+"
)
_TRAIL_WORDS = re.compile(
    r"((?:提高|提升|增加|增长|上升|下降|降低|减少|回落|缩小|降|增)(?:到|至)|稳定在|达到|达|突破|超过|超|增长|增加|提高|提升|"
    r"保持在|保持|控制在|在|为|年均|累计|分别|同口径|按|完成|实现)+$"
)
_TARGET_YEAR = re.compile(r"(?:到|至|在)(20\d\d)年")
# A number reported as done (同比, 累计完成) in a sentence with no look ahead is a result, not a target.
_PAST_CLAUSE = re.compile(r"同比|累计|已完成|完成了|完成进度|完成全年|占年计划|排名|实现了|增长了|比上年")
_FUTURE = re.compile(r"到20\d\d|到二〇|力争|目标|确保|争取|将|(?<!年)计划|预计|今年|明年|20[2-5]\d年(底|末)?[前要]")


_CHANGE_FROM = re.compile(r"(?<=..)(?:由|从)(?=(?:19|20)\d\d年|[\d０-９]|不到|不足|约|近|百分之).*$")
# After a change's starting value: "由X增加到Y", "从X降至Y", "由X调整为Y".
STARTS_A_CHANGE = re.compile(
    r"^\s*(?:增加|提高|提升|上升|增长|扩大|跃升|下降|降低|减少|缩小|缩减|压缩|调整|变)?(?:到|至|为)"
)


def read_value_and_name(sentence: str, at: int, end: int) -> tuple[int, int, str]:
    """The value at sentence[at:end] widened to its qualifiers ("超4.8万元", "8%以上"), as (start, end, name).

    The name is the clause's subject: the words before the value, less time words, 力争/实现, the verb
    (增长, 达到, 控制在 …) and the words that only say how it is counted (同口径, 按…安排, 分别). With none,
    the name is empty."""
    before = _QUALIFIER_BEFORE.search(sentence[:at])
    if before:
        at = before.start()
    after = _QUALIFIER_AFTER.match(sentence[end:])
    if after:
        end += len(after.group())
    clause = clause_start(sentence, at)
    if "分别" in sentence[clause:at]:
        # "化学需氧量、氨氮分别削减3%和4%": the subject is the whole list of names before 分别.
        while clause > 1 and sentence[clause - 1] == "、":
            back = clause_start(sentence, clause - 1)
            if clause - 1 - back > 12 or re.search(r"\d", sentence[back : clause - 1]):
                break
            clause = back
    subject = re.sub(r"\s+", "", sentence[clause:at])
    subject = re.sub(r"分别.*$", "", subject)
    # "X由2016年的1762亿元增加到2580亿元", "X从75.6%提升至": the subject is X, before the change's starting point.
    subject = _CHANGE_FROM.sub("", subject)
    # "规模以上工业完成增加值", "实现利税": the statistic is named around its verb (规模以上工业增加值).
    subject = re.sub(
        r"(?<=..)(?:实现|完成|创造|录得)(?=增加值|产值|总产值|营业收入|主营业务收入|利税|利润|税收|销售收入)",
        "",
        subject,
    )
    subject = _TRAIL_WORDS.sub("", _LEAD_WORDS.sub("", subject)).strip()
    usable = 2 <= len(subject) <= 32 and re.search(r"[\u4e00-\u9fff]|^[A-Za-zＡ-Ｚａ-ｚ]{2,5}$", subject)
    return at, end, subject if usable else ""


def is_past_result(sentence: str, at: int, end: int) -> bool:
    """True when the value's clause reports something done and the sentence looks at no future."""
    if _FUTURE.search(sentence):
        return False
    clause = clause_start(sentence, at)
    return bool(_PAST_CLAUSE.search(sentence[clause:end]))


_GOVERNING_YEAR = re.compile(r"(?:到|至|在)?((?:19|20)\d\d)年(?:底|末|前)?")
# A count written before its object ("新建20个养老服务中心", "培育100个优秀工业APP"): the object names it.
_COUNT_OBJECT = re.compile(rf"^(?:{COUNT_UNITS})?(?:以上|左右)?([^，,、；;。：:（(]{{2,24}}?)(?:等.*|建设|工作)?$")
# Values listed after one subject: "A和B分别增长4%、6%", "增长6%和7%".
_LIST_JOIN = re.compile(r"^\s*(?:[、和及与]|以及)\s*$")
_PARTS = re.compile(r"[和、与及]")


def _how(clause_lead: str) -> dict[str, str]:
    """What the clause says of how the value is meant: 力争 (aimed at), 控制在 (a ceiling), 同口径 (the basis)."""
    how = {}
    if "力争" in clause_lead:
        how["aim"] = "力争"
    if re.search(r"控制在\s*$", clause_lead):
        how["cap"] = "控制在"
    if "同口径" in clause_lead:
        how["basis"] = "同口径"
    return how


def _share_names(subject: str, count: int) -> list[str]:
    """ "城镇和农村居民人均可支配收入" over two values → 城镇居民人均可支配收入, 农村居民人均可支配收入; a subject that
    does not split into as many parts names every value."""
    if subject.startswith("城乡") and count == 2 and len(subject) > 2:
        # 城乡 is 城镇 and 农村 in one word: "城乡居民人均可支配收入分别增长6%和8%".
        return ["城镇" + subject[2:], "农村" + subject[2:]]
    parts = [p for p in _PARTS.split(subject) if p]
    if len(parts) != count:
        return [subject] * count
    last = parts[-1]
    return [p + last[len(p) :] if len(p) < len(last) else p for p in parts[:-1]] + [last]


def find(text: str) -> list[Candidate]:
    """Every value with a unit, as written (full-width digits and ％, ranges 4.5-5%, 百分之五): the clause's
    subject names it, and a count's object too ("新建20个养老服务中心"); the value is read with its qualifier;
    the last year written before it in the sentence governs it; a value the clause reports as done is
    marked past; values listed after one subject ("分别增长4%、6%") each take their part of it. The span
    runs over the phrase, from the name to the value or from the value to the object."""
    found: list[Candidate] = []
    passages = targets_passages(text)
    looking_back = review_passages(text)
    for (a, b), start, end in clause_spans(text):
        sentence = text[a:b]
        in_passage = any(p <= a < q for p, q in passages)
        for m in VALUE_SPAN.finditer(text, start, end):
            at, value_end_s, name = read_value_and_name(sentence, m.start() - a, m.end() - a)
            previous = found[-1] if found else None
            # "GDP增长8%，达到500亿元", "一产40亿元，增长5%": a clause with only a verb continues the one before.
            only_verb = not _TRAIL_WORDS.sub("", _LEAD_WORDS.sub("", re.sub(r"\s+", "", text[start : m.start()])))
            same_sentence = previous is not None and previous.sentence == (a, b) and previous.fields.get("value_end")
            if not name and only_verb and same_sentence:
                name = previous.text  # type: ignore[union-attr]
            value_at, value_end = a + at, a + value_end_s
            value = text[value_at:value_end]
            years = [int(y.group(1)) for y in _GOVERNING_YEAR.finditer(sentence, 0, m.start() - a)]
            lead = sentence[clause_start(sentence, at) : at]
            fields = {
                "value": value,
                "year": years[-1] if years else None,
                "past": is_past_result(sentence, at, value_end_s) and not in_passage,
                **_how(lead),
                **({"targets_passage": True} if in_passage else {}),
                **({"review_passage": True} if any(p <= a < q for p, q in looking_back) else {}),
            }
            listed = (
                previous is not None
                and previous.sentence == (a, b)
                and previous.fields.get("value_end") is not None
                and _LIST_JOIN.match(text[previous.fields["value_end"] : value_at])
            )
            if listed:  # a further value of the same subject: "分别增长4%、6%"
                fields = {**previous.fields, "value": value, "series": previous.fields.get("series", 0) + 1}
                found.append(
                    Candidate(previous.text, previous.start, value_end, (a, b), {**fields, "value_end": value_end})
                )
                continue
            obj = _COUNT_OBJECT.match(text[value_end:end]) if re.search(f"(?:{COUNT_UNITS})$", m.group()) else None
            has_object = bool(obj and re.search(r"[\u4e00-\u9fff]{2}", obj.group(1)))
            if name and is_bare(name):
                if has_object:
                    name = ""  # "新建20所学校": the object names what is counted, not the verb
                else:
                    # Nothing in the text names it: the clause as written is the name, and the record says so.
                    name = re.sub(r"\s+", "", text[start:value_at]).strip("，,；;：: ") or name
                    fields = {**fields, "name_is_clause": True}
            if name:
                name_at = text.rfind(name, start, value_end)
                fields = {**fields, "value_end": value_end, "series": 0}
                found.append(Candidate(name, name_at if name_at >= 0 else start, value_end, (a, b), fields))
            if obj and has_object:
                obj_end = value_end + obj.end(1)
                found.append(Candidate(obj.group(1), value_at, obj_end, (a, b), fields))
    return _name_series(found)


# Where a work report's review opens: a paragraph that starts by looking back. Where it ends: a paragraph that
# starts by looking ahead (the coming five years, this year, its targets, its tasks).
_REVIEW_OPENS = re.compile(r"^.{0,12}(?:过去一年|过去的一年|过去五年|过去的五年|这五年|五年来|一年来|这一年|回顾)")
_REVIEW_ENDS = re.compile(
    r"^.{0,16}(?:今后五年|今后一个时期|未来五年|今后五年|今年|明年|新的一年|(?:19|20)\d\d年(?:是|工作|政府工作|经济社会发展|的?主要)"
    r"|(?:主要)?预期目标|总体要求|工作安排|重点工作|主要任务|指导思想|目标任务|奋斗目标)"
)


def review_passages(text: str) -> list[tuple[int, int]]:
    """The stretches of text a work report spends looking back: from a paragraph that opens with 过去一年, 五年来 …
    to the next paragraph that opens with what is ahead (今后五年, 今年, 2022年工作安排, 主要预期目标 …)."""
    spans: list[tuple[int, int]] = []
    start = None
    at = 0
    for line in text.splitlines(keepends=True):
        head = line.lstrip(" \t\u3000#*")
        if start is None and _REVIEW_OPENS.search(head):
            start = at
        elif start is not None and _REVIEW_ENDS.search(head):
            spans.append((start, at))
            start = None
        at += len(line)
    if start is not None:
        spans.append((start, len(text)))
    return spans


# The passage of a work report that lists the year's targets ("今年…主要预期目标是：…"), to its paragraph's end.
TARGETS_HEAD = re.compile(r"(?:主要预期目标|主要目标|预期目标)\s*(?:是|为)?\s*[:：]")
_NOT_THE_YEAR = re.compile(r"十[一二三四五六七八九]五|五年|远景|20[3-5]\d年")


def targets_passages(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in TARGETS_HEAD.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(line_start, m.start() - 30) : m.start()]
        if _NOT_THE_YEAR.search(before[max(before.rfind("。"), 0) :]):
            continue
        end = text.find("\n", m.end())
        spans.append((line_start, end if end >= 0 else len(text)))
    return spans


_BARE = re.compile(
    rf"^(?:[（(]\d{{1,2}}[)）])?(?:再|又|还|也|都|均|共|已|已经|正在|进一步|不断|持续|全面|大力|积极|着力|努力|新|"
    rf"全力|突出|重点|年内|当年|市区|城区)?(?:{BARE_VERBS})了?$"
    rf"|^(?:{BARE_WORDS})$|了$|^(?:将|把|使|让|能够|可以|占)"
)


def is_bare(name: str) -> bool:
    """A verb, adverb, time word or subject alone: not the thing a value counts or measures."""
    return bool(_BARE.search(re.sub(r"\s+", "", name)))


def _name_series(found: list[Candidate]) -> list[Candidate]:
    """Give each value of a listed series its part of the shared subject."""
    out: list[Candidate] = []
    i = 0
    while i < len(found):
        j = i + 1
        while j < len(found) and found[j].fields.get("series", 0) == found[j - 1].fields.get("series", 0) + 1 > 0:
            j += 1
        group = found[i:j]
        if len(group) > 1:
            names = _share_names(group[0].text, len(group))
            group = [Candidate(n, c.start, c.end, c.sentence, c.fields) for n, c in zip(names, group, strict=True)]
        out += group
        i = j
    # The bookkeeping of the series is the finder's own: a candidate's fields say what the text says.
    bookkeeping = ("value_end", "series")
    return [
        Candidate(c.text, c.start, c.end, c.sentence, {k: v for k, v in c.fields.items() if k not in bookkeeping})
        for c in out
    ]


# A name that ends in a verb or a function word is a piece of a sentence, not what is measured;
# so is a bare verb ("培育" before "100个优秀工业APP": the count's object names that one).
_BROKEN_NAME = re.compile(
    r"(?:由|从|自|的|和|及|与|或|等|对|向|在|以|为|完成|分别|增至|降至|达|到|全长|连续|共|合计)$|^[“\"《”》]"
    r"|^(?:推进|推动|支持|实施|培育|打造|建设|新建|改造|提质改造|消除|开展|探索开展|组织|引进|启动|完成|实现|"
    r"新增|提供|未来|最高|累计)$"
)
# Counts of the document's own parts ("设置了29项主要指标", "13项任务举措", "从6个维度"): GUIDELINES says
# counts describing the plan itself are not indicators.
_OWN_PARTS = r"(?:主要|重点|具体)?(?:指标|任务|举措|措施|维度|方面|专栏|章节|篇章)"
_COUNTS_OWN_PARTS = re.compile(rf"^{_OWN_PARTS}")
_NAMES_OWN_PARTS = re.compile(rf"^{_OWN_PARTS}$|\d\.$")  # or a name cut inside a number ("年均增速4.")
# Subsidy amounts and rates are policy terms, not targets (GUIDELINES: "省级给予奖补，最高X万元").
_POLICY_TERMS = re.compile(r"给予|奖补|补助|补贴|贴息|奖励|资助|最高不超过|按照")


def _unbalanced(name: str) -> bool:
    """Half a quotation or a title (目”核心区, 措施》): the name was cut across a mark."""
    return name.count("“") != name.count("”") or name.count("《") != name.count("》")


# A clause that reports work done: results of the past year, not targets.
_DONE = re.compile(r"已|了|完成|建成|实现|新增|累计|同比|比上年|增长|下降|提高|获批|入选|达到")
_AHEAD = re.compile(
    r"到(?:19|20)\d\d|力争|目标|确保|争取|将|计划|预计|预期|今年|明年|以上|左右|不低于|不少于|以内|控制在|每年"
)


_THIS_YEAR = re.compile(r"今年|本年|年内|全年")


def _clause_of(c: Candidate, ctx: Context) -> str:
    at = c.start - c.sentence[0]
    return ctx.sentence[clause_start(ctx.sentence, at) : c.end - c.sentence[0]]


def names_a_quantity(c: Candidate, ctx: Context) -> bool:
    """The candidate's name says what its value counts or measures, and the value is not a policy term or a
    count of the document's own parts: the test a target and a result both pass."""
    name = c.text
    named = re.search(r"[\u4e00-\u9fff]{2}", name) or re.fullmatch(r"[A-Za-zＡ-Ｚａ-ｚ]{2,5}", name)  # GDP, CPI
    if is_bare(name) and not c.fields.get("name_is_clause"):
        return False
    if c.fields.get("name_is_clause") and (is_bare(name) or parse_value(c.fields.get("value") or "").unit == "年"):
        # Only a verb before the value ("完工20个", "留足5年"), or a span of years: nothing is named.
        return False
    if len(name) < 2 or len(name) > 32 or _BROKEN_NAME.search(name) or not named:
        return False
    if _unbalanced(name) or _POLICY_TERMS.search(_clause_of(c, ctx)) or _NAMES_OWN_PARTS.search(name):
        return False
    value = c.fields.get("value") or ""
    start, end = c.start - c.sentence[0], c.end - c.sentence[0]
    # A count's object follows its value (the span starts at the value); a subject precedes it.
    value_end = start + len(value) if ctx.sentence.startswith(value, start) else end
    return not (value and _COUNTS_OWN_PARTS.match(ctx.sentence[value_end:]))


def judge(c: Candidate, ctx: Context) -> Verdict:
    """A target, not a result: past results and review sections go. The year is the one the sentence
    states before the value; else the end of the plan period its clause names (十五五 → 2030); else, in a
    work report, its work year where the sentence speaks of this year (今年, 本年: a period named in another
    clause, "对接'十四五'规划，提出今年…目标是", does not govern it); else the period the sentence or its
    heading names; else a work report's own year in its task part; else the last year of the document's
    period."""
    sentence_year = c.fields.get("year")
    own_year = ctx.year if ctx.work_report and not ctx.review else None  # a plan's targets are for its end
    clause_period = named_period_end(dataclasses.replace(ctx, sentence=_clause_of(c, ctx), section=""))
    this_year = own_year if _THIS_YEAR.search(ctx.sentence) else None
    year = sentence_year or clause_period or this_year or named_period_end(ctx) or own_year or ctx.period_end
    fields = {**c.fields, "year": year}
    if not names_a_quantity(c, ctx):
        return Verdict(False, True, fields)
    if c.fields.get("past") or (sentence_year and ctx.year and sentence_year < ctx.year):
        return Verdict(False, True, fields)
    if ctx.review:
        return Verdict(False, True, fields)
    # No look ahead in the sentence and a verb of work done: most likely a result (the model may say otherwise).
    if c.fields.get("targets_passage"):  # the year's targets, however a sentence of them is worded
        return Verdict(True, False, fields)
    if LOOKS_BACK.search(ctx.sentence) and not _AHEAD.search(ctx.sentence):
        # "过去五年，…地区生产总值年均增长5.2%": a sentence that looks back and nowhere ahead reports results.
        return Verdict(False, True, fields)
    if c.fields.get("review_passage") and ctx.work_report and not ctx.ahead and not _AHEAD.search(_clause_of(c, ctx)):
        # A work report's review (过去一年… up to its targets), even where no heading says so: results.
        return Verdict(False, True, fields)
    done = not ctx.ahead and not _AHEAD.search(ctx.sentence) and _DONE.search(ctx.sentence)
    return Verdict(not done, False, fields)


def record(c: Candidate, fields: dict, evidence: Evidence) -> Indicator:
    if not fields.get("value"):
        return Indicator(id="", name=c.text, evidence=evidence)
    target = parse_value(fields["value"])
    # 控制在 (a ceiling) and 力争 (an aim) qualify a value that carries no qualifier of its own.
    target.qualifier = target.qualifier or fields.get("cap") or fields.get("aim")
    target.basis = fields.get("basis")
    year_value = YearValue(year=fields.get("year"), value=target)
    return Indicator(
        id="",
        name=re.sub(r"\s+", "", c.text),
        unit=target.unit,
        target=year_value,
        qualifier=target.qualifier,
        evidence=evidence,
    )


def _number(indicator: Indicator) -> float | None:
    return indicator.target.value.number if indicator.target else None


def merge(items: list[Indicator]) -> list[Indicator]:
    """Table rows (alignment "table") first and all kept; a prose target is dropped when it repeats one."""
    table_rows = [i for i in items if i.evidence.alignment == "table"]
    prose = [i for i in items if i.evidence.alignment != "table"]
    merged = list(table_rows)
    seen = {(normalize(i.name), _number(i), i.target.year if i.target else None) for i in table_rows}
    table_names = [normalize(i.name) for i in table_rows]
    for ind in prose:
        # The same target restated is one record; the same name for another year or value is another (GUIDELINES).
        key = (normalize(ind.name), _number(ind), ind.target.year if ind.target else None)
        if key in seen:
            continue
        # The same table indicator restated in prose ("森林覆盖率达到48%"): keep the table row.
        name = key[0]
        if any(
            (name in t or t in name) and _number(ind) == n
            for t, n in zip(table_names, (_number(r) for r in table_rows), strict=False)
        ):
            continue
        seen.add(key)
        merged.append(ind)
    return merged


def _yv(yv: YearValue | None) -> str:
    if yv is None:
        return ""
    return yv.value.text + (f" ({yv.year})" if yv.year else "")


def markdown(items: list[Indicator]) -> list[str]:
    out = [
        "## 指标",
        "",
        "| # | 指标 | 类别 | 单位 | 基期 | 目标 | 完成 | 属性 | 原文 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i in items:
        where = i.table or f"[{i.evidence.start}:{i.evidence.end}]"
        if i.evidence.page:  # a PDF: the page to turn to
            where += f" 第{i.evidence.page}页"
        out.append(
            f"| {i.id} | {md_cell(i.name)} | {md_cell(i.category)} | {md_cell(i.unit)} | {md_cell(_yv(i.baseline))} | "
            f"{md_cell(_yv(i.target))} | {md_cell(_yv(i.achieved))} | {i.attribute or ''} | {md_cell(where)} |"
        )
    return out


def columns(items: list[Indicator]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    review = any(i.achieved for i in items)  # a past plan's review table: show what was reached
    headers = ("#", "指标", "类别", "单位", "基期", "目标", *(("完成",) if review else ()), "属性", "来源")
    rows = []
    for i in items:
        where = i.table or f"{i.evidence.alignment} @{i.evidence.start}"
        if i.evidence.page:
            where += f" p{i.evidence.page}"
        achieved = (_yv(i.achieved),) if review else ()
        cells = (i.id, i.name, i.category or "", i.unit or "", _yv(i.baseline), _yv(i.target), *achieved)
        rows.append((*cells, i.attribute or "", where))
    return headers, rows


def _unit(item: Indicator) -> str | None:
    return item.unit or (item.target.value.unit if item.target else None)


def _qualifier(item: Indicator) -> str | None:
    # The record's qualifier, else the target value's, else what the value text says ("超3500亿元").
    if item.qualifier:
        return item.qualifier
    if item.target is None:
        return None
    return item.target.value.qualifier or qualifier_of_value(item.target.value.text) or None


KIND = ListKind(
    field="indicators",
    task="indicators",
    id_prefix="I",
    item=Indicator,
    merge=merge,
    find=find,
    judge=judge,
    record=record,
    label=lambda i: i.name,
    name_fields=("name",),
    name_type="text",
    pairing=("target.value", "target.year"),
    scored=(
        ScoredField("name", lambda i: i.name, "text"),
        ScoredField("unit", _unit, "unit"),
        ScoredField("target.year", lambda i: i.target.year if i.target else None, "year"),
        ScoredField("target.value", lambda i: i.target.value if i.target else None, "value", unit=lambda i: i.unit),
        ScoredField(
            "baseline.value", lambda i: i.baseline.value if i.baseline else None, "value", unit=lambda i: i.unit
        ),
        ScoredField("qualifier", _qualifier, "qualifier"),
        ScoredField("attribute", lambda i: i.attribute, "text", error="wrong_attribute"),
    ),
    title="指标 Indicators",
    markdown=markdown,
    columns=columns,
)
