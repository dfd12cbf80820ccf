"""Stage 5, judge: which candidates are items of their kind, and the fields that need judgement.

The finders (kinds/*.find) propose candidates from the text's structure. Each kind's rules
(kinds/*.judge) keep or drop them and fill what the form of the text settles: a target's
year, a work's status, a body's role. When a model judges (`--judge model`, the default for
an endpoint), the candidates the rules are not sure of are shown to it, one call per chunk:
the sentences that hold them and the numbered candidates, and it answers with the numbers
to keep. The answer is a few tokens, and every record is a span of the source by
construction. Otherwise the rules' verdicts stand: the floor a model must beat.

The embedded models do not judge by default, because what they answered was measured as
noise: asked for the numbers to keep, the 0.5B and 1.5B models returned every number
(1…N) or the worked example's answer; asked for one 是/否 per candidate, all 是 or all 否;
and their 是-against-否 log-odds, one candidate at a time, ranked the candidates of seeds 000
and 004 no better than chance (area under the ROC curve, indicators / goals / projects: 0.5B
0.49 / 0.57 / 0.38, 1.5B 0.37 / 0.66 / 0.38).

A failed call is recorded, and the rules' verdicts stand for that chunk.

The calls go out `model.concurrency` at a time; their answers are applied in the calls'
order, so the result is that of one call after another.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .clean import CleanText
from .kinds import BY_FIELD, KINDS
from .kinds.base import Candidate, Context, Verdict
from .llm import CallResult, ChunkFailed, StructuredModel
from .models import DocumentInfo, Evidence, RunWarning, Usage, work_year
from .parallel import run_each
from .prompts import load_prompt
from .segment import Chunk, Section

MAX_PER_CALL = 40  # candidates shown in one call; a chunk with more is asked in several calls
JUDGE_PROMPT = "judge"
CONTEXT_CHARS = 60  # shown on either side of a long sentence's candidates
MAX_SHOWN_CHARS = 400  # at most this much of one sentence

# A heading that looks back (工作回顾, 发展基础, 主要成就) and not ahead (目标, 任务, 安排).
_REVIEW_HEADING = re.compile(r"回顾|发展基础|主要成就|发展成就|过去[一五]年|取得的成绩|工作总结|完成情况")
_AHEAD_HEADING = re.compile(r"目标|任务|安排|计划|重点工作|展望|思路")


class KeepAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    keep: list[int] = Field(max_length=MAX_PER_CALL)


@dataclass
class Judged:
    lists: dict[str, list[Any]] = field(default_factory=lambda: {k.field: [] for k in KINDS})
    warnings: list[RunWarning] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    failed_chunks: set[int] = field(default_factory=set)


def is_review(section: str) -> bool:
    return any(_REVIEW_HEADING.search(h) and not _AHEAD_HEADING.search(h) for h in section.split(" > "))


def is_ahead(section: str) -> bool:
    return not is_review(section) and bool(_AHEAD_HEADING.search(section))


def document_years(document: DocumentInfo) -> tuple[int | None, int | None]:
    """The year a document plans for (a work report's work year, else its date's year) and the last
    year of the plan period it sets out."""
    if document.doc_type == "政府工作报告":
        year = document.work_year or work_year(document.date)
    else:
        year = int(document.date[:4]) if document.date else None
    period = re.findall(r"20\d\d", document.plan_period or "")
    return year, int(period[-1]) if period else None


@dataclass(frozen=True)
class Judging:
    kind_field: str
    candidate: Candidate
    verdict: Verdict
    chunk: Chunk
    section: str


def _judge_by_rules(
    candidates: dict[str, list[Candidate]],
    text: str,
    sections: list[Section],
    chunks: list[Chunk],
    document: DocumentInfo,
) -> list[Judging]:
    year, period_end = document_years(document)
    work_report = document.doc_type == "政府工作报告"
    # Chunks and sections are in text order: find each candidate's by bisection (a 5 MB file has 50,000).
    chunk_starts = [ch.start for ch in chunks]
    section_starts = [sec.start for sec in sections]
    out = []
    for kind_field, found in candidates.items():
        kind = BY_FIELD[kind_field]
        for c in found:
            k = bisect_right(chunk_starts, c.start) - 1
            if k < 0 or c.start >= chunks[k].end:
                continue  # inside a table: the table stage reads it
            s = bisect_right(section_starts, c.start) - 1
            section = sections[s].path_text if s >= 0 and c.start < sections[s].end else ""
            a, b = c.sentence
            context = Context(text[a:b], section, is_review(section), is_ahead(section), year, work_report, period_end)
            out.append(Judging(kind_field, c, kind.judge(c, context), chunks[k], section))
    return out


def _candidate_line(n: int, j: Judging) -> str:
    label = load_prompt(BY_FIELD[j.kind_field].task).label
    value = j.candidate.fields.get("value")
    return f"[{n}] {label}: {j.candidate.text}" + (f" = {value}" if value else "")


def _shown(sentence: tuple[int, int], asked: list[Judging], text: str) -> str:
    """The sentence, or in a long one the stretch around its candidates: a run-on line of thousands of
    characters would otherwise fill the request."""
    spans = [(j.candidate.start, j.candidate.end) for j in asked if j.candidate.sentence == sentence]
    a = max(sentence[0], min(s for s, _ in spans) - CONTEXT_CHARS)
    b = min(sentence[1], max(e for _, e in spans) + CONTEXT_CHARS)
    b = min(b, a + MAX_SHOWN_CHARS)
    return ("…" if a > sentence[0] else "") + text[a:b].strip() + ("…" if b < sentence[1] else "")


def judge_messages(asked: list[Judging], text: str) -> list[dict[str, str]]:
    """The sentences that hold the candidates, each followed by its numbered candidates (1-based)."""
    lines: list[str] = []
    sentence: tuple[int, int] | None = None
    for n, j in enumerate(asked, 1):
        if j.candidate.sentence != sentence:
            sentence = j.candidate.sentence
            lines.append(f"句子: {_shown(sentence, asked, text)}")
        lines.append(_candidate_line(n, j))
    kinds = "\n".join(f"- {load_prompt(k.task).label}: {load_prompt(k.task).ask}" for k in KINDS)
    return load_prompt(JUDGE_PROMPT).messages(kinds=kinds, candidates="\n".join(lines))


def _ask_model(
    judgings: list[Judging],
    text: str,
    model: StructuredModel,
    result: Judged,
    on_call: Callable[[int, int], None] | None,
) -> dict[int, bool]:
    """The model's keep-or-drop for every candidate the rules are unsure of, by its place in `judgings`."""
    unsure = [i for i, j in enumerate(judgings) if not j.verdict.sure]
    calls: list[list[int]] = []
    for chunk in dict.fromkeys(judgings[i].chunk for i in unsure):
        in_chunk = sorted(
            (i for i in unsure if judgings[i].chunk == chunk), key=lambda i: (judgings[i].candidate.sentence, i)
        )
        calls.extend(in_chunk[k : k + MAX_PER_CALL] for k in range(0, len(in_chunk), MAX_PER_CALL))

    def ask(call: list[int]) -> CallResult | ChunkFailed:
        asked = [judgings[i] for i in call]
        try:
            return model.complete(judge_messages(asked, text), KeepAnswer, max_tokens=8 + 4 * len(asked))
        except ChunkFailed as exc:
            return exc

    answers: list[CallResult | ChunkFailed | None] = [None] * len(calls)
    with closing(run_each(ask, calls, model.concurrency)) as outcomes:
        for n, outcome in enumerate(outcomes):
            if outcome.error is not None:
                raise outcome.error  # the model is gone (ModelError): the document stops
            answers[outcome.index] = outcome.value
            if on_call:
                on_call(n + 1, len(calls))
    decided: dict[int, bool] = {}
    for call, answer in zip(calls, answers, strict=True):
        asked = [judgings[i] for i in call]
        chunk = asked[0].chunk
        if isinstance(answer, ChunkFailed):
            result.failed_chunks.add(chunk.index)
            message = f"judge: {answer}; the rules' verdicts stand for its {len(asked)} candidates"
            result.warnings.append(RunWarning(kind="chunk_failed", chunk=chunk.index, task="judge", message=message))
        elif answer is not None:
            result.usage.add_call(answer.prompt_tokens, answer.completion_tokens, answer.cached, answer.seconds)
            if answer.note:
                result.warnings.append(
                    RunWarning(kind="model_output", chunk=chunk.index, task="judge", message=f"judge: {answer.note}")
                )
            keep = set(answer.value.keep)  # type: ignore[attr-defined]
            for number, i in enumerate(call, 1):
                decided[i] = number in keep
    return decided


def judge(
    candidates: dict[str, list[Candidate]],
    clean: CleanText,
    sections: list[Section],
    chunks: list[Chunk],
    document: DocumentInfo,
    model: StructuredModel | None,
    on_call: Callable[[int, int], None] | None = None,
) -> Judged:
    """Records of the candidates kept, each with its sentence as evidence (in the file's offsets).
    `model` None: the rules judge alone."""
    result = Judged()
    judgings = _judge_by_rules(candidates, clean.text, sections, chunks, document)
    decided = _ask_model(judgings, clean.text, model, result, on_call) if model is not None else {}
    for i, j in enumerate(judgings):
        if not decided.get(i, j.verdict.keep):
            continue
        a, b = j.candidate.sentence
        start, end = clean.to_original(a, b)
        evidence = Evidence(quote=clean.text[a:b], start=start, end=end, section=j.section or None, alignment="exact")
        result.lists[j.kind_field].append(BY_FIELD[j.kind_field].record(j.candidate, j.verdict.fields, evidence))
    return result
