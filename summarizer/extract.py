"""Stage 5, extract: ask the model to fill draft records for each chunk.

Each list kind (kinds/) has its own prompt and a small draft schema whose lists and
strings are bounded (a grammar-constrained local model cannot loop past the bound).
Each task sees only the sentences of the chunk that carry its kind's cue words: less
to read, fewer invented items, and chunks with nothing relevant cost no call. A failed
call is recorded and the run goes on.

Drafts hold only fields copied from the text, with no separate quote: grounding finds
the source sentence that contains them. A quote field doubled the tokens generated (the
slowest part on a CPU) and small models rewrote or merged quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from .kinds import BY_TASK, KINDS
from .llm import ChunkFailed, StructuredModel
from .models import RunWarning, Usage
from .prompts import load_prompt
from .segment import Chunk, sentence_spans


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
        items=(list[BY_TASK[task].draft], Field(max_length=prompt.max_items)),  # type: ignore[name-defined]
    )


def task_view(task: str, chunk: Chunk) -> str:
    """The sentences of the chunk that carry the task's cue, in order, one per line."""
    cue = BY_TASK[task].cue
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
    tasks: tuple[str, ...] = tuple(k.task for k in KINDS),
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
            answer = model.complete(messages, schemas[task], max_tokens=BY_TASK[task].max_tokens)
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
