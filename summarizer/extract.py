"""Stage 5, extract: ask the model to fill draft records for each chunk.

Each task (indicators, goals, projects, bodies) has its own prompt and a small
draft schema whose lists and strings are bounded (a grammar-constrained local
model cannot loop past the bound). Each task sees only the sentences of the chunk
that carry its cue words: less to read, fewer invented items, and chunks with
nothing relevant cost no call. A failed call is recorded and the run goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from .llm import ChunkFailed, StructuredModel
from .models import RunWarning, Usage
from .prompts import load_prompt
from .segment import Chunk, sentence_spans

Year = int | None


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")


# Drafts hold only fields copied from the text, with no separate quote: grounding
# finds the source sentence that contains them. A quote field doubled the tokens
# generated (the slowest part on a CPU) and small models rewrote or merged quotes.


class IndicatorDraft(_Draft):
    name: str = Field(max_length=30)
    value: str = Field(max_length=30)
    year: Year


class GoalDraft(_Draft):
    statement: str = Field(max_length=60)
    year: Year
    domain: str | None = Field(max_length=8)


class ProjectDraft(_Draft):
    name: str = Field(max_length=30)
    sector: str | None = Field(max_length=8)
    investment: str | None = Field(max_length=20)
    status: str | None = Field(max_length=4)


class BodyDraft(_Draft):
    name: str = Field(max_length=24)
    role: str | None = Field(max_length=8)
    person: str | None = Field(max_length=8)
    post: str | None = Field(max_length=20)
    responsibility: str | None = Field(max_length=30)


DRAFTS: dict[str, type[_Draft]] = {
    "indicators": IndicatorDraft,
    "goals": GoalDraft,
    "projects": ProjectDraft,
    "bodies": BodyDraft,
}

# Sentences worth sending to each task. Generous on purpose: the model decides,
# the cue only saves calls on text that cannot hold an item of that kind.
_CUES: dict[str, re.Pattern[str]] = {
    "indicators": re.compile(
        r"\d.*(到|达到|超过|突破|以上|左右|以内|不低于|不少于|控制在|增长|提高|提升|降低|下降|新增|目标|力争|确保|实现|累计)"
        r"|(到|力争|目标|确保).*\d"
    ),
    "goals": re.compile(
        r"到20\d\d|到二〇|20[2-5]\d年|目标|力争|基本实现|基本建成|全面建成|建成|打造|成为|迈上|走在|率先|争创|十[四五六]五"
    ),
    # Named works end in a structure word (…大桥, …产业园, …医院) or are called 项目/工程.
    "projects": re.compile(
        r"项目|工程|大桥|桥|大道|路|公路|高速|铁路|轨道|城际|机场|港|码头|产业园|园区|基地|医院|学校|学院|"
        r"[^心]馆|水库|电站|电厂|管网|枢纽|片区|新城|新区|综合体|小镇|公园|广场|污水处理厂|中心(?!城市)"
    ),
    # A body is a level word followed by an organ word (市发改委, 县教育局), or a named group.
    "bodies": re.compile(
        r"[市省县区州][\u4e00-\u9fff]{0,10}?(委员会|委|局|办公室|办|厅|署|政府|中心)|领导小组|指挥部|人民政府|人大|政协"
    ),
}
_MAX_TOKENS = {"indicators": 600, "goals": 600, "projects": 600, "bodies": 600}


@dataclass
class DraftItem:
    task: str
    draft: Any
    chunk: Chunk


@dataclass
class ExtractResult:
    items: list[DraftItem] = field(default_factory=list)
    warnings: list[RunWarning] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    failed_chunks: set[int] = field(default_factory=set)


@cache
def list_model(task: str) -> type[BaseModel]:
    """The response schema of a task: {"items": [draft, …]} with the prompt's bound."""
    prompt = load_prompt(task)
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"{task.capitalize()}Drafts",
        __config__=ConfigDict(extra="ignore"),
        items=(list[DRAFTS[task]], Field(max_length=prompt.max_items)),  # type: ignore[valid-type]
    )


def task_view(task: str, chunk: Chunk) -> str:
    """The sentences of the chunk that carry the task's cue, in order, one per line."""
    cue = _CUES[task]
    sentences = [chunk.text[a:b].strip() for a, b in sentence_spans(chunk.text)]
    return "\n".join(s for s in sentences if cue.search(s))


def plan_calls(chunks: list[Chunk], tasks: tuple[str, ...]) -> list[tuple[str, Chunk, str]]:
    # Task by task, not chunk by chunk: consecutive calls then share the prompt's long
    # prefix (instructions and examples), which llama.cpp keeps evaluated between calls.
    calls = []
    for task in tasks:
        for chunk in chunks:
            view = task_view(task, chunk)
            if len(view) >= 8:
                calls.append((task, chunk, view))
    return calls


def extract(
    chunks: list[Chunk],
    model: StructuredModel,
    tasks: tuple[str, ...] = tuple(DRAFTS),
    on_call: Callable[[int, int], None] | None = None,
) -> ExtractResult:
    """Run every (chunk, task) call; failures become warnings, never exceptions."""
    result = ExtractResult()
    calls = plan_calls(chunks, tasks)
    schemas = {task: list_model(task) for task in tasks}
    for n, (task, chunk, view) in enumerate(calls):
        prompt = load_prompt(task)
        messages = prompt.messages(section=chunk.section or "(无标题)", text=view)
        try:
            answer = model.complete(messages, schemas[task], max_tokens=_MAX_TOKENS[task])
        except ChunkFailed as exc:
            result.failed_chunks.add(chunk.index)
            result.warnings.append(
                RunWarning(kind="chunk_failed", chunk=chunk.index, task=task, message=f"{task}: {exc}")
            )
        else:
            result.usage.add_call(answer.prompt_tokens, answer.completion_tokens, answer.cached)
            if answer.note:
                result.warnings.append(
                    RunWarning(kind="model_output", chunk=chunk.index, task=task, message=f"{task}: {answer.note}")
                )
            for draft in answer.value.items:  # type: ignore[attr-defined]
                result.items.append(DraftItem(task=task, draft=draft, chunk=chunk))
        if on_call:
            on_call(n + 1, len(calls))
    return result
