"""Running the eval: which briefings to score, and the CI gate.

Three ways to get the briefings that are scored against `evals/gold/`:
- `saved`: the committed `outputs/*.json` (no model at all);
- `replay`: the real pipeline on the seed documents, answered from the committed
  recordings in `evals/recordings/` (no model, no network). A request that was never
  recorded (a prompt, schema or stage changed what is asked) fails loudly;
- `live`: the real pipeline on a real model, recording every response, rewriting
  `outputs/`, and replacing the recordings only when every document completed.

The gate compares each list's overall F1 with `evals/baseline.json`; the baseline
changes only through `summarizer eval --update-baseline`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import ResponseCache, write_atomic
from ..errors import ModelError
from ..llm import ModelInfo, StructuredModel
from ..models import Briefing
from ..pipeline import Options, summarize_source
from ..read import read_document
from ..write import write_briefing
from .gold import LISTS, load_gold
from .score import DocumentScore, OverallScore, aggregate, score_document

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "evals" / "gold"
RECORDINGS_DIR = REPO / "evals" / "recordings"
BASELINE = REPO / "evals" / "baseline.json"
OUTPUTS_DIR = REPO / "outputs"
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_MARGIN = 0.02


@dataclass
class EvalRun:
    scores: list[DocumentScore]
    overall: OverallScore


def gold_stems(gold_dir: Path = GOLD_DIR) -> list[str]:
    return sorted(p.stem for p in gold_dir.glob("*.json") if not p.name.endswith(".alternates.json"))


def score_briefings(briefings: dict[str, Briefing], seeds: Path, gold_dir: Path = GOLD_DIR) -> EvalRun:
    scores = []
    for stem in gold_stems(gold_dir):
        if stem not in briefings:
            continue
        gold, alternates = load_gold(gold_dir / f"{stem}.json")
        text = read_document(seeds / f"{stem}.txt").text
        scores.append(score_document(briefings[stem], gold, alternates, text))
    return EvalRun(scores, aggregate(scores))


def load_saved(outputs: Path = OUTPUTS_DIR, gold_dir: Path = GOLD_DIR) -> dict[str, Briefing]:
    found = {}
    for stem in gold_stems(gold_dir):
        path = outputs / f"{stem}.json"
        if path.exists():
            found[stem] = Briefing.model_validate(json.loads(path.read_text(encoding="utf-8")))
    return found


def _no_model(**_: Any) -> Any:
    raise ModelError("replay makes no model calls: this request was not recorded")


def replay_model(recordings: Path = RECORDINGS_DIR) -> StructuredModel:
    manifest_path = recordings / "manifest.json"
    if not manifest_path.exists():
        raise ModelError(f"{manifest_path}: no recordings; record them with `summarizer eval --live --record`")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    info = ModelInfo(backend=manifest["backend"], model=manifest["model"], sha256=manifest.get("model_sha256"))
    return StructuredModel(
        info=info,
        create=_no_model,
        mode=manifest.get("mode", "json_schema"),
        cache=ResponseCache(recordings, replay=True),
    )


def run_pipeline(
    model: StructuredModel,
    seeds: Path,
    gold_dir: Path = GOLD_DIR,
    options: Options | None = None,
    on_document: Callable[[str], None] | None = None,
) -> dict[str, Briefing]:
    briefings = {}
    for stem in gold_stems(gold_dir):
        if on_document:
            on_document(stem)
        path = seeds / f"{stem}.txt"
        # Record the seed as a path relative to the repository, so briefings made on any
        # machine (and the committed outputs) are identical.
        source = dataclasses.replace(read_document(path), path=os.path.relpath(path, REPO))
        briefings[stem] = summarize_source(source, model, options)
    return briefings


def record_live(
    model: StructuredModel,
    seeds: Path,
    outputs: Path = OUTPUTS_DIR,
    recordings: Path = RECORDINGS_DIR,
    on_document: Callable[[str], None] | None = None,
) -> dict[str, Briefing]:
    """Run live into a staging copy of the recordings; replace the committed recordings and outputs at the end.

    The staging folder starts as a copy of the current recordings, so a re-record asks the
    model only what changed (a new prompt, a stage that changes what is asked), and is kept
    across interruptions so a rerun resumes. Entries the run did not use are pruned.
    """
    staging = recordings.with_name(recordings.name + ".recording")
    if not staging.exists() and recordings.exists():
        shutil.copytree(recordings, staging)
    staging.mkdir(parents=True, exist_ok=True)
    cache = ResponseCache(staging)
    model.cache = cache
    started = time.monotonic()
    briefings = run_pipeline(model, seeds, on_document=on_document)
    manifest = {
        "backend": model.info.backend,
        "model": model.info.model,
        "model_sha256": model.info.sha256,
        "mode": model.mode,
        # This run asked only what changed; the recordings' own times give what all of it cost.
        "this_run_seconds": round(time.monotonic() - started, 1),
    }
    cache.prune()
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in staging.glob("*/*.json")]
    manifest["responses"] = len(entries)
    manifest["model_seconds_all_responses"] = round(sum(e.get("seconds", 0) for e in entries), 1)
    write_atomic(staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    for stem, briefing in briefings.items():
        write_briefing(briefing, outputs, stem)
    if recordings.exists():
        shutil.rmtree(recordings)
    staging.rename(recordings)
    return briefings


def load_baseline(path: Path = BASELINE) -> dict[str, float] | None:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["f1"]


def baseline_of(overall: OverallScore) -> dict[str, Any]:
    return {
        "f1": {name: _f1(overall, name) for name in LISTS},
        "note": "written by `summarizer eval --replay --update-baseline`; CI fails when a list's F1 drops "
        f"by more than {DEFAULT_MARGIN}",
    }


def _f1(overall: OverallScore, name: str) -> float:
    counts = overall.lists[name]
    return round(counts.f1 or 0.0, 4)


def gate(overall: OverallScore, baseline: dict[str, float], margin: float = DEFAULT_MARGIN) -> list[str]:
    """The lists whose F1 fell by more than `margin` below the baseline."""
    failures = []
    for name, before in baseline.items():
        now = _f1(overall, name)
        if now < before - margin:
            failures.append(f"{name}: F1 {now:.4f} < baseline {before:.4f} - {margin}")
    return failures
