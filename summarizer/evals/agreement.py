"""Agreement between two independent labellings, measured with the eval's own scorer.

`python -m summarizer.evals.agreement STEM [STEM …]` scores `evals/gold_second/<stem>.json`
against `evals/gold/<stem>.json` in both directions and prints Markdown tables:
- forward: the second labelling as prediction, the first (with its alternates) as gold;
- reverse: the first as prediction, the second as gold (it has no alternates).
Run it before reconciling: afterwards the first labelling has moved.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..kinds import LISTS
from ..models import Result
from ..read import read_document
from .gold import DEFAULT_CORPUS, DEFAULT_DEVDOCS, DEFAULT_SEEDS, GOLD_DIR, find_source, load_gold
from .score import Counts, DocumentScore, aggregate, score_document

SECOND_DIR = GOLD_DIR.parent / "gold_second"


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _counts(c: Counts) -> list[object]:
    return [c.tp, c.fp, c.fn, _ratio(c.precision), _ratio(c.recall), _ratio(c.f1)]


def tables(scores: list[DocumentScore]) -> list[str]:
    pooled = aggregate(scores)
    lines = [_row("list", "document", "TP", "FP", "FN", "P", "R", "F1"), "|---" * 8 + "|"]
    for name in LISTS:
        lines += [_row(name, s.document, *_counts(s.lists[name])) for s in scores]
        lines.append(_row(name, "**pooled**", *_counts(pooled.lists[name])))
    lines += [_row("all lists", s.document, *_counts(s.records)) for s in scores]
    lines += [_row("all lists", "**pooled**", *_counts(pooled.records)), ""]
    lines += ["Field-level agreement on matched pairs:", ""]
    lines += [_row("list", "field", "document", "TP", "FP", "FN", "F1"), "|---" * 7 + "|"]
    for name in LISTS:
        for field, counts in pooled.fields[name].items():
            for s in scores:
                c = s.fields[name][field]
                lines.append(_row(name, field, s.document, c.tp, c.fp, c.fn, _ratio(c.f1)))
            lines.append(_row(name, field, "**pooled**", counts.tp, counts.fp, counts.fn, _ratio(counts.f1)))
    lines += ["", "Document card, second against first:", ""]
    lines += [_row("document", *next(iter(scores)).card), "|---" * (1 + len(scores[0].card)) + "|"]
    for s in scores:
        lines.append(_row(s.document, *("✓" if f.correct else f"✗ {f.pred} / {f.gold}" for f in s.card.values())))
    return lines


def measure(stems: list[str]) -> str:
    forward, reverse = [], []
    for stem in stems:
        first, alternates = load_gold(GOLD_DIR / f"{stem}.json")
        second, _ = load_gold(SECOND_DIR / f"{stem}.json")
        source = find_source(Path(first.document.source_file).name, (DEFAULT_SEEDS, DEFAULT_DEVDOCS, DEFAULT_CORPUS))
        text = read_document(source).text
        forward.append(score_document(second, first, alternates, text))
        reverse.append(score_document(first, second, {}, text))
    out = ["### second as prediction vs first (gold + alternates)", "", *tables(forward), ""]
    out += ["### first as prediction vs second (as gold, no alternates)", "", *tables(reverse)]
    return "\n".join(out) + "\n"


def measure_results(stems: list[str]) -> str:
    """The `results` list alone, second pass (`evals/gold_second/<stem>.results.json`, a list of records) against
    the first: the second pass of results was made for the results only, on top of the frozen other lists."""
    forward, reverse = [], []
    for stem in stems:
        first, alternates = load_gold(GOLD_DIR / f"{stem}.json")
        records = json.loads((SECOND_DIR / f"{stem}.results.json").read_text(encoding="utf-8"))
        second = first.model_copy(update={"results": [Result.model_validate(r) for r in records]})
        source = find_source(Path(first.document.source_file).name, (DEFAULT_SEEDS, DEFAULT_DEVDOCS, DEFAULT_CORPUS))
        text = read_document(source).text
        forward.append(score_document(second, first, alternates, text))
        reverse.append(score_document(first, second, {}, text))
    lines = []
    for title, scores in (
        ("second as prediction vs first (gold + alternates)", forward),
        ("first as prediction vs second (as gold, no alternates)", reverse),
    ):
        pooled = aggregate(scores)
        lines += [f"### results: {title}", "", _row("document", "TP", "FP", "FN", "P", "R", "F1"), "|---" * 7 + "|"]
        lines += [_row(s.document, *_counts(s.lists["results"])) for s in scores]
        lines += [_row("**pooled**", *_counts(pooled.lists["results"])), ""]
        lines += [_row("field", "TP", "FP", "FN", "F1"), "|---" * 5 + "|"]
        lines += [_row(f, c.tp, c.fp, c.fn, _ratio(c.f1)) for f, c in pooled.fields["results"].items()]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--results"]:
        print(measure_results(sys.argv[2:]))
    else:
        print(measure(sys.argv[1:]))
