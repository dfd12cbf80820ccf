"""What a list kind is: one spec that the stages, the writers and the eval read.

A briefing has four lists (goals, key projects, indicators, bodies). Each is described
once, in its own module of this package, by a `ListKind`: the finder that proposes
candidates from the text's structure, the rules that judge them and fill what the form
settles, how a kept candidate becomes a record, how duplicates merge, how records are
shown, and which fields the eval pairs and scores. Its prompt file says what the model,
where there is one, is asked of its candidates. The pipeline, merge, write, render and the
eval loop over `KINDS` instead of naming the lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from ..models import Evidence
from ..vocabulary import PLAN_PERIODS

Item = Any  # a record of a briefing list: Indicator, Goal, KeyProject or ResponsibleBody


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


@dataclass(frozen=True)
class Context:
    """What the judging rules know of where a candidate stands in its document."""

    sentence: str  # the sentence that holds it (the candidate's `sentence` span)
    section: str  # its heading path, "" when none
    review: bool  # under a heading that looks back (工作回顾, 发展基础, 主要成就): results, not targets
    ahead: bool  # under a heading that looks ahead (目标, 任务, 工作安排, 重点工作): what is to be done
    year: int | None  # the year a work report plans for: its 今年, and the year of its task part
    work_report: bool  # a government work report (its goals take a year only where the text ties them to one)
    period_end: int | None  # the last year of the plan period the document sets out (2025 for 十四五)


@dataclass(frozen=True)
class Verdict:
    """The rules' judgement of a candidate: keep it or not, whether the rules are sure (a model, where
    there is one, is asked only about the rest), and the fields the rules fill (year, status, role)."""

    keep: bool
    sure: bool
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
    task: str  # its prompt file, prompts/<task>.toml (its label and what the judge is asked): "projects"
    id_prefix: str  # "P1", "P2" …
    item: type[BaseModel]
    merge: Callable[[list[Item]], list[Item]]  # one record per thing across chunks
    find: Callable[[str], list[Candidate]]  # candidates proposed by the text's structure, no model
    judge: Callable[[Candidate, Context], Verdict]  # the rules' judgement: the no-model mode and the model's filter
    record: Callable[[Candidate, dict[str, Any], Evidence], Item]  # a kept candidate, its fields and evidence
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

    def candidate_record(self, c: Candidate) -> Item:
        """A candidate as a record with what its finder read, quoting only itself (the eval's recall)."""
        return self.record(c, c.fields, Evidence(quote=c.text, start=c.start, end=c.end, alignment="exact"))


_PERIOD_NAME = re.compile("|".join(PLAN_PERIODS))
# A sentence that looks back over the year or the five years past ("这五年，我们…", "一年来"): its
# figures are results and its states were reached, whatever heading it stands under.
LOOKS_BACK = re.compile(r"过去一年|过去的一年|过去五年|这五年|五年来|一年来|这一年")


def named_period_end(ctx: Context) -> int | None:
    """The last year of the five-year period the sentence names, else its heading (十五五 → 2030). Of two
    named ("十四五时期发展成就和十五五时期主要目标"), the later: a target looks ahead."""
    for text in (ctx.sentence, ctx.section):
        ends = [PLAN_PERIODS[m.group()][1] for m in _PERIOD_NAME.finditer(text)]
        if ends:
            return max(ends)
    return None


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


def md_cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")
