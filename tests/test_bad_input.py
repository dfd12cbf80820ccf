"""The bad-input corpus (tests/fixtures/bad, plus what the tests make): every file gets a
correct briefing or one error line naming it and the reason; exit 1 when some files failed
and the rest were written, 2 when nothing could run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, seed_path
from fakes import fake_model
from test_pipeline import oracle
from typer.testing import CliRunner

import summarizer.cli as cli
from summarizer.locate import normalize
from summarizer.read import read_document

runner = CliRunner()
BAD = REPO / "tests" / "fixtures" / "bad"

REFUSED = {
    "empty.txt": "the file is empty",
    "whitespace.txt": "the file holds only whitespace",
    "scan_named_txt.txt": "the PDF is damaged or not a PDF (No /Root object! - Is this really a PDF?)",
    "image_named_txt.txt": "this is a PNG image, not a document; run OCR on it first",
    "nul_bytes.txt": "the file contains NUL bytes; it looks binary, not text",
    "undecodable.txt": "cannot decode the text as UTF-8, GB18030/GBK or UTF-16",
    "english_only.txt": "no Chinese text (0 Chinese characters); summarizer reads Chinese government documents",
}
ENCODED = ["gb18030.txt", "utf16_bom.txt", "utf16le_no_bom.txt", "utf8_bom.txt", "mixed_line_endings.txt"]
SUMMARIZED = [*ENCODED, "table_only.md", "all_headings.txt", "hostile.txt"]


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch):
    monkeypatch.setattr(cli, "build_model", lambda *args, **kwargs: fake_model(oracle)[0])


def run(*args: str):
    return runner.invoke(cli.app, ["summarize", *args, "-q", "--no-cache"])


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_the_corpus_is_what_make_bad_writes():
    sys.path.insert(0, str(REPO / "tests" / "fixtures"))
    from make_bad import FILES

    assert {p.name for p in BAD.iterdir()} == set(FILES) == set(REFUSED) | set(SUMMARIZED)
    assert all((BAD / name).read_bytes() == data for name, data in FILES.items())


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_file_alone_gets_one_line_and_exit_2(tmp_path, name):
    result = run(str(BAD / name), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert error_lines(result.output) == [f"error: {BAD / name}: {REFUSED[name]}"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ENCODED)
def test_every_encoding_and_line_ending_gives_the_same_traceable_targets(tmp_path, name):
    result = run(str(BAD / name), "-o", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    briefing = json.loads((tmp_path / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    values = [i["target"]["value"]["text"] for i in briefing["indicators"]]
    assert values == ["超3500亿元", "超260亿元"]
    text = read_document(BAD / name).text  # offsets index the decoded text, line endings untouched
    for item in briefing["indicators"]:
        ev = item["evidence"]
        assert normalize(text[ev["start"] : ev["end"]]) == normalize(ev["quote"])


def test_a_file_that_is_only_a_table_is_read_without_the_model(tmp_path, monkeypatch):
    model, create = fake_model(oracle)
    monkeypatch.setattr(cli, "build_model", lambda *args, **kwargs: model)
    result = run(str(BAD / "table_only.md"), "-o", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    briefing = json.loads((tmp_path / "table_only.json").read_text(encoding="utf-8"))
    rows = {i["name"]: i for i in briefing["indicators"]}
    assert set(rows) == {"地区生产总值", "常住人口城镇化率", "单位地区生产总值能耗降低"}
    gdp = rows["地区生产总值"]
    assert (gdp["baseline"]["year"], gdp["baseline"]["value"]["number"]) == (2020, 2343)
    assert (gdp["target"]["year"], gdp["target"]["value"]["text"], gdp["unit"]) == (2025, "3500左右", "亿元")
    assert gdp["annual_growth"]["number"] == 7 and gdp["attribute"] == "预期性"
    assert rows["单位地区生产总值能耗降低"]["attribute"] == "约束性"
    assert all(i["evidence"]["alignment"] == "table" for i in rows.values())
    assert [r for r in create.requests if "量化目标指标" in r["messages"][0]["content"][:40]] == []


def test_a_document_of_headings_only_gives_an_empty_briefing(tmp_path):
    result = run(str(BAD / "all_headings.txt"), "-o", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    briefing = json.loads((tmp_path / "all_headings.json").read_text(encoding="utf-8"))
    assert briefing["document"]["title"] == ""  # numbered part headings (第一章, 一、, 1.) are never the title
    assert [briefing[k] for k in ("goals", "key_projects", "indicators", "responsible_bodies")] == [[], [], [], []]
    assert briefing["summary"].startswith("《all_headings.txt》")  # an untitled document goes by its file


def test_a_folder_with_good_and_bad_files_writes_the_good_and_names_each_bad(tmp_path):
    result = run(str(BAD), str(seed_path("003")), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert sorted(error_lines(result.output)) == sorted(
        f"error: {BAD / name}: {reason}" for name, reason in REFUSED.items()
    )
    written = {p.name for p in tmp_path.glob("*.json")}
    assert written == {f"{Path(n).stem}.json" for n in SUMMARIZED} | {f"{seed_path('003').stem}.json"}


def test_a_20_mb_file_is_refused_and_the_batch_goes_on(tmp_path):
    huge = tmp_path / "huge.txt"
    line = "到2025年,全市地区生产总值超3500亿元,一般公共预算收入超260亿元。\n".encode()
    huge.write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    out = tmp_path / "out"
    result = run(str(huge), str(BAD / "gb18030.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert error_lines(result.output) == [f"error: {huge}: the file is 20.0 MB, over the 5 MB limit (--max-mb)"]
    assert [p.name for p in out.glob("*.json")] == ["gb18030.json"]


def test_unreadable_entries_in_a_folder_are_named_and_the_rest_summarized(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_bytes((BAD / "utf8_bom.txt").read_bytes())
    (folder / "secret.txt").write_bytes((BAD / "gb18030.txt").read_bytes())
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / ".hidden.txt").write_bytes(b"")
    (folder / "locked" / "inner.txt").write_bytes((BAD / "gb18030.txt").read_bytes())
    # Root reads any file whatever its mode, so a permission error is simulated at the OS call.
    real_read_bytes, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out"
    result = run(str(folder), "-o", str(out))
    assert result.exit_code == 1
    assert sorted(error_lines(result.output)) == [
        f"error: {folder / 'gone.txt'}: broken link",
        f"error: {folder / 'locked'}: cannot list the folder (Permission denied)",
        f"error: {folder / 'pipe.txt'}: not a regular file (a pipe, socket or device)",
        f"error: {folder / 'secret.txt'}: cannot read the file (Permission denied)",
    ]
    assert [p.name for p in out.glob("*.json")] == ["good.json"]


def test_a_missing_path_and_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(str(tmp_path / "nope.txt"), str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert error_lines(result.output) == [
        f"error: {tmp_path / 'nope.txt'}: no such file or folder",
        f"error: {tmp_path / 'empty'}: no documents (.txt, .md, .pdf, .docx, .html) in this folder",
    ]


def test_same_names_in_two_folders_do_not_overwrite_each_other(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_bytes((BAD / "gb18030.txt").read_bytes())
    result = run(str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["report-2.json", "report.json"]


def _stdin_run(*extra: str, **popen: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": "/nonexistent-never-used"}
    command = [sys.executable, "-m", "summarizer.cli", "summarize", "-", "--backend", "openai"]
    command += ["--model", "m", "--base-url", "http://127.0.0.1:9/v1", "--no-cache", "-q", *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=120, **popen)


def test_stdin_closed_or_empty_is_a_clear_error():
    closed = _stdin_run(stdin=None, preexec_fn=lambda: os.close(0))
    assert closed.returncode == 2
    assert closed.stderr.strip().splitlines() == ["error: <stdin>: standard input is closed"]
    empty = _stdin_run(stdin=subprocess.DEVNULL)
    assert empty.returncode == 2
    assert empty.stderr.strip().splitlines() == ["error: <stdin>: the file is empty"]


def test_oversized_stdin_is_refused():
    line = "到2025年,全市地区生产总值超3500亿元。\n"
    big = _stdin_run("--max-mb", "1", input=line * (2 * 1024 * 1024 // len(line.encode())))
    assert big.returncode == 2
    assert big.stderr.strip().splitlines() == ["error: <stdin>: the input is over the 1 MB limit (--max-mb)"]
