"""The CI eval: the real pipeline replays recorded responses on both sets, is scored, and is gated per set."""

from __future__ import annotations

import pytest
from conftest import SEEDS

import summarizer.pipeline as pipeline
from summarizer.evals import run as ev

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not found")


SETS = ev.eval_sets()


@pytest.fixture(scope="module")
def replayed():
    return ev.run_pipeline(ev.replay_model(), SETS)


def test_every_set_is_replayed_and_scored(replayed):
    result = ev.score_briefings(replayed, SETS)
    assert set(result.by_set) == {"seeds", "devdocs", "corpus", ev.SET_ASIDE, ev.ALL}
    assert len(result.by_set["seeds"].documents) == 5
    assert len(result.by_set["devdocs"].documents) == 5
    assert len(result.by_set["corpus"].documents) == 9
    assert len(result.by_set[ev.SET_ASIDE].documents) == 3
    assert result.by_set[ev.ALL].documents == [s.document for s in result.scores]


def test_replay_reproduces_the_committed_outputs(replayed):
    saved = ev.load_saved()
    assert set(saved) == set(replayed) == set(ev.gold_stems())
    for stem, briefing in replayed.items():
        strip = lambda b: b.model_dump(exclude={"run": {"seconds", "usage"}})  # noqa: E731
        assert strip(briefing) == strip(saved[stem]), (
            f"outputs/{stem}.json is stale: summarizer eval --replay --write-outputs"
        )


def test_current_scores_pass_the_gate(replayed):
    result = ev.score_briefings(replayed, SETS)
    baseline = ev.load_baseline()
    assert set(baseline) == {"seeds", "devdocs", "corpus", ev.SET_ASIDE, ev.ALL}
    assert ev.gate(result, baseline) == []


def test_a_drop_in_one_set_fails_the_gate_even_when_the_total_holds(replayed):
    result = ev.score_briefings(replayed, SETS)
    baseline = ev.load_baseline()
    raised = {**baseline, "devdocs": {**baseline["devdocs"], "goals": baseline["devdocs"]["goals"] + 0.05}}
    assert ev.gate(result, raised) == [
        f"devdocs goals: F1 {baseline['devdocs']['goals']:.4f} < baseline {raised['devdocs']['goals']:.4f} - 0.02"
    ]


def test_a_set_that_was_not_scored_fails_the_gate(replayed):
    seeds_only = ev.score_briefings(replayed, SETS[:1])
    assert "devdocs: no document of this set was scored" in ev.gate(seeds_only, ev.load_baseline())


def test_losing_the_table_rows_fails_the_gate(monkeypatch):
    real = pipeline.find_tables

    def rows_lost(clean):
        tables, warnings = real(clean)
        for table in tables:
            table.indicators = []  # the stage still finds the tables, but yields no rows
        return tables, warnings

    monkeypatch.setattr(pipeline, "find_tables", rows_lost)
    # The summary is not scored, and its request (built from the facts) was never recorded for this variant.
    monkeypatch.setattr(pipeline, "write_summary", lambda *args: "")
    result = ev.score_briefings(ev.run_pipeline(ev.replay_model(), SETS), SETS)
    failures = ev.gate(result, ev.load_baseline())
    assert any(f.startswith("seeds indicators:") for f in failures)
    assert any(f.startswith("all indicators:") for f in failures)


def test_a_changed_prompt_is_a_stale_recording_not_a_silent_score(monkeypatch):
    from summarizer.errors import StaleRecordingError
    from summarizer.prompts import Prompt, load_prompt

    original = load_prompt("summary")  # the request the embedded default model makes
    changed = Prompt(**{**original.__dict__, "system": original.system + "只写约束性指标。"})
    monkeypatch.setattr(
        "summarizer.describe.load_prompt", lambda name: changed if name == "summary" else load_prompt(name)
    )
    with pytest.raises(StaleRecordingError):
        ev.run_pipeline(ev.replay_model(), SETS)
