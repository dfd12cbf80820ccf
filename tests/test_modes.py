"""Which errors are worth another try, and an endpoint that refuses the structured-output mode.

Through the real `openai` client and HTTP against the fake endpoint (tests/endpoint.py). The
refusals are the answers real servers give (llama-cpp-python's as captured from it; the others as
their users reported them): each stops the run at the first request, with the mode to use instead.
"""

from __future__ import annotations

import pytest
from endpoint import Reply, serve
from test_endpoint import SECRET, failed_chunks, fault_on, good, summarize

import summarizer.llm as llm

# llama-cpp-python 0.3.36's server, asked for response_format json_schema (captured with curl).
LLAMA_CPP_PYTHON = {
    "error": {
        "message": "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', 'ctx': {'expected': "
        "\"'text' or 'json_object'\"}}\n\n  File \"/venv/lib/python3.11/site-packages/llama_cpp/server/app.py\", "
        "line 376, in create_chat_completion\n    POST /v1/chat/completions",
        "type": "internal_server_error",
        "param": None,
        "code": None,
    }
}


def openai_style(message: str, kind: str = "invalid_request_error") -> dict:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


REFUSALS = [
    ("json_schema", 500, LLAMA_CPP_PYTHON, "llama-cpp-python server"),
    (
        "json_schema",
        500,
        openai_style(
            'response_format type must be one of "text" or "json_object", but got: json_schema', "server_error"
        ),
        "llama.cpp server before json_schema",
    ),
    (
        "json_schema",
        400,
        openai_style("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."),
        "OpenAI, an older model",
    ),
    ("json_schema", 400, openai_style("This response_format type is unavailable now"), "DeepSeek"),
    (
        "json_schema",
        422,
        {
            "error": "Failed to deserialize the JSON body into the target type: response_format: response_format.type "
            "`json_schema` is unavailable now at line 1 column 120"
        },
        "DeepSeek, earlier",
    ),
    (
        "json_schema",
        400,
        openai_style(
            "The parameter `response_format.type` specified in the request are not valid: invalid value: "
            "`json_schema`, supported values are: `json_object` and `text`."
        ),
        "Volcengine Ark",
    ),
    (
        "json",
        400,
        openai_style("Invalid parameter: 'response_format' of type 'json_object' is not supported with this model."),
        "OpenAI, an older model, json mode",
    ),
    (
        "tools",
        400,
        {
            "object": "error",
            "message": '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
            "type": "BadRequestError",
            "param": None,
            "code": 400,
        },
        "vLLM without a tool parser",
    ),
    ("tools", 400, {"error": "registry.ollama.ai/library/gemma:2b does not support tools"}, "Ollama"),
]


@pytest.fixture(autouse=True)
def planted_key(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)


@pytest.mark.parametrize(("mode", "status", "body", "server"), REFUSALS, ids=[r[3] for r in REFUSALS])
def test_a_refused_mode_stops_the_run_at_the_first_request_and_names_the_mode_to_use(
    tmp_path, mode, status, body, server
):
    with serve(lambda task, request: Reply(status=status, error=body)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url, "--mode", mode)
    assert result.exit_code == 2 and briefing is None, server
    assert len(endpoint.requests) == 1, server  # not retried, not re-asked, no second chunk
    [line] = [x for x in result.output.splitlines() if x.startswith("error:")]
    first, second = llm.MODE_ALTERNATIVES[mode]
    assert f"report.txt: the endpoint does not support --mode {mode} (it answered: " in line, server
    assert line.endswith(f"run again with --mode {first} (or --mode {second})"), server
    assert "run the same command again" not in line and "Traceback" not in line and 'File "' not in line


def test_the_llama_cpp_python_refusal_is_reported_in_its_own_short_words(tmp_path):
    with serve(lambda task, request: Reply(status=500, error=LLAMA_CPP_PYTHON)) as endpoint:
        result, _ = summarize(tmp_path, endpoint.url, "--mode", "json_schema")  # asked for: never switched
    assert "(it answered: response_format.type: Input should be 'text' or 'json_object')" in result.output
    assert "run again with --mode tools (or --mode json)" in result.output
    assert len(endpoint.requests) == 1


def test_the_same_refusal_in_another_mode_is_not_taken_for_a_refused_mode(tmp_path):
    # md_json sends no response_format: a server's complaint about one is some other fault of that
    # request, recorded for its chunk like any bad request, and the run goes on.
    with serve(
        fault_on("judge", Reply(status=400, error=openai_style("This response_format type is unavailable now")))
    ) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url, "--mode", "md_json")
    assert result.exit_code == 0
    assert endpoint.tasks().count("judge") == 1
    [warning] = failed_chunks(briefing)
    assert warning["task"] == "judge" and "BadRequestError" in warning["message"]


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


def test_the_library_raises_the_refusal_as_a_model_error():
    from pydantic import BaseModel

    from summarizer.errors import ModelError

    class Keep(BaseModel):
        keep: list[int]

    with serve(lambda task, request: Reply(status=500, error=LLAMA_CPP_PYTHON)) as endpoint:
        model = llm.openai_model("m", endpoint.url, None)
        with pytest.raises(ModelError) as raised:
            model.complete([{"role": "user", "content": "[1] a"}], Keep)
    assert isinstance(raised.value, llm.UnsupportedMode) and raised.value.mode == "json_schema"
    assert len(endpoint.requests) == 1


def refusing(mode_refused: str, refusal: dict, status: int = 500):
    """A server that refuses one structured-output mode and answers the others as the fake endpoint does."""

    def script(task: str, request: dict) -> Reply:
        asked = "tools" if request.get("tools") else (request.get("response_format") or {}).get("type", "md_json")
        asked = {"json_object": "json"}.get(asked, asked)
        if asked == mode_refused:
            return Reply(status=status, error=refusal)
        return good(task, request)

    return script


def test_auto_mode_moves_on_from_a_refused_mode_once_and_records_it(tmp_path):
    """With no --mode, llama-cpp-python's refusal of json_schema moves the run to tools: the requests refused are
    asked again, the note is printed once, and the briefing records the mode that answered."""
    with serve(refusing("json_schema", LLAMA_CPP_PYTHON)) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url)
    assert result.exit_code == 0, result.output
    assert result.output.count("note: the endpoint refused --mode json_schema") == 1
    assert "this run asks in --mode tools" in result.output
    assert briefing["run"]["mode"] == "tools" and briefing["indicators"] and failed_chunks(briefing) == []
    modes = ["tools" if r.get("tools") else (r.get("response_format") or {}).get("type") for r in endpoint.requests]
    refused = modes.count("json_schema")
    assert 1 <= refused <= 4 and modes[refused:] == ["tools"] * (len(modes) - refused)  # in flight, then tools only


def test_auto_mode_goes_on_to_json_when_tools_are_refused_too(tmp_path):
    no_tools = {"object": "error", "message": '"auto" tool choice requires --enable-auto-tool-choice'}

    def script(task: str, request: dict) -> Reply:
        if (request.get("response_format") or {}).get("type") == "json_schema":
            return Reply(status=500, error=LLAMA_CPP_PYTHON)
        if request.get("tools"):
            return Reply(status=400, error=no_tools)
        return good(task, request)

    with serve(script) as endpoint:
        result, briefing = summarize(tmp_path, endpoint.url, "--concurrency", "1")
    assert result.exit_code == 0, result.output
    assert briefing["run"]["mode"] == "json"
    assert "--mode json_schema" in result.output and "--mode tools" in result.output
