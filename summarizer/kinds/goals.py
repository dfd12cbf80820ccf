"""Goals: commitments about a future state ("建成区域性物流枢纽城市"), stated in the source's words.

The finder takes every clause with an end-state verb, less its lead words (到2025年, 力争).
The rules drop measures (加强…, 推进…), headings, work areas (…体系建设), holding a line and
done things, and give the year the sentence, a named plan period or the plan implies.
"""

from __future__ import annotations

import re

from ..locate import clause_spans, normalize
from ..models import Evidence, Goal
from ..vocabulary import STRUCTURE_WORDS
from .base import LOOKS_BACK, Candidate, Context, ListKind, ScoredField, Verdict, md_cell, named_period_end

# A clause that names an end state: a verb of arriving (建成, 打造, 成为, 实现, 形成, 迈入, 争创 …) and
# its object. The lead (到2025年, 力争, 努力, 加快) is not part of the statement.
_END_STATE = re.compile(
    r"建成|打造|成为|实现|形成|迈入|迈上|跻身|跨上|争创|创建|构建|率先|当好|争当|勇当|全覆盖|达到.{0,6}水平|更加|明显|"
    r"显著|^建设(?!项目|工程|任务)|建设$|"  # 建设法治政府; 推进平安城市建设
    r"(?:提高|提升|下降|增强|改善|凸显|优化|部署|上新台阶|取得.{0,8}(?:进展|成效|突破))$"  # a state reached
)
_GOAL_LEAD = re.compile(
    r"^(?:(?:到|至)?(?:20\d\d|二〇[二三四五][〇一二三四五六七八九])年(?:底|末|前)?|“?十[四五六]五”?(?:时期|期间|末)?|今年|力争|努力|争取|"
    r"确保|推动|推进|加快|全力|着力|奋力|协同|共同|矢志|大力|深入|扎实|持续|高质量|积极|不断|基本上?|并|和|同时|"
    r"通过\S{1,10}?努力|[一二三四五六七八九十]+是)+"  # 三是…: the third item of a list
)
# A goal is a clause between commas: a list inside it (清正、清廉、清明) belongs to it.
_GOAL_BREAK = re.compile(r"[,，;；:：。!！?？]")


def find(text: str) -> list[Candidate]:
    """Every clause that states an end state, less its lead words; the last year before it governs it."""
    found = []
    for sentence, start, end in clause_spans(text, _GOAL_BREAK):
        clause = text[start:end]
        lead = _GOAL_LEAD.match(clause)
        statement = clause[lead.end() if lead else 0 :].strip()
        if len(statement) < 4 or statement.endswith(("?", "？")) or not _END_STATE.search(statement):
            continue
        years = re.findall(r"((?:19|20)\d\d)年", text[sentence[0] : end])
        offset = start + (lead.end() if lead else 0)
        fields = {"year": int(years[-1]) if years else None}
        found.append(Candidate(statement, offset, offset + len(statement), sentence, fields))
    return found


# Measures and working methods are not end states (GUIDELINES: 加强…, 推进…, 深化…改革), nor are
# generic outputs (打造一批…, 建设更多…), holding a line (守住底线, 确保…稳定) or a done thing (取得了…).
_MEASURE = re.compile(
    r"^(?:加强|强化|深化|完善|健全|落实|坚持|推进|推动|实施|开展|抓好|做好|支持|鼓励|引导|提升|提高|优化|扩大|促进|加快)"
)
# A numbered heading ("三、加强政府自身建设", "第一章…") names a part of the document, and a clause led
# by a manner or purpose word (继续…, 按照…, 为…提供) says how, not what.
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+[章节篇部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[-—－])"
)
# Building up a system, a capacity or a kind of facility is a work area, a measure (GUIDELINES: 无障碍环境建设,
# 平安校园建设); an end state is built where the words before 建设 name a place or a state (数字东川建设).
_WORK_AREA = re.compile(r"(?:体系|机构|能力|标准化|设施|工程|项目|队伍|制度|机制|平台|载体)(?:建设|创建)$")
# Building a named work is a project, not an end state: "建设X公园", "X中学等学校建设".
_WORK_BUILT = re.compile(rf"^(?:新建|建设|建成)\S*(?:{STRUCTURE_WORDS})$|(?:{STRUCTURE_WORDS})建设$")
_HOW = re.compile(r"^(?:继续|统筹|按照|根据|围绕|让|为|不折不扣|注重|更加注重|务实|以|在)")
_NOT_END_STATE = re.compile(r"一批|更多|一系列|底线|防线|屏障|稳定$|安全$|[了过](?!解)|已经|已")
_NUMBER = re.compile(r"\d")


def judge(c: Candidate, ctx: Context) -> Verdict:
    """An end state ahead of the document: not in a review section, not a measure, not a number (that is
    an indicator). Its year: the sentence's, else the plan period named in it or its heading, else (in a
    plan, not a work report) the last year of the document's own period."""
    statement = c.text
    year = c.fields.get("year") or named_period_end(ctx)
    if year is None and not ctx.work_report:
        year = ctx.period_end  # a plan's goal without a year is for the plan's last year (十四五 → 2025)
    fields = {"year": year}
    if ctx.review or LOOKS_BACK.search(ctx.sentence) or (year and ctx.year and year < ctx.year):
        return Verdict(False, True, fields)
    if _NUMBER.search(statement) or len(statement) > 40 or _HEADING.match(statement):
        return Verdict(False, True, fields)
    keep = not (
        _MEASURE.match(statement)
        or _HOW.match(statement)
        or _NOT_END_STATE.search(statement)
        or _WORK_AREA.search(statement)
        or _WORK_BUILT.search(statement)
    )
    return Verdict(keep, False, fields)


def record(c: Candidate, fields: dict, evidence: Evidence) -> Goal:
    return Goal(id="", statement=c.text, horizon_year=fields.get("year"), evidence=evidence)


def merge(goals: list[Goal]) -> list[Goal]:
    """One goal per statement: a statement inside another is the same goal; the first keeps a later year."""
    kept: list[Goal] = []
    for goal in goals:
        key = normalize(goal.statement)
        duplicate = next((k for k in kept if key in normalize(k.statement) or normalize(k.statement) in key), None)
        if duplicate is None:
            kept.append(goal)
        elif duplicate.horizon_year is None and goal.horizon_year is not None:
            duplicate.horizon_year = goal.horizon_year
    return kept


def markdown(items: list[Goal]) -> list[str]:
    out = ["## 目标", ""]
    for g in items:
        linked = f" (指标 {', '.join(g.indicator_ids)})" if g.indicator_ids else ""
        out.append(f"- **{g.id}** [{g.horizon_year or '—'}] {g.statement}{linked}  \n  > {md_cell(g.evidence.quote)}")
    return out


def columns(items: list[Goal]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    rows = [(g.id, str(g.horizon_year or ""), g.statement, ", ".join(g.indicator_ids)) for g in items]
    return ("#", "年份", "目标", "指标"), rows


KIND = ListKind(
    field="goals",
    task="goals",
    id_prefix="G",
    item=Goal,
    merge=merge,
    find=find,
    judge=judge,
    record=record,
    label=lambda g: g.statement,
    name_fields=("statement",),
    name_type="statement",
    pairing=("horizon_year",),
    scored=(
        ScoredField("statement", lambda g: g.statement, "statement"),
        ScoredField("horizon_year", lambda g: g.horizon_year, "year"),
    ),
    title="目标 Goals",
    markdown=markdown,
    columns=columns,
)
