"""The document card of every corpus document, labelled by hand (`evals/cards/corpus.json`), against the
card the tool reads (the card needs no model: `--backend none` gives the card of every backend).

The file maps a document's stem to its seven card fields and, under "alternates", other acceptable
values of a field. It is frozen with the gold (`evals/gold.sha256`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..models import DocumentInfo
from .score import CARD_FIELDS, CardField, score_card

CARDS = Path(__file__).resolve().parents[2] / "evals" / "cards" / "corpus.json"


def load_cards(path: Path = CARDS) -> dict[str, dict]:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def label_card(entry: dict, source_file: str) -> tuple[DocumentInfo, dict[str, list[str | None]]]:
    """A labelled entry as a card the scorer reads, and its alternates."""
    fields = {name: entry.get(name) for name in CARD_FIELDS}
    fields["title"] = fields["title"] or ""  # a document that never names itself: the scorer reads "" as null
    card = DocumentInfo(**fields, source_file=source_file, sha256="", encoding="utf-8", characters=0)  # type: ignore[arg-type]
    return card, entry.get("alternates", {})


@dataclass
class CardCheck:
    document: str
    hidden: bool
    fields: dict[str, CardField]

    @property
    def right(self) -> bool:
        return all(f.correct for f in self.fields.values())


def check_card(stem: str, predicted: DocumentInfo, entry: dict, hidden: bool) -> CardCheck:
    gold, alternates = label_card(entry, predicted.source_file)
    return CardCheck(stem, hidden, score_card(predicted, gold, alternates))


def accuracy(checks: list[CardCheck]) -> dict[str, tuple[int, int]]:
    """Per field: (right, total)."""
    return {n: (sum(c.fields[n].correct for c in checks), len(checks)) for n in CARD_FIELDS}
