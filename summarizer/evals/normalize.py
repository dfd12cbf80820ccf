"""Normalizers for the scorer: text, quantities with scale, qualifiers, years, body names.

Pure functions. Gold is hand-labelled and predictions come from a model, so both
write the same thing in different ways ("超3500亿元" / "3.5千亿元以上", "十四五" /
"2021—2025年", 市发改委 / 市发展和改革委员会); everything is compared through these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..bodies import canonical_body
from ..values import normalize_text, split_unit, unit_key
from ..vocabulary import NOT_QUALIFIERS, QUALIFIER_CLASSES

# --- quantities -------------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?")
_RANGE_SEP = re.compile(r"^(?:-|至|到)")


@dataclass(frozen=True)
class Quantity:
    """A number in base units of a unit family (元, 美元, 人, 吨, %, 个百分点 …); `high` ends a range."""

    value: float
    unit: str
    high: float | None = None


def _tidy(x: float) -> float:
    # 1.4 × 1e12 is 1400000000000.0002 in binary; 12 significant digits is more than any document prints.
    return float(f"{x:.12g}")


def _parse_scaled(norm: str, default_unit: str | None) -> tuple[Quantity | None, str, str, str]:
    """(quantity, text before the number, text after number and unit, qualifier-like word between them)."""
    numbers = list(_NUMBER.finditer(norm))
    # "到2025年达到3500亿元": a year before the value is not the value.
    while len(numbers) > 1 and _YEAR.fullmatch(numbers[0].group()) and norm[numbers[0].end() :].startswith("年"):
        numbers.pop(0)
    if not numbers:
        return None, norm, "", ""
    m = numbers[0]
    before, after = norm[: m.start()], norm[m.end() :]
    number = float(m.group().replace(",", ""))
    between = ""
    if after[:1] in ("多", "余"):  # 500多个: more than 500
        between, after = after[0], after[1:]
    scale, family, after = split_unit(after)
    number2, scale2 = None, None  # scale2 None: the range's end shares the first number's scale
    sep = _RANGE_SEP.match(after)
    m2 = _NUMBER.match(after, sep.end()) if sep else None
    if m2:  # a range: 6%-6.5%, 6-6.5%; an end written without a unit takes the other end's
        s2, family2, rest2 = split_unit(after[m2.end() :])
        if not family and scale == 1.0:
            scale, family, scale2 = s2, family2, None
        elif family2 == family:
            scale2 = s2
        elif family2 or s2 != 1.0:
            m2 = None  # 3个-5万人 is not one range
        if m2:
            number2, after = float(m2.group().replace(",", "")), rest2
    if not family:
        # A bare number ("3500" in a table, or "3.5千亿"): the default unit supplies what the text lacks.
        d_scale, family = unit_key(default_unit) or (1.0, "")
        if scale == 1.0:
            scale = d_scale
    high = _tidy(number2 * (scale if scale2 is None else scale2)) if number2 is not None else None
    return Quantity(_tidy(number * scale), family, high), before, after, between


def parse_quantity(text: str | None, default_unit: str | None = None) -> Quantity | None:
    """'超3500亿元' → Quantity(3.5e11, '元'); units scale (亿 1e8, 万 1e4, 千 1e3); None without digits."""
    norm = normalize_text(text)
    if not norm:
        return None
    return _parse_scaled(norm, default_unit)[0]


def quantities_equal(a: Quantity | None, b: Quantity | None) -> bool:
    """Same unit family and the same number(s), to 1e-9 relative (scaled floats are inexact)."""
    if a is None or b is None:
        return a is b
    if a.unit != b.unit or (a.high is None) != (b.high is None):
        return False
    close = math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)
    return close and (a.high is None or math.isclose(a.high, b.high or 0.0, rel_tol=1e-9, abs_tol=1e-12))


# --- qualifiers -------------------------------------------------------------------------------------------------------

# Qualifier words and their classes are in vocabulary.py (QUALIFIER_CLASSES). Verbs that only introduce
# a number (达到, 力争, 保持, 控制在) are not qualifiers, as in GUIDELINES.md: they mean "no qualifier".
_DIRECTIONS = {">": "lower", ">=": "lower", "<": "upper", "<=": "upper", "~": "approx", "": ""}
_QUALIFIER_WORD = re.compile("|".join(map(re.escape, sorted(QUALIFIER_CLASSES, key=len, reverse=True))))
_PREFIX_WORD = re.compile(f"(?:{_QUALIFIER_WORD.pattern})$")
_SUFFIX_WORD = re.compile(f"^(?:{_QUALIFIER_WORD.pattern})")


def _combine(classes: list[str]) -> str:
    """Several qualifiers written together: one direction → its strict form; directions disagree → the last one."""
    if not classes:
        return ""
    directions = {_DIRECTIONS[c] for c in classes}
    if len(directions) == 1:
        return min(classes, key=len)  # ">" over ">=": 超…以上 says more than
    return classes[-1]  # a suffix (…左右, …以内) is written last and is the more specific


def canonical_qualifier(word: str | None) -> str:
    """A qualifier word (超过, 以上, 不超过, 左右, '超…以上') → '>', '>=', '<', '<=', '~', '' (none) or itself."""
    norm = normalize_text(word)
    if not norm:
        return ""
    found = [QUALIFIER_CLASSES[m.group()] for m in _QUALIFIER_WORD.finditer(norm)]
    if found:
        return _combine(found)
    return "" if norm in NOT_QUALIFIERS else norm


def qualifier_of_value(text: str | None) -> str:
    """The qualifier class of a value as written: '超3500亿元' → '>', '8%以上' → '>=', '3500亿元' → ''."""
    norm = normalize_text(text)
    quantity, before, after, between = _parse_scaled(norm, None)
    if quantity is None:
        return ""
    found = []
    m = _PREFIX_WORD.search(before)
    if m:
        found.append(QUALIFIER_CLASSES[m.group()])
    if between:
        found.append(QUALIFIER_CLASSES[between])
    m = _SUFFIX_WORD.match(after)
    if m:
        found.append(QUALIFIER_CLASSES[m.group()])
    return _combine(found)


def qualifier_direction(cls: str) -> str:
    """'>'/'>=' → 'lower', '<'/'<=' → 'upper', '~' → 'approx', '' → ''; an unknown class is its own direction."""
    return _DIRECTIONS.get(cls, cls)


def qualifiers_compatible(a: str, b: str) -> bool:
    """Two qualifier classes agree when they bound the same way: '>' ~ '>=' (超 vs 以上), but not '>=' vs '<='."""
    return qualifier_direction(a) == qualifier_direction(b)


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
        quantity = Quantity(_tidy(number * scale), family)
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
