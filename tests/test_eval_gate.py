"""The CI eval: the real pipeline replays recorded responses, is scored, and is gated."""

from __future__ import annotations

import pytest
from conftest import SEEDS

import summarizer.pipeline as pipeline
from summarizer.evals import run as ev

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not found")


@pytest.fixture(scope="module")
def replayed():
    return ev.run_pipeline(ev.replay_model(), SEEDS)


def test_replay_reproduces_the_committed_outputs(replayed):
    saved = ev.load_saved()
    assert set(saved) == set(replayed) == set(ev.gold_stems())
    for stem, briefing in replayed.items():
        strip = lambda b: b.model_dump(exclude={"run": {"seconds", "usage"}})  # noqa: E731
        assert strip(briefing) == strip(saved[stem]), (
            f"outputs/{stem}.json is stale: summarizer eval --replay --write-outputs"
        )


def test_current_scores_pass_the_gate(replayed):
    result = ev.score_briefings(replayed, SEEDS)
    assert ev.gate(result.overall, ev.load_baseline()) == []


def test_losing_the_table_rows_fails_the_gate(monkeypatch):
    real = pipeline.find_tables

    def rows_lost(clean):
        tables, warnings = real(clean)
        for table in tables:
            table.indicators = []  # the stage still finds the tables, but yields no rows
        return tables, warnings

    monkeypatch.setattr(pipeline, "find_tables", rows_lost)
    # The summary is not scored, and its request (built from the facts) was never recorded for this variant.
    monkeypatch.setattr(pipeline, "write_summary", lambda doc, goals, indicators, projects, *rest: "")
    result = ev.score_briefings(ev.run_pipeline(ev.replay_model(), SEEDS), SEEDS)
    failures = ev.gate(result.overall, ev.load_baseline())
    assert any(f.startswith("indicators:") for f in failures)


def test_a_changed_prompt_is_a_stale_recording_not_a_silent_score(monkeypatch):
    from summarizer.errors import StaleRecordingError
    from summarizer.prompts import Prompt, load_prompt

    original = load_prompt("indicators")
    changed = Prompt(**{**original.__dict__, "system": original.system + "只抽取约束性指标。"})
    monkeypatch.setattr(
        "summarizer.extract.load_prompt", lambda name: changed if name == "indicators" else load_prompt(name)
    )
    with pytest.raises(StaleRecordingError):
        ev.run_pipeline(ev.replay_model(), SEEDS)
