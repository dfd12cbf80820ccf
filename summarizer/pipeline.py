"""One document through every stage: read, clean, segment, tables, extract,
ground, merge, write the briefing. The library entry point; the CLI is a thin
layer over `summarize_source`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .card import describe_document
from .clean import clean_text
from .describe import write_summary
from .extract import extract
from .ground import ground_items
from .kinds import KINDS
from .kinds.base import Candidate
from .llm import StructuredModel
from .merge import assign_ids, link_goals, merge_lists
from .models import Briefing, RunInfo, RunWarning
from .prompts import load_prompt
from .read import SourceText, read_document
from .segment import make_chunks, split_sections
from .tables import find_tables


@dataclass
class Options:
    chunk_chars: int = 1200
    tasks: tuple[str, ...] = tuple(k.task for k in KINDS)


def find_candidates(source: SourceText) -> dict[str, list[Candidate]]:
    """What the text's own structure proposes for each briefing list, with no model: the candidates
    that the model is to judge (offsets index the cleaned text)."""
    clean = clean_text(source.text)
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
    model: StructuredModel,
    options: Options | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Briefing:
    return summarize_source(read_document(path), model, options, on_progress)


def summarize_source(
    source: SourceText,
    model: StructuredModel,
    options: Options | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Briefing:
    options = options or Options()
    started = time.monotonic()
    warnings: list[RunWarning] = []

    clean = clean_text(source.text)
    for start, end, reason in clean.skipped:
        warnings.append(RunWarning(kind="text_skipped", message=reason, start=start, end=end))

    tables, table_warnings = find_tables(clean)
    warnings.extend(table_warnings)
    table_spans = [(t.start, t.end) for t in tables]
    sections = split_sections(clean.text, skip=table_spans)
    chunks = make_chunks(clean.text, sections, max_chars=options.chunk_chars, skip=table_spans)

    extracted = extract(chunks, model, options.tasks, on_call=on_progress)
    for warning in extracted.warnings:
        if warning.kind == "chunk_failed" and warning.chunk is not None:
            # Say where the incomplete text is, in the file's own offsets.
            chunk = chunks[warning.chunk]
            warning.start, warning.end = clean.to_original(chunk.start, chunk.end)
            warning.message += f" [chars {warning.start}–{warning.end}, {chunk.section or 'no heading'}]"
    warnings.extend(extracted.warnings)
    grounded = ground_items(extracted.items, clean, sections)
    warnings.extend(grounded.warnings)

    # Table rows join the prose indicators; the indicators' merge keeps a row over its prose restatement.
    table_rows = [row for table in tables for row in table.indicators]
    found = {**grounded.items, "indicators": table_rows + grounded.items["indicators"]}
    lists = merge_lists(found)
    assign_ids(lists)
    goals, projects, indicators = lists["goals"], lists["key_projects"], lists["indicators"]
    link_goals(goals, indicators)

    document = describe_document(source, clean)
    summary = write_summary(document, goals, indicators, projects, model, extracted.usage, warnings)

    run = RunInfo(
        backend=model.info.backend,
        model=model.info.model,
        model_sha256=model.info.sha256,
        prompt_versions={task: load_prompt(task).version for task in (*options.tasks, "summary")},
        usage=extracted.usage,
        seconds=round(time.monotonic() - started, 2),
        chunks=len(chunks),
        chunks_failed=len(extracted.failed_chunks),
        items_dropped=len(grounded.warnings),
        warnings=warnings,
    )
    return Briefing(document=document, summary=summary, **lists, run=run)
