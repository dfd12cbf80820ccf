"""Many documents in one run: the model-free stages in worker processes, and resuming a stopped run.

`--jobs N` starts the stages that need no model (clean, tables, segment, card, find) of every document at
once in N processes; with no model the whole document runs there. The model's stages (the judge's calls and
the summary) stay in the parent, where the `--concurrency` limit and the shared hold after a 429 apply to
all documents together, and where the embedded model answers one request at a time. The stages are pure, so
a briefing is the same, byte for byte apart from its timings, whatever the number of jobs.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from pydantic import ValidationError

from .errors import InputError
from .llm import StructuredModel
from .models import SCHEMA_VERSION, Briefing
from .pipeline import Options, Prepared, finish_prepared, prepare_source, summarize_source
from .read import SourceText, read_document


class ProcessPool:
    """The documents' futures, submitted in input order, and how a thread turns one into a briefing."""

    def __init__(self, executor: ProcessPoolExecutor, futures: list[Future], options: Options, whole: bool) -> None:
        self.executor, self.futures, self.options, self.whole = executor, futures, options, whole

    def briefing(
        self, position: int, model: StructuredModel | None, on_progress: Callable[[int, int], None] | None = None
    ) -> Briefing:
        done = self.futures[position].result()  # a worker's exception (an InputError …) is raised here
        if self.whole:
            return done
        assert isinstance(done, Prepared)
        return finish_prepared(done, model, self.options, on_progress)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _summarize_without_model(source: SourceText, options: Options) -> Briefing:
    return summarize_source(source, None, options)


def start_workers(jobs: int) -> ProcessPoolExecutor:
    """`jobs` worker processes. forkserver: each starts from a clean process, not a copy of one that holds
    threads or a loaded model."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver"))


def read_in_processes(executor: ProcessPoolExecutor, names: list[str], limit: int) -> Iterator[SourceText | InputError]:
    """Each file read (PDF and Word extraction included) in the workers, yielded in input order: the text,
    or the InputError that names the file and its problem."""
    futures = [executor.submit(read_document, name, limit) for name in names]
    for future in futures:
        try:
            yield future.result()
        except InputError as exc:
            yield exc


def prepare_in_processes(
    executor: ProcessPoolExecutor, sources: list[tuple[str, SourceText]], options: Options, whole: bool
) -> ProcessPool:
    """Submit every document to the workers: its model-free stages, or with `whole` (no model) all of it."""
    work = _summarize_without_model if whole else prepare_source
    futures = [executor.submit(work, source, options) for _, source in sources]
    return ProcessPool(executor, futures, options, whole)


def complete_briefing(
    folder: Path, stem: str, source: SourceText, formats: tuple[str, ...], backend_model: tuple[str, str]
) -> Path | None:
    """The briefing in `folder` that a rerun need not make again, or None: it exists in every asked format, reads
    as a briefing of this schema version, of this very file (sha256), by this backend and model, and no chunk
    of it failed (a failed chunk is worth another try)."""
    path = folder / f"{stem}.json"
    if not all((folder / f"{stem}.{fmt}").exists() for fmt in formats):
        return None
    try:
        briefing = Briefing.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None
    run = briefing.run
    if (
        briefing.schema_version != SCHEMA_VERSION
        or briefing.document.sha256 != source.sha256
        or (run.backend, run.model) != backend_model
        or run.chunks_failed
    ):
        return None
    return path
