"""Key facts a summary must carry: 3–5 per gold document, written from the text before any new summary was seen,
and frozen with the gold (`evals/keyfacts/<stem>.json`).

A fact is carried when one sentence of the summary holds its number (read with the value reader: 百分之五 is 5%,
5%左右 holds 5%) and at least one word of each of its word groups; a fact without a number needs its words only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..values import VALUE_SPAN, quantities_equal, read_quantity
from .gold import GOLD_DIR

KEYFACTS_DIR = GOLD_DIR.parent / "keyfacts"
_SENTENCE = re.compile(r"[^。！？；;\n]+")


@dataclass(frozen=True)
class KeyFact:
    id: str
    what: str
    number: str | None
    words: tuple[tuple[str, ...], ...]
    quote: str


def load_keyfacts(stem: str, folder: Path = KEYFACTS_DIR) -> list[KeyFact] | None:
    path = folder / f"{stem}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        KeyFact(f["id"], f["what"], f.get("number"), tuple(tuple(group) for group in f["words"]), f["quote"])
        for f in data["facts"]
    ]


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("*", "")


def carried(fact: KeyFact, summary: str) -> bool:
    """One sentence of the summary holds the fact's number and a word of each of its groups."""
    wanted = read_quantity(fact.number) if fact.number else None
    for m in _SENTENCE.finditer(_fold(summary)):
        sentence = m.group()
        if not all(any(_fold(word) in sentence for word in group) for group in fact.words):
            continue
        if wanted is None and not fact.number:
            return True
        if wanted is not None and any(
            quantities_equal(wanted, q) for v in VALUE_SPAN.finditer(sentence) if (q := read_quantity(v.group()))
        ):
            return True
    return False


def check_keyfacts(stem: str, text: str, folder: Path = KEYFACTS_DIR) -> list[str]:
    """Problems with one document's key facts: their count, ids, quotes (exact substrings) and numbers."""
    facts = load_keyfacts(stem, folder)
    if facts is None:
        return [f"{stem}: no key facts file"]
    problems = []
    if not 3 <= len(facts) <= 5:
        problems.append(f"{stem}: {len(facts)} key facts, not 3 to 5")
    for n, fact in enumerate(facts, 1):
        if fact.id != f"K{n}":
            problems.append(f"{stem}: fact {n} has id {fact.id}")
        if fact.quote not in text:
            problems.append(f"{stem} {fact.id}: the quote is not in the text")
        if fact.number and read_quantity(fact.number) is None:
            problems.append(f"{stem} {fact.id}: the number {fact.number!r} does not read as a quantity")
        if not fact.words:
            problems.append(f"{stem} {fact.id}: no words")
    return problems
