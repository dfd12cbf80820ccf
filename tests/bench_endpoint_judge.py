"""Benchmark: the endpoint judge against the rules, on the seeds, through a real OpenAI-compatible server.

    python tests/bench_endpoint_judge.py [--base-url URL --model ID] [--seeds DIR]

With no --base-url it starts llama-cpp-python's own server (`python -m llama_cpp.server`, needs
`pip install 'llama-cpp-python[server]==0.3.36'`) serving the embedded 0.5B model on a free port, so the figures
here are those of the weakest judge; a user with a stronger endpoint passes its URL and model id (the key from
SUMMARIZER_API_KEY) and gets the same table. For each seed it runs `summarizer summarize` twice, with the rules
alone (`--backend none`) and with the endpoint judging the candidates the rules are unsure of (`--judge model`,
`--mode auto`), then scores both with `summarizer eval --outputs` and prints, per list: the records the judge kept
and dropped against the rules, and the F1 of each against the seed gold.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SEEDS = HERE.parent.parent / "shared" / "seeds"
SUMMARIZER = str(Path(sys.executable).with_name("summarizer"))
LISTS = ("indicators", "goals", "key_projects", "responsible_bodies", "results")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([SUMMARIZER, *args], capture_output=True, text=True, check=False)


def labels(folder: Path, field: str) -> set[tuple[str, str, int, int]]:
    """Each record of a list as (document, name, span): what the judge keeps or drops."""
    out = set()
    for path in folder.glob("*.json"):
        briefing = json.loads(path.read_text(encoding="utf-8"))
        for item in briefing[field]:
            name = item.get("name") or item.get("statement") or ""
            out.add((path.stem, name, item["evidence"]["start"], item["evidence"]["end"]))
    return out


def f1s(folder: Path, seeds: Path, empty: Path, report: Path) -> dict[str, float | None]:
    scored = run(
        "eval", "--outputs", str(folder), "--no-gate", "--report-dir", str(report), "--seeds", str(seeds),
        "--devdocs", str(empty), "--corpus", str(empty),
    )  # fmt: skip
    if scored.returncode != 0:
        raise SystemExit(f"eval failed: {scored.stderr[-2000:]}")
    lists = json.loads((report / "report.json").read_text(encoding="utf-8"))["sets"]["seeds"]["lists"]
    return {field: lists[field]["f1"] for field in LISTS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url")
    parser.add_argument("--model", default="local")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = args.base_url
        if url is None:
            from test_real_server import Server, _model_path

            server = Server(_model_path(), tmp_path / "server.log")
            server.wait_ready()
            url = server.url
        try:
            docs = sorted(str(p) for p in args.seeds.glob("*.txt"))
            rules, judged, empty = tmp_path / "rules", tmp_path / "judged", tmp_path / "empty"
            empty.mkdir()
            run("summarize", *docs, "--backend", "none", "-q", "--format", "json", "-o", str(rules))
            started = time.perf_counter()
            done = run(
                "summarize", *docs, "--backend", "openai", "--base-url", url, "--model", args.model,
                "--judge", "model", "-q", "--format", "json", "-o", str(judged), "--no-cache",
            )  # fmt: skip
            seconds = time.perf_counter() - started
            print(done.stderr.strip()[-1500:])
            calls = mode = 0
            for path in judged.glob("*.json"):
                briefing = json.loads(path.read_text(encoding="utf-8"))
                calls += briefing["run"]["usage"]["calls"]
                mode = briefing["run"].get("mode")
            print(f"endpoint {url} model {args.model}: {calls} calls in {seconds:.0f} s, mode {mode}")
            rule_f1 = f1s(rules, args.seeds, empty, tmp_path / "report-rules")
            judge_f1 = f1s(judged, args.seeds, empty, tmp_path / "report-judged")
            print(f"{'list':<20} {'rules':>6} {'judge':>6} {'kept':>6} {'dropped':>8} {'added':>6}  F1 rules → judge")
            for field in LISTS:
                a, b = labels(rules, field), labels(judged, field)
                rf, jf = rule_f1[field], judge_f1[field]
                shown = f"{rf:.3f} → {jf:.3f}" if rf is not None and jf is not None else "—"
                print(f"{field:<20} {len(a):>6} {len(b):>6} {len(a & b):>6} {len(a - b):>8} {len(b - a):>6}  {shown}")
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
