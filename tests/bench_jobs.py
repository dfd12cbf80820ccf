"""Benchmark: documents per minute over the corpus with --jobs 1, 2 and N, with no model.

    python tests/bench_jobs.py [N]      (default: twice the CPUs)

Runs `summarizer summarize ../shared/corpus --backend none -q --jobs J -o <fresh folder>` for each J, one after
the other in one run (the machine is shared: compare figures only within one run), and prints the wall time,
documents per minute, and whether every briefing equals the one-job run's apart from timings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SUMMARIZER = Path(sys.executable).with_name("summarizer")


def without_timings(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["run"]["seconds"] = 0
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2 * (os.cpu_count() or 1)
    print(f"{os.cpu_count()} CPUs; corpus {CORPUS}")
    print(f"{'jobs':>4}  {'documents':>9}  {'seconds':>7}  {'documents/min':>13}  same as --jobs 1")
    with tempfile.TemporaryDirectory() as tmp:
        first: dict[str, str] = {}
        for jobs in dict.fromkeys((1, 2, n)):
            out = Path(tmp) / f"jobs{jobs}"
            started = time.perf_counter()
            subprocess.run(
                [
                    *(str(SUMMARIZER), "summarize", str(CORPUS), "--backend", "none", "-q", "--format", "json"),
                    "--jobs",
                    str(jobs),
                    "-o",
                    str(out),
                ],
                check=True,
                capture_output=True,
            )
            seconds = time.perf_counter() - started
            briefings = {p.name: without_timings(p) for p in sorted(out.glob("*.json"))}
            first = first or briefings
            same = "yes" if briefings == first else "NO"
            rate = len(briefings) / seconds * 60
            print(f"{jobs:>4}  {len(briefings):>9}  {seconds:>7.1f}  {rate:>13.0f}  {same}")


if __name__ == "__main__":
    main()
