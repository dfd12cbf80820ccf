"""Names of government bodies: abbreviations to full names, and their level.

市发改委 and 市发展和改革委员会 are the same body; briefings and the eval compare
canonical names. The abbreviation table is in vocabulary.py; an unknown name is its
own canonical form.
"""

from __future__ import annotations

import re

from .vocabulary import ABBREVIATIONS, CENTRAL_ABBREVIATIONS

_LEVEL_PREFIX = re.compile(r"^(省|市|县|区|州|镇|乡)")
_LEVELS = {"省": "省", "市": "市", "县": "县", "区": "区", "州": "市", "镇": "乡镇", "乡": "乡镇"}


def canonical_body(name: str) -> str:
    """市发改委 -> 市发展和改革委员会; names without a known abbreviation are returned as written."""
    name = re.sub(r"\s+", "", name)
    if name in CENTRAL_ABBREVIATIONS:
        return CENTRAL_ABBREVIATIONS[name]
    m = _LEVEL_PREFIX.match(name)
    prefix = m.group(1) if m else ""
    stem = name[len(prefix) :]
    if stem in ABBREVIATIONS:
        return prefix + ABBREVIATIONS[stem]
    # A place name before the level: 青河市发改委 -> 青河市发展和改革委员会
    m2 = re.match(r"^(.{1,6}?[省市县区])(.+)$", name)
    if m2 and m2.group(2) in ABBREVIATIONS:
        return m2.group(1) + ABBREVIATIONS[m2.group(2)]
    return name


def body_level(name: str) -> str | None:
    if name.startswith(("国务院", "国家", "中国", "中央")) or name in CENTRAL_ABBREVIATIONS:
        return "国家"
    m = re.match(r"^(?:.{0,6}?)(省|市|县|区)", name)
    if m:
        return _LEVELS[m.group(1)]
    if name.endswith(("部", "总局", "总署")):  # a ministry named without a place: the central government's
        return "国家"
    return None
