"""Locating an item in its chunk: the shortest sentence that holds the fields the model copied.

Matching tolerates whitespace, full/half-width forms, quote-mark variants and markdown
emphasis; a located sentence becomes evidence with its span in the original file. A goal
the model reworded is matched to the sentence it came from only if almost all of it is
there (`fuzzy`). Pure functions, shared by every list kind's grounding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .clean import CleanText
from .models import Evidence
from .segment import Chunk, Section, section_at, sentence_spans
from .values import numbers_in
from .vocabulary import QUOTE_MARKS

_DROPPED = re.compile(r"[\s*_]")
FUZZY_MIN_RATIO = 0.8  # share of a reworded goal's characters that must appear, in order, in one sentence
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


def _has(norm_sentence: str, anchor: str) -> bool:
    """An anchor is a piece of text, or a bare number that must stand as a whole number."""
    if re.fullmatch(r"\d+(\.\d+)?", anchor):
        return anchor in numbers_in(norm_sentence)
    return anchor in norm_sentence


def sentence_with(anchors: list[str], chunk: Chunk) -> Located | None:
    """The shortest sentence of the chunk containing every anchor (after normalizing)."""
    wanted = [normalize(a) for a in anchors if a and normalize(a)]
    if not wanted:
        return None
    best: tuple[int, int] | None = None
    for a, b in sentence_spans(chunk.text):
        norm = normalize(chunk.text[a:b])
        if all(_has(norm, w) for w in wanted) and (best is None or b - a < best[1] - best[0]):
            best = (a, b)
    if best is None:
        return None
    sentence = chunk.text[best[0] : best[1]]
    exact = all(a in sentence for a in anchors if a and not re.fullmatch(r"\d+(\.\d+)?", a))
    return Located(chunk.start + best[0], chunk.start + best[1], "exact" if exact else "normalized")


def closest_sentence(text: str, chunk: Chunk) -> Located | None:
    """The sentence holding most of `text` in order, if it holds at least FUZZY_MIN_RATIO of it."""
    target = normalize(text)
    if len(target) < 4:
        return None
    best: tuple[float, int, int] | None = None
    for a, b in sentence_spans(chunk.text):
        norm = normalize(chunk.text[a:b])
        matcher = SequenceMatcher(None, target, norm, autojunk=False)
        ratio = sum(block.size for block in matcher.get_matching_blocks()) / len(target)
        if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best[0]):
            best = (ratio, a, b)
    return Located(chunk.start + best[1], chunk.start + best[2], "fuzzy") if best else None


def in_chunk(text: str | None, chunk: Chunk) -> bool:
    return bool(text) and bool(normalize(text or "")) and normalize(text or "") in normalize(chunk.text)


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
