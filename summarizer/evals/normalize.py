"""Normalizers for the scorer: text, quantities with scale, qualifiers, years, body names.

Pure functions. Gold is hand-labelled and predictions come from a model, so both
write the same thing in different ways ("超3500亿元" / "3.5千亿元以上", "十四五" /
"2021—2025年", 市发改委 / 市发展和改革委员会); everything is compared through these.
"""

from __future__ import annotations

import re

from ..bodies import canonical_body
from ..values import (
    Quantity,
    canonical_qualifier,
    normalize_text,
    parse_quantity,
    qualifier_direction,
    qualifier_of_value,
    qualifiers_compatible,
    quantities_equal,
    tidy_float,
    unit_key,
)

__all__ = [
    "Quantity",
    "canonical_qualifier",
    "parse_quantity",
    "qualifier_direction",
    "qualifier_of_value",
    "qualifiers_compatible",
    "quantities_equal",
]

# --- years ------------------------------------------------------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})年?(?:-|至|到)((?:19|20)\d{2}|\d{2})(?!\d)")
_CN = "[一二三四五六七八九十]"
_FIVE_YEAR_PLAN = re.compile(rf"第({_CN}+)个五年|({_CN}+)五(?:规划|计划|时期|期间|期)?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _cn_number(text: str) -> int | None:
    """Chinese numerals up to 99: 十四 → 14, 九 → 9, 二十 → 20."""
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def five_year_plan(n: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: 13 → (2016, 2020), 14 → (2021, 2025), 15 → (2026, 2030)."""
    # The 1st and 2nd plans ran 1953–57 and 1958–62; 1963–65 were adjustment years; from the 3rd (1966) on, every 5.
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return start, start + 4


def parse_period(text: str | int | None) -> tuple[int, int] | None:
    """'2021—2025年', '2021-2025', '十四五(时期)' → (2021, 2025); a single year '2025年' → (2025, 2025)."""
    if text is None:
        return None
    if isinstance(text, int):
        return text, text
    norm = normalize_text(text)
    m = _YEAR_RANGE.search(norm)
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)  # 2021-25
        return start, end_year
    for m in _FIVE_YEAR_PLAN.finditer(norm):
        n = _cn_number(m.group(1) or m.group(2))
        if n:
            return five_year_plan(n)
    m = _YEAR.search(norm)
    return (int(m.group(1)), int(m.group(1))) if m else None


def parse_year(text: str | int | None) -> int | None:
    """A year: '2025年' → 2025; a period gives its end, the horizon of its targets ('十四五' → 2025)."""
    period = parse_period(text)
    return period[1] if period else None


# --- bodies -----------------------------------------------------------------------------------------------------------


def normalize_body(name: str | None) -> str:
    """A body's comparison form: canonical_body (市发改委 → 市发展和改革委员会), then normalize_text."""
    norm = normalize_text(name)
    return normalize_text(canonical_body(norm)) if norm else ""


# --- values and statements --------------------------------------------------------------------------------------------

ValueKey = Quantity | str


def value_key(
    text: str | None, default_unit: str | None = None, number: float | None = None, unit: str | None = None
) -> ValueKey | None:
    """A value's comparison form: its Quantity when it has a number, else its normalized text ('省目标')."""
    quantity = parse_quantity(text, unit or default_unit)
    if quantity is None and number is not None:
        # No digits in the text but a number field: trust the number, in the value's unit.
        scale, family = unit_key(unit or default_unit) or (1.0, "")
        quantity = Quantity(tidy_float(number * scale), family)
    if quantity is not None:
        return quantity
    return normalize_text(text) or None


def values_equal(a: ValueKey | None, b: ValueKey | None) -> bool:
    """Quantities compare scale-aware (quantities_equal); texts compare as normalized strings."""
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return quantities_equal(a, b)
    return a == b


# GUIDELINES.md: a goal's statement is "trimmed to the clause (no leading 到2025年/力争)"; models often keep them.
_STATEMENT_LEAD = re.compile(rf'^(?:(?:到|至|在)?(?:(?:19|20)\d{{2}}年(?:底|末|前)?|"?{_CN}+五"?(?:末|期间|时期)?),?)?')
# GUIDELINES decisions also drop 努力/推进/推动 (推进实现X → 实现X).
_STATEMENT_VERB = re.compile(r"^(?:力争|努力|争取|确保|推进|推动)")
_STATEMENT_END = re.compile(r"[。;.!,]+$")


def normalize_statement(text: str | None) -> str:
    """A goal statement's comparison form: normalize_text without a leading 到2025年/力争/努力 or end punctuation."""
    norm = normalize_text(text)
    norm = _STATEMENT_VERB.sub("", _STATEMENT_LEAD.sub("", norm, count=1), count=1)
    return _STATEMENT_END.sub("", norm)
