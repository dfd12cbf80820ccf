"""The command line: a thin layer over the library.

Exit codes: 0 every document done; 1 some documents failed (the others were
written); 2 nothing could run (bad usage, no readable input, model unavailable).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .cache import ResponseCache, default_cache_dir, write_atomic
from .errors import InputError, ModelError, StaleRecordingError, SummarizerError
from .llm import build_model, redact
from .models import Briefing
from .pipeline import JUDGES, Options, summarize_source
from .read import read_document, source_from_bytes
from .render import render_briefing
from .write import briefing_json, briefing_markdown, schema_json, write_briefing

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_RAN = 0, 1, 2
DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = EXIT_NOTHING_RAN) -> typer.Exit:
    err.print(f"[red]error:[/red] {redact(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def expand_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to summarize (folders expanded to their .txt/.md files) and an error line for each
    path or folder entry that cannot be one."""
    files: list[str] = []
    errors: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            found, problems = _documents_in(p)
            errors.extend(problems)
            if not found and not problems:
                errors.append(f"{raw}: no .txt or .md files in this folder")
            files.extend(found)
        elif not p.exists():
            errors.append(f"{raw}: {'broken link' if p.is_symlink() else 'no such file or folder'}")
        else:
            files.append(raw)  # a named pipe (<(cat …)) is read like a file when named explicitly
    return files, errors


def _documents_in(folder: Path) -> tuple[list[str], list[str]]:
    """The .txt/.md files under a folder, sorted; hidden entries are skipped. Unreadable
    subfolders and document-named entries that are not regular files are reported."""
    found: list[str] = []
    problems: list[str] = []

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot list the folder ({exc.strerror or exc})")

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith(".") or path.suffix.lower() not in DOCUMENT_SUFFIXES:
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
    paths: Annotated[list[str], typer.Argument(help="Documents (.txt/.md), folders of them, or - for stdin.")],
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
        str, typer.Option(help="Structured-output mode: json_schema, json, md_json or tools.")
    ] = "json_schema",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for one endpoint answer before retrying.")] = 120.0,
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
    max_mb: Annotated[float, typer.Option(help="Refuse documents larger than this many megabytes.")] = 5.0,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No rendering, only file names and errors.")] = False,
) -> None:
    """Summarize documents into grounded briefings."""
    if fmt not in {"json", "md", "both"}:
        raise _fail(f"--format must be json, md or both, not {fmt!r}")
    if judge not in JUDGES:
        raise _fail(f"--judge must be one of {', '.join(JUDGES)}, not {judge!r}")
    files, errors = expand_paths(paths)
    for message in errors:
        err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    if not files:
        raise typer.Exit(EXIT_NOTHING_RAN)

    _interrupt_on_sigterm()
    # instructor logs every failed attempt; summarizer reports failures itself, once, in the briefing.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    cache = None if no_cache else ResponseCache(cache_dir or default_cache_dir())
    try:
        llm = build_model(backend, model, model_file, model_sha256, base_url, mode, cache, timeout=timeout)
    except SummarizerError as exc:
        raise _fail(str(exc)) from None

    formats = ("json", "md") if fmt == "both" else (fmt,)
    done = 0
    failed = len(errors)
    used_stems: set[str] = set()  # two report.txt in different folders must not overwrite each other
    for position, name in enumerate(files):
        try:
            limit = int(max_mb * 1024 * 1024)
            source = (
                source_from_bytes(_read_stdin(limit), "<stdin>", limit) if name == "-" else read_document(name, limit)
            )
            with _progress(quiet) as progress:
                task = progress.add_task(Path(name).name, total=None)
                briefing = summarize_source(
                    source,
                    llm,
                    Options(chunk_chars=chunk_chars, judge=judge),
                    on_progress=lambda n, total, task=task: progress.update(task, completed=n, total=total),
                )
        except (InputError, StaleRecordingError) as exc:
            failed += 1
            err.print(f"[red]error:[/red] {redact(str(exc))}", highlight=False, soft_wrap=True)
            continue
        except ModelError as exc:
            # The model is gone for every file, not only this one: stop, and say what was kept.
            kept = "its answered model calls are cached" if cache is not None else "nothing of it was kept (--no-cache)"
            left = len(files) - position - 1
            message = f"{name}: {exc}; {kept}; {done} document(s) written"
            if left:
                message += f", {left} not started"
            next_step = getattr(exc, "next_step", "run the same command again to resume")
            raise _fail(f"{message}; {next_step}", EXIT_SOME_FAILED if done else EXIT_NOTHING_RAN) from None
        except KeyboardInterrupt:
            err.print(
                f"interrupted during {name}: {done} document(s) written; answered model calls are cached, "
                "run the same command again to resume",
                soft_wrap=True,
            )
            raise typer.Exit(130) from None
        done += 1
        run = briefing.run
        if run.chunks_failed:
            tasks = sorted({w.task or "" for w in run.warnings if w.kind == "chunk_failed"})
            err.print(
                f"[yellow]warning:[/yellow] {name}: {run.chunks_failed} of {run.chunks} chunks incomplete "
                f"({', '.join(tasks)} failed after retries); listed in the briefing's warnings",
                highlight=False,
                soft_wrap=True,
            )
        if output is not None:
            stem = _unique(used_stems, "stdin" if name == "-" else Path(name).stem)
            for path in write_briefing(briefing, output, stem, formats):
                err.print(f"wrote {path}", highlight=False, soft_wrap=True)
            if not quiet:
                render_briefing(briefing, out)
        elif fmt == "json":
            sys.stdout.write(briefing_json(briefing))
        elif fmt == "md":
            sys.stdout.write(briefing_markdown(briefing))
        elif not quiet:
            render_briefing(briefing, out)
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED if done else EXIT_NOTHING_RAN)


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


def _progress(quiet: bool) -> Progress | _NoProgress:
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
    )


@app.command()
def show(briefing: Annotated[Path, typer.Argument(help="A briefing JSON file.")]) -> None:
    """Render a briefing JSON file in the terminal."""
    try:
        data = json.loads(briefing.read_text(encoding="utf-8"))
        parsed = Briefing.model_validate(data)
    except FileNotFoundError:
        raise _fail(f"{briefing}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(f"{briefing}: not JSON ({exc})") from None
    except ValidationError as exc:
        raise _fail(
            f"{briefing}: not a valid briefing ({exc.error_count()} schema errors; first: {exc.errors()[0]['msg']})"
        ) from None
    render_briefing(parsed, out)


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
    outputs: Annotated[
        Path | None, typer.Option(help="Briefings to score without --replay/--live (default outputs/).")
    ] = None,
    report_dir: Annotated[Path, typer.Option(help="Where to write report.json and report.md.")] = Path("evals/reports"),
    backend: Annotated[str, typer.Option(help="With --live: local, openai or none.")] = "local",
    model: Annotated[str | None, typer.Option(help="With --live: embedded model name or endpoint model id.")] = None,
    model_file: Annotated[str | None, typer.Option(help="With --live: a GGUF file.")] = None,
    base_url: Annotated[str | None, typer.Option(help="With --live: OpenAI-compatible endpoint.")] = None,
    mode: Annotated[str, typer.Option(help="With --live: structured-output mode.")] = "json_schema",
) -> None:
    """Score briefings against the hand-labelled gold in evals/gold, and gate on evals/baseline.json."""
    from .evals import run as ev
    from .evals.report import (
        candidates_table,
        floor_table,
        render_scores,
        write_json_report,
        write_markdown_report,
    )

    sets = ev.eval_sets(seeds, devdocs)
    for eval_set in sets:
        if not eval_set.folder.is_dir():
            raise _fail(f"{eval_set.folder}: folder of the {eval_set.label} not found (pass --{eval_set.name} DIR)")
    if replay and live:
        raise _fail("choose one of --replay and --live")
    try:
        if replay:
            briefings = ev.run_pipeline(ev.replay_model(), sets, on_document=lambda s: err.print(f"replay {s}"))
            if write_outputs:
                for stem, briefing in briefings.items():
                    write_briefing(briefing, ev.OUTPUTS_DIR, stem)
        elif live:
            cache = None if record else ResponseCache(default_cache_dir())
            llm = build_model(backend, model, model_file, None, base_url, mode, cache)
            if record and llm is None:
                raise _fail("--backend none makes no model calls: there is nothing to record")
            if record:
                briefings = ev.record_live(llm, sets, on_document=lambda s: err.print(f"live {s}"))
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
    render_scores(out, result.scores, result.by_set, labels)
    floor = ev.no_model_floor(sets)
    out.print(floor_table(floor, labels))
    recall = ev.candidate_recall(sets)
    out.print(candidates_table(recall, labels))
    report_dir.mkdir(parents=True, exist_ok=True)
    write_json_report(report_dir / "report.json", result.scores, result.by_set, recall, floor)
    write_markdown_report(report_dir / "report.md", result.scores, result.by_set, labels, recall=recall, floor=floor)
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


if __name__ == "__main__":
    app()
