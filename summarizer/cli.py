"""The command line: a thin layer over the library.

Exit codes: 0 every document done; 1 some documents failed (the others were
written); 2 nothing could run (bad usage, no readable input, model unavailable).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import json
import logging
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cache import ResponseCache, default_cache_dir, write_atomic
from .compare import (
    CSV_COLUMNS,
    FIGURE_COLUMNS,
    MEASURES,
    compare_indicators,
    figure_rows,
    flat_rows,
    shared,
)
from .errors import InputError, ModelError, StaleRecordingError, SummarizerError
from .export import list_tables, write_csv, write_csv_folder, write_parquet, write_xlsx
from .jobs import complete_briefing, prepare_in_processes, read_in_processes, start_workers
from .llm import build_model, redact
from .models import Briefing
from .parallel import run_each
from .pipeline import JUDGES, Options, summarize_source
from .read import SourceText, read_document, source_from_bytes
from .render import render_briefing
from .vocabulary import MET_LABELS
from .write import briefing_json, briefing_markdown, schema_json, write_briefing

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_RAN = 0, 1, 2
# Folders are searched for these; .doc and .wps are listed so that each gets its "save as .docx" error.
DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".html", ".htm", ".doc", ".wps"}
ENDPOINT_CONCURRENCY = 4  # requests in flight to an endpoint unless --concurrency says otherwise

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
out = Console()
err = Console(stderr=True)


def _say_error(message: str) -> None:
    # Escaped: a file name or an install hint ('.[local]') in brackets is text, not console markup.
    err.print(f"[red]error:[/red] {escape(redact(message))}", highlight=False, soft_wrap=True)


def _fail(message: str, code: int = EXIT_NOTHING_RAN) -> typer.Exit:
    _say_error(message)
    return typer.Exit(code)


def expand_paths(paths: list[str], exclude: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """Files to summarize (folders expanded to their document files, less those matching an `exclude`
    glob) and an error line for each path or folder entry that cannot be one."""
    files: list[str] = []
    errors: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if exclude and _excluded(p.name, raw, exclude):
            continue
        if p.is_dir():
            found, problems = _documents_in(p, exclude)
            errors.extend(problems)
            if not found and not problems:
                errors.append(f"{raw}: no documents (.txt, .md, .pdf, .docx, .html) in this folder")
            files.extend(found)
        elif not p.exists():
            errors.append(f"{raw}: {'broken link' if p.is_symlink() else 'no such file or folder'}")
        else:
            files.append(raw)  # a named pipe (<(cat …)) is read like a file when named explicitly
    # A file named twice (itself and inside a folder also given) is summarized once.
    seen: set[str] = set()
    unique = []
    for name in files:
        key = name if name == "-" else os.path.realpath(name)
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique, errors


def _excluded(name: str, path: str, globs: tuple[str, ...]) -> bool:
    """`--exclude README.md` skips that name anywhere; `--exclude 'drafts/*'` a path under the folder."""
    return any(fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(path, glob) for glob in globs)


def _documents_in(folder: Path, exclude: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The documents under a folder, sorted; hidden entries and those matching an `exclude` glob are
    skipped. Unreadable subfolders and document-named entries that are not regular files are reported."""
    found: list[str] = []
    problems: list[str] = []

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot list the folder ({exc.strerror or exc})")

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        relative = Path(root).relative_to(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(d, str(relative / d), exclude))
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith(".") or path.suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            if exclude and _excluded(name, str(relative / name), exclude):
                continue
            if path.is_file():
                found.append(str(path))
            elif path.is_symlink() and not path.exists():
                problems.append(f"{path}: broken link")
            else:
                problems.append(f"{path}: not a regular file (a pipe, socket or device)")
    return found, problems


@app.command()
def summarize(
    paths: Annotated[
        list[str],
        typer.Argument(help="Documents (.txt, .md, .pdf, .docx, .html), folders of them, or - for stdin."),
    ],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write briefings to this folder.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="json, md or both (files); json prints JSON to stdout.")
    ] = "both",
    backend: Annotated[
        str,
        typer.Option(
            help="local (embedded GGUF model, offline), openai (any compatible endpoint) or none (rules only)."
        ),
    ] = "local",
    model: Annotated[str | None, typer.Option(help="Embedded model name, or the endpoint's model id.")] = None,
    model_file: Annotated[str | None, typer.Option(help="A GGUF file to use instead of the embedded model.")] = None,
    model_sha256: Annotated[str | None, typer.Option(help="Expected sha256 of --model-file.")] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint URL (key from SUMMARIZER_API_KEY or OPENAI_API_KEY).")
    ] = None,
    mode: Annotated[
        str,
        typer.Option(
            help="Structured-output mode for an endpoint: auto (json_schema, and on the endpoint's refusal tools, "
            "then json, then md_json, once per run), or one of json_schema, json, md_json, tools (never switched)."
        ),
    ] = "auto",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for one endpoint answer before retrying.")] = 120.0,
    concurrency: Annotated[
        int | None,
        typer.Option(
            help=f"Endpoint requests in flight at once, over the chunks of a document and across documents "
            f"(default {ENDPOINT_CONCURRENCY}; the embedded model always answers one at a time)."
        ),
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Response cache folder.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")] = False,
    chunk_chars: Annotated[int, typer.Option(help="Largest chunk sent to the model, in characters.")] = 1200,
    judge: Annotated[
        str,
        typer.Option(
            help="Who judges the candidates the rules are unsure of: rules, model, or auto "
            "(the model for an endpoint; the rules for an embedded model, whose answers measured as noise)."
        ),
    ] = "auto",
    max_mb: Annotated[
        float, typer.Option(help="Refuse documents whose text is larger than this many megabytes.")
    ] = 5.0,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="Skip files and folders matching this glob (repeatable), e.g. README.md or 'drafts/*'."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No rendering, only file names and errors.")] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            help="Documents prepared at once, each in its own process (clean, tables, segment, card, find; with no "
            "model, the whole document). Model calls stay within --concurrency in total.",
        ),
    ] = 1,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Summarize again a document whose briefing in -o is already complete (skipped otherwise)."
        ),
    ] = False,
) -> None:
    """Summarize documents into grounded briefings. With -o, a document whose briefing there is complete
    (same file, schema, backend and model, no failed chunk) is skipped, so a stopped run resumes."""
    if fmt not in {"json", "md", "both"}:
        raise _fail(f"--format must be json, md or both, not {fmt!r}")
    if judge not in JUDGES:
        raise _fail(f"--judge must be one of {', '.join(JUDGES)}, not {judge!r}")
    if concurrency is not None and concurrency < 1:
        raise _fail(f"--concurrency must be at least 1, not {concurrency}")
    if jobs < 1:
        raise _fail(f"--jobs must be at least 1, not {jobs}")
    files, errors = expand_paths(paths, tuple(exclude or ()))
    for message in errors:
        _say_error(message)
    if not files:
        raise typer.Exit(EXIT_NOTHING_RAN)

    # Every input is read and checked before the model is built: a bad file gets its own error even
    # when the model is missing, and a run where no file is readable never loads it.
    limit = int(max_mb * 1024 * 1024)
    sources: list[tuple[str, SourceText]] = []
    # --jobs: the files are read (PDF and Word extraction) in the worker processes too, still all before the model.
    executor = start_workers(jobs) if jobs > 1 else None
    read_elsewhere = iter(read_in_processes(executor, [n for n in files if n != "-"], limit)) if executor else None
    for name in files:
        try:
            if name == "-":
                source = source_from_bytes(_read_stdin(limit), "<stdin>", limit)
            elif read_elsewhere is not None:
                read = next(read_elsewhere)
                if isinstance(read, InputError):
                    raise read
                source = read
            else:
                source = read_document(name, limit)
            sources.append((name, source))
        except InputError as exc:
            errors.append(str(exc))
            _say_error(str(exc))
    if not sources:
        _shut(executor)
        raise typer.Exit(EXIT_NOTHING_RAN)

    _interrupt_on_sigterm()
    # instructor logs every failed attempt; summarizer reports failures itself, once, in the briefing.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    cache = None if no_cache else ResponseCache(cache_dir or default_cache_dir())
    workers = _workers(backend, concurrency)
    try:
        llm = build_model(
            backend, model, model_file, model_sha256, base_url, mode, cache, timeout=timeout, concurrency=workers
        )
        if llm is not None and llm.auto:
            llm.on_mode_switch = _say_mode_switch
    except SummarizerError as exc:
        _shut(executor)
        raise _fail(str(exc)) from None

    formats = ("json", "md") if fmt == "both" else (fmt,)
    options = Options(chunk_chars=chunk_chars, judge=judge)
    # Fixed in input order, so a name never depends on which document finished first
    # (two report.txt in different folders must not overwrite each other).
    all_stems = _output_stems([name for name, _ in sources])
    if output is not None and not force:
        backend_model = (llm.info.backend, llm.info.model) if llm is not None else ("none", "")
        complete = [
            complete_briefing(output, stem, source, formats, backend_model)
            for stem, (_, source) in zip(all_stems, sources, strict=True)
        ]
        for (name, _), path in zip(sources, complete, strict=True):
            if path is not None:
                err.print(
                    f"skipped {escape(name)}: {escape(str(path))} is complete (--force to redo)",
                    highlight=False,
                    soft_wrap=True,
                )
        sources = [src for src, path in zip(sources, complete, strict=True) if path is None]
        all_stems = [stem for stem, path in zip(all_stems, complete, strict=True) if path is None]
        if not sources:
            _shut(executor)
            return
    files = [name for name, _ in sources]  # the readable ones still to do, in input order
    stems = all_stems
    # --jobs: the model-free stages of every document start at once in worker processes (with no model, the
    # whole document); the threads below take each document's result as its turn comes.
    pool = prepare_in_processes(executor, sources, options, whole=llm is None) if executor is not None else None
    if pool is not None and llm is None:
        workers = jobs
    done = 0
    failed = len(errors)
    begun: list[int] = []  # positions of the documents started, in order
    ended: set[int] = set()  # positions whose outcome was handled
    to_show: dict[int, Briefing] = {}  # done, waiting for the documents before them to reach stdout
    shown = 0  # stdout gets the briefings in input order, whatever order they finish in

    with _progress(quiet) as progress:

        def summarize_one(position: int) -> Briefing:
            """One document, read to briefing: what the pool of `workers` threads runs."""
            if llm is not None and llm.stopped:
                raise _NotStarted  # the run is stopping: this one is left for the rerun
            name, source = sources[position]
            begun.append(position)
            task = progress.add_task(Path(name).name, total=None)
            try:
                if pool is not None:
                    return pool.briefing(
                        position, llm, lambda n, total: progress.update(task, completed=n, total=total)
                    )
                return summarize_source(
                    source,
                    llm,
                    options,
                    on_progress=lambda n, total: progress.update(task, completed=n, total=total),
                )
            finally:
                progress.remove_task(task)

        def show_in_order(everything: bool = False) -> None:
            """Print the finished briefings whose turn has come (`everything`: the run is stopping)."""
            nonlocal shown
            while shown < len(files) and (shown in ended or everything):
                briefing = to_show.pop(shown, None)
                if briefing is not None:
                    with _paused(progress):
                        _show(briefing, output, fmt, quiet)
                shown += 1

        outcomes = run_each(summarize_one, range(len(files)), workers)
        try:
            with closing(outcomes):
                for outcome in outcomes:
                    position, name = outcome.index, files[outcome.index]
                    ended.add(position)
                    if isinstance(outcome.error, _NotStarted):
                        pass  # counted as not started
                    elif isinstance(outcome.error, InputError | StaleRecordingError):
                        failed += 1
                        _say_error(str(outcome.error))
                    elif isinstance(outcome.error, ModelError):
                        # The model is gone for every file, not only this one: stop, and say what was kept.
                        if llm is not None:
                            llm.stop(outcome.error)
                        show_in_order(everything=True)
                        kept = (
                            "its answered model calls are cached"
                            if cache is not None
                            else "nothing of it was kept (--no-cache)"
                        )
                        stopped = len([p for p in begun if p not in ended])
                        left = len(files) - len(begun)
                        message = f"{name}: {outcome.error}; {kept}; {done} document(s) written"
                        if stopped:
                            message += f", {stopped} stopped"
                        if left:
                            message += f", {left} not started"
                        next_step = getattr(outcome.error, "next_step", "run the same command again to resume")
                        raise _fail(f"{message}; {next_step}", EXIT_SOME_FAILED if done else EXIT_NOTHING_RAN)
                    elif outcome.error is not None:
                        raise outcome.error
                    else:
                        done += 1
                        briefing = outcome.value
                        assert briefing is not None
                        _write(briefing, name, stems[position], output, formats, sources[position][1].text)
                        to_show[position] = briefing
                    show_in_order()
        except KeyboardInterrupt:
            if pool is not None:
                pool.close()
            if llm is not None:
                llm.stop(ModelError("the run was interrupted"))  # the other threads send nothing more
            busy = [files[p] for p in begun if p not in ended] or [files[begun[-1] if begun else 0]]
            show_in_order(everything=True)
            err.print(
                f"interrupted during {escape(', '.join(busy))}: {done} document(s) written; "
                "answered model calls are cached, run the same command again to resume",
                soft_wrap=True,
            )
            raise typer.Exit(130) from None
        finally:
            if pool is not None:
                pool.close()
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED if done else EXIT_NOTHING_RAN)


class _NotStarted(Exception):
    """A document not begun because the run is stopping."""


def _say_mode_switch(refused: str, now: str, said: str) -> None:
    err.print(
        f"note: the endpoint refused --mode {refused} ({escape(said)}); this run asks in --mode {now} "
        f"(pass --mode {now} to start there)",
        highlight=False,
        soft_wrap=True,
    )


def _shut(executor: ProcessPoolExecutor | None) -> None:
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)


def _workers(backend: str, asked: int | None) -> int:
    """How many requests may be in flight: as asked (default 4) for an endpoint, else one."""
    if backend == "openai":
        return asked or ENDPOINT_CONCURRENCY
    if backend == "local" and asked is not None and asked > 1:
        err.print(
            f"note: --concurrency {asked} is not used: the embedded model answers one request at a time "
            "(llama.cpp is not thread-safe)",
            highlight=False,
            soft_wrap=True,
        )
    return 1


def _write(
    briefing: Briefing, name: str, stem: str, output: Path | None, formats: tuple[str, ...], source_text: str
) -> None:
    """A finished document's warning line and files (with the extracted text of a PDF, Word file or web
    page), as soon as it is done."""
    run = briefing.run
    if run.chunks_failed:
        tasks = sorted({w.task or "" for w in run.warnings if w.kind == "chunk_failed"})
        err.print(
            f"[yellow]warning:[/yellow] {escape(name)}: {run.chunks_failed} of {run.chunks} chunks incomplete "
            f"({', '.join(tasks)} failed after retries); listed in the briefing's warnings",
            highlight=False,
            soft_wrap=True,
        )
    if output is not None:
        for path in write_briefing(briefing, output, stem, formats, source_text):
            err.print(f"wrote {escape(str(path))}", highlight=False, soft_wrap=True)


def _show(briefing: Briefing, output: Path | None, fmt: str, quiet: bool) -> None:
    """What a finished document puts on stdout: its rendering, or its JSON or Markdown without -o."""
    if output is not None:
        if not quiet:
            render_briefing(briefing, out)
    elif fmt == "json":
        sys.stdout.write(briefing_json(briefing))
    elif fmt == "md":
        sys.stdout.write(briefing_markdown(briefing))
    elif not quiet:
        render_briefing(briefing, out)


def _output_stems(files: list[str]) -> list[str]:
    """Each briefing's file name without its suffix: the document's stem; with its format (seed.pdf) when
    the same stem came in another format; numbered (report-2) when the same name came from another folder."""
    used: set[str] = set()
    names: set[str] = set()
    stems = []
    for name in files:
        path = Path("stdin" if name == "-" else name)
        other_format = path.stem in used and path.suffix and path.name not in names
        names.add(path.name)
        stems.append(_unique(used, path.name if other_format else path.stem))
    return stems


def _unique(used: set[str], stem: str) -> str:
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate)
    return candidate


def _read_stdin(limit: int) -> bytes:
    """Standard input, refused once it passes `limit` bytes (without holding all of it)."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("<stdin>", "standard input is closed")
    if sys.stdin.isatty():
        raise InputError("<stdin>", "standard input is a terminal; pipe a document in: summarizer summarize - < FILE")
    try:
        data = sys.stdin.buffer.read(limit + 1)
    except (OSError, ValueError, AttributeError) as exc:  # not a byte stream, or closed underneath
        raise InputError("<stdin>", f"cannot read standard input ({exc})") from exc
    if len(data) > limit:
        raise InputError("<stdin>", f"the input is over the {limit / 1048576:g} MB limit (--max-mb)")
    return data


def _interrupt_on_sigterm() -> None:
    """`kill` (SIGTERM) ends a run like Ctrl-C: the same message, nothing half-written."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (e.g. an embedding program)
        signal.signal(signal.SIGTERM, handler)


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, *args: object, **kwargs: object) -> int:
        return 0

    def update(self, *args: object, **kwargs: object) -> None:
        return None

    def remove_task(self, *args: object) -> None:
        return None


@contextlib.contextmanager
def _paused(progress: Progress | _NoProgress) -> Iterator[None]:
    """The progress bars off the screen while a briefing goes to a terminal's stdout."""
    if isinstance(progress, Progress) and progress.live.is_started and out.is_terminal:
        progress.stop()
        try:
            yield
        finally:
            progress.start()
    else:
        yield


def _progress(quiet: bool) -> Progress | _NoProgress:
    """One bar per document in flight (the documents' threads update them; rich locks each update).
    stdout is not redirected: a briefing written there must reach stdout, not the bars' stderr."""
    if quiet:
        return _NoProgress()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("model calls"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )


@app.command()
def show(briefing: Annotated[Path, typer.Argument(help="A briefing JSON file.")]) -> None:
    """Render a briefing JSON file in the terminal."""
    render_briefing(_load_briefing(briefing), out)


@app.command()
def schema(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for briefing.schema.json.")] = Path("schemas"),
) -> None:
    """Write the briefing JSON Schema (generated from the Pydantic models)."""
    path = output / "briefing.schema.json"
    write_atomic(path, schema_json())
    err.print(f"wrote {path}")


@app.command("eval")
def eval_command(
    replay: Annotated[
        bool, typer.Option("--replay", help="Run the pipeline on recorded responses (no model, no network).")
    ] = False,
    live: Annotated[
        bool, typer.Option("--live", help="Run the pipeline on a real model (default: the embedded one).")
    ] = False,
    record: Annotated[
        bool, typer.Option("--record", help="With --live: rewrite outputs/ and evals/recordings/.")
    ] = False,
    write_outputs: Annotated[
        bool, typer.Option("--write-outputs", help="With --replay: rewrite outputs/ from the recordings.")
    ] = False,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Write these scores to evals/baseline.json.")
    ] = False,
    no_gate: Annotated[bool, typer.Option("--no-gate", help="Report only; do not compare with the baseline.")] = False,
    margin: Annotated[float, typer.Option(help="Largest tolerated F1 drop per list.")] = 0.02,
    seeds: Annotated[Path | None, typer.Option(help="Folder of the seed documents (default ../shared/seeds).")] = None,
    devdocs: Annotated[
        Path | None, typer.Option(help="Folder of the development documents (default ../shared/devdocs).")
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of the development corpus (default ../shared/corpus).")
    ] = None,
    outputs: Annotated[
        Path | None, typer.Option(help="Briefings to score without --replay/--live (default outputs/).")
    ] = None,
    report_dir: Annotated[Path, typer.Option(help="Where to write report.json and report.md.")] = Path("evals/reports"),
    backend: Annotated[str, typer.Option(help="With --live: local, openai or none.")] = "local",
    model: Annotated[str | None, typer.Option(help="With --live: embedded model name or endpoint model id.")] = None,
    model_file: Annotated[str | None, typer.Option(help="With --live: a GGUF file.")] = None,
    base_url: Annotated[str | None, typer.Option(help="With --live: OpenAI-compatible endpoint.")] = None,
    mode: Annotated[
        str, typer.Option(help="With --live: structured-output mode (auto, json_schema, json, md_json, tools).")
    ] = "auto",
    concurrency: Annotated[
        int | None, typer.Option(help=f"With --live: endpoint requests in flight (default {ENDPOINT_CONCURRENCY}).")
    ] = None,
    recordings: Annotated[
        Path | None,
        typer.Option(
            help="Recordings to replay or record (default evals/recordings). Another model's recordings, e.g. "
            "evals/recordings-1.5b, are recorded without touching outputs/ and shown beside in the summary table."
        ),
    ] = None,
) -> None:
    """Score briefings against the hand-labelled gold in evals/gold, and gate on evals/baseline.json."""
    from .evals import run as ev
    from .evals.report import (
        candidates_table,
        card_lines,
        cards_table,
        floor_table,
        render_scores,
        selfcheck_lines,
        selfcheck_table,
        summary_lines,
        summary_table,
        write_json_report,
        write_markdown_report,
    )

    sets = ev.eval_sets(seeds, devdocs, corpus)
    for eval_set in sets:
        if not eval_set.folder.is_dir():
            raise _fail(f"{eval_set.folder}: folder of the {eval_set.label} not found (pass --{eval_set.name} DIR)")
    if replay and live:
        raise _fail("choose one of --replay and --live")
    if concurrency is not None and concurrency < 1:
        raise _fail(f"--concurrency must be at least 1, not {concurrency}")
    try:
        used = recordings or ev.RECORDINGS_DIR
        if replay:
            briefings = ev.run_pipeline(ev.replay_model(used), sets, on_document=lambda s: err.print(f"replay {s}"))
            if write_outputs:
                for stem, briefing in briefings.items():
                    write_briefing(briefing, ev.OUTPUTS_DIR, stem)
        elif live:
            cache = None if record else ResponseCache(default_cache_dir())
            llm = build_model(
                backend, model, model_file, None, base_url, mode, cache, concurrency=_workers(backend, concurrency)
            )
            if record and llm is None:
                raise _fail("--backend none makes no model calls: there is nothing to record")
            if record:
                # Another model's recordings leave the committed outputs (the default model's) as they are.
                keep = ev.OUTPUTS_DIR if used.resolve() == ev.RECORDINGS_DIR.resolve() else None
                briefings = ev.record_live(
                    llm, sets, outputs=keep, recordings=used, on_document=lambda s: err.print(f"live {s}")
                )
            else:
                briefings = ev.run_pipeline(llm, sets, on_document=lambda s: err.print(f"live {s}"))
        else:
            briefings = ev.load_saved(outputs or ev.OUTPUTS_DIR)
    except SummarizerError as exc:
        raise _fail(str(exc)) from None
    if not briefings:
        raise _fail("no briefings to score (run `summarizer eval --live --record` or pass --outputs)")
    result = ev.score_briefings(briefings, sets)
    labels = {s.name: s.label for s in sets} | {ev.ALL: "all documents"}
    # The set-aside documents count in their set's and the overall sums, and nowhere else.
    hidden = ev.hidden_documents(sets)
    shown = [s for s in result.scores if s.document not in hidden]
    for overall in result.by_set.values():
        overall.grounding.ungrounded = [u for u in overall.grounding.ungrounded if u.split(" ")[0] not in hidden]
    if ev.SET_ASIDE in result.by_set:
        aside = result.by_set[ev.SET_ASIDE]
        f1 = ", ".join(f"{n} {aside.lists[n].f1 or 0:.3f}" for n in aside.lists)
        err.print(f"set-aside corpus documents ({len(aside.documents)}), aggregate F1 only: {f1}")
    render_scores(out, shown, result.by_set, labels)
    plain = ev.run_pipeline(None, sets)
    floor = ev.no_model_floor(sets, briefings=plain)
    out.print(floor_table(floor, labels))
    # The summary: the plain one (no model), this run's, and any other model's recordings, side by side.
    run_model = next((b.run.model or b.run.backend for b in briefings.values()), "this run")
    columns: dict[str, dict[str, object]] = {"plain (no model)": dict(ev.summary_scores(plain, sets))}
    columns[run_model] = dict(ev.summary_scores(briefings, sets))
    if replay:
        for other in ev.other_recordings(recordings or ev.RECORDINGS_DIR):
            replayed = ev.run_pipeline(ev.replay_model(other), sets)
            columns[next((b.run.model for b in replayed.values()), other.name)] = dict(
                ev.summary_scores(replayed, sets)
            )
    out.print(summary_table(columns, labels))
    recall = ev.candidate_recall(sets)
    out.print(candidates_table(recall, labels))
    checks = ev.no_gold_checks(sets, corpus=next(s.folder for s in sets if s.name == "corpus"), plain=plain)
    out.print(selfcheck_table(checks.selfchecks))
    out.print(selfcheck_table(checks.tables, tables=True))
    out.print(cards_table(checks.cards))
    extra = [
        *summary_lines(columns, labels),
        "",
        *selfcheck_lines(checks.selfchecks),
        "",
        *selfcheck_lines(checks.tables, tables=True),
        "",
        *card_lines(checks.cards),
    ]
    report_dir.mkdir(parents=True, exist_ok=True)
    write_json_report(report_dir / "report.json", shown, result.by_set, recall, floor)
    write_markdown_report(
        report_dir / "report.md", shown, result.by_set, labels, recall=recall, floor=floor, extra=extra
    )
    err.print(f"wrote {report_dir / 'report.json'} and {report_dir / 'report.md'}")
    if update_baseline:
        write_atomic(ev.BASELINE, json.dumps(ev.baseline_of(result), ensure_ascii=False, indent=2) + "\n")
        err.print(f"wrote {ev.BASELINE}")
        return
    if no_gate:
        return
    baseline = ev.load_baseline()
    if baseline is None:
        raise _fail(f"{ev.BASELINE} is missing; write it with --update-baseline")
    failures = ev.gate(result, baseline, margin)
    for failure in failures:
        err.print(f"[red]regression:[/red] {failure}", highlight=False)
    if failures:
        raise typer.Exit(EXIT_SOME_FAILED)
    err.print(f"gate passed: no list's F1 fell more than {margin} below {ev.BASELINE.name}")


def _load_briefing(path: Path) -> Briefing:
    """A saved briefing, or a one-line error naming the file and why it is not one (as `show` says it)."""
    try:
        return Briefing.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise _fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise _fail(f"{path}: is a folder, not a briefing JSON file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(f"{path}: not JSON ({exc})") from None
    except ValidationError as exc:
        raise _fail(
            f"{path}: not a valid briefing ({exc.error_count()} schema errors; first: {exc.errors()[0]['msg']})"
        ) from None


@app.command()
def compare(
    briefings: Annotated[list[Path], typer.Argument(help="Briefing JSON files (summarizer summarize -o DIR).")],
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write the rows to this CSV file (one line per statement).")
    ] = None,
    shared_only: Annotated[
        bool, typer.Option("--shared-only", help="Only the indicators stated by two or more documents.")
    ] = False,
) -> None:
    """Line up the indicators and results of several briefings (same standard indicator or name, year and
    measure), set each target against its region's result (met / missed / no result), and flag conflicting targets."""
    loaded = [(str(path), _load_briefing(path)) for path in briefings]
    rows = compare_indicators(loaded)
    n_rows, n_shared, n_conflicts = len(rows), len(shared(rows)), sum(r.conflict for r in rows)
    if shared_only:
        rows = shared(rows)
    table = Table(show_lines=True, expand=True, title=f"Indicators in {len(loaded)} briefing(s)")
    table.add_column("指标", ratio=2, overflow="fold")
    table.add_column("年", no_wrap=True)
    table.add_column("口径", no_wrap=True)
    table.add_column("单位", no_wrap=True)
    table.add_column("文件: 地区 目标/实绩 (基期) → 达成 [起:止 页]", ratio=5, overflow="fold")
    table.add_column("冲突", ratio=2, style="red", overflow="fold")
    for row in rows:
        lines = []
        for s in row.statements:
            base = f" (基期 {s.baseline_year or ''} {s.baseline_text})" if s.baseline_text else ""
            page = f" p.{s.page}" if s.page else ""
            said = "实绩" if s.stated_as == "result" else "目标"
            verdict = f" → {MET_LABELS[s.met]}" + (f" ({s.result_text})" if s.result_text else "") if s.met else ""
            lines.append(
                f"{Path(s.file).stem}: {s.region or '?'} {said} {s.target_text or '—'}{base}{verdict} "
                f"[{s.start}:{s.end}{page}]"
            )
        table.add_row(
            escape(row.name),
            str(row.year or "—"),
            MEASURES[row.measure],
            escape(row.unit or ""),
            escape("\n".join(lines)),
            escape(row.conflict_note or ""),
            style="red" if row.conflict else None,
        )
    out.print(table)
    verdicts = Counter(s.met for row in rows for s in row.statements if s.met)
    out.print(
        f"{n_rows} indicator rows, {n_shared} stated by two or more documents, {n_conflicts} conflict(s); "
        f"targets against results: {verdicts['met']} met, {verdicts['missed']} missed, "
        f"{verdicts['no result']} with no result",
        highlight=False,
    )
    if csv_file is not None:
        try:
            # UTF-8 with a BOM (in write_csv), so that Excel opens the Chinese text correctly.
            write_csv(csv_file, flat_rows(rows), CSV_COLUMNS)
        except OSError as exc:
            raise _fail(f"{csv_file}: cannot write ({exc.strerror or exc})") from None
        err.print(f"wrote {escape(str(csv_file))}", highlight=False, soft_wrap=True)


@app.command()
def export(
    briefings: Annotated[list[Path], typer.Argument(help="Briefing JSON files.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="csv: a folder for the four CSV files; xlsx: the workbook file.")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="csv (one file per list), xlsx (one sheet per list) or parquet (a folder: figures.parquet, every "
            "target and result with its catalogue id and measure, and one file per list; needs pyarrow).",
        ),
    ] = "csv",
) -> None:
    """Write the briefings' lists (goals, projects, indicators, bodies, results) as rows, with their evidence."""
    if fmt not in {"csv", "xlsx", "parquet"}:
        raise _fail(f"--format must be csv, xlsx or parquet, not {fmt!r}")
    loaded = [(str(path), _load_briefing(path)) for path in briefings]
    try:
        if fmt == "parquet":
            if output.exists() and not output.is_dir():
                raise _fail(f"{output}: is a file; --format parquet writes a folder of Parquet files")
            tables = {"figures": (figure_rows(loaded), FIGURE_COLUMNS), **list_tables(loaded)}
            try:
                written = write_parquet(output, tables)
            except ImportError as exc:
                raise _fail(str(exc)) from None
        elif fmt == "csv":
            if output.exists() and not output.is_dir():
                raise _fail(f"{output}: is a file; --format csv writes a folder of CSV files")
            written = write_csv_folder(output, loaded)
        else:
            if output.is_dir():
                raise _fail(f"{output}: is a folder; --format xlsx writes one workbook file")
            write_xlsx(output, loaded)
            written = [output]
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    for path in written:
        err.print(f"wrote {escape(str(path))}", highlight=False, soft_wrap=True)


@app.command()
def report(
    briefings: Annotated[list[Path], typer.Argument(help="Briefing JSON files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the site (index.html and a page each).")],
) -> None:
    """Write a static review site: an index of the briefings and a page per document that shows each item
    in its source text. It opens from file:// with no network."""
    from .site import build_site, site_documents, write_site  # Jinja is loaded only for this command

    loaded = [(path, _load_briefing(path)) for path in briefings]
    documents = site_documents(loaded)
    # Indicators side by side across the documents: the site's comparison page (compare.html).
    comparison = None
    if len(loaded) > 1:
        rows = compare_indicators([(str(path), briefing) for path, briefing in loaded])
        comparison = [dataclasses.asdict(row) for row in rows]
    write_site(build_site(documents, comparison=comparison, measures=MEASURES), output)
    for doc in documents:
        if doc.source.problem:
            err.print(f"[yellow]warning:[/yellow] {escape(doc.page)}: {escape(doc.source.problem)}", highlight=False)
    pages = f"{len(documents)} document pages" + (" and compare.html" if comparison is not None else "")
    err.print(f"wrote {escape(str(output / 'index.html'))}, {pages}", highlight=False)


if __name__ == "__main__":
    app()
