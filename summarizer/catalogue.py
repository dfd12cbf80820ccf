"""The standard indicators (catalogue.toml) and the one rule that names a record by them.

A name matches an entry only when it folds to exactly one of the entry's names folded the same way: no
likeness, no substring, so 一般公共预算支出 never becomes 一般公共预算收入 and 工业增加值 never becomes 规模以上
工业增加值. What the folding removes is what official writing varies without changing the statistic: full
and half width, spaces and punctuation, GDP for 地区生产总值, a place prefix (全市, 我省, 全区), and the growth
word after the name (增长, 增速, 涨幅, 下降): the value's verb says it is a growth, compare reads that as its measure.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .values import unit_key
from .vocabulary import QUOTE_MARKS

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """NFKC (full-width to half-width), one kind of quote mark, ASCII lower case."""
    return unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS).translate(_ASCII_LOWER)


# GDP is written for 地区生产总值 in every kind of document (人均GDP, 单位GDP能耗); the two are one name.
_NAME_ALIASES = (("gdp", "地区生产总值"),)
# A growth suffix names the growth of the indicator before it (地区生产总值年均增速 is 地区生产总值, as a
# growth rate); the measure keeps what was dropped. 增长率, 涨幅 and 降幅 stay in the comparison form: there they
# are the name of a rate indicator (人口自然增长率, 居民消费价格涨幅), and dropping them would leave a fragment.
GROWTH_SUFFIX = re.compile(r"(?:\(增速\)|年均增速|年均增长|增速)$")
# 总量 after a total that is already named as one (地区生产总值总量) adds nothing. Other 总量/总额 are kept:
# 社会消费品零售总额 without 总额 is no name, and 经济总量 without 总量 is not the same thing.
_TOTAL_SUFFIX = re.compile(r"(?<=总值|总额|收入)总量$")


def normalize_name(name: str) -> str:
    """The comparison form of an indicator name: full/half width folded, spaces and punctuation removed,
    GDP read as 地区生产总值, a trailing growth suffix (增速, 年均增速) and a redundant 总量 dropped."""
    folded = fold(name)
    suffix_free = GROWTH_SUFFIX.sub("", re.sub(r"\s+", "", folded))
    for written, canonical in _NAME_ALIASES:
        suffix_free = suffix_free.replace(written, canonical)
    # Punctuation and symbols (Unicode categories P*, S*) go: 每千人拥有执业(助理)医师数 = 每千人拥有执业助理医师数.
    kept = "".join(c for c in suffix_free if not unicodedata.category(c).startswith(("P", "S", "Z")))
    return _TOTAL_SUFFIX.sub("", kept) or folded


# The document's own place before a name: 全市生产总值 is the 地区生产总值 of the city the document is about.
_PLACE_PREFIX = re.compile(r"^(?:全|我|本)(?:国|省|市|区|县|州|盟|旗|镇)")
# The verb of a growth or a fall written after the name (地区生产总值增长, 单位地区生产总值能耗降低).
_CHANGE_SUFFIX = re.compile(r"(?:年均)?(?:增长|增幅|涨幅|上涨|下降|降低|降幅|减少|提高|提升)(?:率|幅度)?$")


def match_forms(name: str) -> list[str]:
    """The forms of a written name that are looked up, most literal first: the comparison form, then without
    the place prefix, then without a trailing growth verb."""
    forms = [normalize_name(name)]
    forms.append(_PLACE_PREFIX.sub("", forms[-1]))
    forms.append(_CHANGE_SUFFIX.sub("", forms[-1]))
    return [f for f in dict.fromkeys(forms) if f]


@dataclass(frozen=True)
class StandardIndicator:
    id: str
    name: str
    aliases: tuple[str, ...]
    units: tuple[str, ...]  # unit families (values.unit_key): 元, %, 人 …
    measures: tuple[str, ...]  # compare.MEASURES keys


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[StandardIndicator, ...]
    by_form: dict[str, StandardIndicator]

    def get(self, indicator_id: str | None) -> StandardIndicator | None:
        return next((e for e in self.entries if e.id == indicator_id), None)

    def match(self, name: str, unit: str | None = None) -> StandardIndicator | None:
        """The entry the written name is, or None. A unit of another family than the entry's (人 for 地区生产总值)
        means another statistic under a like name, so no entry."""
        for form in match_forms(name):
            entry = self.by_form.get(form)
            if entry is None:
                continue
            family = unit_key(unit)
            if family is not None and family[1] not in entry.units:
                return None
            return entry
        return None


def parse_catalogue(text: str) -> Catalogue:
    """A catalogue from TOML text; a name claimed by two entries is an error (a match must be one entry)."""
    entries = tuple(
        StandardIndicator(
            id=raw["id"],
            name=raw["name"],
            aliases=tuple(raw.get("aliases", ())),
            units=tuple(raw.get("units", ())),
            measures=tuple(raw.get("measures", ())),
        )
        for raw in tomllib.loads(text)["indicator"]
    )
    by_form: dict[str, StandardIndicator] = {}
    for entry in entries:
        for written in (entry.name, *entry.aliases):
            form = normalize_name(written)
            other = by_form.setdefault(form, entry)
            if other.id != entry.id:
                raise ValueError(f"catalogue: {written!r} is a name of both {other.id} and {entry.id}")
    return Catalogue(entries, by_form)


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped in the package (summarizer/catalogue.toml)."""
    return parse_catalogue(resources.files("summarizer").joinpath("catalogue.toml").read_text(encoding="utf-8"))


def canonical_id(name: str, unit: str | None = None) -> str | None:
    entry = load_catalogue().match(name, unit)
    return entry.id if entry else None
