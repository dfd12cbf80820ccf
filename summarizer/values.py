"""Quantities as written in Chinese planning text: '超3500亿元', '8%以上', '4.8万元'.

Pure parsing helpers shared by the table stage and the list kinds.
"""

from __future__ import annotations

import re
import unicodedata

from .models import Value
from .vocabulary import UNITS, VALUE_PREFIXES, VALUE_SUFFIXES, VERB_PREFIXES

_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
_UNIT = re.compile(f"^({UNITS})")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def parse_number(text: str) -> float | None:
    """The first number in text, e.g. 3500 for '超3500亿元'; None if there is none."""
    m = _NUMBER.search(nfkc(text))
    if not m:
        return None
    try:
        return float(m.group().replace(",", ""))
    except ValueError:
        return None


def numbers_in(text: str) -> list[str]:
    """The numbers written in text, normalized ('3,500' -> '3500', '８' -> '8')."""
    out = []
    for m in _NUMBER.finditer(nfkc(text)):
        n = m.group().replace(",", "").lstrip("+")
        if "." in n:
            n = n.rstrip("0").rstrip(".")
        out.append(n)
    return out


def parse_value(text: str, default_unit: str | None = None) -> Value:
    """Split '超3500亿元' into qualifier 超, number 3500, unit 亿元, keeping the text as written."""
    raw = text.strip()
    norm = nfkc(raw)
    qualifier = None
    m = _NUMBER.search(norm)
    if not m:
        return Value(text=raw, number=None, unit=default_unit, qualifier=None)
    before = norm[: m.start()].strip()
    after = norm[m.end() :].strip()
    for q in VALUE_PREFIXES:  # longest first, so 超过 wins over 超
        if before.endswith(q) and q not in VERB_PREFIXES:
            qualifier = q
            break
    unit = None
    um = _UNIT.match(after)
    if um:
        unit = um.group()
        after = after[um.end() :].strip()
    elif after.startswith(("万", "亿")):
        unit = after[0]
        after = after[1:]
    for q in VALUE_SUFFIXES:
        if after.startswith(q):
            qualifier = q if qualifier is None else f"{qualifier}…{q}"
            break
    number = float(m.group().replace(",", ""))
    return Value(text=raw, number=number, unit=unit or default_unit, qualifier=qualifier)


def is_unit(cell: str) -> bool:
    """True for a table cell that is a unit (亿元, %, 万元/…), not a value."""
    c = nfkc(cell.strip())
    if not c or c in {"-", "—", "/"} or _NUMBER.search(c):
        return False
    if _UNIT.fullmatch(c):
        return True
    return "/" in c and len(c) <= 6
