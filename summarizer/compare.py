"""Indicators side by side across briefings: a plan, its work reports and the news that quote them.

Pure functions over saved briefings. Two statements are one row when they name the same indicator
(after a conservative name normalization), for the same year, as the same measure (a total, a growth
rate, a share …), in the same unit family (万元 and 亿元 are both 元; % and 个百分点 are not). A row is a
conflict only when one region's documents give it different numbers.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import GROWTH_SUFFIX, canonical_id, fold, load_catalogue, normalize_name
from .models import Briefing, Indicator, Result, Value
from .values import unit_key

# --- names ------------------------------------------------------------------------------------------------------------


def display_name(name: str) -> str:
    """A row's name as shown: the first statement's name, half-width, without its growth suffix."""
    return GROWTH_SUFFIX.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))) or name


_REGION_SUFFIX = re.compile(r"(?<=..)(?:省|市|自治区|特别行政区|地区|盟|自治州|州)$")


def normalize_region(region: str | None) -> str | None:
    """A region's comparison form: 青河 = 青河市, 内蒙古 = 内蒙古自治区, 中国 = 全国; a district or county keeps its
    level word (青河区), which is part of its name."""
    if not region:
        return None
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", region))
    if folded in ("中国", "全国", "国家", "中华人民共和国"):
        return "全国"
    return _REGION_SUFFIX.sub("", folded)


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
_GROWTH_WORDS = r"增长|增速|增幅|涨幅|上涨|提高|提升|下降|降幅|降低|减少|增加"
# A growth verb right before the number (qualifier words may stand between): 增长8%, 提高20%以上, 下降15%.
# 提高到68% and 提升至93% name a level, not a change, so 到/至 after the verb is not growth.
_GROWTH_BEFORE = re.compile(rf"(?:{_GROWTH_WORDS})(?:了)?(?:超过|超|不低于|不少于|不超过|约|近|达|达到)?$")
_GROWTH_NAME = re.compile(rf"(?:{_GROWTH_WORDS}|增长率)$|\(增速\)$")
_SHARE_NAME = re.compile(r"率|比重|占比|比例|份额|系数")


_LISTED_BEFORE = re.compile(r"(?:[-\d.]+\s*[^\d、和,;。]{0,5}\s*(?:、|和|及))+$")


def _value_context(quote: str, value_text: str) -> str:
    """The clause of `quote` before the value (up to the previous comma or semicolon), normalized."""
    q, v = fold(quote), fold(value_text)
    at = q.find(v) if v else -1
    if at < 0:
        return ""
    clause = re.split(r"[,;。:!?]", q[:at])[-1]
    # A value listed after others of one verb ("分别增长6.5%、9.4%", "增长6%和8%") takes the verb before the list.
    return _LISTED_BEFORE.sub("", clause)


def measure_of(name: str, value: Value | None, quote: str) -> str:
    """The measure of an indicator's value, from its unit, its name and the words before the number."""
    unit = unit_scale(value.unit if value else None)[1]
    if unit == "个百分点":
        return "points"
    if unit not in ("%", "‰"):
        return "total"
    folded = re.sub(r"\s+", "", fold(name))
    context = _value_context(quote, value.text) if value else ""
    text = fold(value.text) if value else ""
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
    """One document's statement of an indicator: a target for the row's year, or a result reached in it."""

    file: str  # the briefing's path or label, as given
    item_id: str  # the record's id in that briefing (I12, R3)
    title: str
    region: str | None
    doc_type: str
    name: str  # the indicator's name as the briefing has it
    target_text: str | None  # the value as written (a target's, or a result's)
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
    stated_as: str = "target"  # target | result
    canonical: str | None = None  # the catalogue id, where the name is a standard indicator
    low: float | None = None  # a range's ends, in target_unit
    high: float | None = None
    decrease: bool = False  # the value is a fall (下降, 降低, 减少): 下降3% is a change of -3%
    met: str | None = None  # a target's verdict against its result: met | missed | no result (None for a result)
    result_text: str | None = None  # the result a target was judged against, and where it is from
    result_file: str | None = None


@dataclass
class AlignedIndicator:
    """One indicator, year and measure, and every document that states it."""

    name: str
    year: int | None
    measure: str  # a key of MEASURES
    unit: str | None  # the unit of the first statement with one; numbers are compared after scaling
    canonical: str | None = None  # the catalogue id the row is aligned on, or None (aligned on the written name)
    statements: list[Statement] = field(default_factory=list)
    conflict: bool = False
    conflict_note: str | None = None

    @property
    def documents(self) -> int:
        return len({s.file for s in self.statements})


_DECREASE = re.compile(r"(?:下降|降低|减少|降幅|回落|削减)(?:了)?(?:超过|超|不低于|不少于|约|近|达|达到|到)?$")


def _statement(
    label: str, briefing: Briefing, record: Indicator | Result, v: Value | None, year: int | None, stated_as: str
) -> Statement:
    doc = briefing.document
    ev = record.evidence
    indicator = record if isinstance(record, Indicator) else None
    base = indicator.baseline if indicator else None
    unit = (v.unit if v else None) or (indicator.unit if indicator else None)
    context = _value_context(ev.quote, v.text) if v else ""
    return Statement(
        file=label,
        item_id=record.id,
        title=doc.heading,
        region=doc.region,
        doc_type=doc.doc_type,
        name=record.name,
        target_text=v.text if v else None,
        target_number=v.number if v else None,
        target_unit=unit,
        qualifier=(v.qualifier if v else None) or (indicator.qualifier if indicator else None),
        year=year,
        baseline_year=base.year if base else None,
        baseline_text=base.value.text if base else None,
        attribute=indicator.attribute if indicator else None,
        quote=ev.quote,
        start=ev.start,
        end=ev.end,
        page=ev.page,
        section=ev.section,
        stated_as=stated_as,
        canonical=record.canonical,
        low=v.low if v else None,
        high=v.high if v else None,
        decrease=bool(_DECREASE.search(context)) or bool(re.match(r"^(?:下降|降低|减少)", fold(v.text) if v else "")),
    )


def _statements(label: str, briefing: Briefing, indicator: Indicator) -> list[tuple[str, str, Statement]]:
    """(measure, unit family, statement) for the indicator's target, and for its planned annual growth."""
    ev = indicator.evidence
    target = indicator.target
    value = target.value if target else None
    base = indicator.baseline

    year = target.year if target else None
    if value is not None and value.unit is None and indicator.unit:
        value = value.model_copy(update={"unit": indicator.unit})
    measure = measure_of(indicator.name, value, ev.quote)
    if (
        measure == "growth"
        and GROWTH_SUFFIX.search(re.sub(r"\s+", "", fold(indicator.name)))
        and base is not None
        and base.year is not None
        and year is not None
        and year - base.year > 1
    ):
        # A plan table's 增速 column from a baseline year to a target year years later is the average
        # yearly growth (a cumulative change is written 累计 or as a 降幅, which keep their measure).
        measure = "avg_growth"
    rows = [
        (
            measure,
            unit_scale(value.unit if value else None)[1],
            _statement(label, briefing, indicator, value, year, "target"),
        )
    ]
    growth = indicator.annual_growth
    if growth is not None and growth.number is not None and measure != "avg_growth":
        # A plan table's 年均增长 column: the same indicator's average growth to the target year.
        g = growth if growth.unit else growth.model_copy(update={"unit": "%"})
        rows.append(("avg_growth", unit_scale(g.unit)[1], _statement(label, briefing, indicator, g, year, "target")))
    return rows


def _urban_and_rural(indicator: Indicator, s: Statement) -> list[Indicator]:
    """One value for 城乡X ("城乡居民人均可支配收入分别增长7.5%") is a target for 城镇X and for 农村X, where the
    catalogue knows both; else the indicator as it is."""
    name = re.sub(r"\s+", "", indicator.name)
    if indicator.canonical or not name.startswith("城乡"):
        return [indicator]
    unit = s.target_unit
    parts = [canonical_id(prefix + name[2:], unit) for prefix in ("城镇", "农村")]
    if not all(parts):
        return [indicator]
    return [
        indicator.model_copy(update={"name": prefix + name[2:], "canonical": cid})
        for prefix, cid in zip(("城镇", "农村"), parts, strict=True)
    ]


def _renamed(s: Statement, part: Indicator) -> Statement:
    return dataclasses.replace(s, name=part.name, canonical=part.canonical)


def _result_statement(label: str, briefing: Briefing, result: Result) -> tuple[str, str, Statement]:
    measure = measure_of(result.name, result.value, result.evidence.quote)
    s = _statement(label, briefing, result, result.value, result.year, "result")
    return measure, unit_scale(result.value.unit)[1], s


def _in_base(s: Statement) -> float | None:
    if s.target_number is None:
        return None
    return s.target_number * unit_scale(s.target_unit)[0]


def _shown(s: Statement) -> str:
    return f"{s.target_text} ({Path(s.file).name})"


def _conflict(statements: list[Statement]) -> str | None:
    """A note when one region's documents give different target numbers (qualifiers aside: 8%以上 and 8% agree)."""
    notes = []
    regions: dict[str, list[Statement]] = {}
    for s in statements:
        if s.stated_as == "target" and s.region and _in_base(s) is not None:
            regions.setdefault(normalize_region(s.region) or "", []).append(s)
    for said in regions.values():
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
            notes.append(f"{first.region}: {_shown(first)} vs " + ", ".join(_shown(s) for s in differing))
    return "; ".join(notes) or None


# --- targets against results -----------------------------------------------------------------------------------------

AT_LEAST = {None, "以上", "不低于", "超", "突破", "力争", "达到"}
AT_MOST = {"以内", "控制在", "以下", "不超过"}
ABOUT = {"左右", "约", "近"}
ABOUT_RATE_POINTS = 0.5  # 左右 on a rate (in %): within half a percentage point
ABOUT_LEVEL_SHARE = 0.02  # 左右 on a level: within 2 %


def _signed(s: Statement, scale: float) -> float | None:
    if s.target_number is None:
        return None
    return (-1 if s.decrease else 1) * s.target_number * scale


def judge_target(target: Statement, result: Statement) -> str | None:
    """met or missed, by the rule in the README; None when the two cannot be compared (no number, other units).

    以上, 不低于, 超, 突破 and a bare number: result ≥ target; 以内, 控制在, 以下, 不超过: result ≤ target; 左右, 约:
    within 0.5 percentage point for a rate, 2 % for a level; a range: result ≥ its low end; a fall (下降3%): the
    result's fall at least the target's, so a result of 下降3.5% meets it and an increase misses it."""
    t_scale, t_family = unit_scale(target.target_unit)
    r_scale, r_family = unit_scale(result.target_unit)
    if t_family != r_family:
        return None
    r = _signed(result, r_scale)
    if r is None:
        return None
    if target.target_number is None and target.low is not None:
        low = target.low * t_scale
        if target.decrease:  # a fall of at least the range's low end
            return "met" if r <= -abs(low) else "missed"
        return "met" if r >= low else "missed"
    t = _signed(target, t_scale)
    if t is None:
        return None
    qualifier = target.qualifier
    if qualifier in ABOUT:
        tolerance = ABOUT_RATE_POINTS if t_family == "%" else abs(t) * ABOUT_LEVEL_SHARE
        return "met" if abs(r - t) <= tolerance + 1e-9 else "missed"
    if qualifier in AT_MOST:
        return "met" if r <= t + 1e-9 else "missed"
    if target.decrease:
        return "met" if r <= t + 1e-9 else "missed"  # both negative: a fall at least as large
    return "met" if r >= t - 1e-9 else "missed"


def _check_targets(row: AlignedIndicator) -> None:
    """Each target beside the result of the same region, indicator, year and measure: met, missed or no result."""
    results: dict[str | None, list[Statement]] = {}
    for s in row.statements:
        if s.stated_as == "result":
            results.setdefault(normalize_region(s.region), []).append(s)
    for s in row.statements:
        if s.stated_as != "target":
            continue
        # A result is another statement than the target: not the same words of the same file read twice.
        candidates = [
            r
            for r in results.get(normalize_region(s.region), [])
            if r.target_number is not None and not (r.file == s.file and r.start < s.end and s.start < r.end)
        ]
        if not candidates:
            s.met = "no result"
            continue
        result = candidates[0]
        verdict = judge_target(s, result)
        s.met = verdict or "no result"
        if verdict:
            s.result_text, s.result_file = result.target_text, result.file


def compare_indicators(briefings: list[tuple[str, Briefing]]) -> list[AlignedIndicator]:
    """The briefings' indicators and results aligned by catalogue id (else normalized name), year, measure and
    unit family, in order of first appearance; a row stated by one document only is listed too. Each target
    is set against the result of its region in the row, where there is one."""
    catalogue = load_catalogue()
    rows: dict[tuple[str, int | None, str, str], AlignedIndicator] = {}

    def add(record: Indicator | Result, measure: str, family: str, s: Statement) -> None:
        entry = catalogue.get(record.canonical)
        key = (f"#{entry.id}" if entry else normalize_name(record.name), s.year, measure, family)
        row = rows.get(key)
        if row is None:
            name = entry.name if entry else display_name(record.name)
            row = rows[key] = AlignedIndicator(
                name=name, year=s.year, measure=measure, unit=s.target_unit, canonical=entry.id if entry else None
            )
        row.unit = row.unit or s.target_unit
        row.statements.append(s)

    for label, briefing in briefings:
        for indicator in briefing.indicators:
            for measure, family, s in _statements(label, briefing, indicator):
                for part in _urban_and_rural(indicator, s):
                    add(part, measure, family, s if part is indicator else _renamed(s, part))
        for result in briefing.results:
            add(result, *_result_statement(label, briefing, result))
    for row in rows.values():
        row.conflict_note = _conflict(row.statements)
        row.conflict = row.conflict_note is not None
        _check_targets(row)
    return list(rows.values())


def shared(rows: list[AlignedIndicator]) -> list[AlignedIndicator]:
    """The rows stated by at least two documents."""
    return [r for r in rows if r.documents >= 2]


def with_targets(rows: list[AlignedIndicator]) -> list[AlignedIndicator]:
    """The rows that hold a target (a row of results alone is what a review reports, not what was planned)."""
    return [r for r in rows if any(s.stated_as == "target" for s in r.statements)]


CSV_COLUMNS = (
    "indicator",
    "canonical",
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
    "stated_as",
    "target",
    "target_number",
    "target_unit",
    "qualifier",
    "met",
    "result",
    "result_file",
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
    """One line per statement, the row's fields repeated on each: what `compare --csv` writes. `target` is the
    value as stated, a target's or a result's (`stated_as` says which)."""
    out: list[dict[str, object]] = []
    for row in rows:
        for s in row.statements:
            out.append(
                {
                    "indicator": row.name,
                    "canonical": row.canonical,
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
                    "stated_as": s.stated_as,
                    "target": s.target_text,
                    "target_number": s.target_number,
                    "target_unit": s.target_unit,
                    "qualifier": s.qualifier,
                    "met": s.met,
                    "result": s.result_text,
                    "result_file": s.result_file,
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


# --- the dataset ------------------------------------------------------------------------------------------------------

FIGURE_COLUMNS: dict[str, str] = {
    # column → Arrow type name (export.write_parquet): one row per target or result of every briefing.
    "document": "string",
    "file": "string",
    "region": "string",
    "region_key": "string",  # the region's comparison form: 青河 and 青河市 are one
    "level": "string",
    "doc_type": "string",
    "genre": "string",
    "date": "string",
    "work_year": "int32",  # a work report's year (its 今年)
    "stated_as": "string",  # target | result
    "id": "string",  # the record's id in its briefing (I3, R12)
    "name": "string",  # as written
    "canonical": "string",  # the catalogue id, or null
    "canonical_name": "string",
    "year": "int32",  # the year the target is for, or the result is of
    "measure": "string",  # a key of MEASURES: total, growth, avg_growth, share, points, percent
    "value_text": "string",
    "number": "float64",  # in `unit`
    "unit": "string",
    "low": "float64",  # a range's ends, in `unit`
    "high": "float64",
    "qualifier": "string",
    "decrease": "bool",  # the value is a fall (下降3%)
    "base_number": "float64",  # `number` in the unit family's base unit (亿元 → 元)
    "unit_family": "string",
    "attribute": "string",
    "quote": "string",
    "start": "int64",
    "end": "int64",
    "page": "int32",
    "section": "string",
}


def figure_rows(briefings: list[tuple[str, Briefing]]) -> list[dict[str, object]]:
    """Every target (an indicator's value and its planned annual growth) and every result of the briefings, one
    row each with its document, catalogue id and measure: the table `export --format parquet` writes."""
    catalogue = load_catalogue()
    rows: list[dict[str, object]] = []
    for label, briefing in briefings:
        doc = briefing.document
        stated = [(ind, m, s) for ind in briefing.indicators for m, _, s in _statements(label, briefing, ind)]
        stated += [(res, m, s) for res in briefing.results for m, _, s in [_result_statement(label, briefing, res)]]
        for record, measure, s in stated:
            entry = catalogue.get(record.canonical)
            scale, family = unit_scale(s.target_unit)
            rows.append(
                {
                    "document": doc.heading,
                    "file": label,
                    "region": doc.region,
                    "region_key": normalize_region(doc.region),
                    "level": doc.level,
                    "doc_type": doc.doc_type,
                    "genre": doc.genre,
                    "date": doc.date,
                    "work_year": doc.work_year,
                    "stated_as": s.stated_as,
                    "id": record.id,
                    "name": record.name,
                    "canonical": record.canonical,
                    "canonical_name": entry.name if entry else None,
                    "year": s.year,
                    "measure": measure,
                    "value_text": s.target_text,
                    "number": s.target_number,
                    "unit": s.target_unit,
                    "low": s.low,
                    "high": s.high,
                    "qualifier": s.qualifier,
                    "decrease": s.decrease,
                    "base_number": s.target_number * scale if s.target_number is not None else None,
                    "unit_family": family or None,
                    "attribute": s.attribute,
                    "quote": s.quote,
                    "start": s.start,
                    "end": s.end,
                    "page": s.page,
                    "section": s.section,
                }
            )
    return rows
