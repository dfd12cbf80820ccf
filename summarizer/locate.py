"""Places in the text: clauses and their sentences (what the finders read), a located span
as evidence in the original file's offsets, and the normalized form names are compared in
(whitespace, full/half-width forms, quote-mark variants and markdown emphasis tolerated).
Pure functions, shared by every list kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .clean import CleanText
from .models import Evidence
from .segment import Chunk, Section, section_at, sentence_spans
from .vocabulary import QUOTE_MARKS

_DROPPED = re.compile(r"[\s*_]")
CLAUSE_BREAK = re.compile(r"[,，、;；:：。!！?？]")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalized text for matching, and for each of its characters the index in `text`."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(QUOTE_MARKS):
            if _DROPPED.match(c):
                continue
            out.append(c.lower())
            index.append(i)
    return "".join(out), index


@lru_cache(maxsize=4096)  # grounding normalizes the same chunk text for every field of every item
def normalize(text: str) -> str:
    return normalize_with_map(text)[0]


@dataclass
class Located:
    start: int  # cleaned offsets
    end: int
    alignment: str


def to_evidence(located: Located, clean: CleanText, sections: list[Section], chunk: Chunk) -> Evidence:
    start, end = clean.to_original(located.start, located.end)
    return Evidence(
        quote=clean.text[located.start : located.end],
        start=start,
        end=end,
        section=section_at(sections, located.start) if sections else chunk.section or None,
        alignment=located.alignment,  # type: ignore[arg-type]
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
