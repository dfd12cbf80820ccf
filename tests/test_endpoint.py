"""Model faults through the real `openai` client and HTTP, against a fake endpoint on loopback.

Each fault is retried (transport) or re-asked (content) a bounded number of times, then
recorded in the briefing's warnings; the briefing still validates. Faults no retry can get
past (unreachable endpoint, refused key) stop the run with one clear line.
"""

from __future__ import annotations

import json
import re
import socket
import time

import jsonschema
import pytest
from endpoint import Reply, items, serve
from test_pipeline import SCHEMA
from typer.testing import CliRunner

import summarizer.cli as cli

runner = CliRunner()
SECRET = "sk-planted-endpoint-KEY-424242"
DOC = (
    "湘潭市2025年政府工作报告\n"
    "到2025年,全市地区生产总值超3500亿元,一般公共预算收入超260亿元。\n"
    "加快建设杨梅洲大桥、湘潭综合保税区二期等重点项目。\n"
    "市发改委牵头,市财政局配合。\n"
)
SUMMARY = {"what": "湘潭市的规划", "aims": "建设杨梅洲大桥", "numbers": "到2025年地区生产总值超3500亿元"}


def good(task: str, body: dict) -> Reply:
    """A judge that keeps every candidate it is shown, and a summary."""
    if task == "summary":
        return items(SUMMARY)
    asked = body["messages"][1]["content"]  # the first user message: re-asks append their own after it
    return items({"keep": [int(n) for n in re.findall(r"^\[(\d+)\]", asked, re.M)]})


def fault_on(task: str, *faults: Reply):
    """The first requests of `task` get `faults`, in order; everything else answers well."""
    queue = list(faults)

    def script(t: str, body: dict) -> Reply:
        if t == task and queue:
            return queue.pop(0)
        return good(t, body)

    return script


@pytest.fixture(autouse=True)
def planted_key(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)


def summarize(tmp_path, url: str, *extra: str):
    doc = tmp_path / "report.txt"
    doc.write_text(DOC, encoding="utf-8")
    out = tmp_path / "out"
    args = ["summarize", str(doc), "--backend", "openai", "--model", "fake-model", "--base-url", url]
    args += ["-o", str(out), "-q", "--cache-dir", str(tmp_path / "cache"), *extra]
    result = runner.invoke(cli.app, args)
    path = out / "report.json"
    briefing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    if briefing is not None:
        jsonschema.validate(briefing, SCHEMA)
    # The key went to the endpoint, and nowhere else.
    for written in tmp_path.rglob("*"):
        if written.is_file():
            assert SECRET not in written.read_text(encoding="utf-8", errors="replace"), written
    assert SECRET not in result.output
    return result, briefing


def failed_chunks(briefing) -> list[dict]:
    return [w for w in briefing["run"]["warnings"] if w["kind"] == "chunk_failed"]


def test_a_good_endpoint_gives_a_complete_briefing_and_receives_the_key(tmp_path):
    with serve(good) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0, result.output
    assert briefing["indicators"][0]["target"]["value"]["text"] == "超3500亿元"
    assert briefing["key_projects"][0]["name"] == "杨梅洲大桥"
    assert {h.get("authorization") for h in endpoint.headers} == {f"Bearer {SECRET}"}
    assert briefing["run"]["backend"] == "openai" and failed_chunks(briefing) == []


def test_a_timeout_is_retried(tmp_path, fast_backoff):
    with serve(fault_on("judge", Reply(delay=3.0), Reply(delay=3.0))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url, "--timeout", "0.5")
    assert result.exit_code == 0, result.output
    assert endpoint.tasks().count("judge") == 3
    assert briefing["indicators"] and failed_chunks(briefing) == []


def test_429_waits_as_long_as_retry_after_says(tmp_path):
    with serve(fault_on("judge", Reply(status=429, headers={"retry-after": "1"}))) as endpoint:
        started = time.monotonic()
        result, briefing = summarize(tmp_path, endpoint.url)
        waited = time.monotonic() - started
    assert result.exit_code == 0 and waited >= 1.0
    assert endpoint.tasks().count("judge") == 2 and briefing["indicators"]


def test_500s_are_retried_then_the_chunk_is_recorded_as_failed(tmp_path, fast_backoff):
    with serve(fault_on("judge", *[Reply(status=500)] * 5)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 5  # one try and four retries, no more
    [warning] = failed_chunks(briefing)
    assert warning["task"] == "judge" and "InternalServerError" in warning["message"]
    assert "the rules' verdicts stand" in warning["message"]
    # The rules judged that text alone, and the rest of the run (the summary) completed.
    assert briefing["indicators"] and briefing["key_projects"]
    assert endpoint.tasks().count("summary") == 1


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        (Reply(content='{"keep": [1, 2'), "truncated JSON"),
        (Reply(content='{"keep": "none"}'), "JSON that fails the schema"),
        (Reply(content=""), "an empty answer"),
        (Reply(content="I think the first and second candidates are right."), "prose in English"),
    ],
)
def test_an_unusable_answer_is_reasked_then_accepted(tmp_path, fault, why):
    with serve(fault_on("judge", fault)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0, why
    assert endpoint.tasks().count("judge") == 2, why
    assert briefing["indicators"][0]["target"]["value"]["text"] == "超3500亿元", why
    assert failed_chunks(briefing) == [], why


def test_an_answer_that_repeats_one_number_until_max_tokens_keeps_its_complete_numbers(tmp_path):
    cut = '{"keep": [1, ' + "2, " * 60 + "2"
    with serve(fault_on("judge", Reply(content=cut, finish_reason="length"))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 1  # asking again at temperature 0 repeats the cut
    notes = [w["message"] for w in briefing["run"]["warnings"] if w["kind"] == "model_output" and w["task"] == "judge"]
    assert len(notes) == 1 and notes[0].startswith("judge: the answer was cut at max_tokens")
    assert "its 2 complete distinct items were kept" in notes[0]


def test_an_answer_that_stays_unusable_is_recorded_after_bounded_reasks(tmp_path):
    with serve(fault_on("judge", *[Reply(content="not json")] * 3)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 3  # one ask and two re-asks
    [warning] = failed_chunks(briefing)
    assert warning["task"] == "judge"
    assert briefing["indicators"] and briefing["key_projects"]  # the rules' verdicts


def test_numbers_the_model_was_not_shown_select_nothing(tmp_path):
    with serve(fault_on("judge", items({"keep": [0, -1, 99, 1000]}))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 1
    # Every candidate put to the model was refused; only what the rules were sure of stays.
    assert briefing["indicators"] == [] and briefing["key_projects"] == []


def test_repeated_numbers_keep_a_candidate_once(tmp_path):
    with serve(fault_on("judge", items({"keep": [1] * 10}))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert len(briefing["indicators"] + briefing["key_projects"] + briefing["goals"]) == 1
    assert endpoint.tasks().count("judge") == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Small chunks: each line of DOC is its own judge request, so a run makes three before its summary.
ONE_LINE_CHUNKS = ("--chunk-chars", "60")


def test_connection_refused_stops_the_run_with_one_line_and_writes_nothing(tmp_path, fast_backoff):
    result, briefing = summarize(tmp_path, f"http://127.0.0.1:{_free_port()}/v1", *ONE_LINE_CHUNKS)
    assert result.exit_code == 2
    assert briefing is None
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1
    assert "report.txt: the model endpoint failed 3 requests in a row" in lines[0]
    assert "APIConnectionError" in lines[0] and "run the same command again to resume" in lines[0]


def test_an_endpoint_down_for_good_stops_after_three_failed_requests(tmp_path, fast_backoff):
    with serve(lambda task, body: Reply(status=503)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url, *ONE_LINE_CHUNKS)
    assert result.exit_code == 2 and briefing is None
    assert len(endpoint.requests) == 3 * 5  # three requests, each tried five times, then the run stops
    assert "InternalServerError" in result.output


@pytest.mark.parametrize(("status", "name"), [(401, "AuthenticationError"), (404, "NotFoundError")])
def test_a_refused_key_or_unknown_model_stops_at_the_first_request(tmp_path, status, name):
    with serve(lambda task, body: Reply(status=status)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 2 and briefing is None
    assert len(endpoint.requests) == 1
    assert f"report.txt: the endpoint refused the request ({name}" in result.output


def test_an_endpoint_that_goes_down_mid_batch_keeps_what_was_written(tmp_path, fast_backoff):
    down = {"after": None}

    def script(task: str, body: dict) -> Reply:
        if task == "summary" and down["after"] is None:
            down["after"] = True  # the first document's last call answers; then the endpoint dies
            return good(task, body)
        return Reply(status=503) if down["after"] else good(task, body)

    docs = []
    for name in ("a", "b", "c"):
        doc = tmp_path / f"{name}.txt"
        doc.write_text(DOC, encoding="utf-8")
        docs.append(str(doc))
    out = tmp_path / "out"
    with serve(script) as endpoint:
        args = ["summarize", *docs, "--backend", "openai", "--model", "m", "--base-url", endpoint.url, "-o", str(out)]
        # --no-cache: every document has the same text, and a cache would answer b. One document at a
        # time, so which one meets the dead endpoint is known (tests/test_concurrency.py: several at once).
        result = runner.invoke(cli.app, [*args, *ONE_LINE_CHUNKS, "-q", "--no-cache", "--concurrency", "1"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "a.md"]
    [line] = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert line.startswith(f"error: {docs[1]}: the model endpoint failed 3 requests in a row")
    assert line.endswith(
        "nothing of it was kept (--no-cache); 1 document(s) written, 1 not started; "
        "run the same command again to resume"
    )
