"""Stage 6, ground: every item must be found in the source, or it is dropped.

The model copies an item's fields from the text (a project's name, an indicator's
value "超3500亿元", a goal's statement). Each list kind's `ground` (kinds/) finds the
sentence of the chunk that holds those fields (locate.py) and checks the item is of its
kind; that sentence, with its span in the original file, is the item's evidence.
Whatever cannot be located or is not of its kind is dropped and counted in `warnings`.
Pure functions, no model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .clean import CleanText
from .extract import DraftItem
from .kinds import BY_TASK, KINDS
from .kinds.base import Dropped, Where
from .locate import to_evidence
from .models import RunWarning
from .prompts import prompt_echo
from .segment import Section


@dataclass
class Grounded:
    items: dict[str, list[Any]] = field(default_factory=lambda: {k.field: [] for k in KINDS})  # by briefing list
    warnings: list[RunWarning] = field(default_factory=list)

    @property
    def indicators(self) -> list[Any]:
        return self.items["indicators"]

    @property
    def goals(self) -> list[Any]:
        return self.items["goals"]

    @property
    def projects(self) -> list[Any]:
        return self.items["key_projects"]

    @property
    def bodies(self) -> list[Any]:
        return self.items["responsible_bodies"]


def ground_items(drafts: list[DraftItem], clean: CleanText, sections: list[Section] | None = None) -> Grounded:
    """Turn located drafts into briefing items; drop and report the rest."""
    sections = sections or []
    out = Grounded()
    for item in drafts:
        chunk = item.chunk
        evidence_of = partial(to_evidence, clean=clean, sections=sections, chunk=chunk)
        kind = BY_TASK[item.task]
        result = kind.ground(item.draft, Where(chunk, evidence_of))
        if isinstance(result, Dropped):
            start, end = clean.to_original(chunk.start, chunk.end)
            message = f"{item.task} item {result.label!r} dropped: {result.why}"
            if prompt_echo(result.label, chunk.text):  # an echo of the prompt is not repeated into outputs
                message = f"{item.task} item dropped: it repeats the prompt's words (an example or instruction)"
            out.warnings.append(
                RunWarning(
                    kind="item_dropped", chunk=chunk.index, task=item.task, start=start, end=end, message=message
                )
            )
        else:
            out.items[kind.field].append(result)
    return out
