"""Responsible bodies: departments, governments and groups the text gives a role.

The finder reads organ names that start with a level word (vocabulary.ORGAN_WORDS), named
groups and the units of 责任单位 lists. The rules keep a body only with a role: a 责任单位
list, or a role word beside its name (代表…报告, 牵头, 负责, 举行, an official's post). Names are
expanded to their canonical form (市发改委 → 市发展和改革委员会).
"""

from __future__ import annotations

import re

from ..bodies import body_level, canonical_body
from ..locate import clause_spans, normalize
from ..models import Evidence, ResponsibleBody
from ..vocabulary import GROUP_WORDS, NOT_ORGANS, ORGAN_WORDS
from .base import (
    Candidate,
    Context,
    ListKind,
    ScoredField,
    Verdict,
    md_cell,
    merge_by,
)

_ORGAN = re.compile(f"^(.+?({ORGAN_WORDS}))")
_NOT_BODY = re.compile(f"({NOT_ORGANS})")


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


# The role a clause gives a body, by the words around its name (GUIDELINES: it publishes, answers,
# leads, is responsible, organises, or speaks through its official).
_ROLE_BEFORE = (
    ("报告", re.compile(r"代表$")),
    ("审议", re.compile(r"提请$")),
    ("负责", re.compile(r"(?:发挥好?|由)$")),
)
_ROLE_AFTER = (
    ("发布", re.compile(r"^(?:举行|召开|发布|印发|公布)")),
    ("牵头", re.compile(r"^(?:牵头|统筹|领导)")),
    ("负责", re.compile(r"^(?:负责|主管|承担|组织)")),
    ("批准", re.compile(r"^(?:批准|同意|审议通过)")),
    ("领导小组", re.compile(r"^[、和及]?\S{0,6}?成立")),
    ("答记者问", re.compile(r"^\S{0,12}?(?:党组|党委|书记|局长|主任|厅长|负责人|新闻发言人)")),
)


def judge(c: Candidate, ctx: Context) -> Verdict:
    """A body the text gives a role: a unit of a 责任单位 list, or a name with a role word next to it."""
    if c.fields.get("role"):
        return Verdict(True, True, dict(c.fields))
    at = c.start - c.sentence[0]
    before, after = ctx.sentence[max(0, at - 6) : at], ctx.sentence[at + len(c.text) : at + len(c.text) + 16]
    role = next((r for r, words in _ROLE_BEFORE if words.search(before)), None)
    role = role or next((r for r, words in _ROLE_AFTER if words.search(after)), None)
    if role is None and c.text.endswith(("领导小组", "指挥部", "工作专班")):
        role = "领导小组"
    return Verdict(role is not None, False, {"role": role})


def record(c: Candidate, fields: dict, evidence: Evidence) -> ResponsibleBody:
    return ResponsibleBody(
        id="",
        name=c.text,
        canonical_name=canonical_body(c.text),
        level=body_level(c.text),  # type: ignore[arg-type]
        role=fields.get("role"),
        evidence=evidence,
    )


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
    merge=merge,
    find=find,
    judge=judge,
    record=record,
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
