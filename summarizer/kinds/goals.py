"""Goals: commitments about a future state ("建成国家生态园林城市"), stated in the source's words.

A goal the model reworded is matched to the sentence it came from when almost all of it is
there (fuzzy alignment), and is then stated as that sentence. Questions are not goals.
"""

from __future__ import annotations

import re

from pydantic import Field

from ..locate import clause_spans, closest_sentence, in_chunk, normalize, sentence_with
from ..models import Evidence, Goal
from .base import Candidate, Draft, Dropped, ListKind, ScoredField, Where, clean_field, md_cell, plausible_year


class GoalDraft(Draft):
    statement: str = Field(max_length=60)
    year: int | None
    domain: str | None = Field(max_length=8)


CUE = re.compile(
    r"到20\d\d|到二〇|20[2-5]\d年|目标|力争|基本实现|基本建成|全面建成|建成|打造|成为|迈上|走在|率先|争创|十[四五六]五"
)


def ground(d: GoalDraft, where: Where) -> Goal | Dropped:
    chunk = where.chunk
    statement = d.statement.strip()
    if in_chunk(statement, chunk):
        ev = where.evidence(sentence_with([statement], chunk))
    else:
        ev = where.evidence(closest_sentence(statement, chunk))
        if ev is not None:
            statement = ev.quote  # reworded by the model: state it in the source's words
    if ev is None:
        return Dropped(statement, "its statement is not in the source")
    if ev.quote.rstrip().endswith(("?", "？")):
        return Dropped(statement, "a question, not a commitment")
    if ev.alignment == "fuzzy" and len(ev.quote) > 2.5 * len(d.statement.strip()):
        return Dropped(d.statement, "only loosely matches a much longer sentence")
    return Goal(
        id="", statement=statement, horizon_year=plausible_year(d.year), domain=clean_field(d.domain), evidence=ev
    )


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
    r"通过\S{1,10}?努力)+"
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


def candidate_record(c: Candidate) -> Goal:
    ev = Evidence(quote=c.text, start=c.start, end=c.end, alignment="exact")
    return Goal(id="", statement=c.text, horizon_year=c.fields["year"], evidence=ev)


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
    draft=GoalDraft,
    cue=CUE,
    max_tokens=600,
    ground=ground,
    merge=merge,
    find=find,
    candidate_record=candidate_record,
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
