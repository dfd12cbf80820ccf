"""Score a predicted briefing against its gold briefing: records, fields, grounding, errors.

Records: per list, a matched pair is a TP, an unmatched prediction an FP (invented), an
unmatched gold record an FN (missing); see match.py for the pairing. Fields: over the
matched pairs only, per field: both present and equal TP; predicted but gold empty FP;
gold present but not predicted FN; both present and different FP + FN. A gold
alternate counts as equal; a JSON null among a field's alternates makes an empty
prediction acceptable. Grounding: the share of predicted records whose evidence span,
cut from the source, is their quote (modulo whitespace, NFKC, quote marks and
markdown emphasis). Many documents aggregate by summing counts (micro average).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, computed_field

from ..kinds import BY_FIELD, LISTS
from ..kinds.base import ScoredField
from ..models import Briefing, DocumentInfo, Evidence, Value
from ..vocabulary import QUOTE_MARKS
from .fields import ErrorKind, Key, error_kind, field_key, keys_equal
from .match import Alternates, Item, match_list
from .normalize import normalize_text

# Most important first: a record lost or made up matters more than a wrong field of a found one.
ERROR_KINDS: tuple[ErrorKind, ...] = (
    "missing",
    "invented",
    "wrong_value",
    "wrong_unit",
    "wrong_year",
    "wrong_qualifier",
    "wrong_attribute",
)


# --- results ----------------------------------------------------------------------------------------------------------


class Counts(BaseModel):
    """TP/FP/FN with precision, recall and F1 (None where undefined: nothing predicted, nothing in gold)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @computed_field  # type: ignore[prop-decorator]
    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float | None:
        # 2TP / (2TP + FP + FN): the harmonic mean, and 0 (not undefined) when nothing was predicted.
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)


class Grounding(BaseModel):
    """Predicted records whose evidence span is their quote."""

    grounded: int = 0
    total: int = 0
    ungrounded: list[str] = Field(default_factory=list, description="list:id of the records that are not.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate(self) -> float | None:
        return self.grounded / self.total if self.total else None


class Pair(BaseModel):
    gold_id: str
    pred_id: str
    similarity: float


class EvalError(BaseModel):
    """One disagreement, gold beside prediction."""

    document: str
    list_name: str
    kind: ErrorKind
    field: str | None = None
    gold_id: str | None = None
    gold_name: str | None = None
    gold_value: str | None = None
    pred_id: str | None = None
    pred_name: str | None = None
    pred_value: str | None = None
    similarity: float | None = None


class CardField(BaseModel):
    """One field of the document card, gold beside prediction."""

    gold: str | None
    pred: str | None
    correct: bool


class Accuracy(BaseModel):
    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


class DocumentScore(BaseModel):
    document: str
    card: dict[str, CardField] = Field(default_factory=dict)
    lists: dict[str, Counts]
    fields: dict[str, dict[str, Counts]]
    grounding: Grounding
    pairs: dict[str, list[Pair]]
    errors: list[EvalError]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def records(self) -> Counts:
        """All lists together."""
        return sum(self.lists.values(), Counts())


class OverallScore(BaseModel):
    documents: list[str]
    card: dict[str, Accuracy] = Field(default_factory=dict)
    lists: dict[str, Counts]
    fields: dict[str, dict[str, Counts]]
    grounding: Grounding
    errors_by_kind: dict[str, int]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def records(self) -> Counts:
        return sum(self.lists.values(), Counts())


# --- fields -----------------------------------------------------------------------------------------------------------


def _show(raw: Any) -> str | None:
    if raw is None:
        return None
    return raw.text if isinstance(raw, Value) else str(raw)


def _compare(spec: ScoredField, gold: Item, pred: Item, alternates: Alternates) -> tuple[int, int, int, Key, Key]:
    """(tp, fp, fn, gold key, predicted key) of one field of one matched pair."""
    g = field_key(spec, spec.get(gold), gold)
    p = field_key(spec, spec.get(pred), pred)
    alt_raw = alternates.get(gold.id, {}).get(spec.name, [])
    acceptable = [k for k in [g, *(field_key(spec, a, gold) for a in alt_raw)] if k is not None]
    empty_ok = g is None or any(a is None for a in alt_raw)
    if p is None:
        return (0, 0, 0, g, p) if empty_ok else (0, 0, 1, g, p)
    if any(keys_equal(spec, k, p) for k in acceptable):
        return 1, 0, 0, g, p
    return (0, 1, 0, g, p) if g is None else (0, 1, 1, g, p)


# --- grounding --------------------------------------------------------------------------------------------------------

# Whitespace (the quote drops line breaks and column spaces) and markdown emphasis (clean.py strips ** and __).
_NOT_COMPARED = re.compile(r"[\s*_]+")


def _evidence_form(text: str) -> str:
    return _NOT_COMPARED.sub("", unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS))


def is_grounded(evidence: Evidence, source_text: str) -> bool:
    """True when source_text[start:end] is the quote, modulo whitespace, NFKC, quote marks and '*'/'_'."""
    if not 0 <= evidence.start <= evidence.end <= len(source_text):
        return False
    quote = _evidence_form(evidence.quote)
    return bool(quote) and _evidence_form(source_text[evidence.start : evidence.end]) == quote


# --- scoring ----------------------------------------------------------------------------------------------------------


def _label(item: Item, index: int) -> str:
    return item.id or f"#{index + 1}"  # unmerged predictions may have no id yet


def _name(list_name: str, item: Item) -> str:
    return BY_FIELD[list_name].label(item)


# The card fields a reader relies on; source_file, sha256, encoding and characters are facts of the file.
CARD_FIELDS = ("title", "doc_type", "region", "level", "issuing_body", "date", "plan_period")


def score_card(pred: DocumentInfo, gold: DocumentInfo, alternates: dict[str, list[str | None]]) -> dict[str, CardField]:
    """Each card field right or wrong, compared after normalize_text (spaces, NFKC, dashes, quote marks);
    a gold alternate counts as right, and null against null is right."""
    card = {}
    for name in CARD_FIELDS:
        g, p = getattr(gold, name), getattr(pred, name)
        accepted = {normalize_text(v) if v else None for v in [g, *alternates.get(name, [])]}
        card[name] = CardField(gold=g, pred=p, correct=(normalize_text(p) if p else None) in accepted)
    return card


def _ground(items: list[Item], list_name: str, source_text: str, grounding: Grounding) -> None:
    for j, item in enumerate(items):
        grounding.total += 1
        if is_grounded(item.evidence, source_text):
            grounding.grounded += 1
        else:
            grounding.ungrounded.append(f"{list_name}:{_label(item, j)}")


def score_document(pred: Briefing, gold: Briefing, alternates: Alternates, source_text: str) -> DocumentScore:
    """Score one predicted briefing against its gold briefing and alternates, on the document's source text."""
    document = Path(gold.document.source_file).stem or gold.document.title
    lists: dict[str, Counts] = {}
    fields: dict[str, dict[str, Counts]] = {}
    pairs: dict[str, list[Pair]] = {}
    errors: list[EvalError] = []
    grounding = Grounding()
    for list_name in LISTS:
        pred_items: list[Item] = list(getattr(pred, list_name))
        if list_name not in gold.model_fields_set:
            # A list the gold file has no key for was not labelled there (results: work reports only).
            lists[list_name], fields[list_name], pairs[list_name] = Counts(), {}, []
            _ground(pred_items, list_name, source_text, grounding)
            continue
        gold_items: list[Item] = list(getattr(gold, list_name))
        m = match_list(list_name, gold_items, pred_items, alternates)
        lists[list_name] = Counts(tp=len(m.pairs), fp=len(m.unmatched_pred), fn=len(m.unmatched_gold))
        pairs[list_name] = [
            Pair(gold_id=_label(p.gold, p.gold_index), pred_id=_label(p.pred, p.pred_index), similarity=p.similarity)
            for p in m.pairs
        ]
        for i, item in m.unmatched_gold:
            errors.append(
                EvalError(
                    document=document,
                    list_name=list_name,
                    kind="missing",
                    gold_id=_label(item, i),
                    gold_name=_name(list_name, item),
                )
            )
        for j, item in m.unmatched_pred:
            errors.append(
                EvalError(
                    document=document,
                    list_name=list_name,
                    kind="invented",
                    pred_id=_label(item, j),
                    pred_name=_name(list_name, item),
                )
            )
        per_field = {spec.name: Counts() for spec in BY_FIELD[list_name].scored}
        for pair in m.pairs:
            for spec in BY_FIELD[list_name].scored:
                tp, fp, fn, g_key, p_key = _compare(spec, pair.gold, pair.pred, alternates)
                per_field[spec.name] += Counts(tp=tp, fp=fp, fn=fn)
                if fp or fn:
                    errors.append(
                        EvalError(
                            document=document,
                            list_name=list_name,
                            kind=error_kind(spec, g_key, p_key),
                            field=spec.name,
                            gold_id=_label(pair.gold, pair.gold_index),
                            gold_name=_name(list_name, pair.gold),
                            gold_value=_show(spec.get(pair.gold)),
                            pred_id=_label(pair.pred, pair.pred_index),
                            pred_name=_name(list_name, pair.pred),
                            pred_value=_show(spec.get(pair.pred)),
                            similarity=round(pair.similarity, 3),
                        )
                    )
        fields[list_name] = per_field
        _ground(pred_items, list_name, source_text, grounding)
    card = score_card(pred.document, gold.document, alternates.get("document", {}))
    return DocumentScore(
        document=document, card=card, lists=lists, fields=fields, grounding=grounding, pairs=pairs, errors=errors
    )


def aggregate(scores: list[DocumentScore]) -> OverallScore:
    """Micro-average over documents: counts are summed, then P/R/F1 computed from the sums."""
    lists = {name: sum((s.lists[name] for s in scores), Counts()) for name in LISTS}
    fields = {
        name: {
            spec.name: sum((s.fields[name].get(spec.name, Counts()) for s in scores), Counts())
            for spec in BY_FIELD[name].scored
        }
        for name in LISTS
    }
    grounding = Grounding(
        grounded=sum(s.grounding.grounded for s in scores),
        total=sum(s.grounding.total for s in scores),
        ungrounded=[f"{s.document} {u}" for s in scores for u in s.grounding.ungrounded],
    )
    kinds = Counter(e.kind for s in scores for e in s.errors)
    card = {
        name: Accuracy(
            correct=sum(s.card[name].correct for s in scores if name in s.card),
            total=sum(name in s.card for s in scores),
        )
        for name in CARD_FIELDS
    }
    return OverallScore(
        documents=[s.document for s in scores],
        card=card,
        lists=lists,
        fields=fields,
        grounding=grounding,
        errors_by_kind={kind: kinds.get(kind, 0) for kind in ERROR_KINDS},
    )


__all__ = [
    "CARD_FIELDS",
    "ERROR_KINDS",
    "Accuracy",
    "CardField",
    "Counts",
    "DocumentScore",
    "EvalError",
    "Grounding",
    "OverallScore",
    "aggregate",
    "is_grounded",
    "score_card",
    "score_document",
]
