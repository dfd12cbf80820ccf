"""Indicators side by side across briefings: a plan, its work reports and the news that quote them.

Pure functions over saved briefings. Two statements are one row when they name the same indicator
(after a conservative name normalization), for the same year, as the same measure (a total, a growth
rate, a share …), in the same unit family (万元 and 亿元 are both 元; % and 个百分点 are not). A row is a
conflict only when one region's documents give it different numbers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .models import Briefing, Indicator, Value
from .values import unit_key
from .vocabulary import QUOTE_MARKS

# --- names ------------------------------------------------------------------------------------------------------------

# GDP is written for 地区生产总值 in every kind of document (人均GDP, 单位GDP能耗); the two are one name.
_NAME_ALIASES = (("gdp", "地区生产总值"),)
# A growth suffix names the growth of the indicator before it (地区生产总值年均增速 is 地区生产总值, as a
# growth rate); the measure keeps what was dropped. 增长率, 涨幅 and 降幅 stay: there they are the name
# of a rate indicator (人口自然增长率, 居民消费价格涨幅), and dropping them would leave a fragment.
_GROWTH_SUFFIX = re.compile(r"(?:\(增速\)|年均增速|年均增长|增速)$")
# 总量 after a total that is already named as one (地区生产总值总量) adds nothing. Other 总量/总额 are kept:
# 社会消费品零售总额 without 总额 is no name, and 经济总量 without 总量 is not the same thing.
_TOTAL_SUFFIX = re.compile(r"(?<=总值|总额|收入)总量$")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _fold(text: str) -> str:
    """NFKC (full-width to half-width), one kind of quote mark, ASCII lower case."""
    return unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS).translate(_ASCII_LOWER)


def display_name(name: str) -> str:
    """A row's name as shown: the first statement's name, half-width, without its growth suffix."""
    return _GROWTH_SUFFIX.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))) or name


def normalize_name(name: str) -> str:
    """The comparison form of an indicator name: full/half width folded, spaces and punctuation removed,
    GDP read as 地区生产总值, a trailing growth suffix (增速, 年均增速) and a redundant 总量 dropped."""
    folded = _fold(name)
    suffix_free = _GROWTH_SUFFIX.sub("", re.sub(r"\s+", "", folded))
    for written, canonical in _NAME_ALIASES:
        suffix_free = suffix_free.replace(written, canonical)
    # Punctuation and symbols (Unicode categories P*, S*) go: 每千人拥有执业(助理)医师数 = 每千人拥有执业助理医师数.
    kept = "".join(c for c in suffix_free if not unicodedata.category(c).startswith(("P", "S", "Z")))
    return _TOTAL_SUFFIX.sub("", kept) or folded


# --- units ------------------------------------------------------------------------------------------------------------


def unit_scale(unit: str | None) -> tuple[float, str]:
    """A written unit as (scale, family), read as the eval reads it (`values.unit_key`): 亿元 → (1e8, '元'),
    万元 → (1e4, '元'), 个百分点 → (1, '个百分点'), 公里 → (1e3, '米'); no unit → (1, '')."""
    return unit_key(unit) or (1.0, "")


# --- measures ---------------------------------------------------------------------------------------------------------

# What a number measures. Two statements compare only within one measure: 地区生产总值 3500亿元 (a total),
# 增长8% (that year's growth), 年均增长8% (average growth over a period) and 占比8% (a share) are four facts.
MEASURES = {
    "total": "总量",  # a level in its own unit: 亿元, 万人, 个, 平方米 …
    "growth": "增速",  # change over the previous year, in %: 增长8%, 涨幅2%, 下降15%
    "avg_growth": "年均增速",  # average yearly change over a period: 年均增长8%
    "share": "比重/比率",  # a level in %: 城镇化率, 占GDP比重, 覆盖率
    "points": "百分点",  # a change of a share, in 个百分点
    "percent": "百分比",  # a % value the text does not say more about
}
_GROWTH_WORDS = r"增长|增速|增幅|涨幅|提高|提升|下降|降幅|降低|减少|增加"
# A growth verb right before the number (qualifier words may stand between): 增长8%, 提高20%以上, 下降15%.
# 提高到68% and 提升至93% name a level, not a change, so 到/至 after the verb is not growth.
_GROWTH_BEFORE = re.compile(rf"(?:{_GROWTH_WORDS})(?:了)?(?:超过|超|不低于|不少于|不超过|约|近|达|达到)?$")
_GROWTH_NAME = re.compile(rf"(?:{_GROWTH_WORDS}|增长率)$|\(增速\)$")
_SHARE_NAME = re.compile(r"率|比重|占比|比例|份额|系数")


def _value_context(quote: str, value_text: str) -> str:
    """The clause of `quote` before the value (up to the previous comma or semicolon), normalized."""
    q, v = _fold(quote), _fold(value_text)
    at = q.find(v) if v else -1
    if at < 0:
        return ""
    before = q[:at]
    return re.split(r"[,;。:!?、]", before)[-1]


def measure_of(name: str, value: Value | None, quote: str) -> str:
    """The measure of an indicator's value, from its unit, its name and the words before the number."""
    unit = unit_scale(value.unit if value else None)[1]
    if unit == "个百分点":
        return "points"
    if unit not in ("%", "‰"):
        return "total"
    folded = re.sub(r"\s+", "", _fold(name))
    context = _value_context(quote, value.text) if value else ""
    text = _fold(value.text) if value else ""
    if "年均" in text or "年均" in context or re.search(r"年均(?:增速|增长)", folded):
        return "avg_growth"
    if _GROWTH_BEFORE.search(context) or _GROWTH_NAME.search(folded):
        return "growth"
    if _SHARE_NAME.search(folded):
        return "share"
    return "percent"


# --- rows -------------------------------------------------------------------------------------------------------------


@dataclass
class Statement:
    """One document's statement of an indicator: its value for the row's year, and where it says so."""

    file: str  # the briefing's path or label, as given
    item_id: str  # the indicator's id in that briefing (I12)
    title: str
    region: str | None
    doc_type: str
    name: str  # the indicator's name as the briefing has it
    target_text: str | None
    target_number: float | None
    target_unit: str | None
    qualifier: str | None
    year: int | None
    baseline_year: int | None
    baseline_text: str | None
    attribute: str | None
    quote: str
    start: int
    end: int
    page: int | None
    section: str | None


@dataclass
class AlignedIndicator:
    """One indicator, year and measure, and every document that states it."""

    name: str
    year: int | None
    measure: str  # a key of MEASURES
    unit: str | None  # the unit of the first statement with one; numbers are compared after scaling
    statements: list[Statement] = field(default_factory=list)
    conflict: bool = False
    conflict_note: str | None = None

    @property
    def documents(self) -> int:
        return len({s.file for s in self.statements})


def _statements(label: str, briefing: Briefing, indicator: Indicator) -> list[tuple[str, str, Statement]]:
    """(measure, unit family, statement) for the indicator's target, and for its planned annual growth."""
    doc = briefing.document
    ev = indicator.evidence
    target = indicator.target
    value = target.value if target else None
    base = indicator.baseline

    def statement(v: Value | None, year: int | None) -> Statement:
        return Statement(
            file=label,
            item_id=indicator.id,
            title=doc.title,
            region=doc.region,
            doc_type=doc.doc_type,
            name=indicator.name,
            target_text=v.text if v else None,
            target_number=v.number if v else None,
            target_unit=(v.unit if v else None) or indicator.unit,
            qualifier=(v.qualifier if v else None) or indicator.qualifier,
            year=year,
            baseline_year=base.year if base else None,
            baseline_text=base.value.text if base else None,
            attribute=indicator.attribute,
            quote=ev.quote,
            start=ev.start,
            end=ev.end,
            page=ev.page,
            section=ev.section,
        )

    year = target.year if target else None
    if value is not None and value.unit is None and indicator.unit:
        value = value.model_copy(update={"unit": indicator.unit})
    measure = measure_of(indicator.name, value, ev.quote)
    if (
        measure == "growth"
        and _GROWTH_SUFFIX.search(re.sub(r"\s+", "", _fold(indicator.name)))
        and base is not None
        and base.year is not None
        and year is not None
        and year - base.year > 1
    ):
        # A plan table's 增速 column from a baseline year to a target year years later is the average
        # yearly growth (a cumulative change is written 累计 or as a 降幅, which keep their measure).
        measure = "avg_growth"
    rows = [(measure, unit_scale(value.unit if value else None)[1], statement(value, year))]
    growth = indicator.annual_growth
    if growth is not None and growth.number is not None and measure != "avg_growth":
        # A plan table's 年均增长 column: the same indicator's average growth to the target year.
        g = growth if growth.unit else growth.model_copy(update={"unit": "%"})
        rows.append(("avg_growth", unit_scale(g.unit)[1], statement(g, year)))
    return rows


def _in_base(s: Statement) -> float | None:
    if s.target_number is None:
        return None
    return s.target_number * unit_scale(s.target_unit)[0]


def _shown(s: Statement) -> str:
    return f"{s.target_text} ({Path(s.file).name})"


def _conflict(statements: list[Statement]) -> str | None:
    """A note when one region's documents give different numbers (qualifiers aside: 8%以上 and 8% agree)."""
    notes = []
    regions: dict[str, list[Statement]] = {}
    for s in statements:
        if s.region and _in_base(s) is not None:
            regions.setdefault(re.sub(r"\s+", "", s.region), []).append(s)
    for region, said in regions.items():
        # Within one document two values under one name are usually two things; only documents disagree.
        files = {s.file for s in said}
        if len(files) < 2:
            continue
        first = said[0]
        differing = [
            s
            for s in said
            if s.file != first.file
            and not math.isclose(_in_base(s) or 0.0, _in_base(first) or 0.0, rel_tol=1e-9, abs_tol=1e-12)
        ]
        if differing:
            notes.append(f"{region}: {_shown(first)} vs " + ", ".join(_shown(s) for s in differing))
    return "; ".join(notes) or None


def compare_indicators(briefings: list[tuple[str, Briefing]]) -> list[AlignedIndicator]:
    """The briefings' indicators aligned by normalized name, year, measure and unit family, in order of
    first appearance; a row stated by one document only is listed too."""
    rows: dict[tuple[str, int | None, str, str], AlignedIndicator] = {}
    for label, briefing in briefings:
        for indicator in briefing.indicators:
            for measure, family, s in _statements(label, briefing, indicator):
                key = (normalize_name(indicator.name), s.year, measure, family)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = AlignedIndicator(
                        name=display_name(indicator.name), year=s.year, measure=measure, unit=s.target_unit
                    )
                row.unit = row.unit or s.target_unit
                row.statements.append(s)
    for row in rows.values():
        row.conflict_note = _conflict(row.statements)
        row.conflict = row.conflict_note is not None
    return list(rows.values())


def shared(rows: list[AlignedIndicator]) -> list[AlignedIndicator]:
    """The rows stated by at least two documents."""
    return [r for r in rows if r.documents >= 2]


CSV_COLUMNS = (
    "indicator",
    "year",
    "measure",
    "unit",
    "documents",
    "conflict",
    "conflict_note",
    "file",
    "title",
    "region",
    "doc_type",
    "name",
    "target",
    "target_number",
    "target_unit",
    "qualifier",
    "baseline_year",
    "baseline",
    "attribute",
    "quote",
    "start",
    "end",
    "page",
    "section",
)


def flat_rows(rows: list[AlignedIndicator]) -> list[dict[str, object]]:
    """One line per statement, the row's fields repeated on each: what `compare --csv` writes."""
    out: list[dict[str, object]] = []
    for row in rows:
        for s in row.statements:
            out.append(
                {
                    "indicator": row.name,
                    "year": row.year,
                    "measure": MEASURES[row.measure],
                    "unit": row.unit,
                    "documents": row.documents,
                    "conflict": "yes" if row.conflict else "",
                    "conflict_note": row.conflict_note,
                    "file": s.file,
                    "title": s.title,
                    "region": s.region,
                    "doc_type": s.doc_type,
                    "name": s.name,
                    "target": s.target_text,
                    "target_number": s.target_number,
                    "target_unit": s.target_unit,
                    "qualifier": s.qualifier,
                    "baseline_year": s.baseline_year,
                    "baseline": s.baseline_text,
                    "attribute": s.attribute,
                    "quote": s.quote,
                    "start": s.start,
                    "end": s.end,
                    "page": s.page,
                    "section": s.section,
                }
            )
    return out
