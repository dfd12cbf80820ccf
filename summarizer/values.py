"""Quantities as written in Chinese planning text: '超3500亿元', '8%以上', '4.8万元'.

Pure parsing helpers shared by the table stage, the list kinds, `summarizer compare` and the eval (which
reads quantities and qualifiers through them, below the stages, so the pipeline never imports the eval): one
reading of a written unit (亿元 = 1e8 元) serves the comparison of documents and the scoring of records.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from dataclasses import dataclass

from .models import Value
from .vocabulary import (
    NOT_QUALIFIERS,
    QUALIFIER_CLASSES,
    QUOTE_MARKS,
    UNITS,
    VALUE_PREFIXES,
    VALUE_SUFFIXES,
    VERB_PREFIXES,
)

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
    norm = _in_digits(raw)
    qualifier = None
    span = read_range(norm)
    if span is not None:  # one target with two ends: number null, low and high set
        low, high, unit = span
        after = norm[norm.rfind(unit) + len(unit) :].strip() if unit else ""
        suffix = next((q for q in VALUE_SUFFIXES if after.startswith(q)), None)
        return Value(text=raw, number=None, unit=unit or default_unit, qualifier=suffix, low=low, high=high)
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


# --- a value as official writing puts it ---------------------------------------------------------------------

# Digits half or full width; Chinese numerals where they name a percentage (百分之五, 百分之六点五).
_DIGITS = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_CN_NUMERAL = "零〇○一二两三四五六七八九十百点"
_CN_PERCENT = rf"百分之[{_CN_NUMERAL}]+"
# Between the two ends of a range: 4.5-5%, 4.5%—5%, 5%至5.5%, 4.5～5%.
RANGE_SEP = r"\s*(?:-|－|—{1,2}|–|~|～|〜|至|到)\s*"
_VALUE_UNITS = f"{UNITS}|％"
# A year is not a value, nor a span of years ("2025年", "2025-2027年").
_NOT_A_YEAR = r"(?!(?:19|20)\d\d\s*(?:年|-|－|—|–|至|到))"
# A value as written: a number with its unit, a range of two, or a percentage in words.
VALUE_SPAN = re.compile(
    rf"(?<![0-9０-９.．]){_NOT_A_YEAR}(?:{_DIGITS}\s*(?:%|％|{_VALUE_UNITS})?{RANGE_SEP}(?={_DIGITS}))?"
    rf"{_DIGITS}\s*(?:{_VALUE_UNITS})"
    rf"|{_CN_PERCENT}(?:{RANGE_SEP}{_CN_PERCENT})?"
)
_CN_VALUES = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(cn: str) -> float | None:
    """一 → 1, 十五 → 15, 二十 → 20, 一百 → 100, 六点五 → 6.5; None when not a number in words."""
    whole, _, fraction = cn.partition("点")
    total, digit = 0, 0
    for ch in whole:
        if ch in _CN_VALUES:
            digit = _CN_VALUES[ch]
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
        else:
            return None
    total += digit
    if fraction:
        if any(ch not in _CN_VALUES for ch in fraction):
            return None
        return float(f"{total}." + "".join(str(_CN_VALUES[ch]) for ch in fraction))
    return float(total)


def _in_digits(text: str) -> str:
    """Full-width forms folded and percentages in words written with digits: 百分之六点五 → 6.5%."""
    return re.sub(
        rf"百分之([{_CN_NUMERAL}]+)",
        lambda m: f"{chinese_number(m.group(1)):g}%" if chinese_number(m.group(1)) is not None else m.group(),
        nfkc(text).replace("．", "."),
    )


_RANGE = re.compile(rf"({_NUMBER.pattern})\s*({UNITS})?{RANGE_SEP}({_NUMBER.pattern})\s*({UNITS})?")


def read_range(text: str) -> tuple[float, float, str | None] | None:
    """'4.5%-5%', '4.5-5%', '5%至5.5%', '4.5～5%' → (4.5, 5.0, '%'); None when the text holds no range. Both ends
    take the unit written, and a range whose ends have different units is none."""
    norm = _in_digits(text).replace("～", "~").strip()
    m = _RANGE.search(norm)
    # The value is the range: it opens the text, after a qualifier at most ("3-6岁儿童康复任务" is a task).
    if not m or m.start() > 3 or re.search(r"\d", norm[: m.start()]):
        return None
    if re.fullmatch(r"(?:19|20)\d\d", m.group(1)) and re.fullmatch(r"(?:19|20)\d\d", m.group(3)):
        return None  # a span of years
    unit_a, unit_b = m.group(2), m.group(4)
    if unit_a and unit_b and unit_a != unit_b:
        return None
    low, high = float(m.group(1).replace(",", "")), float(m.group(3).replace(",", ""))
    if low >= high:
        return None
    return low, high, unit_b or unit_a


def is_unit(cell: str) -> bool:
    """True for a table cell that is a unit (亿元, %, 万元/…), not a value."""
    c = nfkc(cell.strip())
    if not c or c in {"-", "—", "/"} or _NUMBER.search(c):
        return False
    if _UNIT.fullmatch(c):
        return True
    return "/" in c and len(c) <= 6


# --- comparable text and units ------------------------------------------------------------------------------------

# After NFKC (which already folds － → - and ～ → ~): the dashes and tildes NFKC keeps.
_DASHES = str.maketrans({c: "-" for c in "—–―‒‐‑−﹣~〜∼⁓"})
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DASH_RUN = re.compile(r"-{2,}")


def normalize_text(text: str | None) -> str:
    """NFKC, dashes/tildes → '-', quote marks unified, whitespace removed, ASCII lowercased."""
    if not text:
        return ""
    out = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(QUOTE_MARKS)
    out = _SPACE.sub("", out)
    # "2021——2025" is one dash, not two.
    return _DASH_RUN.sub("-", out).translate(_ASCII_LOWER)


# Percent-like units first: 百分点 must not lose its 百 to the scale rule, and % ≠ 个百分点 ever.
_PERCENT_UNITS = (("个百分点", "个百分点"), ("百分点", "个百分点"), ("%", "%"), ("‰", "‰"))
# Scale prefixes stripped from the front of a unit, repeatedly: 万亿元 = 万 × 亿 × 元, 万千瓦 = 万 × 千 × 瓦.
_SCALES = {"亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
# Units spelled without a scale character but meaning one: (base unit, factor).
_ALIASES = {"公里": ("米", 1e3), "公斤": ("克", 1e3), "平方千米": ("平方公里", 1.0), "元人民币": ("元", 1.0)}
_BASE_UNITS = sorted(
    [
        "美元", "欧元", "港元", "元人民币", "元", "人次", "人", "户", "吨标准煤", "吨", "瓦时", "瓦", "平方公里",
        "平方千米", "平方米", "立方米", "公顷", "亩", "公里", "米", "公斤", "克", "辆", "家", "个", "项", "件", "所",
        "张", "床", "座", "条", "天", "年", "岁", "倍", "套", "台", "部", "处", "次", "小时", "标准箱", "标箱", "册",
        "名", "位", "只", "头", "株", "棵", "篇", "场", "艘", "架", "栋", "间", "片", "批",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_BASE_UNIT = re.compile("|".join(map(re.escape, _BASE_UNITS)))
# Where an unknown unit ends: a qualifier, punctuation, a digit, a range dash.
_UNIT_STOP = re.compile(r"以上|以下|以内|左右|上下|之内|[\d\-,.;:!?()、，。；：！？（）\"'/]")


def split_unit(text: str) -> tuple[float, str, str]:
    """The unit at the start of normalized `text` → (scale, family, rest); (1.0, '', text) when there is none."""
    for written, family in _PERCENT_UNITS:
        if text.startswith(written):
            return 1.0, family, text[len(written) :]
    scale, rest = 1.0, text
    while rest and rest[0] in _SCALES and not rest.startswith("百分点"):
        scale *= _SCALES[rest[0]]
        rest = rest[1:]
    m = _BASE_UNIT.match(rest)
    if m:
        base = m.group()
        rest = rest[m.end() :]
        base, factor = _ALIASES.get(base, (base, 1.0))
        scale *= factor
    else:
        # An unknown unit ("标准厂房"): its written form is its family, up to a qualifier or punctuation.
        stop = _UNIT_STOP.search(rest)
        cut = stop.start() if stop else len(rest)
        cut = min(cut, 6)
        base, rest = rest[:cut], rest[cut:]
    if rest.startswith("/") and base:
        # Per-unit rates (元/人, 吨/万元): the denominator is part of the family, unscaled.
        stop = _UNIT_STOP.search(rest, 1)
        cut = stop.start() if stop else len(rest)
        base, rest = base + rest[:cut], rest[cut:]
    return scale, base, rest


def unit_key(unit: str | None) -> tuple[float, str] | None:
    """A written unit as (scale, family): 亿元 → (1e8, '元'), 百分点 → (1, '个百分点'); None when empty."""
    norm = normalize_text(unit)
    if not norm:
        return None
    if not re.search(r"\w|%|‰", norm):
        return None  # "-" or "/" in a table's unit column: the unit was not printed
    scale, family, rest = split_unit(norm)
    return scale, family or rest


_YEAR_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

# --- quantities -------------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?")
_RANGE_SEP = re.compile(r"^(?:-|至|到)")


@dataclass(frozen=True)
class Quantity:
    """A number in base units of a unit family (元, 美元, 人, 吨, %, 个百分点 …); `high` ends a range."""

    value: float
    unit: str
    high: float | None = None


def tidy_float(x: float) -> float:
    # 1.4 × 1e12 is 1400000000000.0002 in binary; 12 significant digits is more than any document prints.
    return float(f"{x:.12g}")


def _parse_scaled(norm: str, default_unit: str | None) -> tuple[Quantity | None, str, str, str]:
    """(quantity, text before the number, text after number and unit, qualifier-like word between them)."""
    numbers = list(_NUMBER.finditer(norm))
    # "到2025年达到3500亿元": a year before the value is not the value.
    while len(numbers) > 1 and _YEAR_NUMBER.fullmatch(numbers[0].group()) and norm[numbers[0].end() :].startswith("年"):
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
    high = tidy_float(number2 * (scale if scale2 is None else scale2)) if number2 is not None else None
    return Quantity(tidy_float(number * scale), family, high), before, after, between


def parse_quantity(text: str | None, default_unit: str | None = None) -> Quantity | None:
    """'超3500亿元' → Quantity(3.5e11, '元'); units scale (亿 1e8, 万 1e4, 千 1e3); None without digits."""
    norm = normalize_text(text)
    if not norm:
        return None
    return _parse_scaled(norm, default_unit)[0]


def read_quantity(text: str | None) -> Quantity | None:
    """A value as written, digits or words (百分之五 is 5%), as a Quantity; None when it holds no number."""
    quantity = parse_quantity(text)
    if quantity is None and text:
        value = parse_value(text)
        if value.number is not None:
            quantity = parse_quantity(f"{value.number:g}{value.unit or ''}")
    return quantity


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
