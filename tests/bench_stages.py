"""Benchmark: time and peak memory of the deterministic stages on large inputs.

    python tests/bench_stages.py [MB ...]      (default 1 5 20)

Builds a document of the given size from seed 002 (a plan outline with tables) and
prints seconds per stage and the process's peak resident memory (run sizes in
increasing order: the peak is the process's so far). The candidates are judged by the
rules (`--backend none`); tests/bench_model.py measures the stages that use a model.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from summarizer.kinds import KINDS
from summarizer.pipeline import summarize_source
from summarizer.read import source_from_bytes

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "002_0e369cfbaccd2f2f.txt"


def document_of(megabytes: float) -> bytes:
    seed = SEED.read_bytes()
    size = int(megabytes * 1024 * 1024)
    data = (seed * (size // len(seed) + 1))[:size]
    return data[: data.rfind(b"\n") + 1]


def run(megabytes: float) -> None:
    data = document_of(megabytes)
    times: dict[str, float] = {}
    started = time.perf_counter()
    source = source_from_bytes(data, "bench.txt", len(data) + 1)
    times["read"] = time.perf_counter() - started
    briefing = summarize_source(source, None, stage_seconds=times)  # the rules judge: no model
    records = sum(len(getattr(briefing, kind.field)) for kind in KINDS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB; the process's peak so far
    stages = "  ".join(f"{k} {v:.1f}s" for k, v in times.items())
    print(
        f"{megabytes:>5} MB  {len(source.text):>9} chars  {briefing.run.chunks} chunks  {records} records  |  "
        f"{stages}  |  total {sum(times.values()):.1f}s  peak RSS {peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    for mb in [float(a) for a in sys.argv[1:]] or [1, 5, 20]:
        run(mb)
