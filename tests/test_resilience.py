"""A run stopped and started again, and a batch against a flaky endpoint.

- Ctrl-C, `kill` and `kill -9` in the middle of a document: no half-written output, and
  the next run answers the finished calls from the cache (only the calls in flight repeat:
  at most --concurrency of them).
- The five seeds plus the bad corpus against an endpoint that fails a third of its calls:
  every seed gets its briefing, every bad file one error line.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, SEEDS, seed_path
from endpoint import Reply, items, serve
from test_bad_input import BAD, REFUSED, SUMMARIZED
from test_pipeline import SCHEMA, oracle
from typer.testing import CliRunner

import summarizer.cli as cli
import summarizer.llm as llm

SECRET = "sk-planted-resilience-KEY-777"
IN_FLIGHT = 4  # --concurrency of the interrupted runs: the requests that can be on the wire at once


def _start_endpoint(tmp_path: Path, delay: float) -> tuple[subprocess.Popen, str, Path]:
    port_file, log = tmp_path / "url", tmp_path / "requests.log"
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "endpoint.py"), str(port_file), str(log), str(delay)]
    )
    for _ in range(100):
        if port_file.exists() and port_file.read_text():
            return server, port_file.read_text(), log
        time.sleep(0.1)
    server.kill()
    raise RuntimeError("the fake endpoint did not start")


def _summarize(url: str, out: Path, cache: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "summarizer.cli", "summarize", str(seed_path("000"))]
    command += ["--backend", "openai", "--model", "fake", "--base-url", url, "-o", str(out), "--cache-dir", str(cache)]
    command += ["--concurrency", str(IN_FLIGHT)]
    env = {**os.environ, "SUMMARIZER_API_KEY": SECRET}
    return subprocess.Popen([*command, "-q"], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)


def _requests(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split()[1::2] if log.exists() else []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_run_resumes_from_the_cache_and_never_leaves_half_a_file(tmp_path, how):
    server, url, log = _start_endpoint(tmp_path, delay=0.15)
    out, cache = tmp_path / "out", tmp_path / "cache"
    try:
        run = _summarize(url, out, cache)
        while len(_requests(log)) < 8 and run.poll() is None:
            time.sleep(0.05)
        run.send_signal(how)
        _, stderr = run.communicate(timeout=60)
        asked_before = _requests(log)
        if how == signal.SIGKILL:
            assert run.returncode == -signal.SIGKILL
        else:
            assert run.returncode == 130, stderr
            assert "interrupted during" in stderr and "run the same command again to resume" in stderr
        assert not out.exists() or list(out.iterdir()) == []  # no briefing, and no half of one
        for entry in cache.rglob("*.json"):
            json.loads(entry.read_text(encoding="utf-8"))  # every cached answer is whole

        again = _summarize(url, out, cache)
        _, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr
    finally:
        server.kill()
    asked_after = _requests(log)[len(asked_before) :]
    repeated = set(asked_before) & set(asked_after)
    assert len(repeated) <= IN_FLIGHT  # at most the calls that were in flight
    assert len(asked_before) >= 8
    assert len(set(asked_before)) == len(asked_before) and len(set(asked_after)) == len(asked_after)
    briefing = json.loads((out / f"{seed_path('000').stem}.json").read_text(encoding="utf-8"))
    jsonschema.validate(briefing, SCHEMA)
    assert briefing["run"]["usage"]["cache_hits"] >= len(asked_before) - IN_FLIGHT
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{seed_path('000').stem}.{x}" for x in ("json", "md"))
    for path in [*out.rglob("*"), *cache.rglob("*")]:
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace")


FAULTS = {
    "500": Reply(status=500),
    "429": Reply(status=429, headers={"retry-after": "0"}),
    "dropped connection": Reply(drop=True),
    "truncated JSON": Reply(content='{"items": [{"name": "地区'),
    "schema-failing JSON": Reply(content='{"items": [{"title": 1}]}'),
    "empty answer": Reply(content=""),
    "English prose": Reply(content="I am sorry, I cannot help with that."),
}


def test_a_batch_against_an_endpoint_failing_a_third_of_its_calls(tmp_path, monkeypatch, capsys):
    if not SEEDS.is_dir():
        pytest.skip("seed documents not found")
    monkeypatch.setattr(llm, "_retry_after", lambda state: 0.01)
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)
    chance = random.Random(20261121)
    injected: Counter[str] = Counter()

    def flaky(task: str, body: dict) -> Reply:
        if chance.random() < 1 / 3:
            kind = chance.choice(sorted(FAULTS))
            injected[kind] += 1
            return FAULTS[kind]
        return items(oracle(task, body["messages"][-1]["content"]))

    out = tmp_path / "out"
    with serve(flaky) as endpoint:
        args = ["summarize", str(SEEDS), str(BAD), "--backend", "openai", "--model", "fake"]
        args += ["--base-url", endpoint.url, "-o", str(out), "-q", "--cache-dir", str(tmp_path / "cache")]
        result = CliRunner().invoke(cli.app, args)
    calls = len(endpoint.requests)

    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert sorted(errors) == sorted(f"error: {BAD / name}: {reason}" for name, reason in REFUSED.items())
    briefings = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    seeds = sorted(p.stem for p in SEEDS.glob("*.txt"))
    others = [Path(p).stem for p in cli.expand_paths([str(SEEDS)])[0] if Path(p).suffix != ".txt"]  # README.md
    assert sorted(briefings) == sorted(seeds + others + [Path(n).stem for n in SUMMARIZED])
    for briefing in briefings.values():
        jsonschema.validate(briefing, SCHEMA)
    failed = {stem: b["run"]["chunks_failed"] for stem, b in briefings.items()}
    failure_lines = [line for line in result.output.splitlines() if "chunks incomplete" in line]
    assert len(failure_lines) == sum(1 for n in failed.values() if n)
    assert all(SECRET not in line for line in result.output.splitlines())
    faulty = sum(injected.values())
    assert 0.25 < faulty / calls < 0.42  # about a third of the calls failed
    with capsys.disabled():
        print(
            f"\nflaky batch: {calls} requests, {faulty} faults injected ({dict(sorted(injected.items()))}); "
            f"{len(briefings)} briefings ({len(seeds)} seeds), {len(errors)} error lines; "
            f"failed chunks per seed {[failed[s] for s in seeds]}; "
            f"warnings per seed {[len(briefings[s]['run']['warnings']) for s in seeds]}"
        )
