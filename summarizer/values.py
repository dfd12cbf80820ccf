"""Quantities as written in Chinese planning text: '超3500亿元', '8%以上', '4.8万元'.

Pure parsing helpers shared by the table stage, the list kinds, `summarizer compare` and the eval: one
reading of a written unit (亿元 = 1e8 元) serves the comparison of documents and the scoring of records.
"""

from __future__ import annotations

import re
import string
import unicodedata

from .models import Value
from .vocabulary import QUOTE_MARKS, UNITS, VALUE_PREFIXES, VALUE_SUFFIXES, VERB_PREFIXES

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
