"""Indicators: quantified targets (subject, qualifier, value and unit, with the year that governs them).

The finder reads every value with a unit, its qualifier, the clause's subject (or a count's
object) as its name, and the last year written before it. The rules drop past results, review
sections, subsidy terms and counts of the document's own parts, and give a target without a
year of its own the year its context implies. Rows rebuilt from indicator tables (tables.py)
join the prose targets at merge and win over them.
"""

from __future__ import annotations

import re

from ..locate import clause_spans, clause_start, normalize
from ..models import Evidence, Indicator, YearValue
from ..values import parse_value, qualifier_of_value
from ..vocabulary import COUNT_UNITS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, UNITS
from .base import Candidate, Context, ListKind, ScoredField, Verdict, md_cell, named_period_end

_QUALIFIER_BEFORE = re.compile(f"({'|'.join(QUALIFIERS_BEFORE)})$")
_QUALIFIER_AFTER = re.compile(f"^({'|'.join(QUALIFIERS_AFTER)})")
_LEAD_WORDS = re.compile(
    r"^(其中|同时|并|和|及|与|到20\d\d年(底|末)?|20\d\d年(底|末)?|今年|明年|力争(实现)?|确保|努力|争取|实现|全市|全县|全区|全省)+"
)
_TRAIL_WORDS = re.compile(r"(达到|达|突破|超过|超|增长|增加|提高到|提高|提升到|提升|保持在|保持|控制在|为|年均|累计)+$")
_TARGET_YEAR = re.compile(r"(?:到|至|在)(20\d\d)年")
# A number reported as done (同比, 累计完成) in a sentence with no look ahead is a result, not a target.
_PAST_CLAUSE = re.compile(r"同比|累计|已完成|完成了|完成进度|完成全年|占年计划|排名|实现了|增长了|比上年")
_FUTURE = re.compile(r"到20\d\d|到二〇|力争|目标|确保|争取|将|(?<!年)计划|预计|今年|明年|20[2-5]\d年(底|末)?[前要]")


def read_value_and_name(sentence: str, value: str, name: str) -> tuple[str, str]:
    """The value as the source writes it, with its qualifier, and the indicator's name.

    The model may drop a qualifier ("4.8万元" for "超4.8万元") or put one target's name on
    another's value. The value is read from the clause that holds it; if the model's name is
    not in that clause either, the clause's subject (the words before the value, less time
    words, 力争/实现 and the verb) is the name, so names too are the source's words. With
    neither, the name is returned empty.
    """
    at = sentence.find(value.strip())
    if at < 0:
        return value.strip(), name.strip()
    end = at + len(value.strip())
    before = _QUALIFIER_BEFORE.search(sentence[:at])
    if before and not _QUALIFIER_BEFORE.search(value.strip()[:3]):
        at = before.start()
    after = _QUALIFIER_AFTER.match(sentence[end:])
    if after and not value.strip().endswith(after.group()):
        end += len(after.group())
    clause = clause_start(sentence, at)
    subject = _TRAIL_WORDS.sub("", _LEAD_WORDS.sub("", sentence[clause:at].strip())).strip()
    usable = 2 <= len(subject) <= 20 and re.search(r"[\u4e00-\u9fff]", subject)
    name = name.strip()
    if name and normalize(name) in normalize(sentence[clause:end]):
        # The model's name is in the clause; the subject wins only when it is the fuller form (收入 -> 城乡居民…收入).
        fuller = usable and normalize(name) in normalize(subject) and len(subject) > len(name)
        return sentence[at:end], subject if fuller else name
    # Neither the model's name nor a subject is in the value's clause: the name is the model's
    # words (or another clause's), and the caller drops the item.
    return sentence[at:end], subject if usable else ""


def is_past_result(sentence: str, value_text: str) -> bool:
    """True when the value's clause reports something done and the sentence looks at no future."""
    at = sentence.find(value_text)
    if at < 0 or _FUTURE.search(sentence):
        return False
    clause = clause_start(sentence, at)
    return bool(_PAST_CLAUSE.search(sentence[clause : at + len(value_text)]))


# A number with its unit ("3500亿元", "8%", "1.2万户"); a year (2025年) is not a value.
_VALUE = re.compile(rf"(?<![\d.])(?!(?:19|20)\d\d年)\d+(?:\.\d+)?(?:{UNITS})")
_GOVERNING_YEAR = re.compile(r"(?:到|至|在)?((?:19|20)\d\d)年(?:底|末|前)?")


# A count written before its object ("新建20个养老服务中心", "培育100个优秀工业APP"): the object names it.
_COUNT_OBJECT = re.compile(rf"^(?:{COUNT_UNITS})?(?:以上|左右)?([^，,、；;。：:（(]{{2,24}}?)(?:等.*|建设|工作)?$")


def find(text: str) -> list[Candidate]:
    """Every value with a unit: the clause's subject names it, and a count's object too ("新建20个
    养老服务中心"); the value is read with its qualifier; the last year written before it in the
    sentence governs it; a value the clause reports as done is marked past. The span runs over the
    phrase, from the name to the value or from the value to the object."""
    found = []
    for (a, b), start, end in clause_spans(text):
        sentence = text[a:b]
        for m in _VALUE.finditer(text, start, end):
            value, name = read_value_and_name(sentence, m.group(), "")
            years = [int(y.group(1)) for y in _GOVERNING_YEAR.finditer(sentence, 0, m.start() - a)]
            value_at = text.find(value, start, end)
            value_end = value_at + len(value) if value_at >= 0 else m.end()
            fields = {"value": value, "year": years[-1] if years else None, "past": is_past_result(sentence, value)}
            if name:
                name_at = text.rfind(name, start, value_end)
                found.append(Candidate(name, name_at if name_at >= 0 else start, value_end, (a, b), fields))
            obj = _COUNT_OBJECT.match(text[value_end:end]) if re.search(f"(?:{COUNT_UNITS})$", m.group()) else None
            if obj and re.search(r"[\u4e00-\u9fff]{2}", obj.group(1)):
                obj_end = value_end + obj.end(1)
                found.append(Candidate(obj.group(1), value_at if value_at >= 0 else m.start(), obj_end, (a, b), fields))
    return found


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


def _clause_of(c: Candidate, ctx: Context) -> str:
    at = c.start - c.sentence[0]
    return ctx.sentence[clause_start(ctx.sentence, at) : c.end - c.sentence[0]]


def judge(c: Candidate, ctx: Context) -> Verdict:
    """A target, not a result: past results and review sections go; the year is the one the sentence
    states, else the end of the plan period the sentence or its heading names (十五五 → 2030), else a
    work report's own year in its task part, else the last year of the document's period."""
    sentence_year = c.fields.get("year")
    own_year = ctx.year if ctx.work_report and not ctx.review else None  # a plan's targets are for its end
    year = sentence_year or named_period_end(ctx) or own_year or ctx.period_end
    fields = {**c.fields, "year": year}
    name = c.text
    if len(name) < 2 or len(name) > 24 or _BROKEN_NAME.search(name) or not re.search(r"[\u4e00-\u9fff]{2}", name):
        return Verdict(False, True, fields)
    if _unbalanced(name) or _POLICY_TERMS.search(_clause_of(c, ctx)) or _NAMES_OWN_PARTS.search(name):
        return Verdict(False, True, fields)
    value = c.fields.get("value") or ""
    start, end = c.start - c.sentence[0], c.end - c.sentence[0]
    # A count's object follows its value (the span starts at the value); a subject precedes it.
    value_end = start + len(value) if ctx.sentence.startswith(value, start) else end
    if value and _COUNTS_OWN_PARTS.match(ctx.sentence[value_end:]):
        return Verdict(False, True, fields)
    if c.fields.get("past") or (sentence_year and ctx.year and sentence_year < ctx.year):
        return Verdict(False, True, fields)
    if ctx.review:
        return Verdict(False, True, fields)
    # No look ahead in the sentence and a verb of work done: most likely a result (the model may say otherwise).
    done = not ctx.ahead and not _AHEAD.search(ctx.sentence) and _DONE.search(ctx.sentence)
    return Verdict(not done, False, fields)


def record(c: Candidate, fields: dict, evidence: Evidence) -> Indicator:
    if not fields.get("value"):
        return Indicator(id="", name=c.text, evidence=evidence)
    target = parse_value(fields["value"])
    year_value = YearValue(year=fields.get("year"), value=target)
    return Indicator(
        id="", name=c.text, unit=target.unit, target=year_value, qualifier=target.qualifier, evidence=evidence
    )


def _number(indicator: Indicator) -> float | None:
    return indicator.target.value.number if indicator.target else None


def merge(items: list[Indicator]) -> list[Indicator]:
    """Table rows (alignment "table") first and all kept; a prose target is dropped when it repeats one."""
    table_rows = [i for i in items if i.evidence.alignment == "table"]
    prose = [i for i in items if i.evidence.alignment != "table"]
    merged = list(table_rows)
    seen = {(normalize(i.name), _number(i)) for i in table_rows}
    table_names = [normalize(i.name) for i in table_rows]
    for ind in prose:
        key = (normalize(ind.name), _number(ind))
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
