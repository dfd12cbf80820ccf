"""Places in the text: clauses and their sentences (what the finders read), and the
normalized form names are compared in (whitespace, full/half-width forms, quote-mark
variants and markdown emphasis tolerated).
Pure functions, shared by every list kind.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .segment import sentence_spans
from .vocabulary import QUOTE_MARKS

_DROPPED = re.compile(r"[\s*_]")
CLAUSE_BREAK = re.compile(r"[,，、;；:：。!！?？]")


@lru_cache(maxsize=4096)  # merge and the eval's matcher normalize the same names again and again
def normalize(text: str) -> str:
    """Text for matching: NFKC, one form of quote marks, lower case, no whitespace or emphasis marks."""
    return "".join(
        c.lower()
        for ch in text
        for c in unicodedata.normalize("NFKC", ch).translate(QUOTE_MARKS)
        if not _DROPPED.match(c)
    )


def clause_start(sentence: str, at: int) -> int:
    """Start of the clause (between 、，；：。 …) that holds position `at`."""
    return max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, at)), default=0)


def clause_spans(text: str, breaks: re.Pattern[str] = CLAUSE_BREAK) -> list[tuple[tuple[int, int], int, int]]:
    """Every clause of the text (between ,，、;；:：。!！?？ and line breaks, or the given breaks) with the
    span of its sentence."""
    out = []
    for a, b in sentence_spans(text):
        start = a
        for m in breaks.finditer(text, a, b):
            if m.start() > start:
                out.append(((a, b), start, m.start()))
            start = m.end()
        if start < b:
            out.append(((a, b), start, b))
    return out
