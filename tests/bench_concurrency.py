"""How much `--concurrency` buys against a slow endpoint (a script that prints figures, not a test).

The fake OpenAI-compatible endpoint on loopback (tests/endpoint.py) answers every request
after `--latency` seconds, as a model generating would; the same documents are summarized
through the CLI at concurrency 1, 2, 4 and 8 (no cache), and each run's wall time and
speed-up over one worker is printed. With the calls overlapping, 8 workers should come
close to 8x; the rest of a run (reading, the rules, the judge's bookkeeping) is serial CPU.

    PYTHONPATH=. python tests/bench_concurrency.py [--latency 0.3] [--documents 12]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint import serve
from test_concurrency import answer, document
from typer.testing import CliRunner

import summarizer.cli as cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per answer")
    parser.add_argument("--documents", type=int, default=12)
    parser.add_argument("--chunk-chars", type=int, default=120, help="smaller: more judge calls per document")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    os.environ.setdefault("SUMMARIZER_API_KEY", "not-a-real-key")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for n in range(args.documents):
            (folder / f"doc{n:02d}.txt").write_text(document(n), encoding="utf-8")
        print(f"{args.documents} documents, {args.latency:g} s per answer, chunks of {args.chunk_chars} chars")
        print(f"{'workers':>7} {'calls':>6} {'most in flight':>14} {'wall s':>7} {'speed-up':>8}")
        first: float | None = None
        for workers in args.workers:
            with serve(answer, latency=args.latency) as endpoint:
                command = ["summarize", str(folder), "--backend", "openai", "--model", "fake", "--base-url"]
                command += [endpoint.url, "-o", str(Path(tmp) / f"out{workers}"), "-q", "--no-cache"]
                command += ["--chunk-chars", str(args.chunk_chars), "--concurrency", str(workers)]
                started = time.perf_counter()
                result = CliRunner().invoke(cli.app, command)
                wall = time.perf_counter() - started
            if result.exit_code != 0:
                raise SystemExit(f"concurrency {workers}: exit {result.exit_code}\n{result.output}")
            first = first or wall
            print(
                f"{workers:>7} {len(endpoint.requests):>6} {endpoint.most_in_flight:>14} {wall:>7.2f} "
                f"{first / wall:>7.2f}x"
            )


if __name__ == "__main__":
    main()
