"""Stage 7, merge: one record per thing across chunks, tables first, then link.

Pure functions, no model. Each list kind merges its own duplicates (kinds/): rows from
rebuilt tables win over the same indicator found again in prose. Then every record gets
its id, and goals are linked to the indicators stated inside them.
"""

from __future__ import annotations

from typing import Any

from .catalogue import canonical_id
from .kinds import BY_FIELD, KINDS
from .models import Goal, Indicator


def merge_lists(items: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Each briefing list merged by its kind's rule."""
    return {field: BY_FIELD[field].merge(records) for field, records in items.items()}


def assign_ids(lists: dict[str, list[Any]]) -> None:
    """Number each list's records in document order: I1, I2 … for indicators, G1 … for goals."""
    for kind in KINDS:
        records = lists.get(kind.field, [])
        records.sort(key=lambda item: item.evidence.start)
        for n, item in enumerate(records, 1):
            item.id = f"{kind.id_prefix}{n}"


def link_goals(goals: list[Goal], indicators: list[Indicator]) -> None:
    """A goal is quantified by the indicators whose evidence lies within the goal's sentence."""
    for goal in goals:
        g = goal.evidence
        goal.indicator_ids = [
            i.id
            for i in indicators
            if i.evidence.start < g.end and g.start < i.evidence.end and i.evidence.alignment != "table"
        ]


def assign_canonical(lists: dict[str, list[Any]]) -> None:
    """Each indicator and result gets the catalogue id its written name and unit match (catalogue.py), or none."""
    for indicator in lists.get("indicators", []):
        unit = indicator.unit or (indicator.target.value.unit if indicator.target else None)
        indicator.canonical = canonical_id(indicator.name, unit)
    for result in lists.get("results", []):
        result.canonical = canonical_id(result.name, result.value.unit)
