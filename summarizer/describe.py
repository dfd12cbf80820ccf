"""The summary: the one free-text part of a briefing. The model writes it from the
extracted goals and indicators only, and a plain listing is used if it fails or if
its words are not supported by them. (The document card is read by `card.py`.)
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from .llm import ChunkFailed, StructuredModel
from .models import DocumentInfo, Goal, Indicator, KeyProject, RunWarning, Usage
from .prompts import load_prompt, prompt_echo


class SummaryDraft(BaseModel):
    summary: str = Field(max_length=300)


def _facts(goals: list[Goal], indicators: list[Indicator], projects: list[KeyProject]) -> str:
    lines = [f"- 目标({g.horizon_year or '—'}):{g.statement}" for g in goals[:6]]
    for i in indicators[:8]:
        if i.target:
            lines.append(f"- 指标:{i.name} {i.target.year or ''}年 {i.target.value.text}")
    if projects:
        lines.append("- 项目:" + "、".join(p.name for p in projects[:6]))
    return "\n".join(lines) or "(未抽取到目标或指标)"


def fallback_summary(
    doc: DocumentInfo, goals: list[Goal], indicators: list[Indicator], projects: list[KeyProject]
) -> str:
    parts = [f"《{doc.heading}》({doc.doc_type})。"]
    if goals:
        parts.append("提出的目标包括:" + ";".join(g.statement for g in goals[:3]) + "。")
    targets = [i for i in indicators if i.target and i.target.year and i.target.value.number is not None]
    if targets:
        parts.append(
            "量化指标如:" + ";".join(f"{i.name}{i.target.year}年{i.target.value.text}" for i in targets[:3]) + "。"
        )  # type: ignore[union-attr]
    if projects:
        parts.append("重点项目如:" + "、".join(p.name for p in projects[:4]) + "。")
    return "".join(parts)


def write_summary(
    doc: DocumentInfo,
    goals: list[Goal],
    indicators: list[Indicator],
    projects: list[KeyProject],
    model: StructuredModel | None,
    usage: Usage,
    warnings: list[RunWarning],
) -> str:
    """The model's short summary of the extracted facts, or a plain one made from them.

    The model sees only the title and the grounded facts, and its answer is checked
    against them: a number it did not receive, or a phrase of the prompt that the facts
    do not hold (a worked example, the instructions), is not presented as the document's.
    """
    if model is None or not (goals or indicators or projects):
        return fallback_summary(doc, goals, indicators, projects)  # nothing to summarize: no call
    prompt = load_prompt("summary")
    facts = _facts(goals, indicators, projects)
    messages = prompt.messages(title=doc.heading, doc_type=doc.doc_type, text=facts)
    try:
        answer = model.complete(messages, SummaryDraft, max_tokens=400)
    except ChunkFailed as exc:
        warnings.append(
            RunWarning(kind="model_output", task="summary", message=f"summary: {exc}; a plain summary was written")
        )
        return fallback_summary(doc, goals, indicators, projects)
    usage.add_call(answer.prompt_tokens, answer.completion_tokens, answer.cached, answer.seconds)
    summary = answer.value.summary.strip()  # type: ignore[attr-defined]
    problem = summary_problem(summary, grounds=f"{doc.heading}\n{doc.doc_type}\n{facts}")
    if problem:
        warnings.append(
            RunWarning(
                kind="model_output",
                task="summary",
                message=f"summary: the model's summary {problem}; a plain summary was written instead",
            )
        )
        return fallback_summary(doc, goals, indicators, projects)
    return summary


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CHINESE_CHAR = re.compile(r"[\u4e00-\u9fff]")


def summary_problem(summary: str, grounds: str) -> str | None:
    """Why a model summary cannot be shown, or None. `grounds` is everything the model was
    given about the document; any prompt's instructions and examples are not the document's."""
    if len(_CHINESE_CHAR.findall(summary)) < 8:
        return "is not Chinese prose"
    unsupported = [n for n in _NUMBER.findall(summary) if n not in grounds]
    if unsupported:
        return f"states numbers that are not in the extracted facts ({', '.join(unsupported[:3])})"
    echo = prompt_echo(summary, grounds)
    if echo:
        return "repeats the prompt's words (an example or instruction)"
    return None
