"""One document through every stage: read, clean, tables, segment, card, find
candidates, judge, merge, write the briefing. The library entry point; the CLI is a thin
layer over `summarize_source`.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .card import describe_document
from .clean import CleanText, clean_text
from .describe import write_summary
from .judge import JUDGE_PROMPT, judge
from .kinds import KINDS
from .kinds.base import Candidate
from .kinds.results import from_table_rows
from .llm import StructuredModel
from .merge import assign_canonical, assign_ids, link_goals, merge_lists
from .models import Briefing, DocumentInfo, RunInfo, RunWarning
from .passages import key_passages
from .prompts import load_prompt
from .read import SourceText, read_document
from .segment import Chunk, Section, make_chunks, split_sections
from .tables import RebuiltTable, find_tables

T = TypeVar("T")
JUDGES = ("auto", "rules", "model")


@dataclass
class Options:
    chunk_chars: int = 1200
    tasks: tuple[str, ...] = tuple(k.task for k in KINDS)
    # Who judges the candidates the rules are unsure of: "rules", "model", or "auto" (the model for an
    # endpoint, the rules for an embedded model, whose answers were measured as noise: see judge.py).
    judge: str = "auto"


def model_judges(model: StructuredModel | None, judge: str) -> bool:
    if model is None or judge == "rules":
        return False
    return judge == "model" or model.info.backend != "local"


def find_candidates(source: SourceText) -> dict[str, list[Candidate]]:
    """What the text's own structure proposes for each briefing list, with no model: the candidates
    that the model is to judge (offsets index the cleaned text)."""
    clean = clean_text(source.text, lines_are_paragraphs=source.extracted)
    found = {kind.field: kind.find(clean.text) for kind in KINDS}
    # Rows of rebuilt indicator tables are candidates too: the table stage keeps its job.
    tables, _ = find_tables(clean)
    for row in (row for table in tables for row in table.indicators):
        target = row.target
        fields = {"value": target.value.text if target else None, "year": target.year if target else None}
        span = (row.evidence.start, row.evidence.end)  # original offsets, as the row's evidence has them
        found["indicators"].append(Candidate(row.name, *span, span, {**fields, "past": False}))
    return found


def summarize_file(
    path: str | Path,
    model: StructuredModel | None,
    options: Options | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Briefing:
    return summarize_source(read_document(path), model, options, on_progress)


class StageTimer:
    """Runs a stage and, when given a dict, adds its seconds under the stage's name (the benchmarks read it)."""

    def __init__(self, seconds: dict[str, float] | None) -> None:
        self.seconds = seconds

    def __call__(self, stage: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.perf_counter()
        result = fn(*args, **kwargs)
        if self.seconds is not None:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        return result


@dataclass
class Prepared:
    """A document through the stages that need no model (read it, clean, tables, segment, card, find): what a
    worker process hands back under `--jobs`, for the model's stages to finish in the parent."""

    source: SourceText
    clean: CleanText
    tables: list[RebuiltTable]
    sections: list[Section]
    chunks: list[Chunk]
    document: DocumentInfo
    candidates: dict[str, list[Candidate]]
    warnings: list[RunWarning]
    seconds: float  # wall time of these stages
    stage_seconds: dict[str, float]


def prepare_source(source: SourceText, options: Options | None = None) -> Prepared:
    """The stages before judging, pure and model-free: safe to run in another process."""
    options = options or Options()
    started = time.monotonic()
    stage_seconds: dict[str, float] = {}
    timed = StageTimer(stage_seconds)
    warnings: list[RunWarning] = []

    clean = timed("clean", clean_text, source.text, lines_are_paragraphs=source.extracted)
    for start, end, reason in clean.skipped:
        warnings.append(RunWarning(kind="text_skipped", message=reason, start=start, end=end))

    tables, table_warnings = timed("tables", find_tables, clean)
    warnings.extend(table_warnings)
    table_spans = [(t.start, t.end) for t in tables]
    sections = timed("segment", split_sections, clean.text, skip=table_spans)
    chunks = timed("segment", make_chunks, clean.text, sections, max_chars=options.chunk_chars, skip=table_spans)
    document = timed("card", describe_document, source, clean)
    if document.doc_type == "政府工作报告" and document.work_year is None:
        warnings.append(
            RunWarning(
                kind="card",
                message="no work year: the report prints no date, no year in its title or delivery line and no "
                "year in its own headings, so its 今年 targets have no year",
            )
        )

    kinds = [k for k in KINDS if k.task in options.tasks]
    candidates = timed("find", lambda: {k.field: k.find(clean.text) for k in kinds})
    return Prepared(
        source,
        clean,
        tables,
        sections,
        chunks,
        document,
        candidates,
        warnings,
        time.monotonic() - started,
        stage_seconds,
    )


def summarize_source(
    source: SourceText,
    model: StructuredModel | None,
    options: Options | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    stage_seconds: dict[str, float] | None = None,
) -> Briefing:
    """The briefing of one document. `model` None is the no-model mode: the rules judge alone.
    `stage_seconds`, when given, receives the seconds each stage took."""
    return finish_prepared(prepare_source(source, options), model, options, on_progress, stage_seconds)


def finish_prepared(
    prepared: Prepared,
    model: StructuredModel | None,
    options: Options | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    stage_seconds: dict[str, float] | None = None,
) -> Briefing:
    """Judge, merge and summarize a prepared document (the stages that may call the model)."""
    options = options or Options()
    started = time.monotonic() - prepared.seconds
    if stage_seconds is not None:
        for stage, seconds in prepared.stage_seconds.items():
            stage_seconds[stage] = stage_seconds.get(stage, 0.0) + seconds
    timed = StageTimer(stage_seconds)
    warnings = list(prepared.warnings)
    source, clean, tables, sections, chunks = (
        prepared.source,
        prepared.clean,
        prepared.tables,
        prepared.sections,
        prepared.chunks,
    )
    document, candidates = prepared.document, prepared.candidates
    kinds = [k for k in KINDS if k.task in options.tasks]
    judging_model = model if model_judges(model, options.judge) else None
    judged = timed("judge", judge, candidates, clean, sections, chunks, document, judging_model, on_call=on_progress)
    for warning in judged.warnings:
        if warning.kind == "chunk_failed" and warning.chunk is not None:
            # Say where the text is whose candidates only the rules judged, in the file's own offsets.
            chunk = chunks[warning.chunk]
            warning.start, warning.end = clean.to_original(chunk.start, chunk.end)
            warning.message += f" [chars {warning.start}–{warning.end}, {chunk.section or 'no heading'}]"
    warnings.extend(judged.warnings)

    # Table rows join the prose indicators; the indicators' merge keeps a row over its prose restatement.
    table_rows = [row for table in tables for row in table.indicators]
    found = {**judged.lists, "indicators": table_rows + judged.lists["indicators"]}
    if "results" in found:  # a table's base-year and 完成情况 cells are figures reached
        found["results"] = from_table_rows(table_rows) + found["results"]
    lists = timed("merge", merge_lists, found)
    timed("merge", assign_ids, lists)
    timed("merge", assign_canonical, lists)
    goals, indicators = lists["goals"], lists["indicators"]
    timed("merge", link_goals, goals, indicators)
    if source.page_starts:
        for item in (item for items in lists.values() for item in items):
            item.evidence.page = bisect_right(source.page_starts, item.evidence.start)

    passages = timed("summary", key_passages, clean.text, sections, document)
    summary = timed("summary", write_summary, document, passages, clean.text, model, judged.usage, warnings)

    prompts = ((JUDGE_PROMPT, *(k.task for k in kinds)) if judging_model else ()) + (("summary",) if model else ())
    run = RunInfo(
        backend=model.info.backend if model is not None else "none",
        model=model.info.model if model is not None else "",
        model_sha256=model.info.sha256 if model is not None else None,
        prompt_versions={name: load_prompt(name).version for name in prompts},
        usage=judged.usage,
        seconds=round(time.monotonic() - started, 2),
        chunks=len(chunks),
        chunks_failed=len(judged.failed_chunks),
        items_dropped=0,
        judge="model" if judging_model else "rules",
        mode=model.mode if model is not None else None,
        warnings=warnings,
    )
    return Briefing(document=document, summary=summary, **lists, run=run)
