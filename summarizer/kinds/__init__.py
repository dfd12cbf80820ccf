"""The list kinds of a briefing, one module each, and their registry.

To add a kind: write `summarizer/kinds/<kind>.py` with a `KIND = ListKind(...)` (its draft,
cue, grounding, merge, display and eval fields; see base.py), add its list to the
`Briefing` model, write `prompts/<task>.toml`, and register it in `KINDS` below.
"""

from __future__ import annotations

from .base import ListKind
from .bodies import KIND as BODIES
from .goals import KIND as GOALS
from .indicators import KIND as INDICATORS
from .projects import KIND as PROJECTS

# In display order, which is also the order of extraction calls and of the eval's tables.
KINDS: tuple[ListKind, ...] = (INDICATORS, GOALS, PROJECTS, BODIES)
BY_TASK: dict[str, ListKind] = {k.task: k for k in KINDS}
BY_FIELD: dict[str, ListKind] = {k.field: k for k in KINDS}
LISTS: tuple[str, ...] = tuple(k.field for k in KINDS)

__all__ = ["BY_FIELD", "BY_TASK", "KINDS", "LISTS", "ListKind"]
