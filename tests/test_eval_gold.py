"""The gold files are sound, and the scorer gives them a perfect score against themselves."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from summarizer.evals.gold import GOLD_DIR, check_file, load_gold
from summarizer.evals.run import eval_sets, gold_stems, score_briefings

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not found")
SETS = eval_sets()


@pytest.mark.parametrize("eval_set", SETS[:2], ids=lambda s: s.name)
def test_there_is_gold_for_every_document_of_both_sets(eval_set):
    documents = sorted(p.stem for p in eval_set.folder.glob("*.txt"))
    assert len(documents) == 5
    assert set(documents) <= set(gold_stems())


def test_the_corpus_gold_is_twelve_documents_three_set_aside():
    corpus, aside = SETS[2], SETS[3]
    labelled = [s for s in gold_stems() if corpus.holds(s)]
    hidden = [s for s in gold_stems() if aside.holds(s)]
    assert (len(labelled), len(hidden)) == (9, 3)
    assert aside.hidden and not set(labelled) & set(hidden)


@pytest.mark.parametrize("stem", gold_stems())
def test_gold_is_a_valid_briefing_with_exact_evidence(stem):
    assert check_file(GOLD_DIR / f"{stem}.json", tuple(s.folder for s in SETS)) == []


def test_gold_scored_against_itself_is_perfect():
    result = score_briefings({s: load_gold(GOLD_DIR / f"{s}.json")[0] for s in gold_stems()}, SETS)
    assert len(result.scores) == len(gold_stems())
    for name, counts in result.overall.lists.items():
        assert (counts.fp, counts.fn) == (0, 0), name
        assert counts.tp > 0, name
    assert result.overall.grounding.rate == 1.0
    assert all(a.accuracy == 1.0 for a in result.overall.card.values())


def test_gold_and_guidelines_are_frozen():
    """Gold changes only through a logged, second-checked decision, then `python -m summarizer.evals.gold freeze`."""
    from summarizer.evals.gold import FROZEN, pins

    assert FROZEN.exists(), "evals/gold.sha256 is missing"
    assert pins() == FROZEN.read_text(encoding="utf-8"), (
        "a gold file or GUIDELINES.md changed without a logged decision and `python -m summarizer.evals.gold freeze`"
    )
