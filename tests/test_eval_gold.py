"""The gold files are sound, and the scorer gives them a perfect score against themselves."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from summarizer.evals.gold import GOLD_DIR, check_file, load_gold
from summarizer.evals.run import gold_stems, score_briefings

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not found")


def test_there_is_gold_for_every_seed():
    assert gold_stems() == sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("stem", gold_stems())
def test_gold_is_a_valid_briefing_with_exact_evidence(stem):
    assert check_file(GOLD_DIR / f"{stem}.json", SEEDS) == []


def test_gold_scored_against_itself_is_perfect():
    result = score_briefings({s: load_gold(GOLD_DIR / f"{s}.json")[0] for s in gold_stems()}, SEEDS)
    for name, counts in result.overall.lists.items():
        assert (counts.fp, counts.fn) == (0, 0), name
        assert counts.tp > 0, name
    assert result.overall.grounding.rate == 1.0
