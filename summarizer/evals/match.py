"""Pair predicted records with gold records, one list at a time, by optimal assignment.

The pair score is the name similarity (character LCS Dice on normalized names, the
best over the gold name and its alternates) plus a smaller bonus for agreeing fields
(indicators: target value and year; goals: horizon year; projects: location), so that
two records with the same name (地区生产总值 in 2025 and in 2035) pair with the right
gold record. A pair whose name similarity is under MIN_NAME_SIMILARITY is never a
match: the gold record is missed (FN) and the prediction is invented (FP).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..kinds import BY_FIELD
from ..models import Goal, Indicator, KeyProject, ResponsibleBody
from .fields import field_key
from .normalize import normalize_body, normalize_statement, normalize_text, values_equal

Item = Indicator | Goal | KeyProject | ResponsibleBody
Alternates = dict[str, dict[str, list[Any]]]

# Dice 0.5 = half the characters in common, in order. Real variants of one name score above it
# (地区生产总值 / 地区生产总值(增速) 0.75, 单位GDP能耗降低 / 单位地区生产总值能源消耗降低 0.52); names that
# only share a word mostly score under it (地区生产总值 / 一般公共预算收入 0.0, 城镇新增就业 / 城镇化率 0.4).
# Names sharing a long head can still pair (高新技术企业 / 高新技术产业增加值 0.67) when nothing better is left;
# such a pair then shows up as name and value errors rather than as a miss and an invention.
MIN_NAME_SIMILARITY = 0.5
# Field agreement breaks ties between similar names but cannot outweigh a clearly better name.
FIELD_WEIGHT = 0.3

# How the names of each kind are normalized for comparison (kinds/ says which type each kind's names are).
NAME_NORMALIZERS: dict[str, Callable[[str | None], str]] = {
    "text": normalize_text,
    "statement": normalize_statement,
    "body": normalize_body,
}


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings (bit-parallel, Hyyrö 2004)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return 0
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def similarity(a: str, b: str) -> float:
    """Character-level similarity of two normalized strings: 2·LCS / (|a| + |b|), 0 when either is empty."""
    if not a or not b:
        return 0.0
    return 2 * lcs_length(a, b) / (len(a) + len(b))


def gold_names(list_name: str, item: Item, alternates: Alternates) -> list[str]:
    """A gold record's normalized names: its name field(s) and their alternates."""
    kind = BY_FIELD[list_name]
    fields, norm = kind.name_fields, NAME_NORMALIZERS[kind.name_type]
    alts = alternates.get(item.id, {})
    raw = [getattr(item, f) for f in fields] + [a for f in fields for a in alts.get(f, []) if isinstance(a, str)]
    return [n for n in dict.fromkeys(norm(r) for r in raw) if n]


def pred_names(list_name: str, item: Item) -> list[str]:
    """A predicted record's normalized names."""
    kind = BY_FIELD[list_name]
    fields, norm = kind.name_fields, NAME_NORMALIZERS[kind.name_type]
    return [n for n in dict.fromkeys(norm(getattr(item, f)) for f in fields) if n]


def _best(golds: list[str], preds: list[str]) -> float:
    return max((similarity(g, p) for g in golds for p in preds), default=0.0)


def name_similarity(list_name: str, gold: Item, pred: Item, alternates: Alternates) -> float:
    """The best similarity between any gold name (with alternates) and any predicted name."""
    return _best(gold_names(list_name, gold, alternates), pred_names(list_name, pred))


def agreement_keys(list_name: str, item: Item) -> tuple[Any, ...]:
    """The fields that help pair records (kinds/: indicator target value and year, goal year, project
    location), in the scorer's comparison form."""
    kind = BY_FIELD[list_name]
    fields = {f.name: f for f in kind.scored}
    return tuple(field_key(fields[name], fields[name].get(item), item) for name in kind.pairing)


def _agreement(g: tuple[Any, ...], p: tuple[Any, ...]) -> float:
    # Both empty counts as agreeing: neither side contradicts the other.
    return sum(values_equal(a, b) for a, b in zip(g, p, strict=True)) / len(g) if g else 0.0


@dataclass(frozen=True)
class MatchedPair:
    """A gold record and the prediction assigned to it, with their positions in their lists."""

    gold_index: int
    pred_index: int
    gold: Item
    pred: Item
    similarity: float


@dataclass
class ListMatch:
    """The result for one list: matched pairs (TP), unmatched gold (FN) and unmatched predictions (FP)."""

    pairs: list[MatchedPair] = field(default_factory=list)
    unmatched_gold: list[tuple[int, Item]] = field(default_factory=list)  # misses (FN)
    unmatched_pred: list[tuple[int, Item]] = field(default_factory=list)  # inventions (FP)


def match_list(list_name: str, gold: list[Item], pred: list[Item], alternates: Alternates | None = None) -> ListMatch:
    """Pair gold and predicted records of one list, maximizing the summed pair score (scipy's Hungarian solver)."""
    alternates = alternates or {}
    if not gold or not pred:
        return ListMatch([], list(enumerate(gold)), list(enumerate(pred)))
    # Names and agreement keys once per record: lists reach a few hundred records (n × m pairs).
    g_names = [gold_names(list_name, g, alternates) for g in gold]
    p_names = [pred_names(list_name, p) for p in pred]
    g_keys = [agreement_keys(list_name, g) for g in gold]
    p_keys = [agreement_keys(list_name, p) for p in pred]
    sims = np.zeros((len(gold), len(pred)))
    score = np.zeros((len(gold), len(pred)))
    for i in range(len(gold)):
        for j in range(len(pred)):
            sims[i, j] = _best(g_names[i], p_names[j])
            if sims[i, j] >= MIN_NAME_SIMILARITY:
                score[i, j] = sims[i, j] + FIELD_WEIGHT * _agreement(g_keys[i], p_keys[j])
    # Pairs under the threshold score 0, below any real pair (>= 0.5); if the solver still
    # assigns one (nothing better was left), it is dropped here.
    rows, cols = linear_sum_assignment(score, maximize=True)
    pairs = [
        MatchedPair(int(i), int(j), gold[i], pred[j], float(sims[i, j]))
        for i, j in zip(rows, cols, strict=True)
        if sims[i, j] >= MIN_NAME_SIMILARITY
    ]
    matched_gold = {p.gold_index for p in pairs}
    matched_pred = {p.pred_index for p in pairs}
    return ListMatch(
        pairs=sorted(pairs, key=lambda p: p.gold_index),
        unmatched_gold=[(i, g) for i, g in enumerate(gold) if i not in matched_gold],
        unmatched_pred=[(j, p) for j, p in enumerate(pred) if j not in matched_pred],
    )
