"""What a list kind is: one spec that the stages, the writers and the eval read.

A briefing has four lists (goals, key projects, indicators, bodies). Each is described
once, in its own module of this package, by a `ListKind`: the draft the model fills and
its prompt, the cue that picks the sentences worth asking about, how a draft is grounded
in the source, how duplicates merge, how records are shown, and which fields the eval
pairs and scores. The pipeline, merge, write, render and the eval loop over `KINDS`
instead of naming the lists, so a new kind is one module and one prompt file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from ..locate import Located
from ..models import Evidence
from ..segment import Chunk

Item = Any  # a record of a briefing list: Indicator, Goal, KeyProject or ResponsibleBody


# A model's draft of one item: only fields copied from the text, bounded in length. (No docstring:
# it would enter the JSON schema sent to the model, and so every request and recording.)
class Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")


@dataclass(frozen=True)
class Dropped:
    """A draft that grounding refused: the label it is reported under and why."""

    label: str
    why: str


@dataclass(frozen=True)
class Where:
    """Where a draft came from, and how a located sentence becomes evidence in the file's offsets."""

    chunk: Chunk
    evidence_of: Callable[[Located], Evidence]

    def evidence(self, located: Located | None) -> Evidence | None:
        return self.evidence_of(located) if located else None


@dataclass(frozen=True)
class Candidate:
    """A span the text's own structure proposes as an item of a kind, before any judgement.

    `text` names it (a work's name, an indicator's subject, a body, a goal clause); offsets index the
    text the finder was given (the cleaned document); `fields` holds what the structure also says
    (an indicator's value and governing year, whether it reads as a past result)."""

    text: str
    start: int
    end: int
    sentence: tuple[int, int]
    fields: dict[str, Any]


FieldType = Literal["text", "year", "value", "unit", "qualifier", "statement", "body"]


@dataclass(frozen=True)
class ScoredField:
    """A field the eval compares on matched records.

    `name` is dotted as in a gold alternates file; `get` reads it from a record; `type` says how the
    scorer normalizes and compares it; `unit` gives a value's default unit (an indicator's own unit)."""

    name: str
    get: Callable[[Any], Any]
    type: FieldType
    unit: Callable[[Any], str | None] | None = None
    error: str | None = None  # the eval's error kind for a disagreement, where the type's own does not fit


@dataclass(frozen=True)
class ListKind:
    field: str  # the briefing's list: "key_projects"
    task: str  # the prompt file (prompts/<task>.toml) and the extraction task: "projects"
    id_prefix: str  # "P1", "P2" …
    item: type[BaseModel]
    draft: type[Draft]
    cue: re.Pattern[str]  # a sentence worth sending to the model for this kind
    max_tokens: int
    ground: Callable[[Any, Where], Item | Dropped]  # a draft → a record in the source's words, or why not
    merge: Callable[[list[Item]], list[Item]]  # one record per thing across chunks
    find: Callable[[str], list[Candidate]]  # candidates proposed by the text's structure, no model
    candidate_record: Callable[[Candidate], Item]  # a candidate as a record, for the eval's matcher
    label: Callable[[Item], str]  # the words that name a record: a name or a goal's statement
    # The eval: the fields that name a record and how they are normalized, the fields that help
    # pair records with the same name, and the fields scored on matched pairs.
    name_fields: tuple[str, ...]
    name_type: FieldType
    pairing: tuple[str, ...]
    scored: tuple[ScoredField, ...]
    # Display: the Markdown section (title and lines) and the terminal table (title, headers, rows).
    title: str
    markdown: Callable[[list[Item]], list[str]]
    columns: Callable[[list[Item]], tuple[tuple[str, ...], list[tuple[str, ...]]]]


T = TypeVar("T")


def merge_by(items: list[T], key: Callable[[T], str], fields: tuple[str, ...]) -> list[T]:
    """Keep the first item per key; fill its empty fields from later duplicates."""
    kept: dict[str, T] = {}
    for item in items:
        first = kept.setdefault(key(item), item)
        for name in fields:
            if getattr(first, name) is None and getattr(item, name) is not None:
                setattr(first, name, getattr(item, name))
    return list(kept.values())


def clean_field(value: str | None) -> str | None:
    """A model's optional field, or None where it wrote nothing meaningful ("null", "无", "-")."""
    value = (value or "").strip()
    return value if value and value.lower() not in {"null", "none", "无", "-", "—", "n/a"} else None


def plausible_year(value: int | None) -> int | None:
    return value if value is not None and 1949 <= value <= 2100 else None


def md_cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")
