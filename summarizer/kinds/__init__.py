"""The list kinds of a briefing, one module each, and their registry.

To add a kind: write `summarizer/kinds/<kind>.py` with a `KIND = ListKind(...)` (its finder,
judging rules, record, merge, display and eval fields; see base.py) and `prompts/<task>.toml`
(its label and what the judge is asked), then register it in `KINDS` below and add its list to
the `Briefing` model (the published schema: bump its version). The README has the steps.
"""

from __future__ import annotations

from .base import ListKind
from .bodies import KIND as BODIES
from .goals import KIND as GOALS
from .indicators import KIND as INDICATORS
from .projects import KIND as PROJECTS
from .results import KIND as RESULTS

# In display order, which is also the order of the judge prompt's kinds and of the eval's tables.
KINDS: tuple[ListKind, ...] = (INDICATORS, GOALS, PROJECTS, BODIES, RESULTS)
BY_FIELD: dict[str, ListKind] = {k.field: k for k in KINDS}
LISTS: tuple[str, ...] = tuple(k.field for k in KINDS)

__all__ = ["BY_FIELD", "KINDS", "LISTS", "ListKind"]
