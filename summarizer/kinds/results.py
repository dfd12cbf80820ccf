"""Results: figures the document states as achieved (a work report's review of the year, a plan's review).

The candidates are the indicators' (every value with a unit and the name its clause gives it); the rules
keep the ones the text reports as reached: a clause of work done with no look ahead, a review section, a
year before the document's own. A rank, a difference from another place or a span of time is no result.
The year is the one the sentence writes, else the period its sentence or heading names (十三五 → 2020),
else, in a work report, the year before its work year (its 去年 and 过去一年). Rows of rebuilt tables add
their base-year and 完成情况 cells as results at the pipeline's merge (`from_table_rows`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..locate import normalize
from ..models import Evidence, Indicator, Result, Value
from ..values import parse_value
from .base import LOOKS_BACK, Candidate, Context, ListKind, ScoredField, Verdict, md_cell, named_period_end
from .indicators import STARTS_A_CHANGE, _clause_of, names_a_quantity
from .indicators import find as find_values

# Words that put a clause in the future: a target, a plan, an expectation.
# (Not 以上 or 左右: a figure reached is written with them too, "增长8%以上", and 规模以上 names a statistic.)
_AHEAD = re.compile(r"到(?:19|20)\d\d|力争|目标|确保|争取|(?<![已即])将|(?<!年)计划|预计|预期|今年|明年")
# A figure stated against another place or an average is a comparison, not the place's own result.
_COMPARED = re.compile(r"(?:高于|低于|快于|慢于|高出|低出|超出|比)(?:全国|全省|全市|全区|全州|省|国家|平均|同类)")
# A rank or position, and spans of time: not quantities reached.
_RANK = re.compile(r"^第|位$|名$")
_TIME_UNITS = {"年", "个月", "月", "周", "日", "小时", "分钟", "秒", "岁"}


@lru_cache(maxsize=4)
def _candidates(text: str) -> tuple[Candidate, ...]:
    return tuple(find_values(text))


def find(text: str) -> list[Candidate]:
    """The indicators' candidates (one finder reads the values of both lists; cached per text), each marked when it
    is the starting value of a change (由X增加到Y)."""
    out = []
    for c in _candidates(text):
        fields = dict(c.fields)
        value = c.fields.get("value") or ""
        at = text.find(value, c.start, c.end + len(value)) if value else -1
        if at >= 0 and STARTS_A_CHANGE.match(text[at + len(value) : at + len(value) + 6]):
            fields["change_start"] = True
        out.append(Candidate(c.text, c.start, c.end, c.sentence, fields))
    return out


def _year(c: Candidate, ctx: Context) -> int | None:
    written = c.fields.get("year")
    if written and (ctx.year is None or written < ctx.year):
        return written
    period = named_period_end(ctx)
    if period and ctx.year and period < ctx.year:
        return period
    return ctx.year - 1 if ctx.work_report and ctx.year else None


def judge(c: Candidate, ctx: Context) -> Verdict:
    """A figure reported as reached: kept surely, or dropped surely (no model is asked about results)."""
    fields = dict(c.fields)
    value = parse_value(c.fields.get("value") or "")
    if not names_a_quantity(c, ctx) or c.fields.get("targets_passage"):
        return Verdict(False, True, fields)
    if (value.number is None and value.low is None) or value.unit in _TIME_UNITS or _RANK.search(c.fields["value"]):
        return Verdict(False, True, fields)
    clause = _clause_of(c, ctx)
    if _COMPARED.search(clause) or _AHEAD.search(clause):
        return Verdict(False, True, fields)
    written = c.fields.get("year")
    if c.fields.get("change_start"):  # "由X增加到Y": X is where the change started, Y the figure reached
        return Verdict(False, True, fields)
    looks_back = (
        c.fields.get("past")
        or ctx.review
        or (c.fields.get("review_passage") and ctx.work_report and not ctx.ahead)
        or bool(written and ctx.year and written < ctx.year)
        or bool(LOOKS_BACK.search(ctx.sentence) and not _AHEAD.search(ctx.sentence))
    )
    if not looks_back:
        return Verdict(False, True, fields)
    return Verdict(True, True, {**fields, "year": _year(c, ctx)})


def record(c: Candidate, fields: dict, evidence: Evidence) -> Result:
    value = parse_value(fields.get("value") or "")
    return Result(id="", name=re.sub(r"\s+", "", c.text), year=fields.get("year"), value=value, evidence=evidence)


def from_table_rows(rows: list[Indicator]) -> list[Result]:
    """A rebuilt table's base-year cells and 完成情况 cells: values the table states as reached."""
    out = []
    for row in rows:
        for cell in (row.baseline, row.achieved):
            if cell is None or (cell.value.number is None and cell.value.low is None):
                continue
            value = cell.value if cell.value.unit or not row.unit else cell.value.model_copy(update={"unit": row.unit})
            out.append(Result(id="", name=row.name, year=cell.year, value=value, evidence=row.evidence))
    return out


def merge(items: list[Result]) -> list[Result]:
    """One record per name, number and year: a figure restated is one result."""
    kept: dict[tuple[str, float | None, int | None, str | None], Result] = {}
    for item in items:
        kept.setdefault((normalize(item.name), item.value.number, item.year, item.value.unit), item)
    return list(kept.values())


def _yv(item: Result) -> str:
    return item.value.text + (f" ({item.year})" if item.year else "")


def markdown(items: list[Result]) -> list[str]:
    out = ["## 实绩", "", "| # | 指标 | 年份 | 数值 | 原文 |", "|---|---|---|---|---|"]
    for r in items:
        where = f"[{r.evidence.start}:{r.evidence.end}]" + (f" 第{r.evidence.page}页" if r.evidence.page else "")
        out.append(f"| {r.id} | {md_cell(r.name)} | {r.year or ''} | {md_cell(r.value.text)} | {md_cell(where)} |")
    return out


def columns(items: list[Result]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    rows = []
    for r in items:
        where = f"{r.evidence.alignment} @{r.evidence.start}" + (f" p{r.evidence.page}" if r.evidence.page else "")
        rows.append((r.id, r.name, r.canonical or "", str(r.year or ""), r.value.text, where))
    return ("#", "指标", "标准指标", "年份", "数值", "来源"), rows


def _value(item: Result) -> Value:
    return item.value


KIND = ListKind(
    field="results",
    task="results",
    id_prefix="R",
    item=Result,
    merge=merge,
    find=find,
    judge=judge,
    record=record,
    label=lambda r: r.name,
    name_fields=("name",),
    name_type="text",
    pairing=("value", "year"),
    scored=(
        ScoredField("name", lambda r: r.name, "text"),
        ScoredField("year", lambda r: r.year, "year"),
        ScoredField("value", _value, "value", unit=lambda r: r.value.unit),
        ScoredField("qualifier", lambda r: r.value.qualifier, "qualifier"),
    ),
    title="实绩 Results",
    markdown=markdown,
    columns=columns,
)
