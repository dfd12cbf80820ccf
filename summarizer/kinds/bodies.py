"""Responsible bodies: departments, governments and groups the text gives a role.

A body is named as an organ (vocabulary.ORGAN_WORDS); a post written after the organ
(市工信局党委委员) is cut off the name, companies and phrases are dropped, and the name
is expanded to its canonical form (市发改委 → 市发展和改革委员会). A person or post is
kept only when it stands in the same sentence.
"""

from __future__ import annotations

import re

from pydantic import Field

from ..bodies import body_level, canonical_body
from ..locate import clause_spans, in_chunk, normalize, sentence_with
from ..models import Evidence, ResponsibleBody
from ..vocabulary import GROUP_WORDS, NOT_ORGANS, ORGAN_WORDS
from .base import Candidate, Draft, Dropped, ListKind, ScoredField, Where, clean_field, md_cell, merge_by


class BodyDraft(Draft):
    name: str = Field(max_length=24)
    role: str | None = Field(max_length=8)
    person: str | None = Field(max_length=8)
    post: str | None = Field(max_length=20)
    responsibility: str | None = Field(max_length=30)


# A body is a level word followed by an organ word (市发改委, 县教育局), or a named group.
CUE = re.compile(
    r"[市省县区州][\u4e00-\u9fff]{0,10}?(委员会|委|局|办公室|办|厅|署|政府|中心)|领导小组|指挥部|人民政府|人大|政协"
)

_ORGAN = re.compile(f"^(.+?({ORGAN_WORDS}))")
_NOT_BODY = re.compile(f"({NOT_ORGANS})")


def ground(d: BodyDraft, where: Where) -> ResponsibleBody | Dropped:
    chunk = where.chunk
    organ = _ORGAN.match(d.name.strip())
    name = organ.group(1) if organ else d.name.strip()
    if len(normalize(name)) < 2 or not in_chunk(name, chunk):
        return Dropped(d.name, "its name is not in the source")
    if organ is None or _NOT_BODY.search(name):
        return Dropped(name, "not the name of a government body (a company, place or phrase)")
    ev = where.evidence(sentence_with([name], chunk))
    if ev is None:
        return Dropped(name, "its name is not in the source")
    quote = normalize(ev.quote)

    def stated(value: str | None) -> str | None:
        value = clean_field(value)
        return value if value and normalize(value) in quote else None

    return ResponsibleBody(
        id="",
        name=name,
        canonical_name=canonical_body(name),
        level=body_level(name),  # type: ignore[arg-type]
        role=clean_field(d.role),
        person=stated(d.person),
        post=stated(d.post),
        responsibility=clean_field(d.responsibility),
        evidence=ev,
    )


# A level word and an organ word (市发改委, 省经济和信息化厅, 区人民政府), or a named group.
_BODY = re.compile(rf"(?:[\u4e00-\u9fff]{{0,6}}?(?:省|市|县|区|州|旗|盟))?[\u4e00-\u9fff]{{0,14}}?(?:{ORGAN_WORDS})")
_LEVEL_START = re.compile(r"^(?:省|市|县|区|州|旗|盟|国务院|国家|中共|中国共产党)")
_GROUP = re.compile(rf"[\u4e00-\u9fff“”\"]{{0,24}}?(?:{GROUP_WORDS})")
_GROUP_LEAD = re.compile(r"^(?:成立|设立|组建|建立|由|发挥好?|切实|充分|协助|提请|并|和|及|的|了)+")
# Lists of responsible units: "（责任单位：省经济和信息化厅、省财政厅）", "牵头单位：…".
_UNIT_LIST = re.compile(r"(?:责任单位|牵头单位|配合单位|责任部门|牵头部门)[:：]([^）)。；;\n]+)")


def find(text: str) -> list[Candidate]:
    """Organ names that start with a level word, in every clause, and every unit in a 责任单位 list."""
    found = []
    for sentence, start, end in clause_spans(text):
        for m in _BODY.finditer(text, start, end):
            name = m.group()
            level = _LEVEL_START.search(name) or re.search(r"(?:省|市|县|区)(?=[\u4e00-\u9fff])", name)
            if level is None or _NOT_BODY.search(name):
                continue
            name = name[level.start() :]
            if len(name) >= 3 or (len(name) == 2 and name.endswith("委")):  # 省委, 市委
                found.append(Candidate(name, m.end() - len(name), m.end(), sentence, {}))
        for m in _GROUP.finditer(text, start, end):
            lead = _GROUP_LEAD.match(m.group())
            name = m.group()[lead.end() if lead else 0 :]
            if len(name) >= 3 and not _NOT_BODY.search(name):
                found.append(Candidate(name, m.end() - len(name), m.end(), sentence, {}))
    for m in _UNIT_LIST.finditer(text):
        pos = m.start(1)
        for unit in re.split(r"[、，,]", m.group(1)):
            at = text.find(unit, pos)
            pos = at + len(unit)
            if 2 <= len(unit.strip()) <= 30 and not _NOT_BODY.search(unit):
                found.append(Candidate(unit.strip(), at, at + len(unit), (m.start(), m.end()), {"role": "负责"}))
    return found


def candidate_record(c: Candidate) -> ResponsibleBody:
    ev = Evidence(quote=c.text, start=c.start, end=c.end, alignment="exact")
    return ResponsibleBody(id="", name=c.text, canonical_name=canonical_body(c.text), evidence=ev)


def merge(bodies: list[ResponsibleBody]) -> list[ResponsibleBody]:
    fields = ("role", "person", "post", "responsibility", "level")
    return merge_by(bodies, lambda b: normalize(b.canonical_name), fields)


def markdown(items: list[ResponsibleBody]) -> list[str]:
    out = ["## 责任主体", "", "| # | 名称 | 规范名称 | 角色 | 人员 | 负责 |", "|---|---|---|---|---|---|"]
    for r in items:
        person = " ".join(x for x in (r.post, r.person) if x)
        out.append(
            f"| {r.id} | {md_cell(r.name)} | {md_cell(r.canonical_name)} | {md_cell(r.role)} | {md_cell(person)} | "
            f"{md_cell(r.responsibility)} |"
        )
    return out


def columns(items: list[ResponsibleBody]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    rows = [(r.id, r.name, r.canonical_name, r.role or "", " ".join(x for x in (r.post, r.person) if x)) for r in items]
    return ("#", "名称", "规范名称", "角色", "人员"), rows


KIND = ListKind(
    field="responsible_bodies",
    task="bodies",
    id_prefix="B",
    item=ResponsibleBody,
    draft=BodyDraft,
    cue=CUE,
    max_tokens=600,
    ground=ground,
    merge=merge,
    find=find,
    candidate_record=candidate_record,
    label=lambda b: b.name,
    # Bodies compare canonical names: 市发改委 and 市发展和改革委员会 are one body.
    name_fields=("canonical_name", "name"),
    name_type="body",
    pairing=(),
    scored=(
        ScoredField("canonical_name", lambda b: b.canonical_name, "body"),
        ScoredField("role", lambda b: b.role, "text"),
        ScoredField("person", lambda b: b.person, "text"),
    ),
    title="责任主体 Responsible bodies",
    markdown=markdown,
    columns=columns,
)
