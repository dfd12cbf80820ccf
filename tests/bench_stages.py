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

from summarizer.card import describe_document
from summarizer.clean import clean_text
from summarizer.judge import judge
from summarizer.kinds import KINDS
from summarizer.merge import merge_lists
from summarizer.read import source_from_bytes
from summarizer.segment import make_chunks, split_sections
from summarizer.tables import find_tables

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "002_0e369cfbaccd2f2f.txt"


def document_of(megabytes: float) -> bytes:
    seed = SEED.read_bytes()
    size = int(megabytes * 1024 * 1024)
    data = (seed * (size // len(seed) + 1))[:size]
    return data[: data.rfind(b"\n") + 1]


def run(megabytes: float) -> None:
    data = document_of(megabytes)
    times: dict[str, float] = {}

    def timed(stage: str, fn, *args):
        started = time.perf_counter()
        result = fn(*args)
        times[stage] = time.perf_counter() - started
        return result

    source = timed("read", source_from_bytes, data, "bench.txt", len(data) + 1)
    clean = timed("clean", clean_text, source.text)
    tables, _ = timed("tables", find_tables, clean)
    spans = [(t.start, t.end) for t in tables]
    sections = timed("sections", split_sections, clean.text, spans)
    chunks = timed("chunks", make_chunks, clean.text, sections, 1200, spans)
    info = timed("card", describe_document, source, clean)
    candidates = timed("find", lambda: {k.field: k.find(clean.text) for k in KINDS})
    judged = timed("judge", judge, candidates, clean, sections, chunks, info, None)
    rows = [row for table in tables for row in table.indicators]
    lists = timed("merge", merge_lists, {**judged.lists, "indicators": rows + judged.lists["indicators"]})
    records = sum(len(v) for v in lists.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB; the process's peak so far
    stages = "  ".join(f"{k} {v:.1f}s" for k, v in times.items())
    found = sum(len(v) for v in candidates.values())
    print(
        f"{megabytes:>5} MB  {len(source.text):>9} chars  {len(tables)} tables  {len(chunks)} chunks  "
        f"{found} candidates  {records} kept  |  {stages}  |  "
        f"total {sum(times.values()):.1f}s  peak RSS {peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    for mb in [float(a) for a in sys.argv[1:]] or [1, 5, 20]:
        run(mb)
