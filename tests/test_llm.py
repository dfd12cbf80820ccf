"""The model interface: transport retries, re-asks, failures reported, secrets redacted."""

from __future__ import annotations

import json
import logging

import openai
import pytest
from fakes import completion, fake_model
from pydantic import BaseModel, Field

import summarizer.llm as llm
from summarizer.cache import ResponseCache
from summarizer.errors import ModelError
from summarizer.llm import ChunkFailed

try:
    import httpx2 as httpx  # openai 3.x
except ImportError:  # pragma: no cover - openai 1.x/2.x
    import httpx

MESSAGES = [
    {"role": "system", "content": "从文本中抽取未来年份的量化目标指标"},
    {"role": "user", "content": "到2025年超3500亿元"},
]


class Target(BaseModel):
    name: str = Field(max_length=30)
    value: str = Field(max_length=30)
    year: int | None


class Targets(BaseModel):
    items: list[Target] = Field(max_length=10)


def list_model(_: str) -> type[Targets]:
    return Targets  # a response schema of the shape the pipeline sends: bounded lists and strings


ANSWER = {"items": [{"name": "地区生产总值", "value": "超3500亿元", "year": 2025}]}
REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


def status_error(code: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    response = httpx.Response(code, headers=headers or {}, request=REQUEST)
    cls = {429: openai.RateLimitError, 400: openai.BadRequestError}.get(code, openai.InternalServerError)
    return cls(f"status {code}", response=response, body=None)


RETRY_AFTER = llm._retry_after  # the real wait, before the fixture below removes waiting from the tests


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(llm, "_retry_after", lambda state: 0)


def scripted(*answers):
    queue = list(answers)
    return lambda task, text: queue.pop(0)


@pytest.mark.parametrize(
    "fault",
    [
        status_error(429, {"retry-after": "2"}),
        status_error(500),
        status_error(503),
        openai.APITimeoutError(request=REQUEST),
        openai.APIConnectionError(request=REQUEST),
    ],
)
def test_transient_faults_are_retried(fault):
    model, create = fake_model(scripted(fault, fault, ANSWER))
    result = model.complete(MESSAGES, list_model("indicators"))
    assert result.value.items[0].value == "超3500亿元"
    assert len(create.requests) == 3


def test_persistent_fault_becomes_chunk_failed_after_bounded_retries():
    model, create = fake_model(lambda task, text: status_error(500))
    with pytest.raises(ChunkFailed, match="InternalServerError"):
        model.complete(MESSAGES, list_model("indicators"))
    assert len(create.requests) == model.max_transport_retries + 1


def test_bad_request_is_not_retried():
    model, create = fake_model(lambda task, text: status_error(400))
    with pytest.raises(ChunkFailed):
        model.complete(MESSAGES, list_model("indicators"))
    assert len(create.requests) == 1


def test_retry_after_header_sets_the_wait_and_backoff_is_bounded():
    from tenacity import RetryCallState

    def state_for(exc: BaseException, attempt: int) -> RetryCallState:
        state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})
        state.attempt_number = attempt
        state.set_exception((type(exc), exc, None))
        return state

    assert RETRY_AFTER(state_for(status_error(429, {"retry-after": "7"}), 1)) == 7.0
    assert RETRY_AFTER(state_for(status_error(429, {"retry-after": "3600"}), 1)) == 60.0
    assert 1 <= RETRY_AFTER(state_for(status_error(500), 1)) <= RETRY_AFTER(state_for(status_error(500), 4)) <= 30


@pytest.mark.parametrize(
    "bad",
    [
        '{"items": [{"name": "地区生产总值", "value": "超3500亿元"',
        "not json at all",
        '{"items": "x"}',
        json.dumps({"items": [{"name": "a" * 99, "value": "1", "year": 2025}]}),
    ],
)
def test_invalid_answers_are_reasked_then_accepted(bad):
    model, create = fake_model(scripted(bad, ANSWER))
    result = model.complete(MESSAGES, list_model("indicators"))
    assert result.value.items[0].name == "地区生产总值"
    assert len(create.requests) == 2
    # The re-ask tells the model what was wrong.
    assert len(create.requests[1]["messages"]) > len(create.requests[0]["messages"])


def test_always_invalid_answers_fail_after_bounded_reasks():
    model, create = fake_model(lambda task, text: "[]")
    with pytest.raises(ChunkFailed):
        model.complete(MESSAGES, list_model("indicators"))
    assert len(create.requests) == model.max_reasks + 1


def test_truncated_answer_is_a_failure_not_a_partial_result():
    model, _ = fake_model(lambda task, text: completion('{"items": [', finish_reason="length"))
    with pytest.raises(ChunkFailed):
        model.complete(MESSAGES, list_model("indicators"))


def test_cache_answers_a_repeated_request_without_a_call(tmp_path):
    model, create = fake_model(lambda task, text: ANSWER, cache=ResponseCache(tmp_path))
    first = model.complete(MESSAGES, list_model("indicators"))
    second = model.complete(MESSAGES, list_model("indicators"))
    assert (first.cached, second.cached) == (False, True)
    assert (second.prompt_tokens, second.completion_tokens) == (first.prompt_tokens, first.completion_tokens)
    assert second.value.model_dump() == first.value.model_dump()
    assert len(create.requests) == 1
    other = [MESSAGES[0], {"role": "user", "content": "另一段文本"}]
    model.complete(other, list_model("indicators"))
    assert len(create.requests) == 2


def test_api_key_never_reaches_errors_logs_or_cache(tmp_path, monkeypatch, caplog):
    secret = "sk-planted-SECRET-0123456789"
    monkeypatch.setenv("SUMMARIZER_API_KEY", secret)
    caplog.set_level(logging.ERROR, logger="instructor")  # the CLI quiets it; a library user may not
    llm.install_log_redaction()
    model, _ = fake_model(
        lambda task, text: openai.AuthenticationError(
            f"bad key {secret}", response=httpx.Response(401, request=REQUEST), body=None
        ),
        cache=ResponseCache(tmp_path),
    )
    with pytest.raises(ModelError) as info:  # a refused key stops the run: no chunk can get past it
        model.complete(MESSAGES, list_model("indicators"))
    assert secret not in str(info.value) and "***" in str(info.value)
    model2, _ = fake_model(lambda task, text: ANSWER, cache=ResponseCache(tmp_path))
    model2.complete(MESSAGES, list_model("indicators"))
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8")
    assert caplog.records, "instructor logs the failed call"
    assert all(secret not in record.getMessage() for record in caplog.records)


def test_local_adapter_turns_the_json_schema_request_into_a_grammar():
    seen = {}

    class StubLlama:
        def create_chat_completion_openai_v1(self, **kwargs):
            seen.update(kwargs)
            return completion(json.dumps(ANSWER, ensure_ascii=False))

    model = llm.StructuredModel(info=llm.ModelInfo("local", "stub"), create=llm.llama_create(StubLlama()))
    model.complete(MESSAGES, list_model("indicators"))
    assert seen["response_format"]["type"] == "json_object"
    schema = seen["response_format"]["schema"]
    assert schema["properties"]["items"]["maxItems"] == 10
    assert "model" not in seen


def test_cache_prune_keeps_only_what_a_run_used(tmp_path):
    cache = ResponseCache(tmp_path)
    model, _ = fake_model(lambda task, text: ANSWER, cache=cache)
    model.complete(MESSAGES, list_model("indicators"))
    model.complete([MESSAGES[0], {"role": "user", "content": "旧的请求"}], list_model("indicators"))
    rerun = ResponseCache(tmp_path)
    model2, create = fake_model(lambda task, text: ANSWER, cache=rerun)
    model2.complete(MESSAGES, list_model("indicators"))
    assert create.requests == []  # answered from the recording
    assert rerun.prune() == 1
    assert len(list(tmp_path.glob("*/*.json"))) == 1
