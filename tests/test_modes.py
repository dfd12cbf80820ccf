"""Which errors are worth another try: through the real `openai` client and HTTP against the
fake endpoint (tests/endpoint.py)."""

from __future__ import annotations

import pytest
from endpoint import Reply, serve
from test_endpoint import SECRET, failed_chunks, fault_on, summarize

import summarizer.llm as llm


def openai_style(message: str, kind: str = "invalid_request_error") -> dict:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


@pytest.fixture(autouse=True)
def planted_key(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)


@pytest.fixture
def fast_backoff(monkeypatch):
    monkeypatch.setattr(llm, "_retry_after", lambda state: 0.01)


@pytest.mark.parametrize("status", [400, 413, 422, 501])
def test_a_bad_request_is_not_retried(tmp_path, status):
    with serve(fault_on("judge", Reply(status=status))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 1
    [warning] = failed_chunks(briefing)
    assert warning["task"] == "judge" and f"Error code: {status}" in warning["message"]
    assert briefing["indicators"] and endpoint.tasks().count("summary") == 1  # the run went on


def test_a_500_that_says_the_request_is_invalid_is_not_retried(tmp_path):
    invalid = openai_style(
        "1 validation error:\n  {'type': 'int_parsing', 'loc': ('body', 'max_tokens'), "
        "'msg': 'Input should be a valid integer', 'input': 'x'}",
        "internal_server_error",
    )
    with serve(fault_on("judge", Reply(status=500, error=invalid))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 1
    [warning] = failed_chunks(briefing)
    assert "InternalServerError" in warning["message"]


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_a_passing_fault_is_retried(tmp_path, fast_backoff, status):
    with serve(fault_on("judge", Reply(status=status), Reply(status=status))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 3
    assert failed_chunks(briefing) == [] and briefing["indicators"]


def test_an_overloaded_server_is_still_retried(tmp_path, fast_backoff):
    busy = openai_style("The model is temporarily unavailable, please retry", "server_error")
    with serve(fault_on("judge", Reply(status=503, error=busy))) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 2 and failed_chunks(briefing) == []
