"""`--jobs N`: documents prepared in worker processes give the briefings of a serial run; a rerun skips what is
complete, so a stopped run resumes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEEDS
from typer.testing import CliRunner

import summarizer.cli as cli
from summarizer.jobs import complete_briefing
from summarizer.models import Briefing
from summarizer.read import read_document

runner = CliRunner()
DOCS = [str(SEEDS / f) for f in ("000_3bfffffac80c5d41.txt", "003_3f789335eb2ba04a.txt", "004_2ebc049a13f68ff7.txt")]


def summarize(out: Path, *extra: str) -> str:
    result = runner.invoke(cli.app, ["summarize", *DOCS, "--backend", "none", "-q", "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def without_timings(folder: Path) -> dict[str, object]:
    out = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["run"]["seconds"] = 0
        out[path.name] = data
    return out


def test_jobs_give_the_briefings_of_a_serial_run(tmp_path):
    summarize(tmp_path / "one", "--jobs", "1")
    summarize(tmp_path / "three", "--jobs", "3")
    serial, parallel = without_timings(tmp_path / "one"), without_timings(tmp_path / "three")
    assert len(serial) == 3 and parallel == serial
    md = lambda folder: {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}  # noqa: E731
    assert md(tmp_path / "three").keys() == md(tmp_path / "one").keys()


def test_a_rerun_skips_complete_briefings_and_force_redoes_them(tmp_path):
    out = tmp_path / "out"
    summarize(out, "--jobs", "2")
    first = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    (out / "003_3f789335eb2ba04a.json").unlink()  # as if the run had stopped before this one was written
    again = summarize(out, "--jobs", "2")
    assert again.count("skipped") == 2 and "003_3f789335eb2ba04a" not in again.split("skipped")[1]
    now = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert now["000_3bfffffac80c5d41.json"] == first["000_3bfffffac80c5d41.json"]  # untouched
    assert (out / "003_3f789335eb2ba04a.json").exists()
    forced = summarize(out, "--force")
    assert "skipped" not in forced


def test_a_briefing_is_complete_only_for_the_same_file_backend_and_no_failed_chunk(tmp_path):
    out = tmp_path / "out"
    summarize(out)
    source = read_document(DOCS[0])
    stem = Path(DOCS[0]).stem
    assert complete_briefing(out, stem, source, ("json", "md"), ("none", "")) is not None
    assert complete_briefing(out, stem, source, ("json", "md"), ("local", "qwen2.5-coder-0.5b-q4")) is None
    other = read_document(DOCS[1])
    assert complete_briefing(out, stem, other, ("json",), ("none", "")) is None  # another file's bytes
    path = out / f"{stem}.json"
    briefing = Briefing.model_validate_json(path.read_text(encoding="utf-8"))
    briefing.run.chunks_failed = 1
    path.write_text(briefing.model_dump_json(), encoding="utf-8")
    assert complete_briefing(out, stem, source, ("json",), ("none", "")) is None  # worth another try
    (out / f"{stem}.md").unlink()
    assert complete_briefing(out, stem, source, ("json", "md"), ("none", "")) is None


def test_bad_input_under_jobs_names_the_file_and_the_others_are_written(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = runner.invoke(
        cli.app, ["summarize", DOCS[0], str(bad), "--backend", "none", "-q", "-o", str(tmp_path / "o"), "--jobs", "2"]
    )
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.output
    assert (tmp_path / "o" / "000_3bfffffac80c5d41.json").exists()


def test_jobs_must_be_at_least_one(tmp_path):
    result = runner.invoke(cli.app, ["summarize", DOCS[0], "--backend", "none", "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs must be at least 1" in result.output
