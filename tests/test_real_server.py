"""The openai backend against a real OpenAI-compatible server: llama-cpp-python's own
(`python -m llama_cpp.server`), serving the embedded 0.5B model on a free loopback port.

That server refuses response_format json_schema (with a 500): an explicit `--mode json_schema`
must stop at the first answer with the mode to use instead; with no --mode (auto) the run must
move on to tools by itself and complete; and `--mode tools` must give a valid briefing with the
model really asked. Skipped, saying why, when llama-cpp-python, its server extra or the embedded
model is not installed. Two requests in tools mode: 1–2 minutes on a shared 2-core machine
(llama-cpp-python's grammar-constrained decoding is slow).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_endpoint import SECRET, _free_port, summarize

SERVER_MODULES = ("fastapi", "uvicorn", "sse_starlette", "starlette_context", "pydantic_settings")


def _model_path() -> Path:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed: pip install -e '.[local]'")
    missing = [m for m in SERVER_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(
            f"llama-cpp-python's server extra is not installed ({', '.join(missing)} missing): "
            "pip install 'llama-cpp-python[server]==0.3.36'"
        )
    from summarizer.errors import ModelError
    from summarizer.model_files import DEFAULT_MODEL, ensure_embedded

    try:
        path, _ = ensure_embedded(DEFAULT_MODEL)
    except ModelError as exc:
        pytest.skip(f"the embedded model is not installed: {exc}")
    return path


class Server:
    """llama_cpp.server in a child process; its access log counts the requests."""

    def __init__(self, model: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log
        args = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--n_ctx", "4096", "--n_threads", str(os.cpu_count() or 2)]
        args += ["--n_threads_batch", str(os.cpu_count() or 2), "--verbose", "false"]
        self.process = subprocess.Popen(args, stdout=log.open("wb"), stderr=subprocess.STDOUT)

    def wait_ready(self, seconds: float = 90.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"llama_cpp.server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/models", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("llama_cpp.server did not answer in time")

    def answers(self) -> list[int]:
        """The status of every chat request so far, in order."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [int(s) for s in re.findall(r'"POST /v1/chat/completions HTTP/1\.1" (\d{3})', text)]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    model = _model_path()
    running = Server(model, tmp_path_factory.mktemp("server") / "server.log")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def planted_key(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)


def test_an_asked_mode_it_refuses_stops_at_the_first_request_with_the_mode_to_use(tmp_path, server):
    before = len(server.answers())
    started = time.monotonic()
    result, briefing = summarize(tmp_path, server.url, "--judge", "model", "--mode", "json_schema")
    seconds = time.monotonic() - started
    assert result.exit_code == 2 and briefing is None
    assert server.answers()[before:] == [500]  # one request: not retried, no second chunk
    assert seconds < 30  # it was 50 s and 15 requests when each refusal was retried 5 times
    [line] = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert "does not support --mode json_schema (it answered: response_format.type: Input should be" in line
    assert line.endswith("run again with --mode tools (or --mode json)")


def test_tools_mode_gives_a_valid_briefing_the_model_judged(tmp_path, server):
    before = len(server.answers())
    result, briefing = summarize(tmp_path, server.url, "--judge", "model", "--mode", "tools")
    assert result.exit_code == 0, result.output
    assert briefing is not None  # `summarize` validated it against the briefing schema
    run = briefing["run"]
    assert run["backend"] == "openai" and run["judge"] == "model"
    assert run["usage"]["prompt_tokens"] > 0 and run["usage"]["completion_tokens"] > 0
    assert run["chunks_failed"] == 0, json.dumps(run["warnings"], ensure_ascii=False)
    asked = server.answers()[before:]
    assert asked and set(asked) == {200}
    assert len(asked) <= 6  # one judge request and the summary, with at most a re-ask or two each
    assert briefing["summary"]


def test_with_no_mode_the_run_moves_on_to_tools_and_completes(tmp_path, server):
    before = len(server.answers())
    result, briefing = summarize(tmp_path, server.url, "--judge", "model")
    assert result.exit_code == 0, result.output
    assert result.output.count("note: the endpoint refused --mode json_schema") == 1
    assert briefing is not None and briefing["run"]["mode"] == "tools"
    assert briefing["run"]["chunks_failed"] == 0, json.dumps(briefing["run"]["warnings"], ensure_ascii=False)
    asked = server.answers()[before:]
    assert asked[0] == 500 and set(asked[1:]) == {200}  # one refusal, then every request answered in tools
