"""Several endpoint requests at once (`--concurrency N`), against the fake endpoint on loopback.

What a user relies on: the briefings are those of a serial run; faults are handled as in a
serial run; a 429's Retry-After holds back every worker, not only the one told; an endpoint
that dies mid-run stops every worker, keeps what was done, and a rerun resumes.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import SEEDS
from endpoint import Reply, items, serve
from fakes import fake_model
from test_pipeline import oracle
from typer.testing import CliRunner

import summarizer.cli as cli
from summarizer.errors import ModelError
from summarizer.judge import KeepAnswer

runner = CliRunner()
CHUNK_PER_LINE = ("--chunk-chars", "60")  # a judge request per line or two: many requests per document
SECRET = "sk-planted-concurrency-KEY-31337"


@pytest.fixture(autouse=True)
def planted_key(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)


def document(n: int, lines: int = 8) -> str:
    """A work report whose every line holds candidates, its numbers its own (no two documents share a request)."""
    rows = [f"示范市2025年第{n}号政府工作报告"]
    for k in range(lines):
        rows.append(f"到2027年,第{k}区地区生产总值超{3500 + 10 * n + k}亿元,一般公共预算收入超{260 + n + k}亿元。")
        rows.append(f"加快建设{n}号线{k}段大桥、综合保税区{n}{k}期等重点项目。")
    return "\n".join(rows) + "\n"


def documents(tmp_path: Path, count: int) -> list[str]:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"doc{n:02d}.txt"
        path.write_text(document(n), encoding="utf-8")
        paths.append(str(path))
    return paths


def answer(task: str, body: dict) -> Reply:
    return items(oracle(task, body["messages"][-1]["content"]))


def run(paths: list[str], url: str, out: Path, cache: Path | None, concurrency: int, *extra: str):
    args = ["summarize", *paths, "--backend", "openai", "--model", "fake", "--base-url", url, "-o", str(out), "-q"]
    args += ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    return runner.invoke(cli.app, [*args, "--concurrency", str(concurrency), *extra])


def briefings(out: Path) -> dict[str, dict]:
    """Every briefing written, without the fields that differ between runs (the run's and the model's seconds)."""
    found = {}
    for path in sorted(out.glob("*.json")):
        briefing = json.loads(path.read_text(encoding="utf-8"))
        briefing["run"].pop("seconds")
        briefing["run"]["usage"].pop("model_seconds")
        found[path.stem] = briefing
    return found


def request_of(body: dict) -> str:
    """A request's identity: its first user message (a re-ask appends messages after it)."""
    return hashlib.sha256(body["messages"][1]["content"].encode()).hexdigest()


def test_eight_at_once_gives_the_serial_briefings(tmp_path):
    paths = documents(tmp_path, 6) + (sorted(str(p) for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
    written = {}
    asked = {}
    for concurrency in (1, 8):
        with serve(answer, latency=0.01) as endpoint:
            out, cache = tmp_path / f"out{concurrency}", tmp_path / f"cache{concurrency}"
            result = run(paths, endpoint.url, out, cache, concurrency)
        assert result.exit_code == 0, result.output
        written[concurrency] = briefings(tmp_path / f"out{concurrency}")
        asked[concurrency] = (Counter(request_of(b) for b in endpoint.requests), endpoint.most_in_flight)
    assert sorted(written[1]) == sorted(Path(p).stem for p in paths)
    assert written[8] == written[1]
    # The same requests, each asked once, and they really overlapped (never more than asked for).
    assert asked[8][0] == asked[1][0] and set(asked[1][0].values()) == {1}
    assert asked[1][1] == 1 and 2 <= asked[8][1] <= 8


def test_a_fault_batch_under_concurrency_ends_as_a_serial_run(tmp_path, fast_backoff):
    """500s, 429s with Retry-After, dropped connections and timeouts, each fault decided by the request
    (not by timing); one chunk fails for good and is recorded, and everything else completes."""
    doomed = "第3区地区生产总值超3523亿元"  # in document 2: its judge request always gets a 500
    paths = documents(tmp_path, 5)

    def script_for() -> tuple:
        attempts: Counter[str] = Counter()
        lock = threading.Lock()

        def script(task: str, body: dict) -> Reply:
            key = request_of(body)
            with lock:
                attempts[key] += 1
                attempt = attempts[key]
            if task == "judge" and doomed in body["messages"][1]["content"]:
                return Reply(status=500)
            fault = int(key[:8], 16) % 6
            if attempt == 1 and fault == 0:
                return Reply(status=500)
            if attempt == 1 and fault == 1:
                return Reply(status=429, headers={"retry-after": "0"})
            if attempt == 1 and fault == 2:
                return Reply(drop=True)
            if attempt <= 2 and fault == 3 and int(key[8:10], 16) < 64:  # a quarter of these: two timeouts
                return Reply(delay=1.0)
            return answer(task, body)

        return script, attempts

    written = {}
    for concurrency in (1, 8):
        script, attempts = script_for()
        with serve(script) as endpoint:
            result = run(paths, endpoint.url, tmp_path / f"out{concurrency}", None, concurrency, "--timeout", "0.3")
        assert result.exit_code == 0, result.output
        written[concurrency] = briefings(tmp_path / f"out{concurrency}")
        assert sum(attempts.values()) > len(attempts)  # faults were met and retried
    assert written[8] == written[1]
    failed = {stem: [w for w in b["run"]["warnings"] if w["kind"] == "chunk_failed"] for stem, b in written[8].items()}
    assert [stem for stem, warnings in failed.items() if warnings] == ["doc02"]
    [warning] = failed["doc02"]
    assert warning["task"] == "judge" and "InternalServerError" in warning["message"]
    assert all(b["indicators"] and b["key_projects"] for b in written[8].values())


def test_a_429_holds_back_every_worker_for_its_retry_after(tmp_path):
    told = threading.Event()

    def script(task: str, body: dict) -> Reply:
        if task == "judge" and not told.is_set() and "第5区" in body["messages"][1]["content"]:
            told.set()
            return Reply(status=429, headers={"retry-after": "1"})
        return answer(task, body)

    with serve(script, latency=0.05) as endpoint:
        result = run(documents(tmp_path, 3), endpoint.url, tmp_path / "out", None, 4, *CHUNK_PER_LINE)
    assert result.exit_code == 0, result.output
    [limited] = [entry for entry in endpoint.log if entry.status == 429]
    after = [entry.arrived - limited.answered for entry in endpoint.log if entry.arrived > limited.answered]
    # Requests already sent when the 429 went out may land just after it; then nothing for the second.
    on_the_way = [t for t in after if t < 0.3]
    assert len(on_the_way) < 4
    assert all(t < 0.3 or t >= 1.0 for t in after), sorted(after)[:10]
    assert len([t for t in after if t >= 1.0]) > 10  # the run went on after the wait
    assert all(not b["run"]["chunks_failed"] for b in briefings(tmp_path / "out").values())


def test_an_endpoint_dying_mid_run_stops_every_worker_and_a_rerun_resumes(tmp_path, fast_backoff):
    paths = documents(tmp_path, 8)
    summaries = []

    def dying(task: str, body: dict) -> Reply:
        if len(summaries) >= 2:
            return Reply(status=503)  # two documents were answered in full; then the endpoint dies
        if task == "summary":
            summaries.append(body)
        return answer(task, body)

    out, cache = tmp_path / "out", tmp_path / "cache"
    with serve(dying, latency=0.01) as endpoint:
        result = run(paths, endpoint.url, out, cache, 4, *CHUNK_PER_LINE)
        ended = time.monotonic()
        time.sleep(0.5)
    # No worker goes on asking after the run ended (a request already on its way may still land).
    assert all(entry.arrived < ended + 0.1 for entry in endpoint.log)
    answered = [body for body, entry in zip(endpoint.requests, endpoint.log, strict=True) if entry.status == 200]
    first_run = {request_of(body) for body in answered}

    assert result.exit_code == 1, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert "the model endpoint failed 3 requests in a row" in line and "InternalServerError" in line
    assert line.endswith("run the same command again to resume")
    written = int(re.search(r"; (\d+) document\(s\) written", line).group(1))
    done = briefings(out)
    assert written == len(done) >= 2
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.{x}" for s in done for x in ("json", "md"))
    # Each request was tried at most its five times; the workers still retrying when the third request
    # failed stopped there (and none asked after the run ended, above).
    refused = Counter(
        request_of(body) for body, entry in zip(endpoint.requests, endpoint.log, strict=True) if entry.status == 503
    )
    assert max(refused.values()) <= 5 and sorted(refused.values()).count(5) >= 3

    with serve(answer) as endpoint:
        again = run(paths, endpoint.url, out, cache, 4, *CHUNK_PER_LINE)
    assert again.exit_code == 0, again.output
    assert len(briefings(out)) == len(paths)
    assert not first_run & {request_of(body) for body in endpoint.requests}  # the answered ones were not asked again


def test_the_embedded_model_answers_one_request_at_a_time_whatever_is_asked(tmp_path, monkeypatch):
    built = {}

    def build(backend, *args, **kwargs):
        built[backend] = kwargs["concurrency"]
        return fake_model(oracle)[0]

    monkeypatch.setattr(cli, "build_model", build)
    paths = documents(tmp_path, 1)
    result = runner.invoke(cli.app, ["summarize", *paths, "--concurrency", "6", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    assert "--concurrency 6 is not used: the embedded model answers one request at a time" in result.output
    runner.invoke(cli.app, ["summarize", *paths, "--backend", "openai", "--model", "m", "--no-cache", "-q"])
    assert built == {"local": 1, "openai": cli.ENDPOINT_CONCURRENCY}
    refused = runner.invoke(cli.app, ["summarize", *paths, "--concurrency", "0"])
    assert refused.exit_code == 2 and "--concurrency must be at least 1" in refused.output


MESSAGES = [{"role": "system", "content": "候选条目"}, {"role": "user", "content": "[1] 指标: 地区生产总值"}]


def test_a_stop_ends_a_long_backoff_at_once():
    """Ctrl-C or a dead endpoint must not leave a worker asleep in a 60-second Retry-After."""
    import openai

    try:
        import httpx2 as httpx  # openai 3.x
    except ImportError:  # pragma: no cover - openai 1.x/2.x
        import httpx

    response = httpx.Response(429, headers={"retry-after": "60"}, request=httpx.Request("POST", "http://x/v1"))
    model, create = fake_model(lambda task, text: openai.RateLimitError("slow down", response=response, body=None))
    raised: list[BaseException] = []

    def call() -> None:
        try:
            model.complete(MESSAGES, KeepAnswer)
        except BaseException as exc:
            raised.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    while not create.requests:
        time.sleep(0.01)
    time.sleep(0.1)  # asleep in the 60 s wait now
    started = time.monotonic()
    model.stop(ModelError("the run was interrupted"))
    worker.join(timeout=5)
    assert not worker.is_alive() and time.monotonic() - started < 1.0
    assert isinstance(raised[0], ModelError) and str(raised[0]) == "the run was interrupted"
    assert len(create.requests) == 1
    with pytest.raises(ModelError, match="interrupted"):  # and no request after a stop
        model.complete(MESSAGES, KeepAnswer)
    assert len(create.requests) == 1
