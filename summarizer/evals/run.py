"""Running the eval: which briefings to score, and the CI gate.

Four sets of documents are scored, each with its gold in `evals/gold/`: the seeds
(../shared/seeds), the development documents (../shared/devdocs), which come from other
places and genres, the labelled part of the development corpus (../shared/corpus), and three
corpus documents set aside (`evals/corpus_set_aside.txt`). Results are reported per set and for
all together, and the gate holds each. The set-aside documents are scored in aggregate only:
no per-document row, error or ungrounded item of theirs is printed or written, so the person
writing rules never sees them.

Three ways to get the briefings that are scored:
- `saved`: the committed `outputs/*.json` (no model at all);
- `replay`: the real pipeline on the documents, answered from the committed
  recordings in `evals/recordings/` (no model, no network). A request that was never
  recorded (a prompt, schema or stage changed what is asked) fails loudly;
- `live`: the real pipeline on a real model, recording every response, rewriting
  `outputs/`, and replacing the recordings only when every document completed.

The gate compares each list's F1, per set and overall, with `evals/baseline.json`; the
baseline changes only through `summarizer eval --update-baseline`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import ResponseCache, write_atomic
from ..errors import ModelError
from ..kinds import BY_FIELD, LISTS
from ..llm import ModelInfo, StructuredModel
from ..models import Briefing
from ..parallel import run_each
from ..pipeline import Options, find_candidates, summarize_source
from ..read import read_document
from ..write import write_briefing
from .cards import CardCheck, check_card, load_cards
from .gold import DEFAULT_CORPUS, DEFAULT_DEVDOCS, DEFAULT_SEEDS, GOLD_DIR, load_gold
from .keyfacts import carried, load_keyfacts
from .match import match_list
from .score import Counts, DocumentScore, OverallScore, aggregate, score_document
from .selfcheck import DocumentCheck, check_briefing, check_tables, is_work_report

REPO = Path(__file__).resolve().parents[2]
RECORDINGS_DIR = REPO / "evals" / "recordings"
BASELINE = REPO / "evals" / "baseline.json"
OUTPUTS_DIR = REPO / "outputs"
DEFAULT_MARGIN = 0.02
ALL = "all"
SET_ASIDE_FILE = REPO / "evals" / "corpus_set_aside.txt"
SET_ASIDE = "set_aside"


def set_aside_stems(path: Path = SET_ASIDE_FILE) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@dataclass(frozen=True)
class EvalSet:
    """A folder of source documents; a gold file belongs to the set whose folder holds its `<stem>.txt`
    (and, where `only` or `without` is given, whose stem is in `only` and not in `without`). A hidden
    set is reported in aggregate only."""

    name: str
    label: str
    folder: Path
    only: frozenset[str] | None = None
    without: frozenset[str] = frozenset()
    hidden: bool = False

    def holds(self, stem: str) -> bool:
        if self.only is not None and stem not in self.only:
            return False
        return stem not in self.without and (self.folder / f"{stem}.txt").exists()


def eval_sets(seeds: Path | None = None, devdocs: Path | None = None, corpus: Path | None = None) -> list[EvalSet]:
    aside = set_aside_stems()
    return [
        EvalSet("seeds", "seed documents", seeds or DEFAULT_SEEDS),
        EvalSet("devdocs", "development documents", devdocs or DEFAULT_DEVDOCS),
        EvalSet("corpus", "corpus documents", corpus or DEFAULT_CORPUS, without=aside),
        EvalSet(SET_ASIDE, "set-aside corpus documents", corpus or DEFAULT_CORPUS, only=aside, hidden=True),
    ]


def hidden_documents(sets: Sequence[EvalSet], gold_dir: Path = GOLD_DIR) -> frozenset[str]:
    """The stems whose rows, errors and items the eval never shows."""
    return frozenset(stem for stem, (s, _) in gold_documents(sets, gold_dir).items() if s.hidden)


@dataclass
class EvalRun:
    scores: list[DocumentScore]
    overall: OverallScore  # every document scored
    by_set: dict[str, OverallScore]  # set name → its documents; ALL → every document


def gold_stems(gold_dir: Path = GOLD_DIR) -> list[str]:
    return sorted(p.stem for p in gold_dir.glob("*.json") if not p.name.endswith(".alternates.json"))


def gold_documents(sets: Sequence[EvalSet], gold_dir: Path = GOLD_DIR) -> dict[str, tuple[EvalSet, Path]]:
    """Each gold stem whose source is found, with its set and source path, in set order."""
    found: dict[str, tuple[EvalSet, Path]] = {}
    for eval_set in sets:
        for stem in gold_stems(gold_dir):
            if stem not in found and eval_set.holds(stem):
                found[stem] = (eval_set, eval_set.folder / f"{stem}.txt")
    return found


def score_briefings(briefings: dict[str, Briefing], sets: Sequence[EvalSet], gold_dir: Path = GOLD_DIR) -> EvalRun:
    scores: list[DocumentScore] = []
    members: dict[str, list[DocumentScore]] = {s.name: [] for s in sets}
    for stem, (eval_set, path) in gold_documents(sets, gold_dir).items():
        if stem not in briefings:
            continue
        gold, alternates = load_gold(gold_dir / f"{stem}.json")
        score = score_document(briefings[stem], gold, alternates, read_document(path).text)
        scores.append(score)
        members[eval_set.name].append(score)
    by_set = {name: aggregate(group) for name, group in members.items() if group}
    by_set[ALL] = aggregate(scores)
    return EvalRun(scores, by_set[ALL], by_set)


def candidate_recall(sets: Sequence[EvalSet], gold_dir: Path = GOLD_DIR) -> dict[str, dict[str, Counts]]:
    """How much of the gold the candidate finders propose, per set and overall (ALL), per list.

    Candidates become records and are paired with the gold by the eval's own matcher: TP is a gold
    record some candidate matches, FN one none does, FP the candidates left over (finders aim at
    recall; the judge is there for precision)."""
    totals = {name: {f: Counts() for f in LISTS} for name in [*(s.name for s in sets), ALL]}
    for stem, (eval_set, path) in gold_documents(sets, gold_dir).items():
        gold, alternates = load_gold(gold_dir / f"{stem}.json")
        for field, candidates in find_candidates(read_document(path)).items():
            records = [BY_FIELD[field].candidate_record(c) for c in candidates]
            m = match_list(field, list(getattr(gold, field)), records, alternates)
            counts = Counts(tp=len(m.pairs), fp=len(m.unmatched_pred), fn=len(m.unmatched_gold))
            for name in (eval_set.name, ALL):
                totals[name][field] += counts
    return totals


def no_model_floor(
    sets: Sequence[EvalSet], gold_dir: Path = GOLD_DIR, briefings: dict[str, Briefing] | None = None
) -> dict[str, dict[str, Counts]]:
    """Per set and overall (ALL), the counts of `--backend none`: the rules judge alone, no model. Under a
    second for all ten documents, so every eval prints it beside the model's scores."""
    result = score_briefings(briefings or run_pipeline(None, sets, gold_dir), sets, gold_dir)
    return {name: {**o.lists, "records": o.records} for name, o in result.by_set.items()}


@dataclass
class SummaryScore:
    """Key facts carried by the summaries of a set, and how many of the summaries the model wrote were shown."""

    documents: int = 0
    facts: int = 0
    carried: int = 0
    asked: int = 0  # summaries a model was asked for
    accepted: int = 0  # ... and shown as it wrote them (the check refused none of them)
    slowest_seconds: float = 0.0  # the most model time one document took
    slowest: str = ""

    @property
    def rate(self) -> float | None:
        return self.carried / self.facts if self.facts else None


def summary_scores(
    briefings: dict[str, Briefing], sets: Sequence[EvalSet], gold_dir: Path = GOLD_DIR
) -> dict[str, SummaryScore]:
    """Per set and overall (ALL): the key facts (evals/keyfacts) the briefings' summaries carry, and whether the
    summary is the model's own."""
    out = {s.name: SummaryScore() for s in sets} | {ALL: SummaryScore()}
    hidden = hidden_documents(sets, gold_dir)
    for stem, (eval_set, _) in gold_documents(sets, gold_dir).items():
        briefing, facts = briefings.get(stem), load_keyfacts(stem)
        if briefing is None or facts is None:
            continue
        asked = "summary" in briefing.run.prompt_versions
        refused = any(w.task == "summary" for w in briefing.run.warnings)
        for name in (eval_set.name, ALL):
            score = out[name]
            score.documents += 1
            score.facts += len(facts)
            score.carried += sum(carried(fact, briefing.summary) for fact in facts)
            score.asked += asked
            score.accepted += asked and not refused
            if briefing.run.usage.model_seconds > score.slowest_seconds:
                score.slowest_seconds = briefing.run.usage.model_seconds
                score.slowest = "(set aside)" if stem in hidden else stem
    return {name: score for name, score in out.items() if score.documents}


def other_recordings(used: Path = RECORDINGS_DIR) -> list[Path]:
    """Recordings of other models beside the ones in use (evals/recordings-<model>/), for the summary table."""
    found = sorted(
        p for p in RECORDINGS_DIR.parent.glob("recordings*") if p.is_dir() and not p.name.endswith(".recording")
    )
    return [p for p in found if p.resolve() != used.resolve() and (p / "manifest.json").exists()]


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
    model: StructuredModel | None,
    sets: Sequence[EvalSet],
    gold_dir: Path = GOLD_DIR,
    options: Options | None = None,
    on_document: Callable[[str], None] | None = None,
) -> dict[str, Briefing]:
    """The briefing of every gold document, in gold order; `model.concurrency` of them at a time."""
    documents = list(gold_documents(sets, gold_dir).items())

    def briefing_of(document: tuple[str, tuple[EvalSet, Path]]) -> Briefing:
        stem, (_, path) = document
        if on_document:
            on_document(stem)
        # Record the document as a path relative to the repository, so briefings made on any
        # machine (and the committed outputs) are identical.
        source = dataclasses.replace(read_document(path), path=os.path.relpath(path, REPO))
        return summarize_source(source, model, options)

    done: dict[str, Briefing] = {}
    with closing(run_each(briefing_of, documents, model.concurrency if model else 1)) as outcomes:
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
            done[documents[outcome.index][0]] = outcome.value  # type: ignore[assignment]
    return {stem: done[stem] for stem, _ in documents}


def record_live(
    model: StructuredModel,
    sets: Sequence[EvalSet],
    outputs: Path | None = OUTPUTS_DIR,
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
    briefings = run_pipeline(model, sets, on_document=on_document)
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
    if outputs is not None:  # another model's recordings leave the committed outputs as they are
        for stem, briefing in briefings.items():
            write_briefing(briefing, outputs, stem)
    if recordings.exists():
        shutil.rmtree(recordings)
    staging.rename(recordings)
    return briefings


def load_baseline(path: Path = BASELINE) -> dict[str, dict[str, float]] | None:
    """{set name or ALL: {list: F1}}."""
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["f1"]


def baseline_of(result: EvalRun) -> dict[str, Any]:
    return {
        "f1": {name: {n: _f1(overall, n) for n in LISTS} for name, overall in result.by_set.items()},
        "note": "written by `summarizer eval --replay --update-baseline`; CI fails when a list's F1 drops "
        f"by more than {DEFAULT_MARGIN} in any set",
    }


def _f1(overall: OverallScore, name: str) -> float:
    counts = overall.lists[name]
    return round(counts.f1 or 0.0, 4)


def gate(result: EvalRun, baseline: dict[str, dict[str, float]], margin: float = DEFAULT_MARGIN) -> list[str]:
    """The lists whose F1 fell by more than `margin` below the baseline, in each set and overall.
    A set in the baseline that this run did not score is a failure too: the gate must not pass by omission."""
    failures = []
    for set_name, lists in baseline.items():
        overall = result.by_set.get(set_name)
        if overall is None:
            failures.append(f"{set_name}: no document of this set was scored")
            continue
        for name, before in lists.items():
            now = _f1(overall, name)
            if now < before - margin:
                failures.append(f"{set_name} {name}: F1 {now:.4f} < baseline {before:.4f} - {margin}")
    return failures


@dataclass
class NoGoldChecks:
    """What needs no gold: the year's-targets self-check of every work report (gold sets and corpus), and the
    corpus cards against the hand-labelled cards. Both read `--backend none` briefings (the same lists and
    card as the default embedded backend)."""

    selfchecks: list[DocumentCheck]
    cards: list[CardCheck]
    tables: list[DocumentCheck]  # the value cells of every indicator table, in every document that has one


def no_gold_checks(
    sets: Sequence[EvalSet],
    gold_dir: Path = GOLD_DIR,
    corpus: Path = DEFAULT_CORPUS,
    plain: dict[str, Briefing] | None = None,
) -> NoGoldChecks:
    """The checks that need no gold, over the gold documents and the corpus, on the briefings of no model (`plain`:
    those the eval already made of the gold documents, so they are not made twice)."""
    gold = gold_documents(sets, gold_dir)
    hidden = hidden_documents(sets, gold_dir)
    documents: dict[str, Path] = {stem: path for stem, (_, path) in gold.items()}
    for path in sorted(corpus.glob("*.txt")):
        documents.setdefault(path.stem, path)
    cards = load_cards()
    selfchecks, card_checks, table_checks = [], [], []
    for stem, path in documents.items():
        source = read_document(path)
        briefing = (plain or {}).get(stem) or summarize_source(source, None)
        labelled = load_gold(gold_dir / f"{stem}.json")[0].document.doc_type if stem in gold else None
        labelled = labelled or cards.get(stem, {}).get("doc_type")
        if is_work_report(labelled, briefing):
            selfchecks.append(DocumentCheck(stem, stem in hidden, check_briefing(briefing, source.text)))
        tables = check_tables(briefing, source.text)
        if tables.checked:
            table_checks.append(DocumentCheck(stem, stem in hidden, tables))
        if stem in cards and path.parent.resolve() == corpus.resolve():
            card_checks.append(check_card(stem, briefing.document, cards[stem], stem in hidden))
    return NoGoldChecks(selfchecks, card_checks, table_checks)
