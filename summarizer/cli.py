"""The command line: a thin layer over the library.

Exit codes: 0 every document done; 1 some documents failed (the others were
written); 2 nothing could run (bad usage, no readable input, model unavailable).
"""

from __future__ import annotations

import json
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
from .pipeline import Options, summarize_source
from .read import read_document, source_from_bytes
from .render import render_briefing
from .write import briefing_json, briefing_markdown, schema_json, write_briefing

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_RAN = 0, 1, 2
DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = EXIT_NOTHING_RAN) -> typer.Exit:
    err.print(f"[red]error:[/red] {redact(message)}", highlight=False)
    return typer.Exit(code)


def expand_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to summarize (folders expanded to their .txt/.md files) and errors for the rest."""
    files: list[str] = []
    errors: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            try:
                found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
            except OSError as exc:
                errors.append(f"{raw}: cannot list the folder ({exc.strerror or exc})")
                continue
            if not found:
                errors.append(f"{raw}: no .txt or .md files in this folder")
            files.extend(str(f) for f in found)
        elif not p.exists():
            errors.append(f"{raw}: no such file or folder")
        else:
            files.append(raw)
    return files, errors


@app.command()
def summarize(
    paths: Annotated[list[str], typer.Argument(help="Documents (.txt/.md), folders of them, or - for stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write briefings to this folder.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="json, md or both (files); json prints JSON to stdout.")
    ] = "both",
    backend: Annotated[
        str, typer.Option(help="local (embedded GGUF model, offline) or openai (any compatible endpoint).")
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
    cache_dir: Annotated[Path | None, typer.Option(help="Response cache folder.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")] = False,
    chunk_chars: Annotated[int, typer.Option(help="Largest chunk sent to the model, in characters.")] = 1200,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No rendering, only file names and errors.")] = False,
) -> None:
    """Summarize documents into grounded briefings."""
    if fmt not in {"json", "md", "both"}:
        raise _fail(f"--format must be json, md or both, not {fmt!r}")
    files, errors = expand_paths(paths)
    for message in errors:
        err.print(f"[red]error:[/red] {message}", highlight=False)
    if not files:
        raise typer.Exit(EXIT_NOTHING_RAN)

    cache = None if no_cache else ResponseCache(cache_dir or default_cache_dir())
    try:
        llm = build_model(backend, model, model_file, model_sha256, base_url, mode, cache)
    except SummarizerError as exc:
        raise _fail(str(exc)) from None

    formats = ("json", "md") if fmt == "both" else (fmt,)
    done = 0
    failed = len(errors)
    for name in files:
        try:
            source = source_from_bytes(_read_stdin(), "<stdin>") if name == "-" else read_document(name)
            with _progress(quiet) as progress:
                task = progress.add_task(Path(name).name, total=None)
                briefing = summarize_source(
                    source,
                    llm,
                    Options(chunk_chars=chunk_chars),
                    on_progress=lambda n, total, task=task: progress.update(task, completed=n, total=total),
                )
        except (InputError, StaleRecordingError) as exc:
            failed += 1
            err.print(f"[red]error:[/red] {redact(str(exc))}", highlight=False)
            continue
        except ModelError as exc:
            raise _fail(str(exc)) from None
        done += 1
        if output is not None:
            stem = "stdin" if name == "-" else Path(name).stem
            for path in write_briefing(briefing, output, stem, formats):
                err.print(f"wrote {path}", highlight=False)
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


def _read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError, AttributeError) as exc:
        raise InputError("<stdin>", f"cannot read standard input ({exc})") from exc


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


if __name__ == "__main__":
    app()
