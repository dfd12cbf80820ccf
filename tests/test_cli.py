"""The command line: what a user sees, what is written, and the exit codes."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, seed_path
from fakes import fake_model
from test_pipeline import oracle
from typer.testing import CliRunner

import summarizer.cli as cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch):
    real = cli.build_model  # --backend none is no model: the real one returns None without loading anything
    monkeypatch.setattr(
        cli, "build_model", lambda backend, *a, **k: real(backend) if backend == "none" else fake_model(oracle)[0]
    )


def test_summarize_writes_json_and_markdown(tmp_path):
    result = runner.invoke(cli.app, ["summarize", str(seed_path("000")), "-o", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0, result.output
    stem = seed_path("000").stem
    data = json.loads((tmp_path / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["document"]["region"] == "湘潭市"
    assert "\\u" not in (tmp_path / f"{stem}.json").read_text(encoding="utf-8")
    assert (tmp_path / f"{stem}.md").read_text(encoding="utf-8").startswith("# ")
    assert "指标 Indicators" in result.output


def test_batch_with_a_bad_file_keeps_the_good_one_and_exits_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(
        cli.app, ["summarize", str(empty), str(seed_path("003")), str(tmp_path / "missing.txt"), "-o", str(out), "-q"]
    )
    assert result.exit_code == 1
    assert f"{empty}: the file is empty" in result.output
    assert "missing.txt: no such file or folder" in result.output
    assert (out / f"{seed_path('003').stem}.json").exists()


def test_nothing_readable_exits_2(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4 binary")
    result = runner.invoke(cli.app, ["summarize", str(binary), "-q"])
    assert result.exit_code == 2
    assert "PDF" in result.output


def test_folder_and_stdin_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("到2025年,全市地区生产总值超3500亿元。", encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")  # not a document suffix: not picked from the folder
    result = runner.invoke(cli.app, ["summarize", str(tmp_path), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli.app, ["summarize", "-", "--format", "json", "--no-cache"], input="到2025年,全市地区生产总值超3500亿元。"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["indicators"][0]["target"]["value"]["text"] == "超3500亿元"


def test_show_validates_the_file(tmp_path):
    runner.invoke(cli.app, ["summarize", str(seed_path("003")), "-o", str(tmp_path), "-q", "--no-cache"])
    good = tmp_path / f"{seed_path('003').stem}.json"
    assert runner.invoke(cli.app, ["show", str(good)]).exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"summary": 1}', encoding="utf-8")
    result = runner.invoke(cli.app, ["show", str(bad)])
    assert result.exit_code == 2 and "not a valid briefing" in result.output


def test_show_opens_a_briefing_of_an_older_schema_version():
    # A 1.0 briefing (made by the draft-extraction pipeline) has no run.judge; it still opens.
    older = REPO / "tests" / "fixtures" / "briefing_1_0.json"
    assert json.loads(older.read_text(encoding="utf-8"))["schema_version"] == "1.0"
    result = runner.invoke(cli.app, ["show", str(older)])
    assert result.exit_code == 0, result.output
    assert "地区生产总值" in result.output


def test_the_schema_version_is_in_the_changelog():
    from summarizer.models import SCHEMA_VERSION

    changelog = (REPO / "schemas" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {SCHEMA_VERSION}" in changelog


def test_schema_command_writes_the_committed_schema(tmp_path):
    assert runner.invoke(cli.app, ["schema", "-o", str(tmp_path)]).exit_code == 0
    committed = (REPO / "schemas" / "briefing.schema.json").read_text(encoding="utf-8")
    assert (tmp_path / "briefing.schema.json").read_text(encoding="utf-8") == committed, "run `summarizer schema`"


def test_oversized_file_is_refused_before_any_model_call(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes("到2025年,全市地区生产总值超3500亿元。\n".encode() * 60000)  # ~3 MB
    result = runner.invoke(cli.app, ["summarize", str(big), "--max-mb", "1", "-q"])
    assert result.exit_code == 2
    assert f"{big}: the file is 3.0 MB, over the 1 MB limit" in result.output


def test_interrupt_says_what_was_kept(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "summarize_source", interrupted)
    result = runner.invoke(cli.app, ["summarize", str(seed_path("003")), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 130
    assert "interrupted during" in result.output and "resume" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_backend_none_needs_no_model_and_says_so_in_the_briefing(tmp_path):
    result = runner.invoke(
        cli.app, ["summarize", str(seed_path("000")), "--backend", "none", "-o", str(tmp_path), "-q"]
    )
    assert result.exit_code == 0, result.output
    briefing = json.loads((tmp_path / f"{seed_path('000').stem}.json").read_text(encoding="utf-8"))
    assert briefing["run"]["backend"] == "none" and briefing["run"]["judge"] == "rules"
    assert briefing["run"]["usage"]["calls"] == 0 and briefing["run"]["prompt_versions"] == {}
    assert briefing["indicators"] and briefing["key_projects"] and briefing["goals"]


def test_an_unknown_judge_is_refused():
    result = runner.invoke(cli.app, ["summarize", str(seed_path("000")), "--judge", "oracle", "--backend", "none"])
    assert result.exit_code == 2 and "--judge must be one of auto, rules, model" in result.output
