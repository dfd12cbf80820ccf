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
from ..locate import in_chunk, normalize, sentence_with
from ..models import ResponsibleBody
from ..vocabulary import NOT_ORGANS, ORGAN_WORDS
from .base import Draft, Dropped, ListKind, ScoredField, Where, clean_field, md_cell, merge_by


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
