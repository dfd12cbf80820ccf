"""Stage 7, merge: one record per thing across chunks, tables first, then link.

Pure functions, no model. Items from rebuilt tables win over the same indicator
found again in prose; goals are linked to the indicators stated inside them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .ground import normalize
from .models import Goal, Indicator, KeyProject, ResponsibleBody

T = TypeVar("T", KeyProject, ResponsibleBody)


def _number(indicator: Indicator) -> float | None:
    return indicator.target.value.number if indicator.target else None


def merge_indicators(table_rows: list[Indicator], prose: list[Indicator]) -> list[Indicator]:
    merged = list(table_rows)
    seen = {(normalize(i.name), _number(i)) for i in table_rows}
    table_names = [normalize(i.name) for i in table_rows]
    for ind in prose:
        key = (normalize(ind.name), _number(ind))
        if key in seen:
            continue
        # The same table indicator restated in prose ("森林覆盖率达到48%"): keep the table row.
        name = key[0]
        if any(
            (name in t or t in name) and _number(ind) == n
            for t, n in zip(table_names, (_number(r) for r in table_rows), strict=False)
        ):
            continue
        seen.add(key)
        merged.append(ind)
    return merged


def merge_goals(goals: list[Goal]) -> list[Goal]:
    kept: list[Goal] = []
    for goal in goals:
        key = normalize(goal.statement)
        duplicate = next((k for k in kept if key in normalize(k.statement) or normalize(k.statement) in key), None)
        if duplicate is None:
            kept.append(goal)
        elif duplicate.horizon_year is None and goal.horizon_year is not None:
            duplicate.horizon_year = goal.horizon_year
    return kept


def _merge_by(items: list[T], key: Callable[[T], str], fields: tuple[str, ...]) -> list[T]:
    """Keep the first item per key; fill its empty fields from later duplicates."""
    kept: dict[str, T] = {}
    for item in items:
        first = kept.setdefault(key(item), item)
        for name in fields:
            if getattr(first, name) is None and getattr(item, name) is not None:
                setattr(first, name, getattr(item, name))
    return list(kept.values())


def merge_projects(projects: list[KeyProject]) -> list[KeyProject]:
    fields = ("sector", "location", "investment", "period", "status", "responsible_body")
    return _merge_by(projects, lambda p: normalize(p.name), fields)


def merge_bodies(bodies: list[ResponsibleBody]) -> list[ResponsibleBody]:
    fields = ("role", "person", "post", "responsibility", "level")
    return _merge_by(bodies, lambda b: normalize(b.canonical_name), fields)


def assign_ids(
    goals: list[Goal], projects: list[KeyProject], indicators: list[Indicator], bodies: list[ResponsibleBody]
) -> None:
    for prefix, items in (("G", goals), ("P", projects), ("I", indicators), ("B", bodies)):
        items.sort(key=lambda item: item.evidence.start)
        for n, item in enumerate(items, 1):
            item.id = f"{prefix}{n}"


def link_goals(goals: list[Goal], indicators: list[Indicator]) -> None:
    """A goal is quantified by the indicators whose evidence lies within the goal's sentence."""
    for goal in goals:
        g = goal.evidence
        goal.indicator_ids = [
            i.id
            for i in indicators
            if i.evidence.start < g.end and g.start < i.evidence.end and i.evidence.alignment != "table"
        ]
