"""A fake OpenAI-compatible endpoint on loopback: the real `openai` client and HTTP stack
talk to it, and a script decides each answer (an item list, a fault, a delay).

Every request is logged with when it arrived and when it was answered (`Endpoint.log`), and
`latency` delays every answer, so tests can see requests overlap, or not.

Used in-process by the tests (`serve(script)`), and as a process by the interrupt tests:
    python tests/endpoint.py PORT_FILE LOG_FILE [DELAY_SECONDS]
which answers like `test_pipeline.oracle` and appends one line per request to LOG_FILE.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fakes import task_of


@dataclass
class Reply:
    """One HTTP answer. `content` is the assistant message; `status` other than 200 is an error."""

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    finish_reason: str = "stop"
    drop: bool = False  # close the connection without an answer
    error: dict[str, Any] | None = None  # the JSON body of an error answer (default: a generic message)


Script = Callable[[str, dict[str, Any]], Reply]  # (task, request body) -> Reply


@dataclass
class Logged:
    """One request as the server saw it (times from time.monotonic)."""

    task: str
    arrived: float
    answered: float | None = None  # when the answer went out; None while in flight, or dropped
    status: int | None = None


def items(answer: dict[str, Any]) -> Reply:
    return Reply(content=json.dumps(answer, ensure_ascii=False))


def _completion(content: str, finish_reason: str, tool: str | None = None) -> bytes:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool is not None:  # a request in tools mode is answered with a call of its tool, as servers do
        call = {"id": "call_fake", "type": "function", "function": {"name": tool, "arguments": content}}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fake",
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }
    return json.dumps(body, ensure_ascii=False).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connecting at once are queued, not refused


class Endpoint:
    def __init__(self, script: Script, latency: float = 0.0) -> None:
        self.script = script
        self.latency = latency  # seconds added to every answer, like a model's generation time
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.log: list[Logged] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                task = task_of(body.get("messages") or [{"content": ""}])
                logged = Logged(task, time.monotonic())
                with endpoint.lock:
                    endpoint.requests.append(body)
                    endpoint.headers.append({k.lower(): v for k, v in self.headers.items()})
                    endpoint.log.append(logged)
                    endpoint.in_flight += 1
                    endpoint.most_in_flight = max(endpoint.most_in_flight, endpoint.in_flight)
                try:
                    self._answer(task, body, logged)
                finally:
                    with endpoint.lock:
                        endpoint.in_flight -= 1

            def _answer(self, task: str, body: dict[str, Any], logged: Logged) -> None:
                reply = endpoint.script(task, body)
                if reply.delay or endpoint.latency:
                    time.sleep(reply.delay + endpoint.latency)
                if reply.drop:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                    return
                if reply.status == 200:
                    tools = body.get("tools") or []
                    tool = tools[0]["function"]["name"] if tools else None
                    data = _completion(reply.content or "", reply.finish_reason, tool)
                else:
                    error = reply.error or {"error": {"message": f"fake error {reply.status}", "type": "fake"}}
                    data = json.dumps(error).encode()
                logged.answered, logged.status = time.monotonic(), reply.status
                with contextlib.suppress(OSError):  # the client may have given up (timeout)
                    self.send_response(reply.status)
                    for key, value in {"content-type": "application/json", **reply.headers}.items():
                        self.send_header(key, value)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> Endpoint:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def tasks(self) -> list[str]:
        return [task_of(r["messages"]) for r in self.requests]


@contextlib.contextmanager
def serve(script: Script, latency: float = 0.0) -> Iterator[Endpoint]:
    endpoint = Endpoint(script, latency).start()
    try:
        yield endpoint
    finally:
        endpoint.stop()


def request_key(body: dict[str, Any]) -> str:
    """The same request (messages, schema) gives the same key: how the interrupt tests count repeats."""
    return hashlib.sha256(json.dumps(body.get("messages"), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def main() -> None:
    from test_pipeline import oracle

    port_file, log_file = Path(sys.argv[1]), Path(sys.argv[2])
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0

    def script(task: str, body: dict[str, Any]) -> Reply:
        with log_file.open("a", encoding="utf-8") as log:
            log.write(f"{task} {request_key(body)}\n")
        return Reply(content=json.dumps(oracle(task, body["messages"][-1]["content"]), ensure_ascii=False), delay=delay)

    endpoint = Endpoint(script)
    port_file.write_text(endpoint.url, encoding="utf-8")
    endpoint.server.serve_forever()


if __name__ == "__main__":
    main()
